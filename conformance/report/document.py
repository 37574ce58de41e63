"""The content of report.json, as dataclasses.

report.json is the one document every other artefact is rendered from (HTML, Markdown,
JUnit), so `report render report.json` can re-render them without the run's results.
Its published shape is `report.schema.json` next to this module; REPORT_FORMAT changes
whenever a field changes meaning or disappears.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from conformance.results.baseline_diff import BaselineComparison
from conformance.results.certification import Certification, RunScopeRecord
from conformance.results.outcomes import ConvergenceSummary

REPORT_FORMAT = 2

# Report verdicts, from the runner's six plus `waived` (a failure covered by a waiver).
VERDICTS = ("pass", "fail", "waived", "not-applicable", "target-error", "not-covered", "skipped-by-profile")
LEVELS = ("MUST", "SHOULD", "MAY")
# What re-running a failing check said: failed again, passed, or could not tell.
RECHECK_STATES = ("confirmed", "flaky", "inconclusive", "not-rechecked")
# How a failing requirement's failures held up: confirmed when one failure repeated,
# flaky when every failure passed on re-check, unconfirmed otherwise.
FAILURE_KINDS = ("confirmed", "flaky", "unconfirmed")
WAIVER_STATUSES = ("applied", "unused", "expired")


@dataclass
class FileDigest:
    name: str
    sha256: str


@dataclass
class ServerIdentity:
    """A response header that names the service (Server, x-ms-* service ids) and its values."""

    header: str
    values: list[str]


@dataclass
class TargetInfo:
    url: str
    api_version: str
    profile: str
    unsupported: list[str]
    server_identity: list[ServerIdentity] = field(default_factory=list)


@dataclass
class RunInfo:
    run_id: str
    seed: int | None
    max_examples: int | None
    started: str
    ended: str
    duration_s: float
    workers: int
    interrupted: bool
    pytest_exit_status: int | None
    rechecked: bool
    leftovers: list[str] = field(default_factory=list)
    scope: RunScopeRecord | None = None


@dataclass
class ExchangeExcerpt:
    """The redacted transcript record of one exchange, bodies cut to a readable size."""

    id: str
    check: str | None
    method: str
    url: str
    status: int | None
    request_headers: dict[str, str]
    request_body: str | None
    response_headers: dict[str, str]
    response_body: str | None
    error: str | None
    started: str


@dataclass
class Reproduction:
    """How to send the failing request again: a curl line with ${TOKEN}, or `replay ID`."""

    replay_id: str | None
    curl: str | None


@dataclass
class Failure:
    test_id: str
    outcome: str
    message: str
    recheck: str
    reproduction: Reproduction
    exchange: ExchangeExcerpt | None = None


@dataclass
class CheckRef:
    test_id: str
    outcome: str


@dataclass
class WaiverEntry:
    id: str
    reason: str
    owner: str
    expires: str
    status: str


@dataclass
class RequirementEntry:
    id: str
    level: str
    profile: str  # the catalog's requirement profile (the feature it needs)
    run_profiles: list[str]
    statement: str
    verdict: str
    result_verdict: str  # the runner's verdict, before waivers
    failure_kind: str | None
    checks: list[CheckRef]
    messages: list[str]
    failures: list[Failure]
    waiver: WaiverEntry | None = None
    in_profile: bool = True  # part of what the profile certifies (narrowed out or not)
    source: str = ""  # the catalog's citation
    provenance: list[str] = field(default_factory=list)  # docs | contract | live | model | issue
    convergence: ConvergenceSummary | None = None  # how long the target took to show a write's effects


@dataclass
class CheckEntry:
    test_id: str
    requirement_ids: list[str]
    outcome: str
    message: str
    duration_s: float
    recheck: str | None  # set for failed and errored checks only
    worker: str | None
    failing_exchange_id: str | None
    curl: str | None


@dataclass
class ReportSummary:
    by_level: dict[str, dict[str, int]]
    by_profile: dict[str, dict[str, int]]
    checks: dict[str, int]
    confirmed_failures: list[str]
    flaky_failures: list[str]
    unconfirmed_failures: list[str]


@dataclass
class PeeringSnapshot:
    """What one response said about one peering; `observed` is false for a carried-over state."""

    lane: str
    peering_state: str | None
    sync_level: str | None
    remote_address_space: list[str]
    remote_vnet_address_space: list[str]
    observed: bool


@dataclass
class TimelineLane:
    key: str
    label: str


@dataclass
class TimelineStep:
    exchange_id: str
    method: str
    status: int | None
    phase: str | None
    repeats: int
    snapshots: list[PeeringSnapshot | None]  # one per lane, None before a lane is first seen


@dataclass
class CheckTimeline:
    test_id: str
    outcome: str
    lanes: list[TimelineLane]
    steps: list[TimelineStep]
    omitted_steps: int = 0


@dataclass
class SyncTimeline:
    checks: list[CheckTimeline]
    omitted_checks: int = 0


@dataclass
class LevelScore:
    detected: int
    total: int


@dataclass
class SelftestVariantRow:
    variant: str
    requirement: str
    level: str
    verdict: str  # detected | flaky (not confirmed) | target error | detected elsewhere | survived | not judged
    checks: list[str]  # the failing checks that name the broken requirement


@dataclass
class SelftestRecord:
    """What the suite behind this report catches: the score of `peering-conformance
    selftest` (planted-bug variants of the reference endpoint), recorded by `run --selftest`.
    The selftest.json it was read from is in evidence.zip under `source`."""

    source: FileDigest
    suite_version: str
    generated: str
    passed: bool
    detected: int
    total: int
    by_level: dict[str, LevelScore]
    false_failures: list[str]
    selection: str
    seconds: float
    variants: list[SelftestVariantRow]
    # legal variants of the endpoint the suite passed (no false failure), of how many
    legal_passed: int = 0
    legal_total: int = 0
    # the honest denominator: planted bugs break this many of the profile's API-testable MUSTs
    must_requirements_planted: int = 0
    must_requirements_testable: int = 0


@dataclass
class Report:
    report_format: int
    suite_version: str
    generated: str
    spec: FileDigest
    catalog: FileDigest
    target: TargetInfo
    run: RunInfo
    summary: ReportSummary
    certification: Certification
    requirements: list[RequirementEntry]
    checks: list[CheckEntry]
    waivers: list[WaiverEntry]
    timeline: SyncTimeline
    selftest: SelftestRecord | None = None
    # what changed since a baseline run (run --baseline), else None
    baseline: BaselineComparison | None = None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Report":
        """Rebuild from parsed report.json (validate it against the schema first)."""
        return _build(cls, data)

    def requirement(self, requirement_id: str) -> RequirementEntry | None:
        return next((item for item in self.requirements if item.id == requirement_id), None)


def _build(kind: Any, value: Any) -> Any:
    """Turn parsed JSON into the annotated type: dataclasses, lists, dicts, optionals."""
    if value is None:
        return None
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        names = {item.name for item in dataclasses.fields(kind) if item.init}
        return kind(**{name: _build(hints[name], item) for name, item in value.items() if name in names})
    origin = typing.get_origin(kind)
    arguments = typing.get_args(kind)
    if origin in (typing.Union, types.UnionType):
        inner = next(argument for argument in arguments if argument is not type(None))
        return _build(inner, value)
    if origin is list:
        return [_build(arguments[0], item) for item in value]
    if origin is dict:
        return {key: _build(arguments[1], item) for key, item in value.items()}
    return value
