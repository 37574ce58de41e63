"""What a run found: per check, per requirement, and for the run as a whole.

These dataclasses are the content of results.json (see `results_file` for the format);
the report stage renders them and the runner derives its exit code from them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from conformance.results.certification import Certification, RunScopeRecord

CHECK_OUTCOMES = ("passed", "failed", "error", "skipped", "not-applicable", "target-error")
VERDICTS = ("pass", "fail", "not-applicable", "skipped-by-profile", "not-covered", "target-error")
LEVELS = ("MUST", "SHOULD", "MAY")
RESULTS_FORMAT_VERSION = 2


@dataclass
class ConvergenceSummary:
    """How long the target took to show a write's effects, over the checks of a requirement."""

    median_s: float
    worst_s: float
    count: int

    @classmethod
    def of(cls, seconds: list[float]) -> "ConvergenceSummary | None":
        if not seconds:
            return None
        ordered = sorted(seconds)
        middle = len(ordered) // 2
        median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
        return cls(median_s=round(median, 3), worst_s=round(ordered[-1], 3), count=len(ordered))


@dataclass
class FindingRecord:
    """A deviation on one requirement that a check recorded while it carried on."""

    requirement_id: str
    message: str
    exchange_id: str | None = None


@dataclass
class CheckResult:
    """One pytest test: which requirements it proves and how it went.

    outcome: passed | failed (the target answered wrongly) | error (the check could not
    run: setup or teardown broke) | skipped | not-applicable (the target gave the check
    nothing to judge; `message` says why) | target-error (the target could not be
    reached or the connection broke, so nothing is concluded).

    failed_requirement_ids: when a failed check disproved only some of its requirements
    (empty: all of them). findings: deviations on single requirements it recorded and
    went on, whatever its outcome.
    """

    test_id: str
    requirement_ids: list[str]
    outcome: str
    message: str = ""
    duration_s: float = 0.0
    exchange_ids: list[str] = field(default_factory=list)
    curl: str | None = None
    failing_exchange_id: str | None = None
    worker: str | None = None
    failed_requirement_ids: list[str] = field(default_factory=list)
    findings: list[FindingRecord] = field(default_factory=list)
    # Seconds the target took to converge after each write the check waited on.
    convergence_s: list[float] = field(default_factory=list)
    # The requirements the check says it actually judged; None: every one it names.
    judged_requirement_ids: list[str] | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CheckResult":
        findings = [FindingRecord(**item) for item in data.get("findings", [])]
        return cls(**{**data, "findings": findings})

    def proves(self, requirement_id: str) -> bool:
        """Whether this check's pass counts for the requirement."""
        return self.outcome == "passed" and (
            self.judged_requirement_ids is None or requirement_id in self.judged_requirement_ids
        )

    def disproves(self, requirement_id: str) -> bool:
        """Whether this check's failure counts against the requirement."""
        if self.outcome not in ("failed", "error"):
            return False
        return not self.failed_requirement_ids or requirement_id in self.failed_requirement_ids


@dataclass
class RequirementVerdict:
    """The verdict on one requirement of the catalog, with the checks behind it."""

    id: str
    level: str
    feature: str  # the catalog's requirement profile, e.g. core, subnet-peering
    profiles: list[str]  # the run profiles that check it
    statement: str
    verdict: str
    checks: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    # Of the run profile (minus unsupported features), whether or not the run was narrowed.
    in_profile: bool = True
    source: str = ""  # the catalog's citation
    provenance: list[str] = field(default_factory=list)  # kinds of source: docs, contract, live, ...
    convergence: ConvergenceSummary | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RequirementVerdict":
        convergence = data.get("convergence")
        return cls(**{**data, "convergence": ConvergenceSummary(**convergence) if convergence else None})


@dataclass
class RunMetadata:
    suite_version: str
    run_id: str
    target_url: str
    api_version: str
    profile: str
    unsupported: list[str]
    seed: int | None
    max_examples: int | None
    started: str
    ended: str
    duration_s: float
    workers: int
    interrupted: bool = False
    pytest_exit_status: int | None = None
    # Resources the run created and could not delete (names as given), for `cleanup`.
    leftovers: list[str] = field(default_factory=list)
    scope: RunScopeRecord | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunMetadata":
        scope = data.get("scope")
        return cls(**{**data, "scope": RunScopeRecord.from_dict(scope) if scope else None})


@dataclass
class Summary:
    """Counts per level and verdict, and the certification (before waivers and re-checks,
    which the report stage applies through the same `certify`)."""

    by_level: dict[str, dict[str, int]]
    checks: dict[str, int]
    certification: Certification

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Summary":
        return cls(**{**data, "certification": Certification.from_dict(data["certification"])})


@dataclass
class RunResults:
    run: RunMetadata
    summary: Summary
    requirements: list[RequirementVerdict]
    checks: list[CheckResult]
    transcript: str = "transcript.jsonl"
    format_version: int = RESULTS_FORMAT_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunResults":
        return cls(
            run=RunMetadata.from_dict(data["run"]),
            summary=Summary.from_dict(data["summary"]),
            requirements=[RequirementVerdict.from_dict(item) for item in data["requirements"]],
            checks=[CheckResult.from_dict(item) for item in data["checks"]],
            transcript=data.get("transcript", "transcript.jsonl"),
            format_version=data.get("format_version", RESULTS_FORMAT_VERSION),
        )

    def verdict_of(self, requirement_id: str) -> RequirementVerdict | None:
        return next((item for item in self.requirements if item.id == requirement_id), None)
