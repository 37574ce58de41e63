"""Waivers: applied, expired, unused, refused when malformed, and what they do to certification."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import yaml
from click.testing import CliRunner

from conformance.cli import main
from conformance.report.report_files import write_reports
from conformance.report.waivers import WaiverError, load_waivers, parse_waivers
from conformance.requirements import load_catalog
from tests.report.synthetic_run import synthetic_run

# The synthetic run started on 2025-03-01.
ACTIVE = {"id": "SYNC-004", "reason": "sync level lags, ABC-123", "owner": "net-team", "expires": dt.date(2025, 3, 1)}
EXPIRED = {**ACTIVE, "expires": dt.date(2025, 2, 28)}


def write_waivers(path, *entries: dict):
    path.write_text(yaml.safe_dump({"waivers": list(entries)}, sort_keys=False))
    return path


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def requirement(report_dir, requirement_id):
    document = json.loads((report_dir / "report.json").read_text())
    return document, next(item for item in document["requirements"] if item["id"] == requirement_id)


def test_an_active_waiver_reports_the_failure_as_waived(run, tmp_path):
    paths = write_reports(run.report_dir, waivers_path=write_waivers(tmp_path / "w.yaml", ACTIVE))
    document, sync = requirement(run.report_dir, "SYNC-004")
    assert (sync["verdict"], sync["result_verdict"]) == ("waived", "fail")
    assert sync["waiver"] == {"id": "SYNC-004", "reason": "sync level lags, ABC-123", "owner": "net-team",
                              "expires": "2025-03-01", "status": "applied"}
    assert document["summary"]["by_level"]["MUST"]["waived"] == 1
    assert paths.certification.waived_must == ["SYNC-004"]


def test_an_expired_waiver_is_ignored_and_reported_as_expired(run, tmp_path):
    write_reports(run.report_dir, waivers_path=write_waivers(tmp_path / "w.yaml", EXPIRED))
    document, sync = requirement(run.report_dir, "SYNC-004")
    assert sync["verdict"] == "fail"
    assert sync["waiver"]["status"] == "expired"
    assert document["waivers"] == [sync["waiver"]]
    assert "SYNC-004" in document["certification"]["failing_must"]
    assert "SYNC-004** expired" in (run.report_dir / "summary.md").read_text()


def test_a_waiver_of_a_passing_requirement_is_unused(run, tmp_path):
    write_reports(run.report_dir, waivers_path=write_waivers(tmp_path / "w.yaml", {**ACTIVE, "id": "LIFE-001"}))
    document, life = requirement(run.report_dir, "LIFE-001")
    assert life["verdict"] == "pass" and life["waiver"]["status"] == "unused"


def test_waivers_do_not_make_a_run_conformant_when_the_profile_forbids_them(tmp_path):
    run = synthetic_run(tmp_path / "run", target_error=False)
    paths = write_reports(run.report_dir, waivers_path=write_waivers(tmp_path / "w.yaml", ACTIVE))
    assert not paths.certification.conformant
    assert paths.certification.failing_must == ["SYNC-004"]
    assert any("does not allow waivers" in reason for reason in paths.certification.reasons)


def test_waivers_make_a_run_conformant_when_the_profile_allows_them(tmp_path, catalog_allowing_waivers):
    run = synthetic_run(tmp_path / "run", target_error=False, whole=True)
    paths = write_reports(run.report_dir, waivers_path=write_waivers(tmp_path / "w.yaml", ACTIVE),
                          catalog_path=catalog_allowing_waivers)
    assert paths.certification.conformant and paths.certification.waivers_allowed
    assert paths.certification.verdict == "conformant to profile core"
    assert paths.certification.waived_must == ["SYNC-004"]


def test_an_expired_waiver_does_not_help_even_when_the_profile_allows_waivers(tmp_path, catalog_allowing_waivers):
    run = synthetic_run(tmp_path / "run", target_error=False)
    paths = write_reports(run.report_dir, waivers_path=write_waivers(tmp_path / "w.yaml", EXPIRED),
                          catalog_path=catalog_allowing_waivers)
    assert not paths.certification.conformant


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"waivers": [{**ACTIVE, "id": "SYNC-999"}]}, "unknown requirement ID 'SYNC-999'"),
        ({"waivers": [{k: v for k, v in ACTIVE.items() if k != "owner"}]}, "owner is missing or empty"),
        ({"waivers": [{**ACTIVE, "expires": "next spring"}]}, "expires must be a date"),
        ({"waivers": [{**ACTIVE, "approved": True}]}, "unknown key 'approved'"),
        ({"waivers": [ACTIVE, ACTIVE]}, "SYNC-004: waived 2 times"),
        ({"waivers": "SYNC-004"}, "`waivers` must be a list"),
        ([ACTIVE], "single key `waivers`"),
    ],
    ids=["unknown id", "no owner", "bad date", "unknown key", "duplicate", "not a list", "no top key"],
)
def test_malformed_waivers_are_refused_with_the_reason(catalog, data, expected):
    with pytest.raises(WaiverError) as caught:
        parse_waivers(data, catalog, source="w.yaml")
    assert expected in str(caught.value)


def test_a_quoted_iso_date_is_accepted(catalog):
    waivers = parse_waivers({"waivers": [{**ACTIVE, "expires": "2025-06-30"}]}, catalog)
    assert waivers.for_requirement("SYNC-004").expires == dt.date(2025, 6, 30)


def test_a_file_that_is_not_yaml_is_refused(catalog, tmp_path):
    path = tmp_path / "w.yaml"
    path.write_text("waivers: [\n  - id: SYNC-004\n")
    with pytest.raises(WaiverError, match="not valid YAML"):
        load_waivers(path, catalog)


def test_the_cli_exits_2_on_a_bad_waiver_file_without_a_traceback(run, tmp_path):
    waivers = write_waivers(tmp_path / "w.yaml", {**ACTIVE, "id": "NOPE-001"})
    result = CliRunner().invoke(main, ["report", "render", str(run.report_dir), "--waivers", str(waivers)])
    assert result.exit_code == 2
    assert "unknown requirement ID 'NOPE-001'" in result.output
    assert "Traceback" not in result.output and not (run.report_dir / "report.json").exists()
