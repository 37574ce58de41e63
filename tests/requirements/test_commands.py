"""`peering-conformance requirements`, driven through the real CLI entry point."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conformance.cli import main
from conformance.requirements import load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def invoke(*args: str):
    return CliRunner().invoke(main, ["requirements", *args], env={"COLUMNS": "160"})


def as_json(*args: str) -> dict:
    result = invoke("--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_table_lists_the_whole_catalog(catalog):
    result = invoke()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ID", "LEVEL", "PROFILE", "TESTABLE", "PROVENANCE", "STATEMENT"]
    rows = [line.split() for line in lines[1:] if line[:1].isalpha()]
    assert [row[0] for row in rows] == list(catalog.ids)
    assert [row[4] for row in rows] == [",".join(req.provenance) for req in catalog]
    assert lines[-1].startswith(f"{len(catalog)} requirement(s): MUST ")


def test_json_lists_the_whole_catalog_with_every_field(catalog):
    document = as_json()
    assert document["profile"] is None and document["level"] is None
    assert document["count"] == len(catalog)
    assert [item["id"] for item in document["requirements"]] == list(catalog.ids)
    assert document["requirements"][0] == catalog.requirements[0].to_dict()
    assert all(item["provenance"] for item in document["requirements"])


def test_table_shows_the_provenance_of_a_must_and_of_a_live_only_should(catalog):
    lines = {line.split()[0]: line.split() for line in invoke().stdout.splitlines() if line[:1].isalpha()}
    assert lines["ARM-027"][1:5] == ["MUST", "arm-contract", "api", "contract"]
    assert lines["ADDR-013"][1:5] == ["SHOULD", "core", "api", "live"]


def test_requirement_profile_filter():
    document = as_json("--profile", "subnet-peering")
    assert document["profile"]["kind"] == "requirement"
    assert document["count"] > 0
    assert {item["profile"] for item in document["requirements"]} == {"subnet-peering"}


def test_bare_core_means_the_run_profile(catalog):
    document = as_json("--profile", "core")
    assert document["profile"]["kind"] == "run"
    assert document["profile"]["includes"] == list(catalog.run_profile("core").includes)
    ids = [item["id"] for item in document["requirements"]]
    assert ids == [req.id for req in catalog.requirements_for_run("core")]
    assert {"ARM-014", "LRO-005", "ROB-001"} <= set(ids)
    assert all(item["testable"] == "api" for item in document["requirements"])


def test_requirement_prefix_selects_the_requirement_profile(catalog):
    document = as_json("--profile", "requirement:core")
    assert document["profile"]["kind"] == "requirement"
    assert [item["id"] for item in document["requirements"]] == [
        req.id for req in catalog.select(profile="core")
    ]


def test_level_filter_is_case_insensitive_and_combines_with_profile(catalog):
    document = as_json("--level", "should", "--profile", "full")
    assert document["level"] == "SHOULD"
    assert document["count"] == len(catalog.requirements_for_run("full", level="SHOULD"))
    assert {item["level"] for item in document["requirements"]} == {"SHOULD"}


def test_table_for_a_run_profile_names_what_it_includes():
    result = invoke("--profile", "full", "--level", "MAY")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("run profile full: core, subnet-peering")
    assert "no waivers" in result.stdout.splitlines()[0]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--profile", "nope"], "Invalid value for '--profile': unknown profile 'nope'"),
        (["--profile", "run:subnet-peering"], "unknown profile 'run:subnet-peering'"),
        (["--level", "MUSTNT"], "Invalid value for '--level'"),
        (["--format", "yaml"], "Invalid value for '--format'"),
    ],
)
def test_bad_input_exits_2_without_a_traceback(args, message):
    result = invoke(*args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_broken_catalog_file_is_a_clear_error(tmp_path):
    path = tmp_path / "requirements.yaml"
    path.write_text("requirements: []\n", encoding="utf-8")
    result = invoke("--catalog", str(path))
    assert result.exit_code == 1
    assert "invalid requirement catalog" in result.output
    assert "requirements: must be a non-empty list" in result.output
    assert "Traceback" not in result.output
