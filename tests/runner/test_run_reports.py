"""`run` ends with the report stage: a re-check of failures, waivers, every report file."""

import json

import pytest
from click.testing import CliRunner

from conformance.runner.commands import run
from conformance.target.embedded import EmbeddedEndpoint

from tests.runner.rewriting_proxy import RewritingProxy


def test_a_malformed_waiver_file_is_a_usage_error_before_anything_runs(tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - id: NOPE-999\n    reason: x\n")
    result = CliRunner().invoke(run, ["--waivers", str(waivers), "--report-dir", str(tmp_path / "out")])
    assert result.exit_code == 2, result.output
    assert "invalid waiver file" in result.output and "NOPE-999" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
def test_a_failing_check_is_rechecked_once_and_the_reports_carry_the_confirmed_failure(tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n  - id: LIFE-003\n    reason: tracked\n    owner: a@example.com\n"
                       "    expires: 2999-12-31\n")
    report_dir = tmp_path / "reports"
    with EmbeddedEndpoint() as endpoint, RewritingProxy(
        endpoint.url, endpoint.ca_cert, lambda body: body.replace('"Disconnected"', '"Initiated"')
    ) as proxy:
        result = CliRunner().invoke(run, ["--target", proxy.url, "--select", "lifecycle", "--seed", "1",
                                          "--waivers", str(waivers), "--report-dir", str(report_dir)])
    assert result.exit_code == 1, result.output
    rechecked = json.loads((report_dir / "recheck" / "results.json").read_text())
    first = json.loads((report_dir / "results.json").read_text())
    failed_first = {check["test_id"] for check in first["checks"] if check["outcome"] == "failed"}
    assert failed_first and {check["test_id"] for check in rechecked["checks"]} == failed_first
    report = json.loads((report_dir / "report.json").read_text())
    assert report["certification"]["conformant"] is False
    assert "LIFE-004" in report["certification"]["failing_must"]
    by_id = {entry["id"]: entry for entry in report["requirements"]}
    assert by_id["LIFE-004"]["failure_kind"] == "confirmed"
    assert by_id["LIFE-003"]["verdict"] == "waived"
    for name in ("report.html", "report.json", "junit.xml", "summary.md", "evidence.zip"):
        assert str(report_dir / name) in result.output
