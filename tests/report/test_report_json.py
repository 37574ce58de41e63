"""report.json: its published schema, and what it says about the synthetic run."""

from __future__ import annotations

import copy
import hashlib
import json

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from conformance.paths import OPENAPI_FILE, REQUIREMENTS_FILE
from conformance.report.report_files import write_reports
from conformance.report.report_schema import SCHEMA_FILE
from tests.report.synthetic_run import ERROR_CODE, SYNC, synthetic_run


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_report_json_matches_the_published_schema(report, validator):
    assert list(validator.iter_errors(report)) == []


@pytest.mark.parametrize(
    "corrupt",
    [
        lambda doc: doc["requirements"][0].update(verdict="passed-ish"),
        lambda doc: doc["spec"].update(sha256="not-a-digest"),
        lambda doc: doc["certification"].update(conformant=True),
        lambda doc: doc.pop("run"),
    ],
    ids=["unknown verdict", "bad digest", "conformant with failing MUST", "no run"],
)
def test_the_schema_rejects_broken_reports(report, validator, corrupt):
    broken = copy.deepcopy(report)
    corrupt(broken)
    assert list(validator.iter_errors(broken))


def test_spec_and_catalog_are_pinned_by_sha256(report):
    assert report["spec"]["sha256"] == hashlib.sha256(OPENAPI_FILE.read_bytes()).hexdigest()
    assert report["catalog"]["sha256"] == hashlib.sha256(REQUIREMENTS_FILE.read_bytes()).hexdigest()
    assert report["suite_version"] == "0.1.0"


def test_target_and_run_are_described(report):
    target, run = report["target"], report["run"]
    assert (target["url"], target["api_version"], target["profile"]) == ("https://127.0.0.1:43123", "2025-05-01", "core")
    identity = {item["header"]: item["values"] for item in target["server_identity"]}
    assert identity == {"Server": ["Microsoft-HTTPAPI/2.0"], "x-ms-served-by": ["network-rp-westus"]}
    assert (run["seed"], run["workers"], run["duration_s"], run["interrupted"]) == (1234, 2, 42.0, False)
    assert run["started"] < run["ended"]


def test_every_verdict_kind_of_the_run_is_reported(report):
    verdicts = {item["id"]: item["verdict"] for item in report["requirements"]}
    assert verdicts == {
        "LIFE-001": "pass", "LIFE-002": "pass", "SYNC-003": "pass", "SYNC-004": "fail", "ARM-005": "fail",
        "LIFE-003": "target-error", "LIFE-009": "not-covered", "SUBNET-001": "skipped-by-profile",
    }
    passing = next(item for item in report["requirements"] if item["id"] == "LIFE-002")
    assert passing["checks"] == [{"test_id": "conformance/suite/scenarios/test_lifecycle.py::test_pair_connects",
                                  "outcome": "passed"}]


def test_a_failure_carries_its_message_reproduction_and_exchange(report):
    sync = next(item for item in report["requirements"] if item["id"] == "SYNC-004")
    (failure,) = sync["failures"]
    assert failure["test_id"] == SYNC and "got FullyInSync" in failure["message"]
    assert failure["reproduction"]["replay_id"] == "gw0-00010"
    assert '"Authorization: Bearer ${TOKEN}"' in failure["reproduction"]["curl"]
    exchange = failure["exchange"]
    assert (exchange["id"], exchange["method"], exchange["status"]) == ("gw0-00010", "GET", 200)
    assert json.loads(exchange["response_body"])["properties"]["peeringSyncLevel"] == "FullyInSync"
    assert exchange["request_headers"]["Authorization"] == "[REDACTED]"


def test_a_failure_without_a_recorded_curl_gets_one_built_from_the_transcript(report):
    arm = next(item for item in report["requirements"] if item["id"] == "ARM-005")
    (failure,) = arm["failures"]
    assert failure["test_id"] == ERROR_CODE
    assert failure["reproduction"]["curl"].startswith("curl -sS -i -X GET -H \"Authorization: Bearer ${TOKEN}\"")
    assert "virtualNetworkPeerings/missing" in failure["reproduction"]["curl"]


def test_summary_counts_per_level_and_profile(report):
    summary = report["summary"]
    assert summary["by_level"]["MUST"] == {"pass": 3, "fail": 1, "waived": 0, "not-applicable": 0, "target-error": 1,
                                           "not-covered": 1, "skipped-by-profile": 1}
    assert summary["by_level"]["SHOULD"]["fail"] == 1
    assert summary["by_profile"]["arm-contract"]["fail"] == 1
    assert summary["by_profile"]["subnet-peering"]["skipped-by-profile"] == 1
    assert summary["checks"] == {"passed": 1, "failed": 2, "target-error": 1, "skipped": 1}
    assert summary["unconfirmed_failures"] == ["SYNC-004", "ARM-005"]


def test_certification_names_the_failing_must_ids(report):
    certification = report["certification"]
    assert certification["verdict"] == "NOT conformant to profile core: failing MUST SYNC-004"
    assert certification["conformant"] is False and certification["status"] == "not-conformant"
    assert certification["failing_must"] == ["SYNC-004"]
    assert certification["target_error_must"] == ["LIFE-003"]
    assert certification["not_covered_must"] == ["LIFE-009"]


def test_a_run_without_must_failures_is_conformant_to_its_profile(tmp_path):
    run = synthetic_run(tmp_path / "run", target_error=False, whole=True)
    results = json.loads((run.report_dir / "results.json").read_text())
    for item in results["requirements"]:
        if item["id"] == "SYNC-004":
            item.update(verdict="pass", messages=[])
    for check in results["checks"]:
        if check["test_id"] == SYNC:
            check.update(outcome="passed", message="", curl=None, failing_exchange_id=None)
    (run.report_dir / "results.json").write_text(json.dumps(results))
    paths = write_reports(run.report_dir)
    assert paths.certification.conformant
    assert paths.certification.verdict == "conformant to profile core"


def test_an_interrupted_run_is_never_conformant(tmp_path):
    run = synthetic_run(tmp_path / "run", interrupted=True, target_error=False)
    paths = write_reports(run.report_dir)
    assert not paths.certification.conformant
    assert any("interrupted" in reason for reason in paths.certification.reasons)


def test_the_timeline_shows_both_peerings_at_every_step(report):
    timelines = {item["test_id"]: item for item in report["timeline"]["checks"]}
    assert list(timelines) == [SYNC, "conformance/suite/scenarios/test_lifecycle.py::test_pair_connects"]
    sync = timelines[SYNC]
    assert [lane["label"] for lane in sync["lanes"]] == ["pc-7c1e-m1-a → pc-7c1e-m1-b", "pc-7c1e-m1-b → pc-7c1e-m1-a"]
    states = [
        [(s["peering_state"], s["sync_level"], s["observed"]) if s else None for s in step["snapshots"]]
        for step in sync["steps"]
    ]
    assert states == [
        [("Initiated", "FullyInSync", True), None],
        [("Initiated", "FullyInSync", False), ("Connected", "FullyInSync", True)],
        [("Initiated", "FullyInSync", False), ("Connected", "LocalNotInSync", True)],
        [("Connected", "FullyInSync", True), ("Connected", "LocalNotInSync", False)],
    ]
    b_side = sync["steps"][2]["snapshots"][1]
    assert b_side["remote_address_space"] == ["10.1.0.0/16"]
    assert b_side["remote_vnet_address_space"] == ["10.1.0.0/16", "10.9.0.0/16"]


def test_repeated_identical_answers_collapse_into_one_step(report):
    pair = next(item for item in report["timeline"]["checks"] if item["test_id"].endswith("test_pair_connects"))
    assert [(step["method"], step["repeats"]) for step in pair["steps"]] == [("PUT", 2), ("PUT", 1), ("GET", 1)]
