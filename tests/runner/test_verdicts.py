from pathlib import Path

import pytest

from conformance.results import CheckResult, RunMetadata, RunResults, ScopedRequirement, aggregate, summarize
from conformance.results.results_file import load_results, write_results
from conformance.runner.run_summary import exit_code, summary_lines


def requirement(id_, level="MUST", in_scope=True, reason=None):
    return ScopedRequirement(id_, level, f"statement of {id_}", "core", ("core",), in_scope, reason)


def check(name, outcome, *ids, message=""):
    return CheckResult(test_id=name, requirement_ids=list(ids), outcome=outcome, message=message)


def verdicts_of(requirements, checks):
    return {item.id: item.verdict for item in aggregate(requirements, checks)}


def test_any_failure_or_error_fails_the_requirement_and_keeps_its_message():
    checks = [check("t1", "passed", "A-001"), check("t2", "failed", "A-001", message="boom"),
              check("t3", "error", "B-001", message="setup: no VNet"), check("t4", "passed", "B-001")]
    verdicts = aggregate([requirement("A-001"), requirement("B-001")], checks)
    assert [v.verdict for v in verdicts] == ["fail", "fail"]
    assert verdicts[0].messages == ["t2: boom"] and verdicts[0].checks == ["t1", "t2"]


def test_target_errors_without_failures_give_target_error():
    checks = [check("t1", "passed", "A-001"), check("t2", "target-error", "A-001", message="refused")]
    assert verdicts_of([requirement("A-001")], checks) == {"A-001": "target-error"}


def test_uncovered_and_only_skipped_requirements_are_not_covered():
    checks = [check("t1", "skipped", "B-001", message="needs a gateway")]
    assert verdicts_of([requirement("A-001"), requirement("B-001")], checks) == {
        "A-001": "not-covered",
        "B-001": "not-covered",
    }


def test_out_of_scope_requirements_are_skipped_by_profile_whatever_their_checks_did():
    out = requirement("S-001", in_scope=False, reason="the target declared 'subnet-peering' unsupported")
    (verdict,) = aggregate([out], [check("t1", "failed", "S-001")])
    assert verdict.verdict == "skipped-by-profile"
    assert verdict.messages == ["the target declared 'subnet-peering' unsupported"]


def test_summary_counts_per_level_and_names_the_failing_musts():
    requirements = [requirement("A-001"), requirement("A-002"), requirement("A-003", level="SHOULD")]
    checks = [check("t1", "failed", "A-001"), check("t2", "passed", "A-002"), check("t3", "failed", "A-003")]
    summary = summarize(aggregate(requirements, checks), checks)
    assert summary.by_level["MUST"]["fail"] == 1 and summary.by_level["MUST"]["pass"] == 1
    assert summary.by_level["SHOULD"]["fail"] == 1
    assert summary.failing_must == ["A-001"] and not summary.conformant
    assert summary.checks == {"failed": 2, "passed": 1}


def results_with(requirements, checks, interrupted=False):
    verdicts = aggregate(requirements, checks)
    run = RunMetadata("0.1.0", "abc123", "http://t", "2025-05-01", "core", [], 1, None, "s", "e", 1.0, 0,
                      interrupted=interrupted)
    return RunResults(run=run, summary=summarize(verdicts, checks), requirements=verdicts, checks=checks)


@pytest.mark.parametrize(
    "checks, interrupted, expected",
    [
        ([check("t", "passed", "A-001"), check("u", "failed", "A-002")], False, 0),  # a SHOULD failing
        ([check("t", "failed", "A-001")], False, 1),
        ([check("t", "target-error", "A-001")], False, 3),
        ([check("t", "passed", "A-001")], True, 3),
        ([], False, 0),  # nothing covered yet is not a failure
    ],
)
def test_exit_codes(checks, interrupted, expected):
    requirements = [requirement("A-001"), requirement("A-002", level="SHOULD")]
    assert exit_code(results_with(requirements, checks, interrupted)) == expected


def test_summary_names_the_verdict_and_where_the_results_are():
    results = results_with([requirement("A-001")], [check("t", "failed", "A-001")])
    lines = summary_lines(results, Path("reports"))
    assert lines[0] == "verdict: NOT conformant to profile core: failing MUST A-001"
    assert any(line.startswith("  MUST") and "fail 1" in line for line in lines)
    assert lines[-1].startswith("results: reports/results.json")


def test_results_survive_a_round_trip_through_the_file(tmp_path):
    results = results_with([requirement("A-001")], [check("t", "passed", "A-001")])
    write_results(tmp_path, results)
    assert load_results(tmp_path) == results
