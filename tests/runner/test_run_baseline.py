"""`run --baseline`: the exit code follows regressions only; the reports say what changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.reference.server import ServeProcess
from conformance.runner.commands import run

pytestmark = pytest.mark.slow

# A planted bug that breaks ARM-014 (every answer lacks x-ms-request-id).
MUTANT, BROKEN = "no-request-id", "ARM-014"
NARROW = ["--seed", "1", "--requirement", BROKEN, "--no-recheck", "--no-shrink"]


def run_against(report_dir: Path, endpoint=None, *extra: str):
    target = ["--target", endpoint.url, "--ca-cert", endpoint.ca_cert] if endpoint else []
    return CliRunner().invoke(run, [*target, *NARROW, "--report-dir", str(report_dir), *extra])


@pytest.fixture(scope="module")
def baselines(tmp_path_factory) -> dict[str, Path]:
    """A run where ARM-014 passed (the embedded endpoint) and one where it failed (the mutant)."""
    root = tmp_path_factory.mktemp("baselines")
    passed = run_against(root / "good")
    assert passed.exit_code == 0, passed.output
    with ServeProcess(["--mutant", MUTANT, "--retry-after", "0"], root) as endpoint:
        failed = run_against(root / "bad", endpoint, "--format", "json")
    assert failed.exit_code == 1, failed.output
    return {"good": root / "good" / "evidence.zip", "bad": root / "bad" / "results.json"}


def test_a_requirement_that_passed_and_fails_now_exits_1_and_is_reported(baselines, tmp_path):
    with ServeProcess(["--mutant", MUTANT, "--retry-after", "0"], tmp_path) as endpoint:
        result = run_against(tmp_path / "now", endpoint, "--baseline", str(baselines["good"]))
    assert result.exit_code == 1, result.output
    assert f"1 regression(s): {BROKEN}" in result.output
    report = json.loads((tmp_path / "now" / "report.json").read_text())
    assert [item["id"] for item in report["baseline"]["regressions"]] == [BROKEN]
    assert report["certification"]["status"] == "not-conformant"  # every verdict is still reported
    assert f"**{BROKEN}** (MUST): pass → fail — **regression**" in (tmp_path / "now" / "summary.md").read_text()


def test_a_failure_the_baseline_already_had_exits_0(baselines, tmp_path):
    with ServeProcess(["--mutant", MUTANT, "--retry-after", "0"], tmp_path) as endpoint:
        result = run_against(tmp_path / "now", endpoint, "--baseline", str(baselines["bad"]))
    assert result.exit_code == 0, result.output
    assert "no regression" in result.output
    report = json.loads((tmp_path / "now" / "report.json").read_text())
    assert [item["id"] for item in report["baseline"]["still_failing"]] == [BROKEN]
    assert report["certification"]["failing_must"] == [BROKEN]


def test_a_fix_since_the_baseline_exits_0(baselines, tmp_path):
    result = run_against(tmp_path / "now", None, "--format", "json", "--baseline", str(baselines["bad"]))
    assert result.exit_code == 0, result.output
    assert "no regression; 0 new failure(s), 1 fixed" in result.output


def test_an_unreadable_baseline_is_a_usage_error(tmp_path):
    (tmp_path / "baseline.json").write_text("{}")
    result = CliRunner().invoke(run, ["--baseline", str(tmp_path / "baseline.json"), "--report-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "cannot read the run" in result.output
