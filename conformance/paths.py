"""Where the project's data lives, found from the package so commands work from any directory.

The catalog, shapes, generated spec and fixtures ship inside the package (`conformance/data/`,
read through importlib.resources), so a regular install works outside a checkout. In a
checkout the repository's `specs/` and `fixtures/` are the editable source and are read
directly; `spec generate` copies them into the package and `spec check` fails when the copy
differs, so both places always hold the same bytes.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

PACKAGE_DIR = Path(str(files("conformance"))).resolve()
PACKAGED_DATA_DIR = PACKAGE_DIR / "data"
# The repository around the package, when the package runs from a checkout.
CHECKOUT_DIR = PACKAGE_DIR.parent
SOURCE_SPECS_DIR = CHECKOUT_DIR / "specs"
SOURCE_FIXTURES_DIR = CHECKOUT_DIR / "fixtures"


def running_from_checkout(checkout_dir: Path = CHECKOUT_DIR) -> bool:
    """Whether the package sits in the project's repository (an editable install or a clone)."""
    return (checkout_dir / "pyproject.toml").is_file() and (checkout_dir / "specs" / "requirements.yaml").is_file()


DATA_ROOT = CHECKOUT_DIR if running_from_checkout() else PACKAGED_DATA_DIR
SPECS_DIR = DATA_ROOT / "specs"
FIXTURES_DIR = DATA_ROOT / "fixtures"

SHAPES_FILE = SPECS_DIR / "shapes.yaml"
OPENAPI_FILE = SPECS_DIR / "openapi.json"
REQUIREMENTS_FILE = SPECS_DIR / "requirements.yaml"
EXAMPLES_DIR = FIXTURES_DIR / "examples"
RECORDINGS_DIR = FIXTURES_DIR / "recordings"
JSON_SCHEMAS_DIR = SPECS_DIR / "schemas"
