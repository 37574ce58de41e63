"""Re-checked failures: confirmed, flaky, inconclusive; a flaky failure never becomes a pass."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from conformance.report.flake_control import classify_rechecks, failing_test_ids
from conformance.report.report_files import write_reports
from tests.report.synthetic_run import DELETE, ERROR_CODE, PAIR, SYNC, build_results, recheck_of, write_recheck


def test_failing_checks_are_the_ones_to_rerun():
    results, _ = build_results()
    assert failing_test_ids(results) == [SYNC, ERROR_CODE]


def test_classification_of_the_second_outcome():
    results, _ = build_results()
    second = recheck_of(results, {SYNC: "passed", ERROR_CODE: "failed", PAIR: "passed"})
    classification = classify_rechecks(results, second)
    assert dict(classification.states) == {SYNC: "flaky", ERROR_CODE: "confirmed"}
    assert classification.state_of(DELETE) == "not-rechecked"
    unreachable = classify_rechecks(results, recheck_of(results, {SYNC: "target-error"}))
    assert unreachable.state_of(SYNC) == "inconclusive" and unreachable.state_of(ERROR_CODE) == "inconclusive"


def test_a_flaky_failure_stays_a_failure_and_blocks_certification(run):
    second = recheck_of(run.results, {SYNC: "passed", ERROR_CODE: "error"})
    paths = write_reports(run.report_dir, recheck=second)
    document = json.loads(paths.report_json.read_text())
    sync = next(item for item in document["requirements"] if item["id"] == "SYNC-004")
    assert (sync["verdict"], sync["failure_kind"]) == ("fail", "flaky")
    assert sync["failures"][0]["recheck"] == "flaky"
    assert document["summary"]["flaky_failures"] == ["SYNC-004"]
    assert document["summary"]["confirmed_failures"] == ["ARM-005"]
    assert document["run"]["rechecked"] is True
    assert paths.certification.flaky_must == ["SYNC-004"] and "SYNC-004" in paths.certification.failing_must
    case = next(c for c in ET.parse(paths.junit_xml).getroot().iter("testcase") if c.get("name").startswith("test_added"))
    assert case.find("failure").get("message").startswith("[flaky: passed on re-check] ")


def test_the_recheck_is_found_in_its_conventional_directory(run):
    write_recheck(run.report_dir, recheck_of(run.results, {SYNC: "failed", ERROR_CODE: "passed"}))
    paths = write_reports(run.report_dir)
    document = json.loads(paths.report_json.read_text())
    kinds = {item["id"]: item["failure_kind"] for item in document["requirements"] if item["verdict"] == "fail"}
    assert kinds == {"SYNC-004": "confirmed", "ARM-005": "flaky"}
