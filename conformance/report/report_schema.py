"""The published JSON Schema of report.json, and validation against it.

The schema is the contract with whoever consumes reports (dashboards, certifiers), so
the report stage validates its own output before writing it and `verify` validates a
bundled report before trusting it.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_FILE = Path(__file__).resolve().parent / "report.schema.json"


class ReportSchemaError(ValueError):
    """A report document does not match report.schema.json."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("report does not match report.schema.json:\n" + "\n".join(f"  - {p}" for p in problems))


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


def schema_problems(document: Any, *, limit: int = 20) -> list[str]:
    """Where `document` departs from the schema, as `path: message` lines (empty when valid)."""
    validator = Draft202012Validator(report_schema(), format_checker=FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda error: list(error.absolute_path))
    return [
        f"{'/'.join(str(part) for part in error.absolute_path) or '(root)'}: {error.message[:300]}"
        for error in errors[:limit]
    ]


def validate_report(document: Any) -> None:
    problems = schema_problems(document)
    if problems:
        raise ReportSchemaError(problems)
