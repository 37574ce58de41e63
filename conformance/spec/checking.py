"""Why the committed spec cannot be trusted, if it cannot: stale, missing or invalid files."""

from __future__ import annotations

import difflib
import json

from openapi_spec_validator import OpenAPIV30SpecValidator

from conformance.spec.artifacts import SpecLocations, render_artifacts, stray_schema_files

DIFF_LINES_SHOWN = 12


def check_artifacts(locations: SpecLocations) -> list[str]:
    """Problems with the committed files; an empty list means they are current and valid."""
    generated = render_artifacts(locations)
    problems = []
    for path, fresh in generated.items():
        if not path.exists():
            problems.append(f"{path}: missing")
            continue
        committed = path.read_text(encoding="utf-8")
        if committed != fresh:
            problems.append(f"{path}: differs from a fresh generation\n{_diff_excerpt(committed, fresh)}")
    for path in stray_schema_files(locations, generated):
        problems.append(f"{path}: not produced by the generator")
    if locations.openapi_file.exists():
        problems.extend(f"{locations.openapi_file}: {message}" for message in openapi_problems(locations))
    return problems


def openapi_problems(locations: SpecLocations) -> list[str]:
    """What openapi-spec-validator says about the committed document."""
    try:
        document = json.loads(locations.openapi_file.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        return [f"not valid JSON: {exc}"]
    errors = OpenAPIV30SpecValidator(document).iter_errors()
    return [f"invalid OpenAPI 3.0 at /{'/'.join(map(str, error.path))}: {error.message}" for error in errors]


def _diff_excerpt(committed: str, fresh: str) -> str:
    diff = difflib.unified_diff(
        committed.splitlines(), fresh.splitlines(), "committed", "generated", n=1, lineterm=""
    )
    lines = list(diff)
    shown = lines[:DIFF_LINES_SHOWN]
    if len(lines) > DIFF_LINES_SHOWN:
        shown.append(f"... ({len(lines) - DIFF_LINES_SHOWN} more diff lines)")
    return "\n".join("    " + line for line in shown)
