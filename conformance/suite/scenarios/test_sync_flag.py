"""The sync: a peering PUT with `syncRemoteAddressSpace=true`, on the right side or the wrong one.

After VNet X changes, the sync belongs on the peer's peering toward X (the LocalNotInSync
side): it takes X's current prefixes and brings the pair back to FullyInSync. A PUT
without the flag, a sync on X's own peering and a GET carrying the flag change nothing.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.address_changes import (
    ADD,
    SIDES,
    change_both_sides,
    change_one_side,
    kind_cases,
    one_side_cases,
)
from conformance.suite.scenarios.peering_expectations import (
    check_peering,
    check_stays_unchanged,
    check_succeeded,
    pair_observation,
)

SYNC_PARAMETER = "syncRemoteAddressSpace"


@pytest.mark.requirements("SYNC-012")
@pytest.mark.parametrize(("kind", "side"), one_side_cases())
def test_syncing_the_peering_toward_the_changed_vnet_takes_its_current_prefixes(pair, kind, side):
    """The sync sets remoteAddressSpace of the peering toward X to X's prefixes now."""
    change = change_one_side(pair, kind, side)
    check_succeeded(change.peer.peer(change.changed, sync=True), "the sync PUT of the peering toward the changed vnet")
    check_peering(
        change.peer, change.changed, f"{change.when} and that peering was synced",
        remoteAddressSpace=change.after,
        remoteVirtualNetworkAddressSpace=change.after,
    )


@pytest.mark.requirements("SYNC-012")
@pytest.mark.parametrize("side", SIDES)
def test_a_sync_put_of_the_peerings_own_get_body_takes_the_current_prefixes(pair, side):
    """`az network vnet peering sync` GETs the LocalNotInSync peering and PUTs that body
    back with the flag: its stale remoteAddressSpace must not stand in for X's prefixes."""
    change = change_one_side(pair, ADD, side)
    read = change.peer.peering(change.changed)
    check_succeeded(
        change.peer.peer(change.changed, body=read, sync=True),
        "the sync PUT of the peering toward the changed vnet, with its own GET body",
    )
    check_peering(
        change.peer, change.changed, f"{change.when} and that peering was synced with its own GET body",
        remoteAddressSpace=change.after,
        remoteVirtualNetworkAddressSpace=change.after,
    )


@pytest.mark.requirements("SYNC-013")
@pytest.mark.parametrize(("kind", "side"), one_side_cases())
def test_after_the_sync_both_peerings_are_fully_in_sync(pair, kind, side):
    """One sync on the right side is all it takes: both peerings FullyInSync and Connected."""
    change = change_one_side(pair, kind, side)
    check_succeeded(change.peer.peer(change.changed, sync=True), "the sync PUT of the peering toward the changed vnet")
    when = f"{change.when} and the peering toward it was synced"
    check_peering(change.changed, change.peer, when, peeringState="Connected", peeringSyncLevel="FullyInSync")
    check_peering(change.peer, change.changed, when, peeringState="Connected", peeringSyncLevel="FullyInSync")


@pytest.mark.requirements("SYNC-014")
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    "settings", [pytest.param({}, id="same-body"), pytest.param({"allowForwardedTraffic": True}, id="new-setting")]
)
def test_a_put_without_the_sync_flag_does_not_sync(pair, side, settings):
    """A PUT of the LocalNotInSync peering without the flag - the same body, or a changed
    setting - leaves its remoteAddressSpace and both levels as they were."""
    change = change_one_side(pair, ADD, side)
    before = pair_observation(change.peer, change.changed)
    check_succeeded(
        change.peer.peer(change.changed, **settings), "the PUT (no sync flag) of the peering toward the changed vnet"
    )
    check_stays_unchanged(
        before,
        lambda: pair_observation(change.peer, change.changed),
        f"{change.when}, a PUT without the sync flag of the peering toward it",
    )


@pytest.mark.requirements("SYNC-015")
@pytest.mark.parametrize("side", SIDES)
def test_a_sync_on_the_changed_vnets_own_peering_changes_no_level(pair, side):
    """Syncing X's own peering (the RemoteNotInSync side) is the wrong side: both levels,
    and the stale remoteAddressSpace of the peering toward X, stay as they were."""
    change = change_one_side(pair, ADD, side)
    before = pair_observation(change.peer, change.changed)
    check_succeeded(change.changed.peer(change.peer, sync=True), "the sync PUT of the changed vnet's own peering")
    check_stays_unchanged(
        before,
        lambda: pair_observation(change.peer, change.changed),
        f"{change.when}, a sync of its own peering (the wrong side)",
    )


@pytest.mark.requirements("SYNC-016")
@pytest.mark.parametrize("first", SIDES)
@pytest.mark.parametrize("kind", kind_cases())
def test_syncing_one_of_two_stale_peerings_leaves_it_remote_not_in_sync(pair, kind, first):
    """Both VNets changed (LocalAndRemoteNotInSync on both); syncing one peering clears
    its local part only: it is RemoteNotInSync, its reverse LocalNotInSync."""
    a, b, when = change_both_sides(pair, kind)
    synced, other = (a, b) if first == "a" else (b, a)
    check_succeeded(synced.peer(other, sync=True), f"the sync PUT of peering {synced.role}->{other.role}")
    when = f"{when}, then peering {synced.role}->{other.role} was synced"
    check_peering(synced, other, when, peeringSyncLevel="RemoteNotInSync")
    check_peering(other, synced, when, peeringSyncLevel="LocalNotInSync")


@pytest.mark.requirements("SYNC-017")
@pytest.mark.parametrize("first", SIDES)
@pytest.mark.parametrize("kind", kind_cases())
def test_syncing_both_stale_peerings_gives_full_sync_with_matching_fields(pair, kind, first):
    """After both VNets changed, syncing both peerings (in either order) gives FullyInSync
    on both, each remoteAddressSpace equal to remoteVirtualNetworkAddressSpace."""
    a, b, when = change_both_sides(pair, kind)
    order = [(a, b), (b, a)] if first == "a" else [(b, a), (a, b)]
    for local, remote in order:
        check_succeeded(local.peer(remote, sync=True), f"the sync PUT of peering {local.role}->{remote.role}")
    when = f"{when}, then both peerings were synced, {order[0][0].role}'s first"
    check_peering(
        a, b, when,
        peeringSyncLevel="FullyInSync", remoteAddressSpace=kind.b.after, remoteVirtualNetworkAddressSpace=kind.b.after,
    )
    check_peering(
        b, a, when,
        peeringSyncLevel="FullyInSync", remoteAddressSpace=kind.a.after, remoteVirtualNetworkAddressSpace=kind.a.after,
    )


@pytest.mark.requirements("SYNC-018")
@pytest.mark.parametrize("side", SIDES)
def test_a_sync_of_a_pair_in_full_sync_answers_200_and_changes_nothing(pair, side):
    """Syncing a peering with nothing to sync is a plain update: 200, FullyInSync on both,
    address-space fields as before."""
    a, b = pair()
    a.peer(b).ensure_succeeded()
    b.peer(a).ensure_succeeded()
    local, remote = (a, b) if side == "a" else (b, a)
    result = local.peer(remote, sync=True)
    assert result.initial.status == 200, (
        f"the sync PUT of the existing peering {local.role}->{remote.role}: expected 200 (an update), "
        f"got {result.initial.describe()}"
    )
    check_succeeded(result, f"the sync PUT of peering {local.role}->{remote.role}")
    when = f"after a sync of peering {local.role}->{remote.role} of an in-sync pair"
    check_peering(
        a, b, when,
        peeringSyncLevel="FullyInSync",
        remoteAddressSpace=["10.2.0.0/16"],
        remoteVirtualNetworkAddressSpace=["10.2.0.0/16"],
    )
    check_peering(
        b, a, when,
        peeringSyncLevel="FullyInSync",
        remoteAddressSpace=["10.1.0.0/16"],
        remoteVirtualNetworkAddressSpace=["10.1.0.0/16"],
    )


@pytest.mark.requirements("SYNC-021")
@pytest.mark.parametrize("side", SIDES)
def test_a_sync_flag_spelled_capital_true_is_honoured(pair, side):
    """Azure PowerShell sends `syncRemoteAddressSpace=True` and the live service synced."""
    change = change_one_side(pair, ADD, side)
    check_succeeded(
        change.peer.peer(change.changed, params={SYNC_PARAMETER: "True"}),
        "the PUT with syncRemoteAddressSpace=True of the peering toward the changed vnet",
    )
    when = f"{change.when} and the peering toward it was PUT with syncRemoteAddressSpace=True"
    check_peering(change.peer, change.changed, when, peeringSyncLevel="FullyInSync", remoteAddressSpace=change.after)
    check_peering(change.changed, change.peer, when, peeringSyncLevel="FullyInSync")


@pytest.mark.requirements("SYNC-022")
@pytest.mark.parametrize("side", SIDES)
def test_a_get_carrying_the_sync_flag_changes_nothing(pair, side):
    """Only a PUT syncs: a GET with `syncRemoteAddressSpace=true` (the SDK's final GET
    repeats the PUT's query) is answered 200 and leaves remoteAddressSpace and the levels
    as they were."""
    change = change_one_side(pair, ADD, side)
    before = pair_observation(change.peer, change.changed)
    flagged = change.peer.get_peering(change.changed, params={SYNC_PARAMETER: "true"})
    assert flagged.status == 200, f"GET with syncRemoteAddressSpace=true: expected 200, got {flagged.describe()}"
    check_stays_unchanged(
        before,
        lambda: pair_observation(change.peer, change.changed),
        f"{change.when}, a GET ?syncRemoteAddressSpace=true of the peering toward it",
    )
