"""A VNet has at most one peering toward a given remote VNet.

A second one under another name is refused with AnotherPeeringAlreadyReferencesRemoteVnet
(whatever the casing of the remote id) and not created; a re-PUT under the peering's
own name is an update; peerings of different VNets toward one remote are no duplicates.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.peering_expectations import (
    check_peering,
    check_peering_absent,
    check_refused,
    check_succeeded,
)
from conformance.suite.vnets import VnetHandle

DUPLICATE_CODE = "AnotherPeeringAlreadyReferencesRemoteVnet"


def peering_names_of(vnet: VnetHandle) -> list[str]:
    return [str(item.get("name", "")) for item in vnet.api.list_all(vnet.api.list_peerings(vnet.name))]


def establish(a: VnetHandle, b: VnetHandle, connection: str) -> None:
    check_succeeded(a.peer(b), "creating the peering a->b")
    if connection == "connected":
        check_succeeded(b.peer(a), "creating the reverse peering b->a")


def other_casing(remote_id: str, part: str) -> str:
    """The id with its VNet name, or all of it, in another casing."""
    if part == "whole-id":
        return remote_id.swapcase()
    prefix, _, name = remote_id.rpartition("/")
    return f"{prefix}/{name.swapcase()}"


@pytest.mark.requirements("DUP-001")
@pytest.mark.parametrize("connection", ["one-sided", "connected"])
def test_a_second_peering_toward_the_same_remote_is_refused(pair, names, connection):
    """The second peering a->b, under another name, is refused and not created; the first
    one is untouched."""
    a, b = pair()
    establish(a, b, connection)
    duplicate = names.new("a-b-dup")
    refused = a.peer(b, name=duplicate)
    check_refused(refused.initial, f"a second peering of a toward b ({duplicate})", code=DUPLICATE_CODE)
    check_peering_absent(a, duplicate, "after its creation was refused")
    state = "Connected" if connection == "connected" else "Initiated"
    check_peering(a, b, "after the refused duplicate", peeringState=state)
    listed = peering_names_of(a)
    assert [name.lower() for name in listed] == [a.peering_name(b).lower()], (
        f"vnet a's peerings after the refused duplicate: expected only {a.peering_name(b)}, saw {listed}"
    )


@pytest.mark.requirements("DUP-002")
@pytest.mark.parametrize("part", ["vnet-name", "whole-id"])
def test_the_duplicate_check_ignores_the_casing_of_the_remote_id(pair, names, part):
    """ARM ids compare case-insensitively: b's id in other casing still names b."""
    a, b = pair()
    establish(a, b, "one-sided")
    duplicate = names.new("a-b-dup")
    recased = other_casing(b.id, part)
    refused = a.peer(recased, name=duplicate)
    # the refusal, not its code (DUP-001's SHOULD), is what the casing rule is about
    check_refused(refused.initial, f"a second peering of a toward b spelled {recased}")
    check_peering_absent(a, duplicate, "after its creation was refused")


@pytest.mark.requirements("DUP-003")
@pytest.mark.parametrize(
    "settings", [pytest.param({}, id="same-body"), pytest.param({"allowForwardedTraffic": True}, id="new-setting")]
)
def test_a_re_put_under_the_peerings_own_name_is_an_update(pair, settings):
    """The peering itself is not its own duplicate: 200, and still one peering."""
    a, b = pair()
    establish(a, b, "connected")
    again = a.peer(b, **settings)
    assert again.initial.status == 200, (
        f"re-PUT of peering a->b under its own name: expected 200 (an update), got {again.initial.describe()}"
    )
    check_succeeded(again, "the re-PUT of peering a->b")
    check_peering(a, b, "after its re-PUT", peeringState="Connected", **settings)
    listed = peering_names_of(a)
    assert len(listed) == 1, f"vnet a's peerings after the re-PUT: expected one, saw {listed}"


@pytest.mark.requirements("DUP-004")
def test_peerings_of_two_vnets_toward_one_remote_are_no_duplicates(vnet):
    """a->hub and b->hub, with three disjoint spaces, are both accepted (a hub and spokes)."""
    a, b, hub = vnet(role="a"), vnet(role="b"), vnet(role="hub")
    check_succeeded(a.peer(hub), "creating the peering a->hub")
    check_succeeded(b.peer(hub), "creating the peering b->hub, a second peering toward hub but of another vnet")
    check_peering(a, hub, "after b also peered with hub", peeringState="Initiated")
    check_peering(b, hub, "after a also peered with hub", peeringState="Initiated")


@pytest.mark.requirements("DUP-005")
def test_after_deleting_the_peering_another_name_toward_the_same_remote_is_accepted(pair, names):
    """The duplicate check counts existing peerings only."""
    a, b = pair()
    establish(a, b, "one-sided")
    check_succeeded(a.delete_peering(b), "deleting the peering a->b")
    replacement = names.new("a-b-new")
    check_succeeded(a.peer(b, name=replacement), f"creating {replacement} toward b after the first peering was deleted")
    check_peering(a, replacement, "after its creation", peeringState="Initiated")
