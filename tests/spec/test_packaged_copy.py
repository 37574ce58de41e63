"""The package's copy of specs/ and fixtures/: identical to the source, and `spec check` notices
when it is not."""

from __future__ import annotations

import shutil
import tomllib

import pytest
from click.testing import CliRunner

from conformance.paths import CHECKOUT_DIR, PACKAGED_DATA_DIR
from conformance.spec import commands
from conformance.spec.commands import spec
from conformance.spec.packaged_copy import PACKAGED_PATTERNS, PackagedCopy, copy_problems, refresh_copy


@pytest.fixture()
def copy_in_tmp(tmp_path):
    """A source tree and a package copy of it, both private and safe to tamper with."""
    source, copied = tmp_path / "source", tmp_path / "copy"
    for folder in ("specs", "fixtures"):
        shutil.copytree(CHECKOUT_DIR / folder, source / folder)
    pair = PackagedCopy(source_root=source, copy_root=copied)
    refresh_copy(pair)
    return pair


def test_the_committed_copy_is_identical_to_specs_and_fixtures():
    assert copy_problems(PackagedCopy()) == []


def test_the_copy_holds_the_catalog_shapes_spec_schemas_examples_and_recordings():
    names = PackagedCopy().copied_files()
    for expected in ("specs/requirements.yaml", "specs/shapes.yaml", "specs/openapi.json",
                     "specs/schemas/VirtualNetworkPeering.json", "fixtures/examples/create-peering.json"):
        assert expected in names
    assert any(name.startswith("fixtures/recordings/") for name in names)


def test_pyproject_ships_exactly_the_copied_patterns():
    config = tomllib.loads((CHECKOUT_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    shipped = config["tool"]["setuptools"]["package-data"]["conformance"]
    assert shipped == [f"{PACKAGED_DATA_DIR.name}/{pattern}" for pattern in PACKAGED_PATTERNS]


def test_an_edited_source_file_makes_the_copy_differ_until_refreshed(copy_in_tmp):
    catalog = copy_in_tmp.source_root / "specs" / "requirements.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    problems = copy_problems(copy_in_tmp)
    assert problems == [f"{copy_in_tmp.copy_root / 'specs/requirements.yaml'}: differs from specs/requirements.yaml"]
    assert refresh_copy(copy_in_tmp) == [copy_in_tmp.copy_root / "specs/requirements.yaml"]
    assert copy_problems(copy_in_tmp) == []


def test_missing_and_stray_copies_are_named(copy_in_tmp):
    (copy_in_tmp.copy_root / "fixtures/examples/create-peering.json").unlink()
    (copy_in_tmp.copy_root / "specs/schemas/Gone.json").write_text("{}\n", encoding="utf-8")
    problems = copy_problems(copy_in_tmp)
    assert any("create-peering.json: missing" in problem for problem in problems)
    assert any("Gone.json: no longer in the source" in problem for problem in problems)
    refresh_copy(copy_in_tmp)
    assert not (copy_in_tmp.copy_root / "specs/schemas/Gone.json").exists()
    assert copy_problems(copy_in_tmp) == []


def test_spec_check_fails_when_the_package_copy_differs(copy_in_tmp, monkeypatch):
    shapes = copy_in_tmp.copy_root / "specs" / "shapes.yaml"
    shapes.write_text(shapes.read_text(encoding="utf-8") + "# stale\n", encoding="utf-8")
    monkeypatch.setattr(commands, "_packaged_copy", lambda locations: copy_in_tmp)
    result = CliRunner().invoke(spec, ["check"])
    assert result.exit_code != 0
    assert "shapes.yaml: differs from specs/shapes.yaml" in result.output


def test_spec_check_passes_with_an_identical_copy(copy_in_tmp, monkeypatch):
    monkeypatch.setattr(commands, "_packaged_copy", lambda locations: copy_in_tmp)
    result = CliRunner().invoke(spec, ["check"])
    assert result.exit_code == 0, result.output
    assert f"holds the same {len(copy_in_tmp.source_files())} files" in result.output
