"""Read-only properties sent in a request are ignored, never refused nor stored.

Genuine clients PUT back what they read (`az network vnet peering sync`,
Sync-AzVirtualNetworkPeering), read-only fields included, so a target must accept them
and keep deriving state, guid, levels and address spaces itself. Each check judges a
write carrying a wrong value by its final response and a later GET.

One journey per process, vnets a (subnet `front`), b and c (subnet `back`):
a->b created claiming Connected, a foreign remoteVirtualNetworkAddressSpace, a guid,
provisioningState Failed and remote encryption; b->a created claiming Disconnected, a
guid and Deleting; each re-PUT claiming Failed / Deleting; a->b re-PUT claiming another
sync level; an earlier GET body of a->b PUT back after an update; vnet a grows; b->a
re-PUT claiming another level, then sending a's new prefixes as remoteAddressSpace
(no sync); b->a synced; vnet b grows; a->b re-PUT sending b's new prefixes; b->c
created from a body naming another peering, type and etag, updated, and its stale body
PUT back; last, a subnet peering a->c claiming foreign local spaces.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from conformance.suite.scenarios.journey_record import (
    JourneyRecord,
    Seen,
    expect_peering,
    expect_status,
    expect_succeeded,
    expect_unchanged,
    fail,
    judging,
)
from conformance.suite.scenarios.journeys import Journey
from conformance.suite.scenarios.peering_expectations import (
    check_properties,
    observable_fields,
    shown,
)
from conformance.suite.vnets import VnetHandle
from conformance.target.peering_api import peering_body

SYNC_LEVELS = ("FullyInSync", "LocalNotInSync", "RemoteNotInSync", "LocalAndRemoteNotInSync")
PEERING_TYPE = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"
FOREIGN_SPACE = {"addressPrefixes": ["192.168.0.0/16"]}
A_SPACE, B_SPACE, C_SPACE = ("10.1.0.0/16",), ("10.2.0.0/16",), ("10.3.0.0/16",)
GROWN = "10.99.0.0/16"
B_GROWN = "10.98.0.0/16"
ENCRYPTION = {"enabled": True, "enforcement": "DropUnencrypted"}
# (step, claimed provisioningState): creates first, then updates of the same peerings.
PROVISIONING_CLAIMS = {("create", "Failed"): "a->b", ("create", "Deleting"): "b->a",
                       ("update", "Failed"): "a->b", ("update", "Deleting"): "b->a"}
JOURNEY = "read-only-properties"

pytestmark = pytest.mark.xdist_group(JOURNEY)


def read_only_journey(journeys) -> JourneyRecord:
    return journeys.take(JOURNEY, _walk)


def _other_level(properties: dict[str, Any]) -> str:
    return next(level for level in SYNC_LEVELS if level != properties.get("peeringSyncLevel"))


def _claimed(journey: Journey, key: str, local: VnetHandle, remote: VnetHandle, doing: str, *,
             required: bool = True, **claims: Any) -> None:
    """A PUT of local's peering carrying `claims`: its answers and a read after it. One only a
    SHOULD needs taken (`required` False) is attempted, kept as `key:sent`, never a stop."""
    result = local.peer(remote, **claims)
    if required:
        journey.wrote(None, result, doing)
    elif not journey.attempted(f"{key}:sent", result, doing):
        return
    journey.answered(f"{key}:initial", result.initial, f"the initial response of {doing}")
    journey.answered(f"{key}:final", result.final, f"the final response of {doing}")


def _ignored(journey: Journey, key: str, local: VnetHandle, remote: VnetHandle, doing: str, **claims: Any) -> None:
    """Both peerings before, the PUT (no sync flag) carrying `claims`, both peerings after."""
    a, b = sorted((local, remote), key=lambda vnet: vnet.role)
    journey.pair_fields(f"{key}:before", a, b, f"before {doing}")
    result = journey.wrote(None, local.peer(remote, **claims), doing)
    label = f"peering {local.role}->{remote.role} ({local.peering_name(remote)})"
    journey.record.keep(f"{key}:final", Seen(f"the final response of {doing}", result.final.exchange_id,
                                             result.final.status, observable_fields(result.final.properties, label)))
    journey.unchanged_window(f"{key}:after", a, b, f"after {doing}")


def _walk(journey: Journey) -> None:
    a, b, c = journey.vnets.several([(A_SPACE, {"front": "10.1.1.0/24"}, "a"), (B_SPACE, None, "b"),
                                     (C_SPACE, {"back": "10.3.1.0/24"}, "c")])
    guids = {"a->b": str(uuid.uuid4()), "b->a": str(uuid.uuid4())}
    journey.note("sent", "what the creates claimed", guids=guids, b_to_c=b.peering_name(c))
    _claimed(journey, "create-a->b", a, b, "a one-sided create of a->b claiming read-only values",
             peeringState="Connected", remoteVirtualNetworkAddressSpace=FOREIGN_SPACE, resourceGuid=guids["a->b"],
             provisioningState="Failed", remoteVirtualNetworkEncryption=ENCRYPTION)
    journey.peering("create-a->b:read", a, b, "after its create claiming read-only values")
    _claimed(journey, "create-b->a", b, a, "the reverse create of b->a claiming read-only values",
             peeringState="Disconnected", resourceGuid=guids["b->a"], provisioningState="Deleting")
    journey.peering("create-b->a:read", b, a, "after its create claiming read-only values")
    journey.peering("connected:a->b", a, b, "after the reverse create", peeringState="Connected")
    for local, remote, claimed in ((a, b, "Failed"), (b, a, "Deleting")):
        key = f"update-{local.role}->{remote.role}"
        _claimed(journey, key, local, remote, f"an update of {local.role}->{remote.role} claiming {claimed}",
                 provisioningState=claimed)
        journey.peering(f"{key}:read", local, remote, f"after an update claiming provisioningState {claimed}")
    claimed = _other_level(a.peering(b)["properties"])
    _ignored(journey, "level-in-sync", a, b, f"a re-PUT of the in-sync peering a->b claiming {claimed}",
             peeringSyncLevel=claimed)
    earlier = a.peering(b)
    journey.wrote(None, a.peer(b, allowForwardedTraffic=True), "an update of a->b with allowForwardedTraffic")
    journey.peering("settings-updated:a->b", a, b, "after a settings update")
    _claimed(journey, "replayed", a, b, "a PUT of an earlier GET response of peering a->b", required=False,
             body=earlier)
    journey.peering("replayed:read", a, b, "after a PUT of its earlier GET response")
    journey.wrote(None, a.put(A_SPACE + (GROWN,)), f"vnet a growing by {GROWN}")
    journey.peering("grown:b->a", b, a, f"after vnet a grew by {GROWN}", peeringSyncLevel="LocalNotInSync")
    claimed = _other_level(b.peering(a)["properties"])
    _ignored(journey, "level-grown", b, a, f"a re-PUT of b->a, after vnet a grew, claiming {claimed}",
             peeringSyncLevel=claimed)
    _ignored(journey, "remote-space-a", b, a,
             f"after vnet a grew by {GROWN}, a PUT of b->a sending remoteAddressSpace {shown(list(a.prefixes))}",
             remoteAddressSpace={"addressPrefixes": list(a.prefixes)})
    journey.wrote(None, b.peer(a, sync=True), "the sync of b->a")
    for local, remote in ((a, b), (b, a)):
        journey.peering(f"synced:{local.role}->{remote.role}", local, remote, "after vnet a grew and b->a was synced",
                        peeringSyncLevel="FullyInSync")
    journey.wrote(None, b.put(B_SPACE + (B_GROWN,)), f"vnet b growing by {B_GROWN}")
    journey.peering("b-grown:a->b", a, b, f"after vnet b grew by {B_GROWN}", peeringSyncLevel="LocalNotInSync")
    _ignored(journey, "remote-space-b", a, b,
             f"after vnet b grew by {B_GROWN}, a PUT of a->b sending remoteAddressSpace {shown(list(b.prefixes))}",
             remoteAddressSpace={"addressPrefixes": list(b.prefixes)})
    _named_elsewhere(journey, b, c)
    # Last: a target without subnet peering (full profile only) refuses it, ending the journey.
    _claimed(journey, "subnet-a->c", a, c, "a subnet peering create of a->c claiming foreign local address spaces",
             peerCompleteVnets=False, localSubnetNames=["front"], remoteSubnetNames=["back"],
             localAddressSpace=FOREIGN_SPACE, localVirtualNetworkAddressSpace=FOREIGN_SPACE)
    journey.peering("subnet-a->c:read", a, c, "after its create claiming foreign local address spaces")


def _named_elsewhere(journey: Journey, b: VnetHandle, c: VnetHandle) -> None:
    body = peering_body(c.id)
    body.update(id=b.api.peering_id(b.name, "elsewhere"), name="elsewhere",
                type="Microsoft.Network/virtualNetworks/subnets", etag='W/"00000000-0000-0000-0000-000000000000"')
    _claimed(journey, "elsewhere", b, c, "a create of b->c whose body names peering 'elsewhere', a subnet type "
             "and a made-up etag", body=body)
    journey.answered("elsewhere:read", b.get_peering(c), "peering b->c after its create")
    journey.answered("elsewhere:absent", b.get_peering("elsewhere"), "peering 'elsewhere' of vnet b")
    stale = b.peering(c)
    journey.wrote(None, b.peer(c, allowForwardedTraffic=True), "an update of b->c")
    result = b.peer(c, body=stale)
    journey.answered("stale:put", result.initial, "a PUT of b->c whose body carries an earlier etag (no If-Match)")
    journey.wrote("stale:final", result, "a PUT of b->c whose body carries an earlier etag (no If-Match)")


def final_properties(record: JourneyRecord, key: str, requirement: str) -> Seen:
    return expect_status(record, f"{key}:final", requirement, (200, 201))


def check_answer_and_read(record: JourneyRecord, key: str, requirement: str, **expected: Any) -> None:
    """The final response of the write kept as `key` and the read after it show `expected`."""
    final = final_properties(record, key, requirement)
    with judging(requirement, final):
        check_properties(final.response.properties, final.what, "", **expected)
    expect_peering(record, f"{key}:read", requirement, **expected)


@pytest.mark.requirements("RO-001")
def test_a_peering_state_in_the_request_is_ignored(journeys):
    """A one-sided create claiming Connected is Initiated; the reverse claiming
    Disconnected connects both."""
    record = read_only_journey(journeys)
    check_answer_and_read(record, "create-a->b", "RO-001", peeringState="Initiated")
    check_answer_and_read(record, "create-b->a", "RO-001", peeringState="Connected")
    expect_peering(record, "connected:a->b", "RO-001", peeringState="Connected")


def check_ignored(record: JourneyRecord, key: str, requirement: str) -> None:
    """The final response shows the fields as read before; both peerings read back as before."""
    before = record.observation(f"{key}:before", requirement)
    final = record.observation(f"{key}:final", requirement)
    changed = [f"{field} was {before.properties[field]} before, {value} in the final response"
               for field, value in final.properties.items() if before.properties.get(field) != value]
    fail(requirement, final, changed, f"{final.what}: expected it to change nothing, but")
    expect_unchanged(record, f"{key}:before", f"{key}:after", requirement)


@pytest.mark.requirements("RO-002")
def test_a_sync_level_in_the_request_is_ignored(journeys):
    """The level follows the address spaces, not the request: re-PUTs claiming another
    level, on an in-sync pair and after vnet a grew, change no level."""
    record = read_only_journey(journeys)
    for key in ("level-in-sync", "level-grown"):
        check_ignored(record, key, "RO-002")


@pytest.mark.requirements("RO-003")
@pytest.mark.parametrize("side", ["a", "b"])
def test_a_remote_address_space_in_the_request_does_not_sync(journeys, side):
    """Sending the changed VNet's new prefixes as remoteAddressSpace, without the flag,
    is not a sync: the peering keeps what it peered, and no level changes."""
    check_ignored(read_only_journey(journeys), f"remote-space-{side}", "RO-003")


@pytest.mark.requirements("RO-004")
def test_a_remote_virtual_network_address_space_in_the_request_is_ignored(journeys):
    """The field shows the remote VNet's actual prefixes, not what the request claimed."""
    check_answer_and_read(read_only_journey(journeys), "create-a->b", "RO-004",
                          remoteVirtualNetworkAddressSpace=list(B_SPACE), remoteAddressSpace=list(B_SPACE))


@pytest.mark.requirements("RO-005")
def test_local_address_spaces_in_a_subnet_peering_request_are_ignored(journeys):
    """A subnet peering's local fields show the named local subnet, not the request's claim."""
    check_answer_and_read(read_only_journey(journeys), "subnet-a->c", "RO-005",
                          localAddressSpace=["10.1.1.0/24"], localVirtualNetworkAddressSpace=["10.1.1.0/24"])


@pytest.mark.requirements("RO-006")
@pytest.mark.parametrize("side", ["first", "reverse"])
def test_a_resource_guid_in_the_request_is_ignored(journeys, side):
    """The service picks the guid, for the first peering of a pair and for the reverse
    one: the response does not carry the guid sent, and a later GET shows the response's."""
    record = read_only_journey(journeys)
    peering = "a->b" if side == "first" else "b->a"
    sent = record.observation("sent", "RO-006").properties["guids"][peering]
    final = final_properties(record, f"create-{peering}", "RO-006")
    chosen = final.response.properties.get("resourceGuid")
    fail("RO-006", final, [] if chosen and chosen != sent else
         [f"expected a guid the service chose, saw {chosen!r} (sent {sent})"])
    expect_peering(record, f"create-{peering}:read", "RO-006", resourceGuid=chosen)


@pytest.mark.requirements("RO-007")
@pytest.mark.parametrize("claimed", ["Failed", "Deleting"])
@pytest.mark.parametrize("operation", ["create", "update"])
def test_a_provisioning_state_in_the_request_is_ignored(journeys, claimed, operation):
    """Neither the initial response nor the outcome shows the claimed state; the peering
    ends Succeeded."""
    record = read_only_journey(journeys)
    key = f"{operation}-{PROVISIONING_CLAIMS[(operation, claimed)]}"
    initial = record.observation(f"{key}:initial", "RO-007")
    body = initial.response.body if isinstance(initial.response.body, dict) else {}
    state = (body.get("properties") or {}).get("provisioningState")
    fail("RO-007", initial, [f"provisioningState is {claimed}, as sent"] if state == claimed else [])
    check_answer_and_read(record, key, "RO-007", provisioningState="Succeeded")


@pytest.mark.requirements("RO-008")
def test_a_remote_virtual_network_encryption_in_the_request_is_ignored(journeys):
    """vnet b has no encryption, so the peering cannot report it enabled because the request said so."""
    record = read_only_journey(journeys)
    final = final_properties(record, "create-a->b", "RO-008")
    read = expect_peering(record, "create-a->b:read", "RO-008")
    for seen, properties in ((final, final.response.properties), (record.seen["create-a->b:read"], read)):
        encryption = properties.get("remoteVirtualNetworkEncryption")
        fail("RO-008", seen, [f"expected remoteVirtualNetworkEncryption absent or not enabled, saw {encryption}"]
             if isinstance(encryption, dict) and encryption.get("enabled") is True else [])


@pytest.mark.requirements("RO-009")
def test_id_name_type_and_etag_in_the_request_neither_rename_nor_retype(journeys):
    """The URL names the peering: a body naming another peering, another type and a made-up
    etag creates the URL's peering; a stale etag in a later body is no precondition."""
    record = read_only_journey(journeys)
    url_name = record.observation("sent", "RO-009").properties["b_to_c"]
    final = final_properties(record, "elsewhere", "RO-009")
    read = expect_status(record, "elsewhere:read", "RO-009", (200,))
    for seen, resource in ((final, final.response.body), (read, read.properties)):
        resource = resource if isinstance(resource, dict) else {}
        name, type_ = resource.get("name"), str(resource.get("type", "")).lower()
        id_tail = str(resource.get("id", "")).lower().rsplit("/virtualnetworkpeerings/", 1)[-1]
        fail("RO-009", seen, [] if (name, id_tail, type_) == (url_name, url_name.lower(), PEERING_TYPE.lower()) else
             [f"expected name {url_name}, id ending in it and type {PEERING_TYPE}; saw {name!r}, "
              f"{resource.get('id')!r}, {resource.get('type')!r}"])
    expect_status(record, "elsewhere:absent", "RO-009", (404,))
    expect_status(record, "stale:put", "RO-009", (200, 201))
    record.observation("stale:final", "RO-009")


@pytest.mark.requirements("RO-010")
def test_a_put_of_an_earlier_get_response_is_accepted(journeys):
    """The body of an earlier GET, read-only fields and old etag included, is a valid PUT
    body and restores the settings it carries."""
    record = read_only_journey(journeys)
    expect_succeeded(record, "replayed:sent", "RO-010")
    check_answer_and_read(record, "replayed", "RO-010", allowForwardedTraffic=False)


@pytest.mark.requirements("RO-012")
def test_each_peerings_resource_guid_survives_updates_and_syncs(journeys):
    """A settings update, an address-space change and the sync keep each side's guid."""
    record = read_only_journey(journeys)
    guids = {peering: expect_peering(record, f"create-{peering}:read", "RO-012").get("resourceGuid")
             for peering in ("a->b", "b->a")}
    fail("RO-012", record.observation("create-b->a:read", "RO-012"),
         [] if all(guids.values()) else [f"expected a resourceGuid on both peerings, saw {guids}"])
    expect_peering(record, "settings-updated:a->b", "RO-012", resourceGuid=guids["a->b"])
    for peering in ("a->b", "b->a"):
        expect_peering(record, f"synced:{peering}", "RO-012", resourceGuid=guids[peering])
