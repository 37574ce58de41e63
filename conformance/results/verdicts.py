"""From check outcomes to one verdict per requirement of the catalog.

The rules, strictest first, for a requirement in the run's scope:
fail when a check's failure counts against it (a failed or errored check naming it,
unless that check disproved only other requirements) or a check recorded a finding on
it; target-error when none failed but one could not reach the target; pass when at
least one check naming it passed (and, if the check says what it judged, judged it);
not-applicable when its checks found nothing to judge
(each says why); otherwise not-covered (no check, or only skipped ones). A requirement
outside the profile, belonging to a feature the target declared unsupported, or left
out by narrowing is skipped-by-profile whatever its checks did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from conformance.results.certification import Certification, RunScopeRecord, certify
from conformance.results.outcomes import (
    LEVELS,
    VERDICTS,
    CheckResult,
    ConvergenceSummary,
    RequirementVerdict,
    RunResults,
    Summary,
)

# Enough to explain a verdict without copying a whole log into the results.
_MAX_MESSAGES = 5


@dataclass(frozen=True)
class ScopedRequirement:
    """A catalog requirement as this run sees it (built from the catalog by the suite)."""

    id: str
    level: str
    statement: str
    feature: str
    profiles: tuple[str, ...]
    in_scope: bool
    out_of_scope_reason: str | None = None
    in_profile: bool = True
    source: str = ""
    provenance: tuple[str, ...] = field(default_factory=tuple)


def verdict_for(requirement: ScopedRequirement, checks: list[CheckResult]) -> RequirementVerdict:
    if not requirement.in_scope:
        verdict = "skipped-by-profile"
        messages = [requirement.out_of_scope_reason] if requirement.out_of_scope_reason else []
    else:
        verdict, messages = _judged(requirement.id, checks)
    return RequirementVerdict(
        id=requirement.id,
        level=requirement.level,
        feature=requirement.feature,
        profiles=list(requirement.profiles),
        statement=requirement.statement,
        verdict=verdict,
        checks=[check.test_id for check in checks],
        messages=messages[:_MAX_MESSAGES],
        in_profile=requirement.in_profile,
        source=requirement.source,
        provenance=list(requirement.provenance),
        convergence=ConvergenceSummary.of([seconds for check in checks for seconds in check.convergence_s]),
    )


def _judged(requirement_id: str, checks: list[CheckResult]) -> tuple[str, list[str]]:
    failing = [f"{check.test_id}: {check.message}" for check in checks if check.disproves(requirement_id)]
    failing += [
        f"{check.test_id}: {finding.message}"
        for check in checks
        for finding in check.findings
        if finding.requirement_id == requirement_id
    ]
    if failing:
        return "fail", failing

    def with_outcome(outcome: str) -> list[str]:
        return [f"{check.test_id}: {check.message}" for check in checks if check.outcome == outcome]

    if with_outcome("target-error"):
        return "target-error", with_outcome("target-error")
    if any(check.proves(requirement_id) for check in checks):
        return "pass", []
    if with_outcome("not-applicable"):
        return "not-applicable", with_outcome("not-applicable")
    unreached = [
        f"{check.test_id}: passed without reaching a situation this requirement judges"
        for check in checks
        if check.outcome == "passed"
    ]
    return "not-covered", with_outcome("skipped") + unreached


def aggregate(
    requirements: Iterable[ScopedRequirement], checks: Iterable[CheckResult]
) -> list[RequirementVerdict]:
    """One verdict per requirement, in catalog order. Checks naming unknown IDs are ignored
    here; the suite refuses them at collection."""
    checks = list(checks)
    by_requirement: dict[str, list[CheckResult]] = {}
    for check in checks:
        named = list(dict.fromkeys(check.requirement_ids + [f.requirement_id for f in check.findings]))
        for requirement_id in named:
            by_requirement.setdefault(requirement_id, []).append(check)
    return [verdict_for(item, by_requirement.get(item.id, [])) for item in requirements]


def summarize(
    verdicts: list[RequirementVerdict],
    checks: Iterable[CheckResult],
    *,
    scope: RunScopeRecord,
    interrupted: bool,
    waivers_allowed: bool = False,
) -> Summary:
    by_level: dict[str, dict[str, int]] = {}
    levels = list(LEVELS) + sorted({v.level for v in verdicts} - set(LEVELS))
    for level in levels:
        counts = {verdict: 0 for verdict in VERDICTS}
        for item in verdicts:
            if item.level == level:
                counts[item.verdict] += 1
        by_level[level] = counts
    check_counts: dict[str, int] = {}
    for check in checks:
        check_counts[check.outcome] = check_counts.get(check.outcome, 0) + 1
    return Summary(
        by_level=by_level,
        checks=check_counts,
        certification=certify(verdicts, scope=scope, interrupted=interrupted, waivers_allowed=waivers_allowed),
    )


def certification_of(results: RunResults, *, waivers_allowed: bool = False) -> Certification:
    """The run's certification, recomputed from its verdicts, scope and interruption (what
    `verify` and the runner use when they know more than the controller did)."""
    scope = results.run.scope or RunScopeRecord(
        kind="run", profile=results.run.profile, other_reasons=["results.json records no scope"]
    )
    return certify(
        results.requirements, scope=scope, interrupted=results.run.interrupted, waivers_allowed=waivers_allowed
    )
