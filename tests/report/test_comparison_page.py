"""`report compare`: requirements down, runs across, differing rows marked; the page is
self-contained and renders in headless Chromium."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from click.testing import CliRunner

from conformance.cli import main
from conformance.report.comparison_page import ABSENT, compare_runs, comparison_html, comparison_markdown
from conformance.results import RequirementVerdict, write_results
from tests.report.test_html_page import ResourceLinks, chromium, needs_chromium
from tests.results.synthetic_results import shard_results


def run_with(verdicts: dict[str, str], target: str, started: str):
    base = shard_results(None, [], target=target)
    requirements = [
        RequirementVerdict(id=key, level="MUST", feature="core", profiles=["core"], statement=f"<b>{key}</b> holds",
                           verdict=verdict)
        for key, verdict in verdicts.items()
    ]
    return replace(base, requirements=requirements, run=replace(base.run, started=started))


VENDOR_A = run_with({"LIFE-001": "pass", "LIFE-002": "fail", "SYNC-001": "pass"},
                    "https://a.example", "2026-03-01T10:00:00+00:00")
VENDOR_B = run_with({"LIFE-001": "pass", "LIFE-002": "pass", "SYNC-001": "pass", "IPV6-001": "fail"},
                    "https://b.example", "2026-03-02T11:30:00+00:00")


@pytest.fixture
def runs_on_disk(tmp_path):
    write_results(tmp_path / "a", VENDOR_A)
    write_results(tmp_path / "b", VENDOR_B)
    return tmp_path / "a", tmp_path / "b"


def test_rows_are_requirements_and_columns_runs():
    comparison = compare_runs([VENDOR_A, VENDOR_B], ["A", "B"])
    assert [run.label for run in comparison.runs] == ["A", "B"]
    assert comparison.runs[1].target_url == "https://b.example" and comparison.runs[1].date == "2026-03-02 11:30"
    assert [row.id for row in comparison.rows] == ["LIFE-001", "LIFE-002", "SYNC-001", "IPV6-001"]
    assert comparison.rows[1].verdicts == ["fail", "pass"] and comparison.rows[1].differs
    assert comparison.rows[3].verdicts == [ABSENT, "fail"] and comparison.rows[3].differs
    assert [row.id for row in comparison.differing] == ["LIFE-002", "IPV6-001"]


def test_markdown_lists_differences_first_and_marks_them():
    text = comparison_markdown(compare_runs([VENDOR_A, VENDOR_B], ["A", "B"]))
    table = [line for line in text.splitlines() if line.startswith("| ")]
    assert table[0] == "| | Requirement | Level | A | B |"
    assert table[1] == "| ⚠️ | LIFE-002 | MUST | **fail** | **pass** |"
    assert table[2] == f"| ⚠️ | IPV6-001 | MUST | **{ABSENT}** | **fail** |"
    assert "|  | LIFE-001 | MUST | pass | pass |" in table
    assert "2 of 4 requirement(s) differ" in text


def test_the_page_is_self_contained_escaped_and_highlights_differences():
    html = comparison_html(compare_runs([VENDOR_A, VENDOR_B], ["<script>x</script>", "B"]))
    links = ResourceLinks()
    links.feed(html)
    assert links.loaded == [] and "default-src 'none'" in html
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<b>LIFE-001</b>" not in html
    assert re.search(r'<tr id="req-LIFE-002" class="differs"', html)
    assert re.search(r'<tr id="req-LIFE-001" class="same"', html)


def test_the_command_writes_both_files_and_prints_the_table(runs_on_disk, tmp_path):
    a, b = runs_on_disk
    result = CliRunner().invoke(main, ["report", "compare", str(a), str(b / "results.json"), "--label", "A",
                                       "--label", "B", "--output", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "| ⚠️ | LIFE-002 | MUST | **fail** | **pass** |" in result.output
    assert (tmp_path / "out" / "comparison.html").is_file()
    assert (tmp_path / "out" / "comparison.md").read_text().startswith("## Conformance runs compared")


@pytest.mark.parametrize("extra", [[], ["--label", "1", "--label", "2", "--label", "3"]])
def test_one_run_or_too_many_labels_is_a_usage_error(runs_on_disk, tmp_path, extra):
    a, b = runs_on_disk
    runs = [str(a)] if not extra else [str(a), str(b)]
    result = CliRunner().invoke(main, ["report", "compare", *runs, *extra, "--output", str(tmp_path / "out")])
    assert result.exit_code == 2


@needs_chromium
def test_chromium_renders_the_comparison_and_filters_to_differences(tmp_path):
    page = tmp_path / "comparison.html"
    page.write_text(comparison_html(compare_runs([VENDOR_A, VENDOR_B], ["A", "B"])), encoding="utf-8")
    result = chromium(tmp_path / "profile", "--dump-dom", page.as_uri() + "#differences")
    assert result.returncode == 0, result.stderr[-2000:]
    dom = result.stdout
    root = re.search(r"<html[^>]*>", dom).group(0)
    assert 'data-ready="true"' in root and "data-script-errors" not in root
    assert "2 of 4 requirements differ across 2 runs" in dom
    hidden = re.findall(r'<tr id="req-([A-Z0-9-]+)" class="([^"]*)"', dom)
    assert {name for name, classes in hidden if "hidden" not in classes.split()} == {"LIFE-002", "IPV6-001"}
