"""More of a peering's life: gone with its VNet, refused at birth, settings that stick.

Complements test_lifecycle.py (LIFE-001..009): what a VNet delete takes with it, which
remote VNets a peering may not point at, and that writable settings are stored and do
not disturb a Connected pair.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.peering_expectations import (
    check_peering,
    check_peering_absent,
    check_properties,
    check_refused,
    check_succeeded,
)


@pytest.mark.requirements("LIFE-010")
def test_deleting_a_vnet_deletes_its_peerings_also_for_a_vnet_recreated_under_its_name(vnet):
    """a's peerings toward b and c die with a; re-creating a does not bring them back."""
    a, b, c = vnet(role="a"), vnet(role="b"), vnet(role="c")
    check_succeeded(a.peer(b), "creating the peering a->b")
    check_succeeded(a.peer(c), "creating the peering a->c")
    check_succeeded(a.delete(), "deleting vnet a")
    for remote in (b, c):
        check_peering_absent(a, remote, "after vnet a was deleted")
    check_succeeded(a.put(), "re-creating vnet a under the same name")
    for remote in (b, c):
        check_peering_absent(a, remote, "after vnet a was deleted and re-created")
    listed = a.api.list_all(a.api.list_peerings(a.name))
    assert listed == [], (
        f"peerings of the re-created vnet a: expected none, saw {[item.get('name') for item in listed]}"
    )


@pytest.mark.requirements("LIFE-011")
def test_a_peering_toward_a_vnet_that_does_not_exist_is_refused(vnet, names):
    """The live code was not recorded (the reference says RemoteVirtualNetworkNotFound):
    any 4xx with a CloudError, and no peering afterwards."""
    a = vnet(role="a")
    missing = a.api.vnet_id(names.new("missing"))
    refused = a.peer(missing)
    check_refused(refused.initial, f"a peering of a toward the missing vnet {missing}", status=None)
    check_peering_absent(a, a.peering_name(missing), "after its creation was refused")


@pytest.mark.requirements("LIFE-012")
def test_a_peering_of_a_vnet_with_itself_is_refused(vnet):
    """A VNet cannot peer with itself: 400 (CannotPeerVirtualNetworkWithItself is the reference's code)."""
    a = vnet(role="a")
    refused = a.peer(a)
    check_refused(refused.initial, "a peering of vnet a toward itself")
    check_peering_absent(a, a, "after its creation was refused")


@pytest.mark.requirements("LIFE-013")
def test_pointing_an_existing_peering_at_another_remote_is_refused(vnet):
    """A peering's remote is fixed at creation: re-PUTting a->b toward c is refused with
    400, and the peering still points at b, Connected."""
    a, b, c = vnet(role="a"), vnet(role="b"), vnet(role="c")
    a.peer(b).ensure_succeeded()
    b.peer(a).ensure_succeeded()
    name = a.peering_name(b)
    refused = a.peer(c, name=name)
    check_refused(refused.initial, f"re-PUT of peering a->b ({name}) toward vnet c")
    kept = check_peering(a, b, "after the refused change of its remote", peeringState="Connected")
    remote_id = str((kept.get("remoteVirtualNetwork") or {}).get("id", ""))
    assert remote_id.lower() == b.id.lower(), (
        f"peering a->b after the refused change of its remote: expected remoteVirtualNetwork.id {b.id}, saw {remote_id}"
    )
    check_peering(b, a, "after the refused change of a->b's remote", peeringState="Connected")


@pytest.mark.requirements("LIFE-014")
def test_the_access_and_forwarding_settings_given_are_the_ones_read_back(pair):
    """Created with access off and forwarding on, then updated to the opposite: the final
    response and a later GET show each time the values sent."""
    a, b = pair()
    for when, access, forwarded in (("create", False, True), ("update", True, False)):
        result = a.peer(b, allowVirtualNetworkAccess=access, allowForwardedTraffic=forwarded)
        doing = f"the {when} with allowVirtualNetworkAccess {access}, allowForwardedTraffic {forwarded}"
        check_succeeded(result, doing)
        expected = {"allowVirtualNetworkAccess": access, "allowForwardedTraffic": forwarded}
        check_properties(result.final.properties, "the final response", f"of {doing}", **expected)
        check_peering(a, b, f"read after {doing}", **expected)


@pytest.mark.requirements("LIFE-015")
@pytest.mark.parametrize(
    "setting",
    [
        pytest.param({"allowForwardedTraffic": True}, id="forwarded-traffic-on"),
        pytest.param({"allowVirtualNetworkAccess": False}, id="vnet-access-off"),
    ],
)
def test_changing_a_setting_of_a_connected_peering_keeps_the_pair_connected(pair, setting):
    """An update without the sync flag is no reconnection: both sides stay Connected."""
    a, b = pair()
    a.peer(b).ensure_succeeded()
    b.peer(a).ensure_succeeded()
    check_succeeded(a.peer(b, **setting), f"updating peering a->b with {setting}")
    when = f"after peering a->b was updated with {setting}"
    check_peering(a, b, when, peeringState="Connected", **setting)
    check_peering(b, a, when, peeringState="Connected")
