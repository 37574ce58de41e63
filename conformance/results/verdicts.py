"""From check outcomes to one verdict per requirement of the catalog.

The rules, strictest first, for a requirement in the run's scope:
fail when any of its checks failed or errored; target-error when none failed but one
could not reach the target; pass when at least one passed; otherwise not-covered (no
check, or only skipped ones). A requirement outside the profile, or belonging to a
feature the target declared unsupported, is skipped-by-profile whatever its checks did.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from conformance.results.outcomes import LEVELS, VERDICTS, CheckResult, RequirementVerdict, Summary

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


def verdict_for(requirement: ScopedRequirement, checks: list[CheckResult]) -> RequirementVerdict:
    outcomes = {check.outcome for check in checks}
    if not requirement.in_scope:
        verdict = "skipped-by-profile"
        messages = [requirement.out_of_scope_reason] if requirement.out_of_scope_reason else []
    else:
        if outcomes & {"failed", "error"}:
            verdict, shown = "fail", {"failed", "error"}
        elif "target-error" in outcomes:
            verdict, shown = "target-error", {"target-error"}
        elif "passed" in outcomes:
            verdict, shown = "pass", set()
        else:
            verdict, shown = "not-covered", {"skipped"}
        messages = [f"{check.test_id}: {check.message}" for check in checks if check.outcome in shown]
    return RequirementVerdict(
        id=requirement.id,
        level=requirement.level,
        feature=requirement.feature,
        profiles=list(requirement.profiles),
        statement=requirement.statement,
        verdict=verdict,
        checks=[check.test_id for check in checks],
        messages=messages[:_MAX_MESSAGES],
    )


def aggregate(
    requirements: Iterable[ScopedRequirement], checks: Iterable[CheckResult]
) -> list[RequirementVerdict]:
    """One verdict per requirement, in catalog order. Checks naming unknown IDs are ignored
    here; the suite refuses them at collection."""
    checks = list(checks)
    by_requirement: dict[str, list[CheckResult]] = {}
    for check in checks:
        for requirement_id in check.requirement_ids:
            by_requirement.setdefault(requirement_id, []).append(check)
    return [verdict_for(item, by_requirement.get(item.id, [])) for item in requirements]


def summarize(verdicts: list[RequirementVerdict], checks: Iterable[CheckResult]) -> Summary:
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

    def must(verdict: str) -> list[str]:
        return [item.id for item in verdicts if item.level == "MUST" and item.verdict == verdict]

    failing, unreached = must("fail"), must("target-error")
    return Summary(
        by_level=by_level,
        checks=check_counts,
        conformant=not failing and not unreached,
        failing_must=failing,
        target_error_must=unreached,
        not_covered_must=must("not-covered"),
    )
