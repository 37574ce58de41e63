"""The report stage: report.json, junit.xml, report.html, summary.md and evidence.zip.

The runner calls `write_reports(report_dir, waivers_path=..., recheck=...)` once a run
has written results.json and transcript.jsonl.

Names are exported lazily: the runner imports small parts of this package (file names,
the waiver error) for the whole run, and Jinja2 and jsonschema only when it reports.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = ("ReportInputError", "ReportPaths", "render_from_report", "write_reports")

__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module("conformance.report.report_files"), name)
