"""The certification verdict: may this target be called conformant to the run profile?

Not conformant when any MUST requirement failed (flaky failures included), could not be
judged because of target errors, or was waived while the run profile does not allow
waivers; when the run was interrupted (its results are partial); or when no requirement
passed at all (nothing was proven). Not-covered MUSTs are listed (and counted among the
reasons) but do not block, as in the runner's exit code: they are gaps of the suite, not
faults of the target.
"""

from __future__ import annotations

from collections.abc import Sequence

from conformance.report.document import Certification, RequirementEntry


def certify(
    requirements: Sequence[RequirementEntry],
    *,
    profile: str,
    waivers_allowed: bool,
    interrupted: bool,
) -> Certification:
    def must(verdict: str) -> list[str]:
        return [item.id for item in requirements if item.level == "MUST" and item.verdict == verdict]

    failing, waived, unreached = must("fail"), must("waived"), must("target-error")
    flaky = [item.id for item in requirements
             if item.level == "MUST" and item.verdict == "fail" and item.failure_kind == "flaky"]
    reasons: list[str] = []
    if failing:
        reasons.append(f"{len(failing)} MUST requirement(s) failed: {', '.join(failing)}")
    if flaky:
        reasons.append(f"of which flaky (failed, then passed on re-check): {', '.join(flaky)}")
    if unreached:
        reasons.append(f"{len(unreached)} MUST requirement(s) hit target errors: {', '.join(unreached)}")
    if waived and not waivers_allowed:
        reasons.append(f"profile {profile} does not allow waivers; waived MUST: {', '.join(waived)}")
    if interrupted:
        reasons.append("the run was interrupted, so its results are partial")
    if not any(item.verdict == "pass" for item in requirements):
        reasons.append("no requirement passed")
    conformant = not reasons
    if conformant and waived:
        reasons.append(f"conformant with waivers (allowed by profile {profile}): {', '.join(waived)}")
    uncovered = must("not-covered")
    if uncovered:
        reasons.append(f"{len(uncovered)} MUST requirement(s) of the profile have no check yet (not covered)")
    blocking = failing + ([] if waivers_allowed else waived)
    return Certification(
        profile=profile,
        conformant=conformant,
        verdict=f"conformant to profile {profile}" if conformant else "not conformant",
        waivers_allowed=waivers_allowed,
        failing_must=blocking,
        target_error_must=unreached,
        waived_must=waived,
        flaky_must=flaky,
        not_covered_must=must("not-covered"),
        reasons=reasons,
    )
