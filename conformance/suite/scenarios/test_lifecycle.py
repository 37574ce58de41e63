"""The life of a peering pair: Initiated, Connected, Disconnected, refused, recovered.

One journey per process walks a pair through every state (each read is a GET after the
operations finished, as a client would read, re-read until the state the story implies
or the settle timeout): a->b alone (Initiated); b->a (Connected); b->a deleted (a->b
Disconnected, b->a gone); b->a again (refused while a->b is Disconnected); the
disconnected a->b deleted and both created again (Connected); b->a deleted again, a->b
PUT again (Initiated), b->a (Connected); vnet b deleted (a->b Disconnected).
The PUT of a Disconnected peering is only a SHOULD (LIFE-007; the docs name only
delete-and-recreate), so it is attempted, never a step whose refusal stops the journey
before a MUST observation. Each check
judges its requirement on the record and names the exchange that shows a failure.
"""

from __future__ import annotations

import pytest

from conformance.suite.check_findings import not_applicable
from conformance.suite.scenarios.journey_record import (
    JourneyRecord,
    expect_peering,
    expect_refused,
    expect_status,
    expect_succeeded,
    fail,
)
from conformance.suite.scenarios.journeys import Journey

# The docs' examples show FullyInSync for a one-sided peering, the live service
# RemoteNotInSync (NOTES.md, "Docs versus the live service"): either conforms.
ONE_SIDED_SYNC_LEVELS = ("FullyInSync", "RemoteNotInSync")
JOURNEY = "lifecycle"

pytestmark = pytest.mark.xdist_group(JOURNEY)


def lifecycle_journey(journeys) -> JourneyRecord:
    return journeys.take(JOURNEY, _walk)


def _walk(journey: Journey) -> None:
    a, b = journey.vnets.several([(("10.1.0.0/16",), None, "a"), (("10.2.0.0/16",), None, "b")])
    journey.note("names", "the peering names", **{"b->a": b.peering_name(a)})
    journey.wrote(None, a.peer(b), "creating the peering a->b")
    journey.peering("one-sided:a->b", a, b, "with no peering back", peeringState="Initiated")
    journey.wrote(None, b.peer(a), "creating the reverse peering b->a")
    _connected(journey, "connected", a, b, "after both sides were peered")
    journey.wrote(None, b.delete_peering(a), "deleting the peering b->a")
    journey.peering("deleted:a->b", a, b, "after b's side was deleted", peeringState="Disconnected")
    journey.answered("deleted:b->a", b.get_peering(a), "peering b->a after its deletion")
    journey.listed("deleted:list-b", b, "the list of vnet b's peerings after b->a was deleted")
    journey.refusal("recreate", b.peer(a).initial, "re-creating b->a while a->b is Disconnected",
                    lambda: b.get_peering(a), lambda: b.delete_peering(a))
    journey.wrote(None, a.delete_peering(b), "deleting the disconnected peering a->b")
    journey.wrote(None, a.peer(b), "creating a->b anew")
    journey.wrote(None, b.peer(a), "creating b->a anew")
    _connected(journey, "anew", a, b, "after both sides were deleted and created anew")
    _recover_by_put(journey, a, b)
    journey.peering("vnet-delete:a->b", a, b, "right before vnet b was deleted", peeringState="Connected")
    journey.wrote(None, b.delete(), "deleting vnet b")
    journey.peering("vnet-deleted:a->b", a, b, "after vnet b was deleted", peeringState="Disconnected")


def _connected(journey: Journey, step: str, a, b, when: str) -> bool:
    """Both peerings read until Connected; whether both showed it."""
    seen = [journey.peering(f"{step}:{local.role}->{remote.role}", local, remote, when, peeringState="Connected")
            for local, remote in ((a, b), (b, a))]
    return all(item.properties.get("peeringState") == "Connected" for item in seen)


def _recover_by_put(journey: Journey, a, b) -> None:
    """LIFE-007/008, only SHOULDs: their writes are attempted, not required, and come after
    every MUST observation but LIFE-004; when the target took another legal road (a refused
    PUT of the Disconnected side), the pair is rebuilt the documented way (delete and
    re-create) so that LIFE-004 still starts from a Connected pair."""
    journey.wrote(None, b.delete_peering(a), "deleting the peering b->a again")
    journey.peering("disconnected-again:a->b", a, b, "after b's side was deleted again", peeringState="Disconnected")
    reconnected = False
    if journey.attempted("recover:put", a.peer(b), "the PUT of the disconnected peering a->b"):
        journey.peering("recovered:a->b", a, b, "after a PUT of the disconnected side", peeringState="Initiated")
        if journey.attempted("recover:reverse", b.peer(a), "re-creating b->a after a->b was recovered"):
            reconnected = _connected(journey, "reconnected", a, b, "after the recovered a->b and a new b->a")
    if not reconnected:
        journey.wrote(None, b.delete_peering(a), "deleting b->a, whatever is left of it, to rebuild the pair")
        journey.wrote(None, a.delete_peering(b), "deleting a->b to rebuild the pair")
        journey.wrote(None, a.peer(b), "creating a->b again to rebuild the pair")
        journey.wrote(None, b.peer(a), "creating b->a again to rebuild the pair")


@pytest.mark.requirements("LIFE-001", "SYNC-002")
def test_a_one_sided_peering_is_initiated(journeys):
    record = lifecycle_journey(journeys)
    expect_peering(record, "one-sided:a->b", "LIFE-001", peeringState="Initiated")
    expect_peering(record, "one-sided:a->b", "SYNC-002", peeringSyncLevel=ONE_SIDED_SYNC_LEVELS)


@pytest.mark.requirements("LIFE-002", "SYNC-003", "RO-011")
def test_the_reverse_peering_connects_both_sides_in_sync_with_one_guid(journeys, findings):
    """The shared guid is only seen live (RO-011, a SHOULD): a different one is recorded as a
    finding on RO-011 alone and does not fail the documented LIFE-002 and SYNC-003."""
    record = lifecycle_journey(journeys)
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
    record = lifecycle_journey(journeys)
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
    record = lifecycle_journey(journeys)
    before = record.observation("vnet-delete:a->b", "LIFE-004")
    if before.properties.get("peeringState") != "Connected":
        not_applicable(f"{before.what} was not Connected (saw {before.properties.get('peeringState')!r}, "
                       f"exchange {before.exchange_id}): the deletion of vnet b cannot be judged")
    expect_peering(record, "vnet-deleted:a->b", "LIFE-004", peeringState="Disconnected")


@pytest.mark.requirements("LIFE-005")
def test_recreating_the_deleted_side_is_refused_while_the_survivor_is_disconnected(journeys):
    expect_refused(lifecycle_journey(journeys), "recreate", "LIFE-005", code="RemotePeeringIsDisconnected")


@pytest.mark.requirements("LIFE-006")
def test_deleting_the_disconnected_side_and_recreating_both_connects_again(journeys):
    record = lifecycle_journey(journeys)
    for key in ("anew:a->b", "anew:b->a"):
        expect_peering(record, key, "LIFE-006", peeringState="Connected")


@pytest.mark.requirements("LIFE-007")
def test_a_put_of_the_disconnected_side_brings_it_back_to_initiated(journeys):
    record = lifecycle_journey(journeys)
    before = record.observation("disconnected-again:a->b", "LIFE-007")
    if before.properties.get("peeringState") != "Disconnected":
        not_applicable(f"{before.what} was not Disconnected (saw {before.properties.get('peeringState')!r}, "
                       f"exchange {before.exchange_id}): no Disconnected peering to PUT")
    expect_succeeded(record, "recover:put", "LIFE-007")
    expect_peering(record, "recovered:a->b", "LIFE-007", peeringState="Initiated")


@pytest.mark.requirements("LIFE-008")
def test_after_recovery_by_put_the_other_side_can_be_recreated_and_both_connect(journeys):
    """Judged only after LIFE-007's recovery happened; otherwise there is nothing to judge."""
    record = lifecycle_journey(journeys)
    recovered = record.seen.get("recovered:a->b")
    if "recover:put" in record.seen and (recovered is None or recovered.properties.get("peeringState") != "Initiated"):
        not_applicable("the PUT of the Disconnected a->b did not bring it back to Initiated (LIFE-007)")
    expect_succeeded(record, "recover:reverse", "LIFE-008")
    for key in ("reconnected:a->b", "reconnected:b->a"):
        expect_peering(record, key, "LIFE-008", peeringState="Connected")
