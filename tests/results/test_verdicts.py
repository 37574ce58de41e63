"""From check outcomes to per-requirement verdicts: what fails, passes, or was never judged."""

from pathlib import Path

from conformance.results import (
    CheckResult,
    FindingRecord,
    RunMetadata,
    RunResults,
    RunScopeRecord,
    ScopedRequirement,
    aggregate,
    summarize,
)
from conformance.results.results_file import load_results, write_results
from conformance.runner.run_summary import summary_lines


def requirement(id_, level="MUST", in_scope=True, reason=None):
    return ScopedRequirement(id_, level, f"statement of {id_}", "core", ("core",), in_scope, reason)


def check(name, outcome, *ids, message="", failed=(), findings=()):
    return CheckResult(test_id=name, requirement_ids=list(ids), outcome=outcome, message=message,
                       failed_requirement_ids=list(failed), findings=list(findings))


def verdicts_of(requirements, checks):
    return {item.id: item.verdict for item in aggregate(requirements, checks)}


def test_any_failure_or_error_fails_the_requirement_and_keeps_its_message():
    checks = [check("t1", "passed", "A-001"), check("t2", "failed", "A-001", message="boom"),
              check("t3", "error", "B-001", message="setup: no VNet"), check("t4", "passed", "B-001")]
    verdicts = aggregate([requirement("A-001"), requirement("B-001")], checks)
    assert [v.verdict for v in verdicts] == ["fail", "fail"]
    assert verdicts[0].messages == ["t2: boom"] and verdicts[0].checks == ["t1", "t2"]


def test_a_failure_naming_one_requirement_fails_only_that_one():
    checks = [check("machine", "failed", "A-001", "A-002", "A-003", message="sync level", failed=["A-002"]),
              check("scenario", "passed", "A-003")]
    assert verdicts_of([requirement("A-001"), requirement("A-002"), requirement("A-003")], checks) == {
        "A-001": "not-covered",  # the machine stopped before judging it
        "A-002": "fail",
        "A-003": "pass",
    }


def test_a_finding_fails_its_requirement_while_the_check_passes_the_others():
    finding = FindingRecord("A-002", "accepted overlapping prefixes", "gw0-00012")
    checks = [check("machine", "passed", "A-001", findings=[finding])]
    verdicts = aggregate([requirement("A-001"), requirement("A-002", level="SHOULD")], checks)
    assert [v.verdict for v in verdicts] == ["pass", "fail"]
    assert verdicts[1].messages == ["machine: accepted overlapping prefixes"]


def test_not_applicable_is_never_a_pass_and_a_pass_elsewhere_wins():
    checks = [check("lro", "not-applicable", "L-001", "L-002", message="no long-running operation was answered"),
              check("other", "passed", "L-002")]
    verdicts = aggregate([requirement("L-001"), requirement("L-002")], checks)
    assert [v.verdict for v in verdicts] == ["not-applicable", "pass"]
    assert verdicts[0].messages == ["lro: no long-running operation was answered"]


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


def results_with(requirements, checks, interrupted=False, other_reasons=()):
    verdicts = aggregate(requirements, checks)
    scope = RunScopeRecord(kind="run", profile="core", other_reasons=list(other_reasons))
    run = RunMetadata("0.1.0", "abc123", "http://t", "2025-05-01", "core", [], 1, None, "s", "e", 1.0, 0,
                      interrupted=interrupted, scope=scope)
    summary = summarize(verdicts, checks, scope=scope, interrupted=interrupted)
    return RunResults(run=run, summary=summary, requirements=verdicts, checks=checks)


def test_summary_counts_per_level_and_certifies_through_the_one_function():
    requirements = [requirement("A-001"), requirement("A-002"), requirement("A-003", level="SHOULD")]
    checks = [check("t1", "failed", "A-001"), check("t2", "passed", "A-002"), check("t3", "failed", "A-003")]
    summary = results_with(requirements, checks).summary
    assert summary.by_level["MUST"]["fail"] == 1 and summary.by_level["MUST"]["pass"] == 1
    assert summary.by_level["SHOULD"]["fail"] == 1
    assert summary.certification.failing_must == ["A-001"] and not summary.certification.conformant
    assert summary.certification.exit_code == 1
    assert summary.checks == {"failed": 2, "passed": 1}


def test_summary_names_the_verdict_and_where_the_results_are():
    results = results_with([requirement("A-001")], [check("t", "failed", "A-001")])
    lines = summary_lines(results, Path("reports"))
    assert lines[0] == "verdict: NOT conformant to profile core: failing MUST A-001"
    assert any(line.startswith("  MUST") and "fail 1" in line for line in lines)
    assert lines[-1].startswith("results: reports/results.json")


def test_a_narrowed_run_says_partial_in_its_summary():
    results = results_with([requirement("A-001")], [check("t", "passed", "A-001")],
                           other_reasons=["narrowed to 1 requirement(s) with --requirement"])
    lines = summary_lines(results, Path("reports"))
    assert lines[0] == "verdict: partial run: 1 of 1 requirements checked, no certification"


def test_results_survive_a_round_trip_through_the_file(tmp_path):
    finding = FindingRecord("A-001", "x")
    results = results_with([requirement("A-001")], [check("t", "passed", "A-001", findings=[finding])])
    write_results(tmp_path, results)
    assert load_results(tmp_path) == results


def test_convergence_times_of_a_requirements_checks_are_summarized():
    first, second = check("t1", "passed", "A-001"), check("t2", "passed", "A-001", "A-002")
    first.convergence_s, second.convergence_s = [0.2, 1.4], [0.6]
    verdicts = aggregate([requirement("A-001"), requirement("A-002"), requirement("A-003")],
                         [first, second, check("t3", "passed", "A-003")])
    assert (verdicts[0].convergence.median_s, verdicts[0].convergence.worst_s, verdicts[0].convergence.count) == (
        0.6, 1.4, 3)
    assert verdicts[1].convergence.worst_s == 0.6 and verdicts[2].convergence is None


def test_a_check_that_says_what_it_judged_passes_only_those():
    machine = check("machine", "passed", "A-001", "A-002")
    machine.judged_requirement_ids = ["A-001"]
    verdicts = aggregate([requirement("A-001"), requirement("A-002")], [machine])
    assert [v.verdict for v in verdicts] == ["pass", "not-covered"]
    assert verdicts[1].messages == ["machine: passed without reaching a situation this requirement judges"]
