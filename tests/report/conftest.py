from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conformance.paths import REQUIREMENTS_FILE
from conformance.report.report_files import write_reports
from tests.report.synthetic_run import SyntheticRun, synthetic_run


@pytest.fixture
def run(tmp_path) -> SyntheticRun:
    """A finished run with a pass, a MUST and a SHOULD failure, a target error, a skip."""
    return synthetic_run(tmp_path / "run")


@pytest.fixture
def report(run) -> dict:
    """report.json of `run`, written by the runner's entry point."""
    write_reports(run.report_dir)
    return json.loads((run.report_dir / "report.json").read_text())


@pytest.fixture
def catalog_allowing_waivers(tmp_path) -> Path:
    """The real catalog with run profile core allowing waivers (no shipped profile does)."""
    data = yaml.safe_load(REQUIREMENTS_FILE.read_text())
    data["profiles"]["core"]["allow_waivers"] = True
    path = tmp_path / "requirements-waivable.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    return path
