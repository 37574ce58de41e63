"""The loader refuses a malformed catalog with a message naming the problem."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from conformance.requirements import CatalogError, load_catalog

VALID = {
    "sources": {
        "docs/001": {"kind": "docs", "cites": "the REST reference page"},
        "contract": {"kind": "contract", "cites": "the ARM resource-provider contract"},
        "live": {"kind": "live", "cites": "recorded traffic"},
        "architecture": {"kind": "model", "cites": "the model's reading"},
        "issue": {"kind": "issue", "cites": "our issue tracker"},
    },
    "requirement_profiles": {"core": "peering semantics", "lro": "long-running operations"},
    "profiles": {
        "core": {"description": "every implementation", "includes": ["core", "lro"]},
        "quick": {"description": "just LROs", "includes": ["lro"], "allow_waivers": True},
    },
    "requirements": [
        {
            "id": "LIFE-001",
            "level": "MUST",
            "profile": "core",
            "statement": "A one-sided peering reports Initiated.",
            "source": "live: timeline[2]; docs/001 Examples Create peering",
            "testable": "api",
        },
        {
            "id": "LRO-006",
            "level": "SHOULD",
            "profile": "lro",
            "statement": "A Failed operation carries an error.",
            "source": "contract (operation resource)",
            "testable": "not-api",
            "why": "cannot be provoked",
            "notes": "contract only",
        },
    ],
}


def _write(tmp_path: Path, data) -> Path:
    path = tmp_path / "requirements.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _mutated(change):
    data = copy.deepcopy(VALID)
    change(data)
    return data


def test_valid_minimal_catalog_loads(tmp_path):
    catalog = load_catalog(_write(tmp_path, VALID))
    assert catalog.ids == ("LIFE-001", "LRO-006")
    assert catalog.sources["live"].kind == "live"
    assert catalog.run_profile("core").allow_waivers is False  # the default
    assert catalog.run_profile("quick").allow_waivers is True
    assert catalog.requirements_for_run("core") == (catalog.by_id("LIFE-001"),)
    assert catalog.by_id("LRO-006").why == "cannot be provoked"


def _drop(key):
    return lambda data: data["requirements"][0].pop(key)


def _set(key, value, index=0):
    return lambda data: data["requirements"][index].__setitem__(key, value)


@pytest.mark.parametrize(
    "change, expected",
    [
        (_drop("source"), r"LIFE-001\): source is missing"),
        (_drop("level"), r"LIFE-001\): level is missing"),
        (_drop("statement"), r"LIFE-001\): statement is missing"),
        (_drop("id"), r"no id\): id is missing"),
        (_set("statement", "   "), "statement is missing or empty"),
        (_set("id", "LIFE-001", index=1), "LIFE-001: ID used 2 times"),
        (_set("id", "LIFE-1"), "id must look like <AREA>-<NNN>"),
        (_set("id", "FOO-001"), "id must look like <AREA>-<NNN>"),
        (_set("level", "REQUIRED"), "level 'REQUIRED' is not one of MUST, SHOULD, MAY"),
        (_set("profile", "gateway"), "profile 'gateway' is not a declared requirement profile"),
        (_set("testable", "maybe"), "testable 'maybe' is not one of api, not-api"),
        (_set("testable", "not-api"), "a not-api requirement needs a why"),
        (_set("why", "because"), "why belongs only to not-api requirements"),
        (_set("notes", ""), "notes is present but empty"),
        (_set("statment", "typo"), "unknown key 'statment'"),
        (_set("source", "the internet"), "source part 'the internet' does not start with a key"),
        (_set("source", "docs/001: fine; wiki page"), "source part 'wiki page'"),
        (lambda d: d["sources"].__setitem__("blog", {"kind": "rumour", "cites": "a blog"}),
         "sources.blog: kind 'rumour' is not one of docs, contract, live, model, issue"),
        (lambda d: d["sources"].__setitem__("blog", "a blog"), "sources.blog: must be a mapping with kind and cites"),
        (lambda d: d["sources"]["live"].pop("cites"), "sources.live: needs a non-empty cites"),
        (lambda d: d["sources"]["live"].__setitem__("url", "x"), "sources.live: unknown key 'url'"),
        (lambda d: d["profiles"]["core"]["includes"].append("gateway"),
         "profiles.core: includes unknown requirement profile 'gateway'"),
        (lambda d: d["profiles"]["core"].__setitem__("allow_waivers", "no"),
         "profiles.core: allow_waivers must be true or false"),
        (lambda d: d["profiles"]["core"].pop("description"), "profiles.core: needs a non-empty description"),
        (lambda d: d.pop("profiles"), "profiles: must be a non-empty mapping"),
        (lambda d: d.pop("requirement_profiles"), "requirement_profiles: must be a non-empty mapping"),
        (lambda d: d.__setitem__("requirements", []), "requirements: must be a non-empty list"),
        (lambda d: d.__setitem__("extra", 1), "unknown top-level key 'extra'"),
    ],
)
def test_malformed_catalog_is_refused(tmp_path, change, expected):
    with pytest.raises(CatalogError, match=expected):
        load_catalog(_write(tmp_path, _mutated(change)))


def test_every_problem_is_reported_at_once(tmp_path):
    def two_problems(data):
        data["requirements"][0].pop("source")
        data["requirements"][1]["level"] = "OPTIONAL"

    with pytest.raises(CatalogError) as excinfo:
        load_catalog(_write(tmp_path, _mutated(two_problems)))
    assert len(excinfo.value.problems) == 2


def test_unreadable_or_non_yaml_file_is_refused(tmp_path):
    with pytest.raises(CatalogError, match="cannot read the file"):
        load_catalog(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("requirements: [\n  - id: : :\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="not valid YAML"):
        load_catalog(broken)
    listing = tmp_path / "list.yaml"
    listing.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="top level must be a mapping"):
        load_catalog(listing)


def test_provenance_lists_the_kinds_cited_in_a_fixed_order(tmp_path):
    """docs before live whatever order the citation names them in; each kind once."""
    data = _mutated(_set("source", "issue 3; live: a; architecture: b; docs/001 Examples; live: c"))
    requirement = load_catalog(_write(tmp_path, data)).by_id("LIFE-001")
    assert requirement.provenance == ("docs", "live", "model", "issue")
    assert requirement.source == "issue 3; live: a; architecture: b; docs/001 Examples; live: c"
    assert requirement.to_dict()["provenance"] == ["docs", "live", "model", "issue"]


@pytest.mark.parametrize(
    "source", ["live: timeline[2]", "architecture: The model", "issue 3: Deliver 1", "live: a; architecture: b; issue 4"]
)
def test_a_must_without_a_docs_or_contract_source_is_refused(tmp_path, source):
    """Live traffic, the model and our issues never oblige: the loader names the MUST."""
    with pytest.raises(CatalogError, match=r"\(LIFE-001\): a MUST needs a docs or contract source") as excinfo:
        load_catalog(_write(tmp_path, _mutated(_set("source", source))))
    assert len(excinfo.value.problems) == 1


@pytest.mark.parametrize("source", ["contract (ETags)", "live: x; contract (lists)", "docs/001 Request Body"])
def test_a_must_with_a_docs_or_contract_source_loads(tmp_path, source):
    catalog = load_catalog(_write(tmp_path, _mutated(_set("source", source))))
    assert catalog.by_id("LIFE-001").level == "MUST"


def test_the_same_sources_may_back_a_should(tmp_path):
    data = _mutated(_set("source", "architecture: The model; issue 3"))
    data["requirements"][0]["level"] = "SHOULD"
    assert load_catalog(_write(tmp_path, data)).by_id("LIFE-001").provenance == ("model", "issue")

