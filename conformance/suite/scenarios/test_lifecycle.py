"""The life of a peering pair: Initiated, Connected, Disconnected, refused, recovered.

Judged on the pair-lifecycle journey (pair_journey.py), which walks one pair through
every state (each read is a GET after the operations finished, as a client would read,
re-read until the state the story implies or the settle timeout): a->b alone
(Initiated); b->a (Connected); b->a deleted (a->b Disconnected, b->a gone); b->a again
(refused while a->b is Disconnected); the disconnected a->b deleted and both created
again (Connected); b->a deleted again, a->b PUT again (Initiated), b->a (Connected);
vnet b deleted (a->b Disconnected). The PUT of a Disconnected peering is only a SHOULD
(LIFE-007; the docs name only delete-and-recreate), so it is attempted, never a step
whose refusal stops the journey before a MUST observation. Each check judges its
requirement on the record and names the exchange that shows a failure.
"""

from __future__ import annotations

import pytest

from conformance.suite.check_findings import not_applicable
from conformance.suite.scenarios.journey_record import (
    expect_peering,
    expect_refused,
    expect_status,
    expect_succeeded,
    fail,
)
from conformance.suite.scenarios.pair_journey import JOURNEY, pair_journey

# The docs' examples show FullyInSync for a one-sided peering, the live service
# RemoteNotInSync (NOTES.md, "Docs versus the live service"): either conforms.
ONE_SIDED_SYNC_LEVELS = ("FullyInSync", "RemoteNotInSync")

pytestmark = pytest.mark.xdist_group(JOURNEY)


@pytest.mark.requirements("LIFE-001", "SYNC-002")
def test_a_one_sided_peering_is_initiated(journeys):
    record = pair_journey(journeys)
    expect_peering(record, "one-sided:a->b", "LIFE-001", peeringState="Initiated")
    expect_peering(record, "one-sided:a->b", "SYNC-002", peeringSyncLevel=ONE_SIDED_SYNC_LEVELS)


@pytest.mark.requirements("LIFE-002", "SYNC-003", "RO-011")
def test_the_reverse_peering_connects_both_sides_in_sync_with_one_guid(journeys, findings):
    """The shared guid is only seen live (RO-011, a SHOULD): a different one is recorded as a
    finding on RO-011 alone and does not fail the documented LIFE-002 and SYNC-003."""
    record = pair_journey(journeys)
    guids = []
    for key in ("connected:a->b", "connected:b->a"):
        expect_peering(record, key, "LIFE-002", peeringState="Connected")
        guids.append(expect_peering(record, key, "SYNC-003", peeringSyncLevel="FullyInSync").get("resourceGuid"))
    if guids[0] != guids[1]:
        seen = record.observation("connected:b->a", "RO-011")
        findings.record("RO-011", f"the two halves of the Connected pair report resourceGuid "
                                  f"{guids[0]!r} and {guids[1]!r}", seen.exchange_id)


@pytest.mark.requirements("LIFE-003", "LIFE-009")
def test_deleting_one_side_disconnects_the_survivor_and_the_deleted_side_is_gone(journeys):
    record = pair_journey(journeys)
    expect_peering(record, "deleted:a->b", "LIFE-003", peeringState="Disconnected")
    expect_status(record, "deleted:b->a", "LIFE-009", (404,))
    listed = record.observation("deleted:list-b", "LIFE-009")
    name = record.observation("names", "LIFE-009").properties["b->a"]
    fail("LIFE-009", listed, [f"still lists {name}"] if name.lower() in
         [item.lower() for item in listed.properties["names"]] else [])


@pytest.mark.requirements("LIFE-004")
def test_deleting_a_vnet_disconnects_the_peering_toward_it(journeys):
    """Earned only from a pair seen Connected right before the deletion (a peering already
    Disconnected would show nothing of what the deletion did)."""
    record = pair_journey(journeys)
    before = record.observation("vnet-delete:a->b", "LIFE-004")
    if before.properties.get("peeringState") != "Connected":
        not_applicable(f"{before.what} was not Connected (saw {before.properties.get('peeringState')!r}, "
                       f"exchange {before.exchange_id}): the deletion of vnet b cannot be judged")
    expect_peering(record, "vnet-deleted:a->b", "LIFE-004", peeringState="Disconnected")


@pytest.mark.requirements("LIFE-005")
def test_recreating_the_deleted_side_is_refused_while_the_survivor_is_disconnected(journeys):
    expect_refused(pair_journey(journeys), "recreate", "LIFE-005", code="RemotePeeringIsDisconnected")


@pytest.mark.requirements("LIFE-006")
def test_deleting_the_disconnected_side_and_recreating_both_connects_again(journeys):
    record = pair_journey(journeys)
    for key in ("anew:a->b", "anew:b->a"):
        expect_peering(record, key, "LIFE-006", peeringState="Connected")


@pytest.mark.requirements("LIFE-007")
def test_a_put_of_the_disconnected_side_brings_it_back_to_initiated(journeys):
    record = pair_journey(journeys)
    before = record.observation("disconnected-again:a->b", "LIFE-007")
    if before.properties.get("peeringState") != "Disconnected":
        not_applicable(f"{before.what} was not Disconnected (saw {before.properties.get('peeringState')!r}, "
                       f"exchange {before.exchange_id}): no Disconnected peering to PUT")
    expect_succeeded(record, "recover:put", "LIFE-007")
    expect_peering(record, "recovered:a->b", "LIFE-007", peeringState="Initiated")


@pytest.mark.requirements("LIFE-008")
def test_after_recovery_by_put_the_other_side_can_be_recreated_and_both_connect(journeys):
    """Judged only after LIFE-007's recovery happened; otherwise there is nothing to judge."""
    record = pair_journey(journeys)
    recovered = record.seen.get("recovered:a->b")
    if "recover:put" in record.seen and (recovered is None or recovered.properties.get("peeringState") != "Initiated"):
        not_applicable("the PUT of the Disconnected a->b did not bring it back to Initiated (LIFE-007)")
    expect_succeeded(record, "recover:reverse", "LIFE-008")
    for key in ("reconnected:a->b", "reconnected:b->a"):
        expect_peering(record, key, "LIFE-008", peeringState="Connected")
