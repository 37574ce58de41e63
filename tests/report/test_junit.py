"""junit.xml: one testcase per check, requirement IDs as properties, failures with messages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from conformance.report.report_files import write_reports
from tests.report.synthetic_run import write_run


def cases(run):
    root = ET.parse(write_reports(run.report_dir).junit_xml).getroot()
    return root, {case.get("name"): case for case in root.iter("testcase")}


def requirement_ids(case):
    return [prop.get("value") for prop in case.iterfind("properties/property") if prop.get("name") == "requirement"]


def test_one_testcase_per_check_with_totals(run):
    root, by_name = cases(run)
    assert len(by_name) == len(run.results.checks) == 5
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("5", "2", "1", "1")
    suite_props = {p.get("name"): p.get("value") for p in suite.iterfind("properties/property")}
    assert suite_props["certification"].startswith("NOT conformant to profile core") and suite_props["profile"] == "core"


def test_requirement_ids_are_properties(run):
    _, by_name = cases(run)
    assert requirement_ids(by_name["test_pair_connects"]) == ["LIFE-001", "LIFE-002", "SYNC-003"]
    assert by_name["test_pair_connects"].find("failure") is None
    assert by_name["test_pair_connects"].get("classname") == "conformance.suite.scenarios.test_lifecycle"


def test_failures_errors_and_skips_carry_their_messages(run):
    _, by_name = cases(run)
    failure = by_name["test_added_prefix_makes_pair_not_in_sync"].find("failure")
    assert failure.get("message") == "peering on pc-7c1e-m1-a: expected peeringSyncLevel RemoteNotInSync, got FullyInSync"
    assert "replay gw0-00010" in failure.text and "Bearer ${TOKEN}" in failure.text
    error_case = by_name["test_missing_peering_error_code"]
    assert error_case.get("classname") == "conformance.suite.scenarios.test_arm.TestErrors"
    error = by_name["test_delete_leaves_disconnected"].find("error")
    assert error.get("type") == "target-error" and "closed the connection" in error.get("message")
    assert by_name["test_deleted_peering_is_gone"].find("skipped").get("message") == "the target cannot list peerings"


def test_control_characters_from_a_target_do_not_break_the_xml(run):
    run.results.checks[1].message = "bad \x00\x1b byte"
    write_run(run.report_dir, run.results, run.exchanges)
    _, by_name = cases(run)
    assert by_name["test_added_prefix_makes_pair_not_in_sync"].find("failure").get("message") == "bad \ufffd\ufffd byte"
