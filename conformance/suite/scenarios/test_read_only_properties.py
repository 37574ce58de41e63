"""Read-only properties sent in a request are ignored, never refused nor stored.

Genuine clients PUT back what they read (`az network vnet peering sync`,
Sync-AzVirtualNetworkPeering), read-only fields included, so a target must accept them
and keep deriving state, guid, levels and address spaces itself. Each check sends a
wrong value and verifies both the PUT's final response and a later GET.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from conformance.suite.scenarios.address_changes import ADD, change_one_side, settle_change
from conformance.suite.scenarios.peering_expectations import (
    check_peering,
    check_peering_absent,
    check_properties,
    check_stays_unchanged,
    check_succeeded,
    check_unchanged,
    observable_fields,
    pair_observation,
    peering_label,
    shown,
)
from conformance.suite.vnets import VnetHandle
from conformance.target.peering_api import PutResult, peering_body

SYNC_LEVELS = ("FullyInSync", "LocalNotInSync", "RemoteNotInSync", "LocalAndRemoteNotInSync")
PEERING_TYPE = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"
FOREIGN_SPACE = {"addressPrefixes": ["192.168.0.0/16"]}


def check_response_and_read(
    result: PutResult, local: VnetHandle, remote: VnetHandle | str, doing: str, **expected: Any
) -> None:
    """The PUT succeeded, and both its final response and a later GET show `expected`."""
    check_succeeded(result, doing)
    check_properties(result.final.properties, "the final response", f"of {doing}", **expected)
    check_peering(local, remote, f"read after {doing}", **expected)


@pytest.mark.requirements("RO-001")
def test_a_peering_state_in_the_request_is_ignored(pair):
    """A one-sided create claiming Connected is Initiated; the reverse claiming
    Disconnected connects both."""
    a, b = pair()
    claimed = a.peer(b, peeringState="Connected")
    check_response_and_read(
        claimed, a, b, "a one-sided create sending peeringState Connected", peeringState="Initiated"
    )
    reverse = b.peer(a, peeringState="Disconnected")
    check_response_and_read(
        reverse, b, a, "the reverse create sending peeringState Disconnected", peeringState="Connected"
    )
    check_peering(a, b, "after the reverse create", peeringState="Connected")


def check_ignored(local: VnetHandle, remote: VnetHandle, doing: str, **claims: Any) -> None:
    """PUT local's peering (no sync flag) with `claims` in its body: it succeeds, its final
    response shows the state, level and remote address spaces a GET showed before, and
    both peerings read back as before."""
    before = pair_observation(local, remote)
    result = local.peer(remote, **claims)
    check_succeeded(result, doing)
    responded = observable_fields(result.final.properties, peering_label(local, remote))
    check_unchanged({field: before[field] for field in responded}, responded, f"the final response of {doing}")
    check_stays_unchanged(before, lambda: pair_observation(local, remote), doing)


def other_level(local: VnetHandle, remote: VnetHandle) -> str:
    """A sync level other than the one the peering reports now."""
    seen = local.peering(remote)["properties"].get("peeringSyncLevel")
    return next(level for level in SYNC_LEVELS if level != seen)


@pytest.mark.requirements("RO-002")
def test_a_sync_level_in_the_request_is_ignored(pair):
    """The level follows the address spaces, not the request: re-PUTs claiming another
    level, on an in-sync pair and after vnet a grew, change no level."""
    a, b = pair()
    a.peer(b).ensure_succeeded()
    b.peer(a).ensure_succeeded()
    check_peering(a, b, "after both sides were peered", peeringState="Connected", peeringSyncLevel="FullyInSync")
    claimed = other_level(a, b)
    check_ignored(a, b, f"a re-PUT of the in-sync peering a->b claiming {claimed}", peeringSyncLevel=claimed)
    a.put(["10.1.0.0/16", "10.99.0.0/16"]).ensure_succeeded()
    settle_change(a, b, ("10.1.0.0/16", "10.99.0.0/16"))
    claimed = other_level(b, a)
    check_ignored(b, a, f"a re-PUT of b->a, after vnet a grew, claiming {claimed}", peeringSyncLevel=claimed)


@pytest.mark.requirements("RO-003")
@pytest.mark.parametrize("side", ["a", "b"])
def test_a_remote_address_space_in_the_request_does_not_sync(pair, side):
    """Sending the changed VNet's new prefixes as remoteAddressSpace, without the flag,
    is not a sync: the peering keeps what it peered, and no level changes."""
    change = change_one_side(pair, ADD, side)
    check_ignored(
        change.peer, change.changed,
        f"{change.when}, a PUT of the peering toward it sending remoteAddressSpace {shown(change.after)}",
        remoteAddressSpace={"addressPrefixes": list(change.after)},
    )


@pytest.mark.requirements("RO-004")
def test_a_remote_virtual_network_address_space_in_the_request_is_ignored(pair):
    """The field shows the remote VNet's actual prefixes, not what the request claimed."""
    a, b = pair()
    sent = a.peer(b, remoteVirtualNetworkAddressSpace=FOREIGN_SPACE)
    check_response_and_read(
        sent, a, b, "a create sending remoteVirtualNetworkAddressSpace [192.168.0.0/16]",
        remoteVirtualNetworkAddressSpace=["10.2.0.0/16"],
        remoteAddressSpace=["10.2.0.0/16"],
    )


@pytest.mark.requirements("RO-005")
def test_local_address_spaces_in_a_subnet_peering_request_are_ignored(pair):
    """A subnet peering's local fields show the named local subnet, not the request's claim."""
    a, b = pair(subnets_a={"front": "10.1.1.0/24"}, subnets_b={"back": "10.2.1.0/24"})
    sent = a.peer(
        b,
        peerCompleteVnets=False,
        localSubnetNames=["front"],
        remoteSubnetNames=["back"],
        localAddressSpace=FOREIGN_SPACE,
        localVirtualNetworkAddressSpace=FOREIGN_SPACE,
    )
    check_response_and_read(
        sent, a, b,
        "a subnet peering create sending localAddressSpace and localVirtualNetworkAddressSpace [192.168.0.0/16]",
        localAddressSpace=["10.1.1.0/24"],
        localVirtualNetworkAddressSpace=["10.1.1.0/24"],
    )


@pytest.mark.requirements("RO-006")
@pytest.mark.parametrize("side", ["first", "reverse"])
def test_a_resource_guid_in_the_request_is_ignored(pair, side):
    """The service picks the guid, for the first peering of a pair and for the reverse
    one: the response does not carry the guid sent, and a later GET shows the response's."""
    a, b = pair()
    if side == "reverse":
        b.peer(a).ensure_succeeded()
    sent = str(uuid.uuid4())
    doing = f"a create of the {side} peering a->b sending resourceGuid {sent}"
    result = a.peer(b, resourceGuid=sent)
    check_succeeded(result, doing)
    chosen = result.final.properties.get("resourceGuid")
    assert chosen and chosen != sent, (
        f"the final response of {doing}: expected a guid the service chose, saw {chosen!r}"
    )
    check_peering(a, b, f"read after {doing}", resourceGuid=chosen)


@pytest.mark.requirements("RO-007")
@pytest.mark.parametrize("claimed", ["Failed", "Deleting"])
@pytest.mark.parametrize("operation", ["create", "update"])
def test_a_provisioning_state_in_the_request_is_ignored(pair, claimed, operation):
    """Neither the initial response nor the outcome shows the claimed state; the peering
    ends Succeeded."""
    a, b = pair()
    if operation == "update":
        a.peer(b).ensure_succeeded()
    sent = a.peer(b, provisioningState=claimed)
    doing = f"a peering {operation} sending provisioningState {claimed}"
    initial_body = sent.initial.body if isinstance(sent.initial.body, dict) else {}
    initial_state = (initial_body.get("properties") or {}).get("provisioningState")
    assert initial_state != claimed, f"the initial response of {doing}: provisioningState is {claimed}, as sent"
    check_response_and_read(sent, a, b, doing, provisioningState="Succeeded")


@pytest.mark.requirements("RO-008")
def test_a_remote_virtual_network_encryption_in_the_request_is_ignored(pair):
    """vnet b has no encryption, so the peering cannot report it enabled because the request said so."""
    a, b = pair()
    sent = a.peer(b, remoteVirtualNetworkEncryption={"enabled": True, "enforcement": "DropUnencrypted"})
    check_succeeded(sent, "a create sending remoteVirtualNetworkEncryption enabled")
    reads = (("the final response", sent.final.properties), ("a later GET", a.peering(b)["properties"]))
    for shown_in, properties in reads:
        encryption = properties.get("remoteVirtualNetworkEncryption")
        assert not (isinstance(encryption, dict) and encryption.get("enabled") is True), (
            f"{shown_in} of peering a->b toward unencrypted vnet b: expected remoteVirtualNetworkEncryption "
            f"absent or not enabled, saw {encryption}"
        )


@pytest.mark.requirements("RO-009")
def test_id_name_type_and_etag_in_the_request_neither_rename_nor_retype(pair):
    """The URL names the peering: a body naming another peering, another type and a made-up
    etag creates the URL's peering; a stale etag in a later body is no precondition."""
    a, b = pair()
    url_name = a.peering_name(b)
    body = peering_body(b.id)
    body.update(
        id=a.api.peering_id(a.name, "elsewhere"),
        name="elsewhere",
        type="Microsoft.Network/virtualNetworks/subnets",
        etag='W/"00000000-0000-0000-0000-000000000000"',
    )
    created = a.peer(b, body=body)
    check_succeeded(created, "a create whose body names peering 'elsewhere', a subnet type and a made-up etag")
    for shown_in, resource in (("the final response", created.final.json()), ("a later GET", a.peering(b))):
        seen = (resource.get("name"), str(resource.get("id", "")).lower(), str(resource.get("type", "")).lower())
        expected = (url_name, a.api.peering_id(a.name, url_name).lower(), PEERING_TYPE.lower())
        assert seen == expected, f"{shown_in} of the create: expected (name, id, type) {expected}, saw {seen}"
    check_peering_absent(a, "elsewhere", "after a create whose body named it")
    stale = a.peering(b)
    a.peer(b, allowForwardedTraffic=True).ensure_succeeded()
    replayed = a.peer(b, body=stale)
    check_succeeded(replayed, "a PUT whose body carries the etag of an earlier version (no If-Match header)")


@pytest.mark.requirements("RO-010")
def test_a_put_of_an_earlier_get_response_is_accepted(pair):
    """The body of an earlier GET, read-only fields and old etag included, is a valid PUT
    body and restores the settings it carries."""
    a, b = pair()
    a.peer(b).ensure_succeeded()
    b.peer(a).ensure_succeeded()
    earlier = a.peering(b)
    a.peer(b, allowForwardedTraffic=True).ensure_succeeded()
    replayed = a.peer(b, body=earlier)
    check_response_and_read(
        replayed, a, b, "a PUT of an earlier GET response of peering a->b", allowForwardedTraffic=False
    )


@pytest.mark.requirements("RO-012")
def test_each_peerings_resource_guid_survives_updates_and_syncs(pair):
    """A settings update, an address-space change and the sync keep each side's guid."""
    a, b = pair()
    a.peer(b).ensure_succeeded()
    b.peer(a).ensure_succeeded()
    guids = [
        (local, remote, local.peering(remote)["properties"].get("resourceGuid")) for local, remote in ((a, b), (b, a))
    ]
    seen = [guid for _, _, guid in guids]
    assert all(seen), f"expected a resourceGuid on both peerings, saw {seen}"
    a.peer(b, allowForwardedTraffic=True).ensure_succeeded()
    check_peering(a, b, "after a settings update", resourceGuid=guids[0][2])
    a.put(["10.1.0.0/16", "10.99.0.0/16"]).ensure_succeeded()
    b.peer(a, sync=True).ensure_succeeded()
    for local, remote, guid in guids:
        check_peering(local, remote, "after vnet a grew and b->a was synced", resourceGuid=guid)
