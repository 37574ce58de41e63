"""Installed away from any checkout, the package finds and reads the catalog, shapes, spec,
schemas, examples and recordings from inside itself.

.ci/run proves it on the real thing: it builds the wheel, installs it in a fresh virtual
environment outside the checkout and runs the suite there end to end.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conformance.paths import CHECKOUT_DIR
from conformance.spec.packaged_copy import PackagedCopy

PROBE = """
import json, conformance
from conformance import paths
from conformance.requirements.catalog import load_catalog
from conformance.shapes import load_catalog as load_shapes
from conformance.spec.examples import load_examples
from conformance.spec.recordings import load_recorded_exchanges
from conformance.spec.validation import SpecValidator
print(json.dumps({
    "package": conformance.__file__,
    "from_checkout": paths.running_from_checkout(),
    "catalog_file": str(paths.REQUIREMENTS_FILE),
    "requirements": len(load_catalog().requirements),
    "operations": len(load_shapes().operations),
    "examples": len(load_examples()),
    "recordings": len(load_recorded_exchanges()),
    "validator": type(SpecValidator.from_file()).__name__,
}))
"""


@pytest.fixture(scope="module")
def unpacked_wheel(tmp_path_factory) -> Path:
    """The package as a wheel installs it: conformance/ alone, the files pyproject.toml's
    package-data ships (and the modules), no repository around it."""
    site = tmp_path_factory.mktemp("site")
    config = tomllib.loads((CHECKOUT_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    data_patterns = config["tool"]["setuptools"]["package-data"]["conformance"]
    package = CHECKOUT_DIR / "conformance"
    shipped = {path for path in package.rglob("*.py") if "__pycache__" not in path.parts}
    shipped |= {path for pattern in data_patterns for path in package.glob(pattern)}
    shipped |= {path for path in package.rglob("*") if path.suffix in (".j2", ".json") and "data" not in
                path.relative_to(package).parts}
    for path in shipped:
        target = site / path.relative_to(CHECKOUT_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return site


def test_package_data_covers_every_packaged_file(unpacked_wheel):
    shipped = sorted(
        path.relative_to(unpacked_wheel / "conformance" / "data").as_posix()
        for path in (unpacked_wheel / "conformance" / "data").rglob("*") if path.is_file()
    )
    assert shipped == PackagedCopy().source_files()


def test_the_unpacked_wheel_reads_its_data_outside_a_checkout(unpacked_wheel, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(unpacked_wheel)}
    probe = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, cwd=tmp_path,
                           env=env, timeout=120)
    assert probe.returncode == 0, probe.stderr
    found = json.loads(probe.stdout)
    assert Path(found["package"]).is_relative_to(unpacked_wheel)
    assert found["from_checkout"] is False
    assert Path(found["catalog_file"]) == unpacked_wheel / "conformance" / "data" / "specs" / "requirements.yaml"
    assert found["requirements"] > 100 and found["operations"] > 0
    assert found["examples"] == len(list((CHECKOUT_DIR / "fixtures" / "examples").glob("*.json")))
    assert found["recordings"] > 0


def test_spec_check_passes_on_the_installed_copy(unpacked_wheel, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(unpacked_wheel)}
    checked = subprocess.run([sys.executable, "-m", "conformance", "spec", "check"], capture_output=True,
                             text=True, cwd=tmp_path, env=env, timeout=120)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert str(unpacked_wheel / "conformance" / "data" / "specs" / "openapi.json") in checked.stdout
