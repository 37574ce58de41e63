"""The one certification rule: what blocks "conformant to profile X", and what a partial run says."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from conformance.results.certification import RunScopeRecord, certify


@dataclass
class Judged:
    id: str
    verdict: str
    level: str = "MUST"
    in_profile: bool = True


WHOLE = RunScopeRecord(kind="run", profile="core")
NARROWED = RunScopeRecord(kind="run", profile="core", requirements=["ARM-014"],
                          )


def judge(*entries, scope=WHOLE, waivers_allowed=False, interrupted=False, flaky=()):
    return certify(list(entries), scope=scope, waivers_allowed=waivers_allowed, interrupted=interrupted, flaky=flaky)


def test_every_must_passing_with_failing_shoulds_is_conformant():
    result = judge(Judged("LIFE-001", "pass"), Judged("ARM-005", "fail", level="SHOULD"))
    assert result.conformant and result.status == "conformant" and result.exit_code == 0
    assert result.verdict == "conformant to profile core"
    assert (result.checked, result.total) == (2, 2)


def test_a_not_covered_must_blocks_certification():
    result = judge(Judged("LIFE-001", "pass"), Judged("LIFE-009", "not-covered"))
    assert not result.conformant and result.exit_code == 1
    assert result.not_covered_must == ["LIFE-009"] and "not covered" in result.verdict


def test_a_not_applicable_must_with_its_reason_does_not_block():
    result = judge(Judged("LIFE-001", "pass"), Judged("LRO-003", "not-applicable"))
    assert result.conformant and result.not_applicable_must == ["LRO-003"]
    assert any("not applicable" in reason for reason in result.reasons)


def test_a_narrowed_run_never_certifies_even_when_all_it_checked_passed():
    entries = [Judged("ARM-014", "pass"), *(Judged(f"LIFE-{n:03d}", "skipped-by-profile") for n in range(1, 5))]
    result = judge(*entries, scope=NARROWED)
    assert not result.conformant and result.status == "partial" and result.exit_code == 0
    assert result.verdict == "partial run: 1 of 5 requirements checked, no certification"


def test_a_narrowed_run_still_reports_a_failing_must():
    result = judge(Judged("ARM-014", "fail"), scope=NARROWED)
    assert result.status == "not-conformant" and result.exit_code == 1 and result.failing_must == ["ARM-014"]


def test_a_narrowed_run_in_which_nothing_passed_does_not_exit_0():
    assert judge(Judged("ARM-014", "not-covered"), scope=NARROWED).exit_code == 1


def test_a_flaky_must_failure_blocks():
    result = judge(Judged("LIFE-001", "pass"), Judged("SYNC-004", "fail"), flaky=["SYNC-004"])
    assert not result.conformant and result.failing_must == ["SYNC-004"] and result.flaky_must == ["SYNC-004"]


def test_a_target_error_on_a_must_leaves_no_verdict():
    result = judge(Judged("LIFE-001", "pass"), Judged("LIFE-003", "target-error"))
    assert result.status == "no-verdict" and result.exit_code == 3 and result.target_error_must == ["LIFE-003"]


def test_waived_musts_block_unless_the_profile_allows_waivers():
    entries = (Judged("LIFE-001", "pass"), Judged("SYNC-004", "waived"))
    assert judge(*entries).failing_must == ["SYNC-004"] and not judge(*entries).conformant
    allowed = judge(*entries, waivers_allowed=True)
    assert allowed.conformant and allowed.failing_must == [] and allowed.waived_must == ["SYNC-004"]


def test_nothing_proven_is_not_conformant():
    result = judge(Judged("LIFE-009", "not-covered", level="SHOULD"), Judged("SUBNET-001", "skipped-by-profile", in_profile=False))
    assert not result.conformant and result.exit_code == 1 and "no requirement passed" in result.reasons


@pytest.mark.parametrize("verdict", ["pass", "fail"])
def test_an_interrupted_run_is_partial_and_exits_3(verdict):
    result = judge(Judged("LIFE-001", verdict), interrupted=True)
    assert result.status == "interrupted" and result.exit_code == 3 and not result.conformant


def test_declared_unsupported_optional_features_are_named_in_the_verdict():
    scope = RunScopeRecord(kind="run", profile="full", unsupported=["subnet-peering"])
    result = judge(Judged("LIFE-001", "pass"), Judged("SUBNET-001", "skipped-by-profile", in_profile=False), scope=scope)
    assert result.verdict == "conformant to profile full (without subnet-peering)" and result.total == 1
