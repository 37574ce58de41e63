"""VNet address-space changes under peering: which are accepted, which are refused.

A peered VNet may add, remove and resize prefixes; it may not remove a range that holds
a subnet, nor take space that overlaps its peer. A refused write leaves everything as
it was, so every refusal is followed by reading the VNet and both peerings again.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from conformance.suite.scenarios.peering_expectations import (
    check_peering,
    check_peering_absent,
    check_refused,
    check_succeeded,
    check_stays_unchanged,
    check_vnet_prefixes,
    pair_observation,
    shown,
)
from conformance.suite.vnets import VnetHandle
from conformance.target.peering_api import PutResult, vnet_body

A_SPACE = ["10.1.0.0/16"]
B_SPACE = ["10.2.0.0/16"]
OVERLAP_CODE = "VnetAddressSpacesOverlap"


def connected(pair, prefixes_a=A_SPACE, prefixes_b=B_SPACE, **subnets) -> tuple[VnetHandle, VnetHandle]:
    vnets = pair(prefixes_a, prefixes_b, **subnets)
    vnets.connect()
    return vnets.a, vnets.b


def check_refused_changing_nothing(
    a: VnetHandle, b: VnetHandle, attempt: Callable[[], PutResult], doing: str, *,
    code: str | None = None, status: int | None = 400,
) -> None:
    """`attempt` must be refused with `status` (None: any 4xx, where only the refusal is
    documented) and `code`, and both peerings of a and b must read the same before and after it."""
    before = pair_observation(a, b)
    check_refused(attempt().initial, doing, code=code, status=status)
    check_stays_unchanged(before, lambda: pair_observation(a, b), f"the refused {doing}")


def check_listed(vnet: VnetHandle, remote: VnetHandle, when: str) -> None:
    listed = vnet.api.list_all(vnet.api.list_peerings(vnet.name))
    names = [str(item.get("name", "")).lower() for item in listed]
    assert vnet.peering_name(remote).lower() in names, (
        f"list of vnet {vnet.role}'s peerings {when}: expected {vnet.peering_name(remote)}, saw {names}"
    )


@pytest.mark.requirements("ADDR-001")
@pytest.mark.parametrize("side", ["a", "b"])
def test_adding_a_prefix_to_a_peered_vnet_keeps_its_peerings_connected(pair, side):
    """Growing either VNet of a Connected pair succeeds; both peerings stay, Connected and listed."""
    a, b = connected(pair)
    changed, grown = (a, A_SPACE + ["10.99.0.0/16"]) if side == "a" else (b, B_SPACE + ["10.98.0.0/16"])
    check_succeeded(changed.put(grown), f"adding a prefix to the peered vnet {side}")
    when = f"after vnet {side} grew to {shown(grown)}"
    check_vnet_prefixes(changed, grown, when)
    for local, remote in ((a, b), (b, a)):
        check_peering(local, remote, when, peeringState="Connected")
        check_listed(local, remote, when)


@pytest.mark.requirements("ADDR-002")
def test_removing_a_prefix_without_subnets_from_a_peered_vnet_succeeds(pair):
    """A peered VNet may drop a range that holds no subnet: 10.11.0.0/16 is empty, the
    subnet lives in 10.1.0.0/16, which stays."""
    a, b = connected(pair, ["10.1.0.0/16", "10.11.0.0/16"], subnets_a={"kept": "10.1.0.0/24"})
    check_succeeded(a.put(["10.1.0.0/16"]), "removing the empty prefix 10.11.0.0/16 from the peered vnet a")
    check_vnet_prefixes(a, ["10.1.0.0/16"], "after removing 10.11.0.0/16")
    check_peering(a, b, "after vnet a removed 10.11.0.0/16", peeringState="Connected")


@pytest.mark.requirements("ADDR-003")
@pytest.mark.parametrize("resized", [pytest.param("10.1.0.0/17", id="shrink"), pytest.param("10.0.0.0/15", id="grow")])
def test_resizing_a_prefix_around_its_subnets_succeeds(pair, resized):
    """10.1.0.0/16 holding subnet 10.1.0.0/24 becomes a smaller or larger range that still holds it."""
    a, b = connected(pair, subnets_a={"inside": "10.1.0.0/24"})
    check_succeeded(a.put([resized]), f"resizing the peered vnet a from 10.1.0.0/16 to {resized}")
    check_vnet_prefixes(a, [resized], f"after resizing to {resized}")
    check_peering(a, b, f"after vnet a was resized to {resized}", peeringState="Connected")


@pytest.mark.requirements("ADDR-004")
def test_removing_a_prefix_that_holds_a_subnet_is_refused(pair):
    """10.11.0.0/16 holds subnet 10.11.0.0/24: removing the range is refused (the reference
    says 400 NetcfgSubnetRangeOutsideVnet; the live answer was not recorded, so only a 4xx +
    CloudError is required) and the VNet, its subnet and both peerings stay as they were."""
    before = ["10.1.0.0/16", "10.11.0.0/16"]
    a, b = connected(pair, before, subnets_a={"held": "10.11.0.0/24"})
    check_refused_changing_nothing(
        a, b, lambda: a.put(["10.1.0.0/16"]), "removal of 10.11.0.0/16, which holds subnet 10.11.0.0/24, from vnet a",
        status=None,
    )
    when = "after the refused removal of 10.11.0.0/16"
    check_vnet_prefixes(a, before, when)
    subnets = a.get().properties.get("subnets") or []
    assert [s.get("name") for s in subnets] == ["held"], f"vnet a {when}: expected subnet 'held', saw {subnets}"


@pytest.mark.requirements("ADDR-005")
@pytest.mark.parametrize("first", ["a", "b"])
def test_peering_vnets_whose_spaces_overlap_is_refused(pair, first):
    """b's 10.1.128.0/17 lies inside a's 10.1.0.0/16: no peering either way. The documents
    forbid the overlap but fix no status or code, so any 4xx CloudError refuses it (ADDR-013
    checks the live code)."""
    a, b = pair(A_SPACE, ["10.2.0.0/16", "10.1.128.0/17"])
    local, remote = (a, b) if first == "a" else (b, a)
    refused = local.peer(remote)
    check_refused(refused.initial, f"peering {local.role}->{remote.role} between overlapping vnets", status=None)
    check_peering_absent(local, remote, "after its creation was refused")


@pytest.mark.requirements("ADDR-013")
def test_the_overlap_refusal_of_a_peering_says_vnet_address_spaces_overlap(pair):
    """The status and code of ADDR-005's refusal, as the live service answers it (a SHOULD)."""
    a, b = pair(A_SPACE, ["10.2.0.0/16", "10.1.128.0/17"])
    check_refused(a.peer(b).initial, "peering a->b between overlapping vnets", code=OVERLAP_CODE)


def overlapping_growth(a: VnetHandle, b: VnetHandle, side: str) -> tuple[VnetHandle, list[str], str]:
    """Vnet `side`, its prefixes plus half of its peer's /16, and what that PUT does."""
    changed, taken = (a, "10.2.128.0/17") if side == "a" else (b, "10.1.128.0/17")
    return changed, list(changed.prefixes) + [taken], f"VNet PUT of vnet {side} taking {taken} of its peer's space"


@pytest.mark.requirements("ADDR-006")
@pytest.mark.parametrize("side", ["a", "b"])
def test_growing_a_peered_vnet_into_its_peers_space_is_refused(pair, side):
    """Either VNet of a Connected pair taking half of the other's /16 is refused with a 4xx
    (the live 400 and its code are ADDR-008); both VNets and both peerings read back as before."""
    a, b = connected(pair)
    changed, prefixes, doing = overlapping_growth(a, b, side)
    check_refused_changing_nothing(a, b, lambda: changed.put(prefixes), doing, status=None)
    when = f"after the refused {doing}"
    check_vnet_prefixes(a, A_SPACE, when)
    check_vnet_prefixes(b, B_SPACE, when)


@pytest.mark.requirements("ADDR-008")
def test_the_overlap_refusal_of_a_vnet_put_says_vnet_address_spaces_overlap(pair):
    """The code of ADDR-006's refusal (a SHOULD, so checked apart from the MUST)."""
    a, b = connected(pair)
    changed, prefixes, doing = overlapping_growth(a, b, "a")
    check_refused(changed.put(prefixes).initial, doing, code=OVERLAP_CODE)


@pytest.mark.requirements("ADDR-007")
def test_the_remote_of_a_one_sided_peering_cannot_grow_into_its_peer(pair):
    """b has no peering of its own, only a's peering points at it; b still may not take
    space of a."""
    a, b = pair(A_SPACE, B_SPACE)
    check_succeeded(a.peer(b), "creating the one-sided peering a->b")
    refused = b.put(B_SPACE + ["10.1.128.0/17"])
    check_refused(refused.initial, "vnet b (remote of a->b) taking 10.1.128.0/17 of vnet a's space", status=None)
    when = "after vnet b's refused overlap"
    check_vnet_prefixes(b, B_SPACE, when)
    check_peering(
        a, b, when, peeringState="Initiated", remoteAddressSpace=B_SPACE, remoteVirtualNetworkAddressSpace=B_SPACE
    )


@pytest.mark.requirements("ADDR-009")
@pytest.mark.parametrize("direction", ["c-to-b", "b-to-c"])
def test_peering_a_vnet_that_overlaps_a_vnet_already_peered_is_refused(pair, vnet, direction):
    """a (10.1.0.0/16) and b are Connected; c (10.1.0.0/24) overlaps a but not b. Peering c
    with b, either way, would join two overlapping spaces through b: refused with 400
    (expected code VnetAddressSpaceOverlapsWithAlreadyPeeredVnet, not required)."""
    a, b = connected(pair)
    c = vnet(["10.1.0.0/24"], role="c")
    local, remote = (c, b) if direction == "c-to-b" else (b, c)
    doing = f"peering {local.role}->{remote.role} while c overlaps a, already peered with b"
    check_refused_changing_nothing(a, b, lambda: local.peer(remote), doing)
    check_peering_absent(local, remote, "after its creation was refused")


@pytest.mark.requirements("ADDR-010")
@pytest.mark.parametrize(
    "prefixes",
    [
        pytest.param(["10.1.0.0/16", "10.1.128.0/17"], id="nested"),
        pytest.param(["10.1.0.0/16", "10.1.0.0/16"], id="duplicate"),
    ],
)
def test_a_vnet_whose_own_prefixes_overlap_is_refused(vnet, api, names, prefixes):
    """Refused both when creating a VNet and when updating an existing one."""
    existing = vnet(["10.1.0.0/16"])
    refused = existing.put(prefixes)
    check_refused(refused.initial, f"updating vnet {existing.role} to the overlapping prefixes {prefixes}")
    check_vnet_prefixes(existing, ["10.1.0.0/16"], "after its refused update")
    new_name = names.new("overlapping")
    created = api.put_vnet(new_name, prefixes)
    check_refused(created.initial, f"creating a vnet with the overlapping prefixes {prefixes}")
    absent = api.get_vnet(new_name)
    assert absent.status == 404, f"the refused vnet {new_name}: expected 404, got {absent.describe()}"


@pytest.mark.requirements("ADDR-011")
def test_a_new_vnet_with_a_subnet_outside_its_prefixes_is_refused(api, names):
    """A subnet must lie inside its VNet's prefixes: the VNet is refused and not created."""
    name = names.new("outside")
    created = api.put_vnet(name, ["10.1.0.0/16"], subnets={"outside": "10.2.0.0/24"})
    check_refused(created.initial, "creating vnet 10.1.0.0/16 with subnet 10.2.0.0/24")
    absent = api.get_vnet(name)
    assert absent.status == 404, f"the refused vnet {name}: expected 404, got {absent.describe()}"


@pytest.mark.requirements("ADDR-011")
def test_shrinking_a_peered_vnet_away_from_its_subnet_is_refused(pair):
    """10.1.0.0/16 holds subnet 10.1.200.0/24; 10.1.0.0/17 would leave it outside."""
    a, b = connected(pair, subnets_a={"upper": "10.1.200.0/24"})
    check_refused_changing_nothing(
        a, b, lambda: a.put(["10.1.0.0/17"]), "shrink of vnet a to 10.1.0.0/17 with subnet 10.1.200.0/24"
    )
    check_vnet_prefixes(a, A_SPACE, "after its refused shrink")


@pytest.mark.requirements("ADDR-012")
@pytest.mark.parametrize(
    "peerings_field", [pytest.param(None, id="omitted"), pytest.param([], id="empty-list")]
)
def test_a_vnet_put_without_its_peerings_keeps_them(pair, peerings_field):
    """Azure PowerShell changes the address space with `virtualNetworkPeerings: []`; a
    VNet PUT is not a way to delete peerings."""
    a, b = connected(pair)
    grown = A_SPACE + ["10.99.0.0/16"]
    body = vnet_body(grown, location=a.api.config.location)
    if peerings_field is not None:
        body["properties"]["virtualNetworkPeerings"] = peerings_field
    sent = "omitted" if peerings_field is None else "[]"
    check_succeeded(a.put(grown, body=body), f"the VNet PUT growing vnet a with virtualNetworkPeerings {sent}")
    when = f"after a VNet PUT of a with virtualNetworkPeerings {sent}"
    check_peering(a, b, when, peeringState="Connected")
    check_peering(b, a, when, peeringState="Connected")
    check_listed(a, b, when)
