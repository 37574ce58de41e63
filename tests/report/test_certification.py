"""The certification rules on their own: what blocks "conformant to profile X"."""

from __future__ import annotations

from conformance.report.certification import certify
from conformance.report.document import RequirementEntry


def entry(requirement_id: str, verdict: str, level: str = "MUST", failure_kind: str | None = None) -> RequirementEntry:
    return RequirementEntry(
        id=requirement_id, level=level, profile="core", run_profiles=["core"], statement="s", verdict=verdict,
        result_verdict="fail" if verdict == "waived" else verdict, failure_kind=failure_kind,
        checks=[], messages=[], failures=[],
    )


def judge(*entries, waivers_allowed=False, interrupted=False):
    return certify(list(entries), profile="core", waivers_allowed=waivers_allowed, interrupted=interrupted)


def test_passing_musts_with_failing_shoulds_are_conformant():
    result = judge(entry("LIFE-001", "pass"), entry("ARM-005", "fail", level="SHOULD"), entry("LIFE-009", "not-covered"))
    assert result.conformant and result.verdict == "conformant to profile core"
    assert result.not_covered_must == ["LIFE-009"]
    assert result.reasons == ["1 MUST requirement(s) of the profile have no check yet (not covered)"]


def test_a_flaky_must_failure_blocks():
    result = judge(entry("LIFE-001", "pass"), entry("SYNC-004", "fail", failure_kind="flaky"))
    assert not result.conformant and result.verdict == "not conformant"
    assert result.failing_must == ["SYNC-004"] and result.flaky_must == ["SYNC-004"]


def test_a_target_error_on_a_must_blocks():
    result = judge(entry("LIFE-001", "pass"), entry("LIFE-003", "target-error"))
    assert not result.conformant and result.target_error_must == ["LIFE-003"] and result.failing_must == []


def test_waived_musts_block_unless_the_profile_allows_waivers():
    entries = (entry("LIFE-001", "pass"), entry("SYNC-004", "waived"))
    assert judge(*entries).failing_must == ["SYNC-004"]
    assert not judge(*entries).conformant
    allowed = judge(*entries, waivers_allowed=True)
    assert allowed.conformant and allowed.failing_must == [] and allowed.waived_must == ["SYNC-004"]


def test_nothing_proven_is_not_conformant():
    result = judge(entry("LIFE-009", "not-covered"), entry("SUBNET-001", "skipped-by-profile"))
    assert not result.conformant and "no requirement passed" in result.reasons


def test_an_interrupted_run_is_not_conformant():
    assert not judge(entry("LIFE-001", "pass"), interrupted=True).conformant
