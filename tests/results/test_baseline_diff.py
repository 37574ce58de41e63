"""Comparing a run with a baseline: regressions are pass → fail, and only those."""

from __future__ import annotations

import json
import zipfile
from dataclasses import replace

import pytest

from conformance.results import RequirementVerdict
from conformance.results.baseline_diff import (
    RunResultsError,
    compare,
    comparison_line,
    load_run_results,
    regression_exit_code,
)
from conformance.results.results_file import write_results
from tests.results.synthetic_results import shard_results


def with_verdicts(verdicts: dict[str, str]):
    """A run whose requirements have exactly these verdicts (in this order)."""
    base = shard_results(None, [])
    requirements = [
        RequirementVerdict(id=key, level="MUST" if key.startswith("M") else "SHOULD", feature="core",
                           profiles=["core"], statement=f"statement of {key}", verdict=verdict)
        for key, verdict in verdicts.items()
    ]
    return replace(base, requirements=requirements)


BASELINE = with_verdicts({"M-001": "pass", "M-002": "fail", "M-003": "fail", "S-004": "pass",
                          "M-005": "not-covered", "S-006": "pass"})
CURRENT = with_verdicts({"M-001": "fail", "M-002": "pass", "M-003": "fail", "S-004": "fail",
                         "M-005": "fail", "S-006": "pass", "M-007": "fail"})


def ids(changes) -> list[str]:
    return [change.id for change in changes]


def test_every_kind_of_change_is_sorted_into_its_list():
    comparison = compare(BASELINE, CURRENT, source="results.json")
    assert ids(comparison.regressions) == ["M-001", "S-004"]
    assert ids(comparison.new_failures) == ["M-001", "S-004", "M-005"]
    assert ids(comparison.fixed) == ["M-002"]
    assert ids(comparison.still_failing) == ["M-003"]
    assert ids(comparison.new_requirements) == ["M-007"]
    assert comparison.regressed and comparison.baseline.source == "results.json"
    assert comparison.regressions[0].before == "pass" and comparison.regressions[0].now == "fail"


def test_failures_that_did_not_pass_before_are_no_regression():
    current = with_verdicts({"M-001": "pass", "M-002": "fail", "M-003": "fail", "S-004": "pass",
                             "M-005": "fail", "S-006": "pass", "M-007": "fail"})
    comparison = compare(BASELINE, current)
    assert not comparison.regressed
    assert regression_exit_code(comparison, interrupted=False) == 0
    assert "no regression" in comparison_line(comparison)


def test_the_exit_code_follows_regressions_and_an_interrupted_run_proves_nothing():
    comparison = compare(BASELINE, CURRENT)
    assert regression_exit_code(comparison, interrupted=False) == 1
    assert regression_exit_code(comparison, interrupted=True) == 3
    assert "2 regression(s): M-001, S-004" in comparison_line(comparison)


def test_a_baseline_is_read_from_results_json_its_directory_or_evidence_zip(tmp_path):
    write_results(tmp_path / "run", BASELINE)
    with zipfile.ZipFile(tmp_path / "evidence.zip", "w") as bundle:
        bundle.writestr("results.json", (tmp_path / "run" / "results.json").read_text())
    for path in (tmp_path / "run", tmp_path / "run" / "results.json", tmp_path / "evidence.zip"):
        assert [item.verdict for item in load_run_results(path).requirements] == [
            item.verdict for item in BASELINE.requirements
        ]


@pytest.mark.parametrize("content", [b"not a zip", None])
def test_an_unreadable_baseline_is_refused(tmp_path, content):
    path = tmp_path / ("evidence.zip" if content else "missing.json")
    if content:
        path.write_bytes(content)
    with pytest.raises(RunResultsError):
        load_run_results(path)
    (tmp_path / "odd.json").write_text(json.dumps({"run": {}}))
    with pytest.raises(RunResultsError):
        load_run_results(tmp_path / "odd.json")
