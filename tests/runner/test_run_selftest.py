"""`run --selftest` records the self-test in report.json beside the run's own verdicts.

Narrowed to stay quick: the run to one requirement, the self-test to one variant (the
unmutated endpoint still gets its whole run, as in every self-test)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conformance.runner.commands import run
from conformance.selftest import variants


@pytest.mark.slow
def test_run_with_selftest_records_the_score_in_report_json_without_changing_the_exit_code(tmp_path, monkeypatch):
    monkeypatch.setattr(variants, "VARIANTS", {"no-request-id": variants.VARIANTS["no-request-id"]})
    monkeypatch.setattr(variants, "LEGAL_VARIANTS", {"synchronous-writes": variants.LEGAL_VARIANTS["synchronous-writes"]})
    result = CliRunner().invoke(run, [
        "--report-dir", str(tmp_path), "--seed", "1", "--requirement", "ARM-014", "--no-recheck", "--selftest",
    ])
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "report.json").read_text())
    # Narrowed to one requirement: a partial run that passed, never a certificate.
    assert report["certification"]["status"] == "partial" and report["certification"]["conformant"] is False
    selftest = report["selftest"]
    assert (selftest["detected"], selftest["total"], selftest["passed"]) == (1, 1, True)
    assert selftest["false_failures"] == []
    assert (selftest["legal_passed"], selftest["legal_total"]) == (1, 1)
    (row,) = selftest["variants"]
    assert (row["variant"], row["requirement"], row["verdict"]) == ("no-request-id", "ARM-014", "detected")
    assert row["checks"] == ["conformance/suite/scenarios/test_arm_headers.py::test_every_response_carries_x_ms_request_id"]
    assert "Self-test of this suite: **1/1**" in (tmp_path / "summary.md").read_text()
    assert json.loads((tmp_path / "selftest.json").read_text())["passed"] is True
