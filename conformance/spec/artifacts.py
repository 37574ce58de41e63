"""The generated files (`specs/openapi.json`, `specs/schemas/*.json`) rendered as exact text.

Rendering is pure and deterministic (sorted keys, fixed indentation, trailing newline),
so `spec check` can compare committed files byte for byte with a fresh generation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.paths import EXAMPLES_DIR, JSON_SCHEMAS_DIR, OPENAPI_FILE, SHAPES_FILE
from conformance.shapes import load_catalog
from conformance.spec.document import build_openapi
from conformance.spec.examples import load_examples
from conformance.spec.json_schema import standalone_schema


@dataclass(frozen=True)
class SpecLocations:
    """Where the generator reads its inputs and writes its outputs (overridable for tests)."""

    shapes_file: Path = SHAPES_FILE
    examples_dir: Path = EXAMPLES_DIR
    openapi_file: Path = OPENAPI_FILE
    schemas_dir: Path = JSON_SCHEMAS_DIR


def render_json(data: Any) -> str:
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def render_artifacts(locations: SpecLocations) -> dict[Path, str]:
    """Every generated file and its exact content."""
    catalog = load_catalog(locations.shapes_file)
    document = build_openapi(catalog, load_examples(locations.examples_dir))
    files = {locations.openapi_file: render_json(document)}
    components = document["components"]["schemas"]
    for name, schema in components.items():
        if schema.get("type") == "object":
            files[locations.schemas_dir / f"{name}.json"] = render_json(standalone_schema(components, name))
    return files


def stray_schema_files(locations: SpecLocations, generated: dict[Path, str]) -> list[Path]:
    """JSON files in the schemas folder that the generator no longer produces."""
    if not locations.schemas_dir.is_dir():
        return []
    return sorted(path for path in locations.schemas_dir.glob("*.json") if path not in generated)


def write_artifacts(locations: SpecLocations) -> list[Path]:
    """Regenerate every file, drop stray schema files; returns the files whose content changed."""
    generated = render_artifacts(locations)
    for path in stray_schema_files(locations, generated):
        path.unlink()
    changed = []
    for path, text in generated.items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed
