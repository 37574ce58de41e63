"""The one decision on a run: may the target be called conformant to the profile?

results.json, the runner's exit code, every report and `verify` all take their verdict
from `certify`, so they cannot disagree. The rules, in order:

- an interrupted run is partial whatever it saw (exit 3);
- a failing MUST (flaky included, or waived where the profile forbids waivers) means
  not conformant (exit 1), in a narrowed run as well: a failure is a failure;
- a MUST met by target errors leaves no verdict (exit 3);
- a narrowed run (--requirement, --select, --shard, fewer examples, judged traffic)
  certifies nothing: "partial run: N of M requirements checked" (exit 0 when what it
  checked passed, 1 when nothing passed; what the narrowing left unchecked is expected);
- otherwise every MUST of the profile must be pass or not-applicable (the check said
  why the target gave it nothing to judge); a not-covered MUST blocks (exit 1), and so
  does a run in which nothing passed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

EXIT_CONFORMANT = 0
EXIT_MUST_FAILED = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE_OR_ABORTED = 3

STATUSES = ("conformant", "not-conformant", "partial", "no-verdict", "interrupted")
# Verdicts that count as "checked" for a partial run's N of M.
JUDGED = ("pass", "fail", "waived", "not-applicable", "target-error")


class JudgedRequirement(Protocol):
    """What certification reads of a requirement: results' RequirementVerdict and the
    report's RequirementEntry both have it."""

    id: str
    level: str
    verdict: str
    in_profile: bool  # of the run profile (minus unsupported features), narrowed out or not


# Fewer generated examples than the suite's default make a run partial.
CERTIFYING_MAX_EXAMPLES = 20


@dataclass
class RunScopeRecord:
    """What a run was asked to check, as recorded in results.json and report.json.

    `narrowed_by` is derived, never taken from a file: from the recorded options, plus
    `other_reasons` that no option shows (a suite module that failed to load, judged
    traffic, a merge with shards missing). A reader that edits it changes nothing."""

    kind: str  # run | judge | merge
    profile: str
    unsupported: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)  # --requirement
    select: str | None = None  # --select (a pytest -k expression), -m, named tests
    max_examples: int | None = None
    shard: str | None = None  # "K/N"
    catalog_sha256: str | None = None
    other_reasons: list[str] = field(default_factory=list)
    # Why the run does not cover its whole profile; empty: it may certify.
    narrowed_by: list[str] = field(init=False, default_factory=list)

    def __post_init__(self) -> None:
        reasons = []
        if self.requirements:
            reasons.append(f"narrowed to {len(self.requirements)} requirement(s) with --requirement")
        if self.select:
            reasons.append(f"narrowed to the checks matching --select {self.select!r}")
        if self.max_examples is not None and self.max_examples < CERTIFYING_MAX_EXAMPLES:
            reasons.append(f"--max-examples {self.max_examples} is below the certifying {CERTIFYING_MAX_EXAMPLES}")
        if self.shard:
            reasons.append(f"shard {self.shard} of a sharded run")
        self.narrowed_by = reasons + list(self.other_reasons)

    @property
    def narrowed(self) -> bool:
        return bool(self.narrowed_by)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunScopeRecord":
        return cls(**{key: value for key, value in data.items() if key != "narrowed_by"})


@dataclass
class Certification:
    profile: str
    status: str  # one of STATUSES
    conformant: bool
    verdict: str  # the line every output prints
    exit_code: int
    checked: int  # in-scope requirements with a verdict of their own (JUDGED)
    total: int  # requirements of the profile (api-testable, minus declared-unsupported features)
    waivers_allowed: bool
    failing_must: list[str]
    target_error_must: list[str]
    waived_must: list[str]
    flaky_must: list[str]
    not_covered_must: list[str]
    not_applicable_must: list[str]
    narrowed_by: list[str]
    reasons: list[str]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Certification":
        return cls(**data)


def certify(
    requirements: Sequence[JudgedRequirement],
    *,
    scope: RunScopeRecord,
    interrupted: bool,
    waivers_allowed: bool = False,
    flaky: Sequence[str] = (),
) -> Certification:
    """The verdict on a run from its per-requirement verdicts ("skipped-by-profile" ones are
    outside the profile or the narrowed selection; `flaky`: failing IDs whose failures all
    passed on re-check, reported but still failing)."""
    profile = scope.profile

    def must(*verdicts: str) -> list[str]:
        return [item.id for item in requirements if item.level == "MUST" and item.verdict in verdicts]

    failing, waived, unreached = must("fail"), must("waived"), must("target-error")
    not_covered, not_applicable = must("not-covered"), must("not-applicable")
    flaky_must = [item for item in failing if item in set(flaky)]
    blocking = failing + ([] if waivers_allowed else waived)
    total = sum(1 for item in requirements if item.in_profile)
    checked = sum(1 for item in requirements if item.in_profile and item.verdict in JUDGED)
    passed_any = any(item.verdict == "pass" for item in requirements)

    reasons: list[str] = []
    if failing:
        reasons.append(f"{len(failing)} MUST requirement(s) failed: {', '.join(failing)}")
    if flaky_must:
        reasons.append(f"of which flaky (failed, then passed on re-check): {', '.join(flaky_must)}")
    if waived and not waivers_allowed:
        reasons.append(f"profile {profile} does not allow waivers; waived MUST: {', '.join(waived)}")
    if unreached:
        reasons.append(f"{len(unreached)} MUST requirement(s) hit target errors: {', '.join(unreached)}")
    if not_covered:
        reasons.append(f"{len(not_covered)} MUST requirement(s) were not covered: {', '.join(not_covered)}")
    if interrupted:
        reasons.append("the run was interrupted, so its results are partial")
    if scope.narrowed:
        reasons.append(f"partial run ({'; '.join(scope.narrowed_by)}): no certification")
    if not passed_any:
        reasons.append("no requirement passed")
    if not_applicable:
        reasons.append(
            f"{len(not_applicable)} MUST requirement(s) not applicable to this target "
            f"(the reason is given with each): {', '.join(not_applicable)}"
        )
    if waived and waivers_allowed:
        reasons.append(f"waived MUST (allowed by profile {profile}): {', '.join(waived)}")

    partial_line = f"partial run: {checked} of {total} requirements checked, no certification"
    if interrupted:
        status, code, verdict = "interrupted", EXIT_UNREACHABLE_OR_ABORTED, f"run interrupted: {partial_line}"
    elif blocking:
        status, code = "not-conformant", EXIT_MUST_FAILED
        verdict = f"NOT conformant to profile {profile}: failing MUST {', '.join(blocking)}"
    elif unreached:
        status, code = "no-verdict", EXIT_UNREACHABLE_OR_ABORTED
        verdict = f"no verdict for profile {profile}: target errors on MUST {', '.join(unreached)}"
    elif scope.narrowed:
        status, verdict = "partial", partial_line
        code = EXIT_CONFORMANT if passed_any else EXIT_MUST_FAILED
    elif not_covered or not passed_any:
        status, code = "not-conformant", EXIT_MUST_FAILED
        verdict = f"not certified for profile {profile}: " + (
            f"{len(not_covered)} MUST requirement(s) not covered" if not_covered else "no requirement passed"
        )
    else:
        status, code, verdict = "conformant", EXIT_CONFORMANT, f"conformant to profile {profile}"
        if scope.unsupported:
            verdict += f" (without {', '.join(scope.unsupported)})"
    return Certification(
        profile=profile,
        status=status,
        conformant=status == "conformant",
        verdict=verdict,
        exit_code=code,
        checked=checked,
        total=total,
        waivers_allowed=waivers_allowed,
        failing_must=blocking,
        target_error_must=unreached,
        waived_must=waived,
        flaky_must=flaky_must,
        not_covered_must=not_covered,
        not_applicable_must=not_applicable,
        narrowed_by=list(scope.narrowed_by),
        reasons=reasons,
    )

