"""`spec generate` is deterministic and `spec check` catches stale or invalid committed files."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from conformance.paths import JSON_SCHEMAS_DIR, OPENAPI_FILE
from conformance.spec.artifacts import SpecLocations, render_artifacts
from conformance.spec.checking import openapi_problems
from conformance.spec.commands import spec


@pytest.fixture()
def spec_copy(tmp_path):
    """A private copy of the committed outputs, safe to tamper with."""
    shutil.copy(OPENAPI_FILE, tmp_path / "openapi.json")
    shutil.copytree(JSON_SCHEMAS_DIR, tmp_path / "schemas")
    return SpecLocations(openapi_file=tmp_path / "openapi.json", schemas_dir=tmp_path / "schemas")


def _check(locations):
    arguments = ["check", "--openapi", str(locations.openapi_file), "--schemas", str(locations.schemas_dir)]
    return CliRunner().invoke(spec, arguments)


def test_regeneration_is_byte_identical_to_the_committed_files():
    first = render_artifacts(SpecLocations())
    second = render_artifacts(SpecLocations())
    assert first == second
    for path, text in first.items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is stale: run peering-conformance spec generate"


def test_generate_into_an_empty_folder_reproduces_the_committed_files(tmp_path):
    arguments = ["generate", "--openapi", str(tmp_path / "openapi.json"), "--schemas", str(tmp_path / "schemas")]
    result = CliRunner().invoke(spec, arguments)
    assert result.exit_code == 0, result.output
    assert (tmp_path / "openapi.json").read_bytes() == OPENAPI_FILE.read_bytes()
    generated = sorted(path.name for path in (tmp_path / "schemas").glob("*.json"))
    assert generated == sorted(path.name for path in JSON_SCHEMAS_DIR.glob("*.json"))


def test_check_passes_on_an_untouched_copy(spec_copy):
    result = _check(spec_copy)
    assert result.exit_code == 0, result.output


def test_check_fails_on_a_tampered_spec(spec_copy):
    document = json.loads(spec_copy.openapi_file.read_text(encoding="utf-8"))
    document["info"]["version"] = "2024-01-01"
    spec_copy.openapi_file.write_text(json.dumps(document, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    result = _check(spec_copy)
    assert result.exit_code != 0
    assert "differs from a fresh generation" in result.output
    assert "2024-01-01" in result.output


def test_check_fails_on_a_stray_or_missing_schema(spec_copy):
    (spec_copy.schemas_dir / "Leftover.json").write_text("{}\n", encoding="utf-8")
    (spec_copy.schemas_dir / "CloudError.json").unlink()
    result = _check(spec_copy)
    assert result.exit_code != 0
    assert "Leftover.json: not produced by the generator" in result.output
    assert "CloudError.json: missing" in result.output


def test_committed_spec_passes_openapi_spec_validator():
    assert openapi_problems(SpecLocations()) == []


def test_spec_validator_reports_an_invalid_document(spec_copy):
    document = json.loads(spec_copy.openapi_file.read_text(encoding="utf-8"))
    del document["info"]
    spec_copy.openapi_file.write_text(json.dumps(document), encoding="utf-8")
    problems = openapi_problems(spec_copy)
    assert problems and "info" in problems[0]
