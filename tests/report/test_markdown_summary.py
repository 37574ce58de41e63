"""summary.md: verdict first, counts, and the failures that block certification."""

from __future__ import annotations

from conformance.report.report_files import write_reports
from tests.report.synthetic_run import write_run


def test_the_summary_leads_with_the_verdict_and_lists_failures(run):
    text = write_reports(run.report_dir).summary_md.read_text()
    lines = text.splitlines()
    assert lines[0].startswith("## ❌ NOT conformant to profile core: failing MUST SYNC-004")
    assert "| MUST | 3 | 1 | 1 | 1 | 1 |" in lines
    assert "- 1 MUST requirement(s) failed: SYNC-004" in lines
    failures = [line for line in lines if line.startswith("- **")]
    assert [line.split("**")[1] for line in failures] == ["LIFE-003", "SYNC-004", "ARM-005"]
    assert "got FullyInSync" in failures[1]
    assert len(lines) < 40


def test_markdown_in_statements_and_messages_stays_inert(run):
    run.results.requirements[3].statement = "a | pipe and *stars*"
    write_run(run.report_dir, run.results, run.exchanges)
    text = write_reports(run.report_dir).summary_md.read_text()
    assert "a \\| pipe and \\*stars\\*" in text
