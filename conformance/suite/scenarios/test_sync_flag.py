"""The sync: a peering PUT with `syncRemoteAddressSpace=true`, on the right side or the wrong one.

After VNet X changes, the sync belongs on the peer's peering toward X (the LocalNotInSync
side): it takes X's current prefixes and brings the pair back to FullyInSync. A PUT
without the flag, a sync on X's own peering and a GET carrying the flag change nothing.
Every check judges the sync journey of its change kind (sync_journey.py), which syncs
each way listed here once.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.address_changes import (
    ADD,
    CHANGE_KINDS,
    SIDES,
    journey_group,
    kind_cases,
    one_side_cases,
)
from conformance.suite.scenarios.journey_record import (
    expect_peering,
    expect_status,
    expect_succeeded,
    expect_unchanged,
)
from conformance.suite.scenarios.sync_journey import (
    IN_SYNC_SYNC_KINDS,
    NO_OP_STEPS,
    side_change,
    sync_journey,
    sync_variant,
)

ADD_JOURNEY = pytest.mark.xdist_group(journey_group(ADD))


def _no_op_keys(side: str, step: str) -> tuple[str, str]:
    """The observation before a step of the add journey that must change nothing, and after it."""
    change = side_change(ADD, side)
    index = NO_OP_STEPS.index(step)
    before = change.key("no-op", "start") if index == 0 else change.key(NO_OP_STEPS[index - 1], "after") + ":later"
    return before, change.key(step, "after")


@pytest.mark.requirements("SYNC-012")
@pytest.mark.parametrize(("kind", "side"), one_side_cases())
def test_syncing_the_peering_toward_the_changed_vnet_takes_its_current_prefixes(journeys, kind, side):
    """The sync sets remoteAddressSpace of the peering toward X to X's prefixes now."""
    change = side_change(kind, side)
    expect_peering(sync_journey(journeys, kind), change.key("synced", "toward"), "SYNC-012",
                   remoteAddressSpace=change.after, remoteVirtualNetworkAddressSpace=change.after)


@pytest.mark.requirements("SYNC-012")
@ADD_JOURNEY
def test_a_sync_put_of_the_peerings_own_get_body_takes_the_current_prefixes(journeys):
    """`az network vnet peering sync` GETs the LocalNotInSync peering and PUTs that body
    back with the flag: its stale remoteAddressSpace must not stand in for X's prefixes."""
    side = next(side for side in SIDES if sync_variant(ADD, side) == "get-body")
    change = side_change(ADD, side)
    expect_peering(sync_journey(journeys, ADD), change.key("synced", "toward"), "SYNC-012",
                   remoteAddressSpace=change.after, remoteVirtualNetworkAddressSpace=change.after)


@pytest.mark.requirements("SYNC-013")
@pytest.mark.parametrize(("kind", "side"), one_side_cases())
def test_after_the_sync_both_peerings_are_fully_in_sync(journeys, kind, side):
    """One sync on the right side is all it takes: both peerings FullyInSync and Connected."""
    change = side_change(kind, side)
    record = sync_journey(journeys, kind)
    for what in ("own", "toward"):
        expect_peering(record, change.key("synced", what), "SYNC-013",
                       peeringState="Connected", peeringSyncLevel="FullyInSync")


@pytest.mark.requirements("SYNC-014")
@ADD_JOURNEY
@pytest.mark.parametrize("side", SIDES)
@pytest.mark.parametrize(
    "step", [pytest.param("put-same", id="same-body"), pytest.param("put-setting", id="new-setting")]
)
def test_a_put_without_the_sync_flag_does_not_sync(journeys, side, step):
    """A PUT of the LocalNotInSync peering without the flag - the same body, or a changed
    setting - leaves its remoteAddressSpace and both levels as they were."""
    expect_unchanged(sync_journey(journeys, ADD), *_no_op_keys(side, step), "SYNC-014")


@pytest.mark.requirements("SYNC-015")
@ADD_JOURNEY
@pytest.mark.parametrize("side", SIDES)
def test_a_sync_on_the_changed_vnets_own_peering_changes_no_level(journeys, side):
    """Syncing X's own peering (the RemoteNotInSync side) is the wrong side: both levels,
    and the stale remoteAddressSpace of the peering toward X, stay as they were."""
    expect_unchanged(sync_journey(journeys, ADD), *_no_op_keys(side, "wrong-side-sync"), "SYNC-015")


@pytest.mark.requirements("SYNC-016")
@pytest.mark.parametrize("kind", kind_cases())
def test_syncing_one_of_two_stale_peerings_leaves_it_remote_not_in_sync(journeys, kind):
    """Both VNets changed (LocalAndRemoteNotInSync on both); syncing one peering clears
    its local part only: it is RemoteNotInSync, its reverse LocalNotInSync (the journeys
    of the kinds sync a's peering first, or b's, in turn)."""
    record = sync_journey(journeys, kind)
    expect_peering(record, "both-one-synced:synced", "SYNC-016", peeringSyncLevel="RemoteNotInSync")
    expect_peering(record, "both-one-synced:other", "SYNC-016", peeringSyncLevel="LocalNotInSync")


@pytest.mark.requirements("SYNC-017")
@pytest.mark.parametrize("kind", kind_cases())
def test_syncing_both_stale_peerings_gives_full_sync_with_matching_fields(journeys, kind):
    """After both VNets changed, syncing both peerings (a's first or b's, by kind) gives
    FullyInSync on both, each remoteAddressSpace equal to remoteVirtualNetworkAddressSpace."""
    record = sync_journey(journeys, kind)
    expect_peering(record, "both-synced:a->b", "SYNC-017", peeringSyncLevel="FullyInSync",
                   remoteAddressSpace=kind.b.before, remoteVirtualNetworkAddressSpace=kind.b.before)
    expect_peering(record, "both-synced:b->a", "SYNC-017", peeringSyncLevel="FullyInSync",
                   remoteAddressSpace=kind.a.before, remoteVirtualNetworkAddressSpace=kind.a.before)


def _in_sync_cases() -> list:
    kinds = [kind for kind in CHANGE_KINDS if kind.name in IN_SYNC_SYNC_KINDS]
    return [
        pytest.param(kind, side, id=side, marks=[pytest.mark.xdist_group(journey_group(kind))])
        for kind in kinds
        for side in SIDES
    ]


@pytest.mark.requirements("SYNC-018")
@pytest.mark.parametrize(("kind", "side"), _in_sync_cases())
def test_a_sync_of_a_pair_in_full_sync_answers_200_and_changes_nothing(journeys, kind, side):
    """Syncing a peering with nothing to sync is a plain update: 200, FullyInSync on both,
    address-space fields as before."""
    record = sync_journey(journeys, kind)
    step = f"in-sync-sync-{side}"
    expect_status(record, f"{step}:put", "SYNC-018", (200,))
    expect_peering(record, f"{step}:a->b", "SYNC-018", peeringSyncLevel="FullyInSync",
                   remoteAddressSpace=kind.b.before, remoteVirtualNetworkAddressSpace=kind.b.before)
    expect_peering(record, f"{step}:b->a", "SYNC-018", peeringSyncLevel="FullyInSync",
                   remoteAddressSpace=kind.a.before, remoteVirtualNetworkAddressSpace=kind.a.before)


@pytest.mark.requirements("SYNC-021")
@ADD_JOURNEY
def test_a_sync_flag_spelled_capital_true_is_honoured(journeys):
    """Azure PowerShell sends `syncRemoteAddressSpace=True` and the live service synced."""
    side = next(side for side in SIDES if sync_variant(ADD, side) == "capital-true")
    change = side_change(ADD, side)
    record = sync_journey(journeys, ADD)
    expect_succeeded(record, change.key("capital-true", "put"), "SYNC-021")
    expect_peering(record, change.key("capital-true", "toward"), "SYNC-021",
                   peeringSyncLevel="FullyInSync", remoteAddressSpace=change.after)
    expect_peering(record, change.key("capital-true", "own"), "SYNC-021", peeringSyncLevel="FullyInSync")


@pytest.mark.requirements("SYNC-022")
@ADD_JOURNEY
@pytest.mark.parametrize("side", SIDES)
def test_a_get_carrying_the_sync_flag_changes_nothing(journeys, side):
    """Only a PUT syncs: a GET with `syncRemoteAddressSpace=true` (the SDK's final GET
    repeats the PUT's query) is answered 200 and leaves remoteAddressSpace and the levels
    as they were."""
    record = sync_journey(journeys, ADD)
    expect_status(record, side_change(ADD, side).key("flagged-get", "get"), "SYNC-022", (200,))
    expect_unchanged(record, *_no_op_keys(side, "flagged-get"), "SYNC-022")
