"""remoteAddressSpace and remoteVirtualNetworkAddressSpace while a pair is out of sync.

remoteAddressSpace is what the peering peered (at creation or its last sync);
remoteVirtualNetworkAddressSpace is the remote VNet's space now. After VNet X changes,
the peering toward X shows the two apart; X's own peering, whose remote did not change,
shows the peer's prefixes in both. Prefix lists compare as sets. Every check judges the
sync journey of its change kind (sync_journey.py).
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.address_changes import kind_cases, one_side_cases
from conformance.suite.scenarios.journey_record import expect_peering
from conformance.suite.scenarios.sync_journey import side_change, sync_journey


@pytest.mark.requirements("SYNC-011")
@pytest.mark.parametrize(("kind", "side"), one_side_cases())
def test_the_changed_vnets_own_peering_still_shows_the_unchanged_peer(journeys, kind, side):
    """On X's own peering (RemoteNotInSync) both fields still equal the unchanged peer's prefixes."""
    change = side_change(kind, side)
    expect_peering(sync_journey(journeys, kind), change.key("changed", "own"), "SYNC-011",
                   remoteAddressSpace=change.peer_prefixes, remoteVirtualNetworkAddressSpace=change.peer_prefixes)


@pytest.mark.requirements("SYNC-009")
@pytest.mark.parametrize(("kind", "side"), one_side_cases())
def test_the_peering_toward_the_changed_vnet_keeps_the_peered_prefixes(journeys, kind, side):
    """Until it is synced, the peering toward X keeps X's previous prefixes in remoteAddressSpace."""
    change = side_change(kind, side)
    expect_peering(sync_journey(journeys, kind), change.key("changed", "toward"), "SYNC-009",
                   remoteAddressSpace=change.before)


@pytest.mark.requirements("SYNC-010")
@pytest.mark.parametrize(("kind", "side"), one_side_cases())
def test_the_peering_toward_the_changed_vnet_shows_its_current_prefixes(journeys, kind, side):
    """remoteVirtualNetworkAddressSpace follows X's space at once, before any sync."""
    change = side_change(kind, side)
    expect_peering(sync_journey(journeys, kind), change.key("changed", "toward"), "SYNC-010",
                   remoteVirtualNetworkAddressSpace=change.after)


@pytest.mark.requirements("SYNC-009")
@pytest.mark.parametrize("kind", kind_cases())
def test_when_both_vnets_change_each_peering_keeps_the_peered_prefixes(journeys, kind):
    """Both VNets changed (LocalAndRemoteNotInSync): each remoteAddressSpace still lists
    the prefixes its remote had when the pair was last synced (their journey's second prefixes)."""
    record = sync_journey(journeys, kind)
    expect_peering(record, "both:a->b", "SYNC-009", remoteAddressSpace=kind.b.after)
    expect_peering(record, "both:b->a", "SYNC-009", remoteAddressSpace=kind.a.after)


@pytest.mark.requirements("SYNC-010")
@pytest.mark.parametrize("kind", kind_cases())
def test_when_both_vnets_change_each_peering_shows_the_remote_current_prefixes(journeys, kind):
    """Both VNets changed (back to their first prefixes): each remoteVirtualNetworkAddressSpace
    lists its remote's new prefixes."""
    record = sync_journey(journeys, kind)
    expect_peering(record, "both:a->b", "SYNC-010", remoteVirtualNetworkAddressSpace=kind.b.before)
    expect_peering(record, "both:b->a", "SYNC-010", remoteVirtualNetworkAddressSpace=kind.a.before)
