"""The committed requirement catalog: loads, covers every area, and keeps the IDs
that checks and planted-bug variants are tied to."""

from __future__ import annotations

import pytest

from conformance.requirements import AREAS, LEVELS, SOURCE_KINDS, load_catalog


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


# The planted bugs issue 6 lists (and the broken endpoints of issue 4), each tied to the
# one requirement it violates. Renumbering or dropping one of these breaks the self-test;
# their levels follow the catalog (LIFE-005, DUP-001 and ROB-014 are SHOULD since issue 13).
PLANTED_BUG_REQUIREMENTS = {
    "sync level: never RemoteNotInSync on the changed side": "SYNC-004",
    "sync level: never LocalNotInSync on the other side": "SYNC-005",
    "sync level: removal not detected": "SYNC-006",
    "sync level: resize not detected": "SYNC-007",
    "sync level: never LocalAndRemoteNotInSync": "SYNC-008",
    "sync level: half-synced pair wrong": "SYNC-016",
    "sync flag ignored": "SYNC-012",
    "sync applied without the flag": "SYNC-014",
    "sync on the wrong side fixes the pair": "SYNC-015",
    "remoteAddressSpace eager": "SYNC-009",
    "remoteVirtualNetworkAddressSpace stale": "SYNC-010",
    "never Connected": "LIFE-002",
    "never Disconnected on peering delete": "LIFE-003",
    "never Disconnected on VNet delete": "LIFE-004",
    "re-creation allowed while Disconnected": "LIFE-005",
    "overlap allowed at create": "ADDR-005",
    "overlap allowed at update": "ADDR-006",
    "duplicate remote reference allowed": "DUP-001",
    "useRemoteGateways without a remote gateway allowed": "GW-001",
    "range holding a subnet removable": "ADDR-004",
    "subnet peering peers the whole VNet": "SUBNET-001",
    "IPv6-only peering keeps IPv4": "IPV6-001",
    "DELETE of a missing peering answers 404": "ARM-008",
    "5xx on a missing peering": "ARM-004",
    "no x-ms-request-id": "ARM-014",
    "error body not CloudError": "ARM-012",
    "api-version not required": "ARM-031",
    "relative Azure-AsyncOperation": "LRO-002",
    "bogus Azure-AsyncOperation": "LRO-003",
    "missing provisioningState": "SHAPE-004",
    "wrong resource type": "SHAPE-002",
    "lost list items": "ARM-019",
    "nextLink without api-version": "ARM-020",
    "case-sensitive names": "ARM-016",
    "etag not changing": "ARM-025",
    "5xx on malformed JSON": "ROB-001",
    "read-only peeringState honoured": "RO-001",
    "operation never finishes": "LRO-005",
    "503 storm": "ROB-014",
    "response slower than the timeout": "ROB-013",
}


def test_committed_catalog_has_well_over_sixty_requirements(catalog):
    assert len(catalog) >= 60


def test_every_area_has_requirements(catalog):
    assert {req.area for req in catalog} == set(AREAS)


def test_every_level_is_used(catalog):
    assert {req.level for req in catalog} == set(LEVELS)


def test_core_and_full_run_profiles_exist_without_waivers(catalog):
    for name in ("core", "full"):
        profile = catalog.run_profile(name)
        assert profile.description
        assert profile.allow_waivers is False


def test_full_runs_every_api_testable_requirement(catalog):
    assert set(catalog.requirements_for_run("full")) == {req for req in catalog if req.api_testable}


def test_core_is_a_subset_of_full_covering_the_arm_contract(catalog):
    core = set(catalog.requirements_for_run("core"))
    assert core < set(catalog.requirements_for_run("full"))
    assert {"core", "arm-contract", "lro", "robustness"} <= {req.profile for req in core}


def test_runs_never_include_not_api_requirements(catalog):
    for name in catalog.run_profiles:
        assert all(req.api_testable for req in catalog.requirements_for_run(name))
    assert any(not req.api_testable for req in catalog)


def test_unsupported_scenarios_are_not_api(catalog):
    unsupported = catalog.select(profile="unsupported")
    assert unsupported and all(req.testable == "not-api" and req.why for req in unsupported)


def test_select_filters_by_profile_and_level(catalog):
    selected = catalog.select(profile="subnet-peering", level="MUST")
    assert selected
    assert all(req.profile == "subnet-peering" and req.level == "MUST" for req in selected)
    assert len(catalog.select(level="MUST")) + len(catalog.select(level="SHOULD")) + len(
        catalog.select(level="MAY")
    ) == len(catalog)


def test_select_rejects_unknown_names(catalog):
    with pytest.raises(ValueError, match="unknown requirement profile"):
        catalog.select(profile="full")  # a run profile, not a requirement profile
    with pytest.raises(ValueError, match="unknown level"):
        catalog.select(level="must")


def test_lookup_by_id(catalog):
    assert catalog.by_id("SYNC-005").statement.endswith("reports LocalNotInSync.")
    assert "SYNC-005" in catalog
    with pytest.raises(KeyError, match="NOPE-001"):
        catalog.by_id("NOPE-001")
    with pytest.raises(KeyError, match="unknown run profile"):
        catalog.run_profile("nope")


def test_docs_versus_live_disagreements_are_noted(catalog):
    for req_id in ("SYNC-002", "SYNC-021", "LRO-007", "EX-001"):
        assert catalog.by_id(req_id).notes, req_id


@pytest.mark.parametrize("bug, req_id", sorted(PLANTED_BUG_REQUIREMENTS.items()))
def test_each_planted_bug_maps_to_a_requirement_of_the_full_run(catalog, bug, req_id):
    """At whatever level its sources give it: a bug breaking a SHOULD is still a bug."""
    assert catalog.by_id(req_id) in catalog.requirements_for_run("full"), bug


def test_every_must_has_a_docs_or_contract_source(catalog):
    musts = catalog.select(level="MUST")
    assert musts
    assert [req.id for req in musts if not {"docs", "contract"} & set(req.provenance)] == []


def test_every_requirement_has_a_provenance_in_the_fixed_order(catalog):
    for req in catalog:
        assert req.provenance, req.id
        assert list(req.provenance) == [kind for kind in SOURCE_KINDS if kind in req.provenance], req.id


def test_every_source_key_has_a_kind_and_notes_md_is_split_by_section(catalog):
    kinds = {key: source.kind for key, source in catalog.sources.items()}
    assert set(kinds.values()) == set(SOURCE_KINDS)
    assert kinds["NOTES.md/contract"] == kinds["NOTES.md/operations"] == "contract"
    assert kinds["NOTES.md/live"] == kinds["NOTES.md/error-codes"] == kinds["NOTES.md/clients"] == "live"
    assert (kinds["architecture"], kinds["issue"]) == ("model", "issue")


# Issue 13: validation only the live service (or our issues) shows, imposed as MUST.
@pytest.mark.parametrize("req_id", ["ADDR-009", "ADDR-010", "ROB-004", "ROB-005", "ROB-006", "ROB-009"])
def test_refusals_without_a_documented_source_are_should(catalog, req_id):
    assert catalog.by_id(req_id).level == "SHOULD"


@pytest.mark.parametrize(
    "refusal, code, error_code",
    [
        ("ADDR-005", "ADDR-013", "VnetAddressSpacesOverlap"),
        ("ADDR-006", "ADDR-008", "VnetAddressSpacesOverlap"),
        ("GW-001", "GW-007", "RemoteVnetHasNoGateways"),
        ("GW-002", "GW-007", "RemoteVnetHasNoGateways"),
    ],
)
def test_a_documented_refusal_is_must_and_its_live_code_a_separate_should(catalog, refusal, code, error_code):
    must, should = catalog.by_id(refusal), catalog.by_id(code)
    assert must.level == "MUST" and "4xx" in must.statement and error_code not in must.statement
    assert should.level == "SHOULD" and error_code in should.statement and "live" in should.provenance
    assert code in (must.notes or "")


def test_planted_bugs_map_to_distinct_requirements():
    assert len(set(PLANTED_BUG_REQUIREMENTS.values())) == len(PLANTED_BUG_REQUIREMENTS)
