"""peeringSyncLevel as address spaces change: which side reports what, before any sync.

The level of a peering compares what it peered (at creation or its last sync) with its
remote VNet's prefixes now (local part), and does the same for the reverse peering
(remote part). Every check reads both peerings with a GET once the operations finished.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.address_changes import (
    change_both_sides,
    change_one_side,
    kind_cases,
    one_side_cases,
    set_prefixes,
)
from conformance.suite.scenarios.peering_expectations import (
    ONE_SIDED_REMOTE_CHANGED,
    check_peering,
    check_succeeded,
    shown,
)


@pytest.mark.requirements("SYNC-001")
def test_a_new_peering_shows_the_remote_prefixes_in_both_address_space_fields(pair):
    """Right after creation, remoteAddressSpace and remoteVirtualNetworkAddressSpace both
    list the remote VNet's prefixes - for the first side and for the reverse."""
    a, b = pair(("10.1.0.0/16",), ("10.2.0.0/16", "10.12.0.0/16"))
    check_succeeded(a.peer(b), "creating the peering a->b")
    check_peering(
        a, b, "right after its creation",
        remoteAddressSpace=["10.2.0.0/16", "10.12.0.0/16"],
        remoteVirtualNetworkAddressSpace=["10.2.0.0/16", "10.12.0.0/16"],
    )
    check_succeeded(b.peer(a), "creating the reverse peering b->a")
    check_peering(
        b, a, "right after its creation",
        remoteAddressSpace=["10.1.0.0/16"],
        remoteVirtualNetworkAddressSpace=["10.1.0.0/16"],
    )


@pytest.mark.parametrize(("kind", "side"), one_side_cases(lambda kind: kind.own_level_requirement))
def test_the_changed_vnets_own_peering_reports_remote_not_in_sync(pair, kind, side):
    """After VNet X of an in-sync pair changes its space, X's peering is RemoteNotInSync:
    the reverse peering has not taken X's new prefixes yet."""
    change = change_one_side(pair, kind, side)
    check_peering(
        change.changed, change.peer, change.when, peeringState="Connected", peeringSyncLevel="RemoteNotInSync"
    )


@pytest.mark.parametrize(("kind", "side"), one_side_cases(lambda kind: kind.toward_level_requirement))
def test_the_peering_toward_the_changed_vnet_reports_local_not_in_sync(pair, kind, side):
    """After VNet X of an in-sync pair changes its space, the peer's peering toward X is
    LocalNotInSync: what it peered is no longer X's space."""
    change = change_one_side(pair, kind, side)
    check_peering(change.peer, change.changed, change.when, peeringState="Connected", peeringSyncLevel="LocalNotInSync")


@pytest.mark.requirements("SYNC-008")
@pytest.mark.parametrize("kind", kind_cases())
def test_when_both_vnets_change_both_peerings_report_local_and_remote_not_in_sync(pair, kind):
    """Both VNets changed and neither peering synced: each peering is stale on both counts."""
    a, b, when = change_both_sides(pair, kind)
    check_peering(a, b, when, peeringState="Connected", peeringSyncLevel="LocalAndRemoteNotInSync")
    check_peering(b, a, when, peeringState="Connected", peeringSyncLevel="LocalAndRemoteNotInSync")


@pytest.mark.requirements("SYNC-019")
@pytest.mark.parametrize(("kind", "side"), one_side_cases())
def test_changing_the_prefixes_back_restores_full_sync_without_a_sync(pair, kind, side):
    """A VNet that returns to the prefixes last peered leaves nothing to sync: both
    peerings are FullyInSync again, and their fields show the original prefixes."""
    change = change_one_side(pair, kind, side)
    set_prefixes(change.changed, change.before)
    when = f"{change.when} and back"
    check_peering(
        change.changed, change.peer, when,
        peeringSyncLevel="FullyInSync",
        remoteAddressSpace=change.peer_prefixes,
        remoteVirtualNetworkAddressSpace=change.peer_prefixes,
    )
    check_peering(
        change.peer, change.changed, when,
        peeringSyncLevel="FullyInSync",
        remoteAddressSpace=change.before,
        remoteVirtualNetworkAddressSpace=change.before,
    )


@pytest.mark.requirements("SYNC-020")
@pytest.mark.parametrize("kind", kind_cases())
def test_a_one_sided_peering_whose_remote_changed_reports_local_not_in_sync(pair, kind):
    """An Initiated peering toward a VNet that changed is stale locally. The docs' rule
    gives LocalNotInSync; the live service, which calls any one-sided peering
    RemoteNotInSync, gives LocalAndRemoteNotInSync: both conform."""
    a, b = pair(kind.a.before, kind.b.before)
    check_succeeded(a.peer(b), "creating the one-sided peering a->b")
    set_prefixes(b, kind.b.after)
    check_peering(
        a, b, f"after the remote vnet b went from {shown(kind.b.before)} to {shown(kind.b.after)}",
        peeringState="Initiated",
        peeringSyncLevel=ONE_SIDED_REMOTE_CHANGED,
    )

