"""The "since the baseline" section in report.json, summary.md and report.html, and
`report diff` printing the same comparison."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conformance.cli import main
from conformance.report.report_files import ReportInputError, write_reports
from conformance.results import load_results, write_results


@pytest.fixture
def baseline(run, tmp_path):
    """The synthetic run as it was before: SYNC-004 (failing now) passed, LIFE-001 failed."""
    earlier = load_results(run.report_dir)
    for item in earlier.requirements:
        if item.id == "SYNC-004":
            item.verdict = "pass"
        if item.id == "LIFE-001":
            item.verdict = "fail"
    earlier.requirements = [item for item in earlier.requirements if item.id != "LIFE-009"]
    write_results(tmp_path / "baseline", earlier)
    return tmp_path / "baseline" / "results.json"


def test_report_json_records_regressions_fixes_and_new_requirements(run, baseline):
    paths = write_reports(run.report_dir, baseline_path=baseline)
    recorded = json.loads(paths.report_json.read_text())["baseline"]
    assert [item["id"] for item in recorded["regressions"]] == ["SYNC-004"]
    assert recorded["regressions"][0]["before"] == "pass" and recorded["regressions"][0]["now"] == "fail"
    assert [item["id"] for item in recorded["fixed"]] == ["LIFE-001"]
    assert [item["id"] for item in recorded["new_requirements"]] == ["LIFE-009"]
    assert recorded["baseline"]["source"] == "results.json"


def test_summary_and_html_show_the_section(run, baseline):
    paths = write_reports(run.report_dir, baseline_path=baseline)
    summary = paths.summary_md.read_text()
    assert "### Since the baseline" in summary
    assert "**1 regression(s)**" in summary
    assert "**SYNC-004** (MUST): pass → fail — **regression**" in summary
    html = paths.report_html.read_text()
    assert 'id="baseline"' in html and 'class="regression"' in html


def test_without_a_baseline_there_is_no_section(run):
    paths = write_reports(run.report_dir)
    assert json.loads(paths.report_json.read_text())["baseline"] is None
    assert "Since the baseline" not in paths.summary_md.read_text()
    assert 'id="baseline"' not in paths.report_html.read_text()


def test_an_unreadable_baseline_is_an_input_error(run, tmp_path):
    (tmp_path / "broken.json").write_text("{}")
    with pytest.raises(ReportInputError):
        write_reports(run.report_dir, baseline_path=tmp_path / "broken.json")


def test_report_diff_prints_markdown_and_exits_1_on_a_regression(run, baseline):
    result = CliRunner().invoke(main, ["report", "diff", str(baseline), str(run.report_dir)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("## Since the baseline")
    assert "**SYNC-004** (MUST): pass → fail — **regression**" in result.output


def test_report_diff_the_other_way_round_swaps_regressions_and_fixes(run, baseline):
    result = CliRunner().invoke(main, ["report", "diff", str(run.report_dir), str(baseline)])
    assert result.exit_code == 1, result.output
    assert "**SYNC-004** (MUST): fail → pass" in result.output
    assert "**LIFE-001** (MUST): pass → fail — **regression**" in result.output


def test_report_diff_of_a_run_with_itself_exits_0(run):
    result = CliRunner().invoke(main, ["report", "diff", str(run.report_dir), str(run.report_dir)])
    assert result.exit_code == 0, result.output
    assert "no regression" in result.output


def test_report_diff_reads_evidence_bundles(run, baseline):
    paths = write_reports(run.report_dir)
    result = CliRunner().invoke(main, ["report", "diff", str(baseline), str(paths.evidence_zip)])
    assert result.exit_code == 1, result.output


def test_report_diff_of_an_unreadable_run_is_a_usage_error(run, tmp_path):
    (tmp_path / "x.json").write_text("[]")
    result = CliRunner().invoke(main, ["report", "diff", str(tmp_path / "x.json"), str(run.report_dir)])
    assert result.exit_code == 2
