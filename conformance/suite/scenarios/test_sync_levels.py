"""peeringSyncLevel as address spaces change: which side reports what, before any sync.

The level of a peering compares what it peered (at creation or its last sync) with its
remote VNet's prefixes now (local part), and does the same for the reverse peering
(remote part). Every check judges a GET read once the operations finished, taken on the
sync journey of its change kind (sync_journey.py).
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.address_changes import CHANGE_KINDS, kind_cases, one_side_cases, opens_a_chain
from conformance.suite.scenarios.journey_record import expect_peering
from conformance.suite.scenarios.peering_expectations import ONE_SIDED_REMOTE_CHANGED
from conformance.suite.scenarios.sync_journey import RETURN_KINDS, side_change, sync_journey

# The kinds whose journey creates and connects a pair (the others start from the pair
# the kind before them in their chain left), and those that also change back.
OPENING_KINDS = tuple(kind for kind in CHANGE_KINDS if opens_a_chain(kind))
RETURNING_KINDS = tuple(kind for kind in CHANGE_KINDS if kind.name in RETURN_KINDS)


@pytest.mark.requirements("SYNC-001")
@pytest.mark.parametrize("kind", kind_cases(OPENING_KINDS))
def test_a_new_peering_shows_the_remote_prefixes_in_both_address_space_fields(journeys, kind):
    """Right after creation, remoteAddressSpace and remoteVirtualNetworkAddressSpace both
    list the remote VNet's prefixes - for the first side and for the reverse."""
    record = sync_journey(journeys, kind)
    expect_peering(record, "one-sided:a->b", "SYNC-001",
                   remoteAddressSpace=kind.b.before, remoteVirtualNetworkAddressSpace=kind.b.before)
    expect_peering(record, "reverse:b->a", "SYNC-001",
                   remoteAddressSpace=kind.a.before, remoteVirtualNetworkAddressSpace=kind.a.before)


@pytest.mark.parametrize(("kind", "side"), one_side_cases(lambda kind: kind.own_level_requirement))
def test_the_changed_vnets_own_peering_reports_remote_not_in_sync(journeys, kind, side):
    """After VNet X of an in-sync pair changes its space, X's peering is RemoteNotInSync:
    the reverse peering has not taken X's new prefixes yet."""
    change = side_change(kind, side)
    expect_peering(sync_journey(journeys, kind), change.key("changed", "own"), kind.own_level_requirement,
                   peeringState="Connected", peeringSyncLevel="RemoteNotInSync")


@pytest.mark.parametrize(("kind", "side"), one_side_cases(lambda kind: kind.toward_level_requirement))
def test_the_peering_toward_the_changed_vnet_reports_local_not_in_sync(journeys, kind, side):
    """After VNet X of an in-sync pair changes its space, the peer's peering toward X is
    LocalNotInSync: what it peered is no longer X's space."""
    change = side_change(kind, side)
    expect_peering(sync_journey(journeys, kind), change.key("changed", "toward"), kind.toward_level_requirement,
                   peeringState="Connected", peeringSyncLevel="LocalNotInSync")


@pytest.mark.requirements("SYNC-008")
@pytest.mark.parametrize("kind", kind_cases())
def test_when_both_vnets_change_both_peerings_report_local_and_remote_not_in_sync(journeys, kind):
    """Both VNets changed and neither peering synced: each peering is stale on both counts."""
    record = sync_journey(journeys, kind)
    for key in ("both:a->b", "both:b->a"):
        expect_peering(record, key, "SYNC-008", peeringState="Connected", peeringSyncLevel="LocalAndRemoteNotInSync")


@pytest.mark.requirements("SYNC-019")
@pytest.mark.parametrize(("kind", "side"), one_side_cases(kinds=RETURNING_KINDS))
def test_changing_the_prefixes_back_restores_full_sync_without_a_sync(journeys, kind, side):
    """A VNet that returns to the prefixes last peered leaves nothing to sync: both
    peerings are FullyInSync again, and their fields show the original prefixes."""
    change = side_change(kind, side)
    record = sync_journey(journeys, kind)
    expect_peering(record, change.key("back", "own"), "SYNC-019", peeringSyncLevel="FullyInSync",
                   remoteAddressSpace=change.peer_prefixes, remoteVirtualNetworkAddressSpace=change.peer_prefixes)
    expect_peering(record, change.key("back", "toward"), "SYNC-019", peeringSyncLevel="FullyInSync",
                   remoteAddressSpace=change.before, remoteVirtualNetworkAddressSpace=change.before)


@pytest.mark.requirements("SYNC-020")
@pytest.mark.parametrize("kind", kind_cases(RETURNING_KINDS))
def test_a_one_sided_peering_whose_remote_changed_reports_local_not_in_sync(journeys, kind):
    """An Initiated peering toward a VNet that changed is stale locally. The docs' rule
    gives LocalNotInSync; the live service, which calls any one-sided peering
    RemoteNotInSync, gives LocalAndRemoteNotInSync: both conform."""
    expect_peering(sync_journey(journeys, kind), "one-sided:remote-changed", "SYNC-020",
                   peeringState="Initiated", peeringSyncLevel=ONE_SIDED_REMOTE_CHANGED)
