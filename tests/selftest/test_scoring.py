"""How run findings become verdicts, the score and the pass/fail of `selftest`."""

from __future__ import annotations

from conformance.results.outcomes import CheckResult, RequirementVerdict, RunMetadata, RunResults
from conformance.selftest.scoring import (
    DETECTED,
    ELSEWHERE,
    FALSE_FAILURE,
    FLAKY,
    NOT_JUDGED,
    PASSED,
    SURVIVED,
    TARGET_ERROR,
    LegalVerdict,
    VariantVerdict,
    passed,
    selftest_document,
    table,
)
from conformance.selftest.markdown_table import markdown
from conformance.selftest.variant_runs import RunFindings, confirmed_failures, failed_requirements
from conformance.selftest.variants import LEGAL_VARIANTS, VARIANTS

VARIANT = VARIANTS["no-request-id"]  # breaks ARM-014
CLEAN = RunFindings(exit_code=0, seconds=1.0)


def verdict(failed: dict[str, list[str]], problem: str | None = None, *, confirmed: bool = True,
            target_errors: tuple[str, ...] = ()) -> VariantVerdict:
    """Findings failing `failed` (confirmed by the re-check unless told otherwise)."""
    findings = RunFindings(1 if failed else 0, 2.0, dict(failed), problem, target_errors=list(target_errors),
                           confirmed=sorted(failed) if confirmed else [], levels=dict.fromkeys(failed, "MUST"))
    return VariantVerdict(VARIANT, findings)


def test_detected_only_by_a_failure_naming_the_broken_requirement():
    assert verdict({"ARM-014": ["t::a"]}).verdict == DETECTED
    assert verdict({"ARM-012": ["t::b"]}).verdict == ELSEWHERE
    assert verdict({}).verdict == SURVIVED
    assert verdict({}, problem="no results.json").verdict == NOT_JUDGED


def test_a_flaky_failure_or_a_target_error_is_no_catch():
    assert verdict({"ARM-014": ["t::a"]}, confirmed=False).verdict == FLAKY
    assert verdict({"ARM-014": ["t::a"]}, target_errors=("ARM-014",)).verdict == TARGET_ERROR
    assert not passed([verdict({"ARM-014": ["t::a"]}, confirmed=False)], CLEAN)
    assert not passed([verdict({"ARM-014": ["t::a"]}, target_errors=("ARM-014",))], CLEAN)


def legal(name: str, failed: dict[str, str]) -> LegalVerdict:
    """A legal variant's run failing `failed` (requirement -> level)."""
    findings = RunFindings(1 if failed else 0, 2.0, {r: ["t::x"] for r in failed}, levels=dict(failed))
    return LegalVerdict(LEGAL_VARIANTS[name], findings)


def test_a_legal_variant_passes_with_only_the_shoulds_it_deviates_from_failed():
    assert legal("page-size-1", {}).verdict == PASSED
    lenient = legal("lenient-self-overlapping-vnet", {"ADDR-010": "SHOULD"})
    assert lenient.verdict == PASSED and lenient.recorded == ["ADDR-010"]
    assert legal("page-size-1", {"ARM-019": "MUST"}).verdict == FALSE_FAILURE
    assert legal("page-size-1", {"ARM-023": "SHOULD"}).false_failures == ["ARM-023"]
    assert legal("lenient-self-overlapping-vnet", {"ADDR-010": "SHOULD", "ADDR-005": "MUST"}).verdict == FALSE_FAILURE
    assert not passed([verdict({"ARM-014": ["t::a"]})], CLEAN, [legal("page-size-1", {"ARM-019": "MUST"})])
    assert passed([verdict({"ARM-014": ["t::a"]})], CLEAN, [legal("page-size-1", {})])


def test_selftest_fails_when_a_must_variant_escapes_or_the_unmutated_endpoint_fails():
    assert passed([verdict({"ARM-014": ["t::a"]})], CLEAN)
    assert not passed([verdict({"ARM-012": ["t::b"]})], CLEAN)
    assert not passed([verdict({"ARM-014": ["t::a"]})], RunFindings(1, 1.0, {"LIFE-001": ["t::c"]}))


def test_document_scores_by_level_and_the_table_shows_checks_and_false_failures():
    unmutated = RunFindings(1, 1.0, {"LIFE-001": ["t::c"]})
    document = selftest_document([verdict({"ARM-014": ["suite/test_h.py::t"]})], unmutated, "area", 3.0,
                                 [legal("page-size-1", {}), legal("page-size-1000", {"ARM-019": "MUST"})])
    score = document["score"]
    assert (score["detected"], score["total"], score["by_level"]) == (1, 1, {"MUST": {"detected": 1, "total": 1}})
    assert score["must_requirements_planted"] == score["must_requirements_caught"] == 1
    assert score["must_requirements_testable"] > 100
    assert document["legal"] == {"passed": 1, "total": 2}
    assert document["unmutated"]["false_failures"] == ["LIFE-001"]
    assert document["passed"] is False
    text = table(document)
    assert "test_h.py::t" in text and "false failures on the unmutated endpoint: 1 (LIFE-001)" in text
    assert "planted bugs caught 1/1" in text and "legal variants passed 1/2" in text
    assert f"they break 1 of the {score['must_requirements_testable']} API-testable MUST requirements" in text


def results_of(verdicts: dict[str, str], checks: list[tuple[str, list[str], str]]) -> RunResults:
    """A RunResults with these requirement verdicts and (test id, requirement IDs, outcome) checks."""
    return RunResults(
        run=RunMetadata("0.1.0", "r", "http://127.0.0.1:9", "2025-05-01", "full", [], 1, 5, "", "", 1.0, 0),
        summary=None,  # type: ignore[arg-type]  # not read by what these tests call
        requirements=[
            RequirementVerdict(requirement_id, "MUST", "core", ["full"], "", verdict,
                               checks=[test_id for test_id, ids, _ in checks if requirement_id in ids])
            for requirement_id, verdict in verdicts.items()
        ],
        checks=[CheckResult(test_id, ids, outcome) for test_id, ids, outcome in checks],
    )


def test_failed_requirements_keeps_failing_checks_of_failed_verdicts_only():
    results = results_of(
        {"ARM-014": "fail", "LRO-005": "target-error", "LIFE-001": "pass"},
        [("a", ["ARM-014"], "failed"), ("b", ["ARM-014", "LIFE-001"], "passed"), ("c", ["LRO-005"], "target-error")],
    )
    assert failed_requirements(results) == {"ARM-014": ["a"], "LRO-005": ["c"]}


def test_a_failure_is_confirmed_only_when_its_re_check_fails_it_again():
    first = results_of({"ARM-014": "fail", "ARM-012": "fail"}, [("a", ["ARM-014"], "failed"), ("b", ["ARM-012"], "failed")])
    again = results_of({"ARM-014": "fail", "ARM-012": "pass"}, [("a", ["ARM-014"], "failed"), ("b", ["ARM-012"], "passed")])
    assert confirmed_failures(first, again) == ["ARM-014"]
    assert confirmed_failures(first, None) == []


def test_the_markdown_table_carries_the_score_by_level_and_one_row_per_variant():
    document = selftest_document([verdict({"ARM-014": ["suite/test_h.py::t"]}), verdict({})], CLEAN, "narrowed", 3.0)
    text = markdown(document)
    assert "**Planted bugs caught: 1/2**" in text and "| MUST | 1 | 2 |" in text and "Result: FAILED" in text
    assert "**Legal variants passed: 0/0**" in text
    assert "| `no-request-id` | ARM-014 | MUST | detected | `test_h.py::t` | 2 s |" in text
    assert "| `no-request-id` | ARM-014 | MUST | survived |  | 2 s |" in text
    assert "False failures on the unmutated endpoint: 0" in text


def test_a_variant_no_check_judges_survives_and_says_so():
    uncovered = VariantVerdict(VARIANT, RunFindings(0, 2.0, not_covered=["ARM-014"]))
    assert uncovered.verdict == SURVIVED and uncovered.covered is False
    document = selftest_document([uncovered], CLEAN, "narrowed", 3.0)
    assert "no check names ARM-014" in table(document) and "no check names ARM-014" in markdown(document)
