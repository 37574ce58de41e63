"""Where the project's data lives, found from the package so commands work from any directory."""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
SPECS_DIR = PROJECT_DIR / "specs"
FIXTURES_DIR = PROJECT_DIR / "fixtures"

SHAPES_FILE = SPECS_DIR / "shapes.yaml"
OPENAPI_FILE = SPECS_DIR / "openapi.json"
REQUIREMENTS_FILE = SPECS_DIR / "requirements.yaml"
EXAMPLES_DIR = FIXTURES_DIR / "examples"
RECORDINGS_DIR = FIXTURES_DIR / "recordings"
JSON_SCHEMAS_DIR = SPECS_DIR / "schemas"
