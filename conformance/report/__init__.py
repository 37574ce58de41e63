"""The report stage: report.json, junit.xml, report.html, summary.md and evidence.zip.

The runner calls `write_reports(report_dir, waivers_path=..., recheck=...)` once a run
has written results.json and transcript.jsonl.
"""

from conformance.report.report_files import ReportInputError, ReportPaths, render_from_report, write_reports

__all__ = ["ReportInputError", "ReportPaths", "render_from_report", "write_reports"]
