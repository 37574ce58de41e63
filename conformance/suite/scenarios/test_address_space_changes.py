"""VNet address-space changes under peering: which are accepted, which are refused.

A peered VNet may add, remove and resize prefixes; it may not remove a range that holds
a subnet, nor take space that overlaps its peer. A refused write leaves everything as
it was, so every refusal is followed by reading the VNet and both peerings again.

The accepted changes are those of the sync journeys (sync_journey.py); the refusals are
tried one after another on the pair of address_journeys.py.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.address_changes import CHANGE_KINDS, journey_group
from conformance.suite.scenarios.address_journeys import (
    A_SPACE,
    B_SPACE,
    C_SPACE,
    OVERLAP_REFUSALS,
    REFUSALS,
    keys_around,
    refusals_journey,
)
from conformance.suite.scenarios.journey_record import (
    JourneyRecord,
    expect_peering,
    expect_refused,
    expect_status,
    expect_unchanged,
    expect_vnet_prefixes,
    fail,
    judging,
)
from conformance.suite.scenarios.peering_expectations import check_refused
from conformance.suite.scenarios.sync_journey import ONE_SIDED_OVERLAP, side_change, sync_journey

OVERLAP_CODE = "VnetAddressSpacesOverlap"
KINDS = {kind.name: kind for kind in CHANGE_KINDS}
REFUSALS_JOURNEY = pytest.mark.xdist_group(REFUSALS)


def _kind_case(name: str, side: str, case_id: str):
    kind = KINDS[name]
    return pytest.param(kind, side, id=case_id, marks=[pytest.mark.xdist_group(journey_group(kind))])


def _check_accepted_change(journeys, kind, side: str, requirement: str, *, listed: bool = False) -> None:
    """The change of `side` in the kind's sync journey was accepted (the journey stops
    otherwise): the VNet holds the new prefixes, both peerings read Connected and (with
    `listed`) each is in its VNet's peering list."""
    change = side_change(kind, side)
    record = sync_journey(journeys, kind)
    expect_status(record, change.key("change", "put"), requirement, (200, 201, 202))
    expect_vnet_prefixes(record, change.key("changed", "vnet"), requirement, change.after)
    for what in ("own", "toward"):
        expect_peering(record, change.key("changed", what), requirement, peeringState="Connected")
    if listed:
        names = record.observation("names", requirement).properties
        for role, other in ((side, change.peer_side), (change.peer_side, side)):
            seen = record.observation(change.key("changed", f"list-{role}"), requirement)
            wanted = names[f"{role}->{other}"]
            listed_names = [name.lower() for name in seen.properties["names"]]
            missing = [] if wanted.lower() in listed_names else [f"expected {wanted}, saw {listed_names}"]
            fail(requirement, seen, missing)


def _check_refused_changing_nothing(record: JourneyRecord, step: str, requirement: str, *, status: int | None = 400,
                                    code: str | None = None) -> None:
    """The step's write was refused with `status` (None: any 4xx) and a CloudError (and
    `code`), and both peerings read the same before and after it."""
    seen = record.observation(f"{step}:put", requirement)
    with judging(requirement, seen):
        check_refused(seen.response, seen.what, status=status, code=code)
    expect_unchanged(record, *keys_around(step), requirement)


@pytest.mark.requirements("ADDR-001")
@pytest.mark.parametrize(("kind", "side"), [_kind_case("add", "a", "a"), _kind_case("add", "b", "b")])
def test_adding_a_prefix_to_a_peered_vnet_keeps_its_peerings_connected(journeys, kind, side):
    """Growing either VNet of a Connected pair succeeds; both peerings stay, Connected and listed."""
    _check_accepted_change(journeys, kind, side, "ADDR-001", listed=True)


@pytest.mark.requirements("ADDR-002")
@pytest.mark.parametrize(("kind", "side"), [_kind_case("remove", "a", "a")])
def test_removing_a_prefix_without_subnets_from_a_peered_vnet_succeeds(journeys, kind, side):
    """A peered VNet may drop a range that holds no subnet: 10.11.0.0/16 is empty, the
    subnet lives in 10.1.0.0/16, which stays."""
    _check_accepted_change(journeys, kind, side, "ADDR-002")


@pytest.mark.requirements("ADDR-003")
@pytest.mark.parametrize(("kind", "side"), [_kind_case("shrink", "a", "shrink"), _kind_case("grow", "a", "grow")])
def test_resizing_a_prefix_around_its_subnets_succeeds(journeys, kind, side):
    """10.1.0.0/16 holding subnet 10.1.0.0/24 becomes a smaller or larger range that still holds it."""
    _check_accepted_change(journeys, kind, side, "ADDR-003")


@pytest.mark.requirements("ADDR-004")
@REFUSALS_JOURNEY
def test_removing_a_prefix_that_holds_a_subnet_is_refused(journeys):
    """10.11.0.0/16 holds subnet 10.11.0.0/24: removing the range is refused (the reference
    says 400 NetcfgSubnetRangeOutsideVnet; the live answer was not recorded, so only a 4xx +
    CloudError is required) and the VNet, its subnet and both peerings stay as they were."""
    record = refusals_journey(journeys)
    _check_refused_changing_nothing(record, "held-removal", "ADDR-004", status=None)
    seen = expect_vnet_prefixes(record, "held-removal:vnet-a", "ADDR-004", A_SPACE)
    subnets = [s.get("name") for s in (seen.properties.get("properties") or {}).get("subnets") or []]
    fail("ADDR-004", seen, [] if "held" in subnets else [f"expected subnet 'held', saw {subnets}"])


@pytest.mark.requirements("ADDR-005")
@REFUSALS_JOURNEY
@pytest.mark.parametrize("step", [step for step, *_ in OVERLAP_REFUSALS])
def test_peering_vnets_whose_spaces_overlap_is_refused(journeys, step):
    """c's 10.1.0.0/24 lies inside a's 10.1.0.0/16: no peering either way. The documents
    forbid the overlap but fix no status or code, so any 4xx CloudError refuses it (ADDR-013
    checks the live code)."""
    expect_refused(refusals_journey(journeys), step, "ADDR-005", status=None)


@pytest.mark.requirements("ADDR-013")
@REFUSALS_JOURNEY
def test_the_overlap_refusal_of_a_peering_says_vnet_address_spaces_overlap(journeys):
    """The status and code of ADDR-005's refusal, as the live service answers it (a SHOULD)."""
    step = OVERLAP_REFUSALS[0][0]
    seen = refusals_journey(journeys).observation(f"{step}:put", "ADDR-013")
    with judging("ADDR-013", seen):
        check_refused(seen.response, seen.what, code=OVERLAP_CODE)


@pytest.mark.requirements("ADDR-006")
@REFUSALS_JOURNEY
@pytest.mark.parametrize("side", ["a", "b"])
def test_growing_a_peered_vnet_into_its_peers_space_is_refused(journeys, side):
    """Either VNet of a Connected pair taking half of the other's /16 is refused with a 4xx
    (the live 400 and its code are ADDR-008); both VNets and both peerings read back as before."""
    record = refusals_journey(journeys)
    step = f"overlap-{side}"
    _check_refused_changing_nothing(record, step, "ADDR-006", status=None)
    expect_vnet_prefixes(record, f"{step}:vnet-a", "ADDR-006", A_SPACE)
    expect_vnet_prefixes(record, f"{step}:vnet-b", "ADDR-006", B_SPACE)


@pytest.mark.requirements("ADDR-008")
@REFUSALS_JOURNEY
def test_the_overlap_refusal_of_a_vnet_put_says_vnet_address_spaces_overlap(journeys):
    """The code of ADDR-006's refusal (a SHOULD, so checked apart from the MUST)."""
    seen = refusals_journey(journeys).observation("overlap-a:put", "ADDR-008")
    with judging("ADDR-008", seen):
        check_refused(seen.response, seen.what, code=OVERLAP_CODE)


@pytest.mark.requirements("ADDR-007")
@pytest.mark.xdist_group(journey_group(KINDS["add"]))
def test_the_remote_of_a_one_sided_peering_cannot_grow_into_its_peer(journeys):
    """b has no peering of its own, only a's peering points at it; b still may not take
    space of a (the add journey, before b->a exists)."""
    kind = KINDS["add"]
    record = sync_journey(journeys, kind)
    seen = record.observation("one-sided-overlap:put", "ADDR-007")
    with judging("ADDR-007", seen):
        check_refused(seen.response, f"vnet b (remote of a->b) taking {ONE_SIDED_OVERLAP} of vnet a's space",
                      status=None)
    expect_vnet_prefixes(record, "one-sided-overlap:vnet-b", "ADDR-007", kind.b.before)
    expect_peering(record, "one-sided-overlap:a->b", "ADDR-007", peeringState="Initiated",
                   remoteAddressSpace=kind.b.before, remoteVirtualNetworkAddressSpace=kind.b.before)


@pytest.mark.requirements("ADDR-009")
@REFUSALS_JOURNEY
@pytest.mark.parametrize("direction", ["c-to-b", "b-to-c"])
def test_peering_a_vnet_that_overlaps_a_vnet_already_peered_is_refused(journeys, direction):
    """a (10.1.0.0/16) and b are Connected; c (10.1.0.0/24) overlaps a but not b. Peering c
    with b, either way, would join two overlapping spaces through b: refused with 400
    (expected code VnetAddressSpaceOverlapsWithAlreadyPeeredVnet, not required)."""
    record = refusals_journey(journeys)
    _check_refused_changing_nothing(record, direction, "ADDR-009")
    expect_status(record, f"{direction}:absent", "ADDR-009", (404,))


@pytest.mark.requirements("ADDR-010")
@REFUSALS_JOURNEY
@pytest.mark.parametrize("case", ["nested", "duplicate"])
def test_a_vnet_whose_own_prefixes_overlap_is_refused(journeys, case):
    """Refused both when updating an existing VNet (c, unpeered; its prefixes read back
    unchanged) and when creating one (which then does not exist)."""
    record = refusals_journey(journeys)
    expect_refused(record, f"self-{case}-update", "ADDR-010", absent=False)
    expect_vnet_prefixes(record, f"self-{case}-update:after", "ADDR-010", C_SPACE)
    expect_refused(record, f"self-{case}-create", "ADDR-010")


@pytest.mark.requirements("ADDR-011")
def test_a_new_vnet_with_a_subnet_outside_its_prefixes_is_refused(api, names):
    """A subnet must lie inside its VNet's prefixes: the VNet is refused and not created."""
    name = names.new("outside")
    created = api.put_vnet(name, ["10.1.0.0/16"], subnets={"outside": "10.2.0.0/24"})
    check_refused(created.initial, "creating vnet 10.1.0.0/16 with subnet 10.2.0.0/24")
    absent = api.get_vnet(name)
    assert absent.status == 404, f"the refused vnet {name}: expected 404, got {absent.describe()}"


@pytest.mark.requirements("ADDR-011")
@REFUSALS_JOURNEY
def test_shrinking_a_peered_vnet_away_from_its_subnet_is_refused(journeys):
    """10.1.0.0/16 holds subnet 10.1.200.0/24; 10.1.0.0/17 would leave it outside."""
    record = refusals_journey(journeys)
    _check_refused_changing_nothing(record, "shrink-away", "ADDR-011")
    expect_vnet_prefixes(record, "shrink-away:vnet-a", "ADDR-011", A_SPACE)


@pytest.mark.requirements("ADDR-012")
@pytest.mark.parametrize(("kind", "side"), [_kind_case("add", "b", "omitted"), _kind_case("add", "a", "empty-list")])
def test_a_vnet_put_without_its_peerings_keeps_them(journeys, kind, side):
    """Azure PowerShell changes the address space with `virtualNetworkPeerings: []`; a
    VNet PUT is not a way to delete peerings (the sync journeys change a's space with
    `[]`, b's with the field omitted)."""
    _check_accepted_change(journeys, kind, side, "ADDR-012", listed=True)
