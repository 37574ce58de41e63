"""remoteAddressSpace and remoteVirtualNetworkAddressSpace while a pair is out of sync.

remoteAddressSpace is what the peering peered (at creation or its last sync);
remoteVirtualNetworkAddressSpace is the remote VNet's space now. After VNet X changes,
the peering toward X shows the two apart; X's own peering, whose remote did not change,
shows the peer's prefixes in both. Prefix lists compare as sets.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.address_changes import (
    change_both_sides,
    change_one_side,
    kind_cases,
    one_side_cases,
)
from conformance.suite.scenarios.peering_expectations import check_peering


@pytest.mark.requirements("SYNC-011")
@pytest.mark.parametrize(("kind", "side"), one_side_cases())
def test_the_changed_vnets_own_peering_still_shows_the_unchanged_peer(pair, kind, side):
    """On X's own peering (RemoteNotInSync) both fields still equal the unchanged peer's prefixes."""
    change = change_one_side(pair, kind, side)
    check_peering(
        change.changed, change.peer, change.when,
        remoteAddressSpace=change.peer_prefixes,
        remoteVirtualNetworkAddressSpace=change.peer_prefixes,
    )


@pytest.mark.requirements("SYNC-009")
@pytest.mark.parametrize(("kind", "side"), one_side_cases())
def test_the_peering_toward_the_changed_vnet_keeps_the_peered_prefixes(pair, kind, side):
    """Until it is synced, the peering toward X keeps X's previous prefixes in remoteAddressSpace."""
    change = change_one_side(pair, kind, side)
    check_peering(change.peer, change.changed, change.when, remoteAddressSpace=change.before)


@pytest.mark.requirements("SYNC-010")
@pytest.mark.parametrize(("kind", "side"), one_side_cases())
def test_the_peering_toward_the_changed_vnet_shows_its_current_prefixes(pair, kind, side):
    """remoteVirtualNetworkAddressSpace follows X's space at once, before any sync."""
    change = change_one_side(pair, kind, side)
    check_peering(change.peer, change.changed, change.when, remoteVirtualNetworkAddressSpace=change.after)


@pytest.mark.requirements("SYNC-009")
@pytest.mark.parametrize("kind", kind_cases())
def test_when_both_vnets_change_each_peering_keeps_the_peered_prefixes(pair, kind):
    """Both VNets changed (LocalAndRemoteNotInSync): each remoteAddressSpace still lists
    the prefixes its remote had when the pair was peered."""
    a, b, when = change_both_sides(pair, kind)
    check_peering(a, b, when, remoteAddressSpace=kind.b.before)
    check_peering(b, a, when, remoteAddressSpace=kind.a.before)


@pytest.mark.requirements("SYNC-010")
@pytest.mark.parametrize("kind", kind_cases())
def test_when_both_vnets_change_each_peering_shows_the_remote_current_prefixes(pair, kind):
    """Both VNets changed: each remoteVirtualNetworkAddressSpace lists its remote's new prefixes."""
    a, b, when = change_both_sides(pair, kind)
    check_peering(a, b, when, remoteVirtualNetworkAddressSpace=kind.b.after)
    check_peering(b, a, when, remoteVirtualNetworkAddressSpace=kind.a.after)

