"""A VNet has at most one peering toward a given remote VNet.

A second one under another name is refused with AnotherPeeringAlreadyReferencesRemoteVnet
(whatever the casing of the remote id) and not created; a re-PUT under the peering's
own name is an update; peerings of different VNets toward one remote are no duplicates.

One journey per process: vnets a, b and hub (created together); a->b alone, then a
second peering of a toward b under another name and with b's id in other casings (each
refused); b->a, then the second peering again (refused on the Connected pair); a->b
re-PUT under its own name, unchanged and with a new setting; a->hub and b->hub; a->hub
deleted and created anew under another name. A refusal the target took anyway is undone
so the next step starts from the story's state.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.journey_record import JourneyRecord, expect_peering, expect_refused, fail
from conformance.suite.scenarios.journeys import Journey
from conformance.suite.vnets import VnetHandle

DUPLICATE_CODE = "AnotherPeeringAlreadyReferencesRemoteVnet"
JOURNEY = "duplicates"
RE_PUTS = {"same-body": {}, "new-setting": {"allowForwardedTraffic": True}}

pytestmark = pytest.mark.xdist_group(JOURNEY)


def other_casing(remote_id: str, part: str) -> str:
    """The id with its VNet name, or all of it, in another casing."""
    if part == "whole-id":
        return remote_id.swapcase()
    prefix, _, name = remote_id.rpartition("/")
    return f"{prefix}/{name.swapcase()}"


def duplicates_journey(journeys) -> JourneyRecord:
    return journeys.take(JOURNEY, _walk)


def _try_duplicate(journey: Journey, key: str, a: VnetHandle, remote: str, doing: str) -> None:
    duplicate = a.names.new("a-b-dup")
    journey.refusal(key, a.peer(remote, name=duplicate).initial, doing,
                    lambda: a.get_peering(duplicate), lambda: a.delete_peering(duplicate))


def _walk(journey: Journey) -> None:
    a, b, hub = journey.vnets.several([(None, None, "a"), (None, None, "b"), (None, None, "hub")])
    journey.note("names", "the peering names", **{"a->b": a.peering_name(b)})
    journey.wrote(None, a.peer(b), "creating the peering a->b")
    for connection in ("one-sided", "connected"):
        if connection == "connected":
            journey.wrote(None, b.peer(a), "creating the reverse peering b->a")
        _try_duplicate(journey, f"{connection}:duplicate", a, b.id, f"a second peering of a toward b ({connection})")
        state = "Connected" if connection == "connected" else "Initiated"
        journey.peering(f"{connection}:a->b", a, b, f"after the refused duplicate ({connection})", peeringState=state)
        journey.listed(f"{connection}:list", a, f"vnet a's peerings after the refused duplicate ({connection})")
        if connection == "one-sided":
            for part in ("vnet-name", "whole-id"):
                recased = other_casing(b.id, part)
                doing = f"a second peering of a toward b spelled {recased}"
                _try_duplicate(journey, f"casing-{part}", a, recased, doing)
    for label, settings in RE_PUTS.items():
        journey.wrote(f"re-put-{label}:put", a.peer(b, **settings), f"the re-PUT of peering a->b ({label})")
        journey.peering(f"re-put-{label}:a->b", a, b, f"after its re-PUT ({label})", peeringState="Connected",
                        **settings)
        journey.listed(f"re-put-{label}:list", a, f"vnet a's peerings after the re-PUT ({label})")
    journey.wrote(None, a.peer(hub), "creating the peering a->hub")
    journey.wrote(None, b.peer(hub), "creating the peering b->hub, a second peering toward hub but of another vnet")
    for local in (a, b):
        journey.peering(f"hub:{local.role}->hub", local, hub, "once a and b both peered with hub",
                        peeringState="Initiated")
    journey.wrote(None, a.delete_peering(hub), "deleting the peering a->hub")
    replacement = a.names.new("a-hub-new")
    journey.wrote(None, a.peer(hub, name=replacement), f"creating {replacement} toward hub after a->hub was deleted")
    journey.peering("replacement:a->hub", a, replacement, "after its creation", peeringState="Initiated")


def only_the_peering(record: JourneyRecord, key: str, requirement: str) -> None:
    """Vnet a's peering list (kept as `key`) names a->b and nothing else."""
    listed = record.observation(key, requirement)
    name = record.observation("names", requirement).properties["a->b"]
    names = listed.properties["names"]
    fail(requirement, listed, [] if [n.lower() for n in names] == [name.lower()] else
         [f"expected only {name}, saw {names}"])


@pytest.mark.requirements("DUP-001")
@pytest.mark.parametrize("connection", ["one-sided", "connected"])
def test_a_second_peering_toward_the_same_remote_is_refused(journeys, connection):
    """The second peering a->b, under another name, is refused and not created; the first
    one is untouched."""
    record = duplicates_journey(journeys)
    expect_refused(record, f"{connection}:duplicate", "DUP-001", code=DUPLICATE_CODE)
    state = "Connected" if connection == "connected" else "Initiated"
    expect_peering(record, f"{connection}:a->b", "DUP-001", peeringState=state)
    only_the_peering(record, f"{connection}:list", "DUP-001")


@pytest.mark.requirements("DUP-002")
@pytest.mark.parametrize("part", ["vnet-name", "whole-id"])
def test_the_duplicate_check_ignores_the_casing_of_the_remote_id(journeys, part):
    """ARM ids compare case-insensitively: b's id in other casing still names b."""
    # the refusal, not its code (DUP-001's SHOULD), is what the casing rule is about
    expect_refused(duplicates_journey(journeys), f"casing-{part}", "DUP-002")


@pytest.mark.requirements("DUP-003")
@pytest.mark.parametrize("settings", list(RE_PUTS))
def test_a_re_put_under_the_peerings_own_name_is_an_update(journeys, settings):
    """The peering itself is not its own duplicate: 200, and still one peering."""
    record = duplicates_journey(journeys)
    put = record.observation(f"re-put-{settings}:put", "DUP-003")
    fail("DUP-003", put, [] if put.status == 200 else [f"expected 200 (an update), got {put.status}"])
    expect_peering(record, f"re-put-{settings}:a->b", "DUP-003", peeringState="Connected", **RE_PUTS[settings])
    only_the_peering(record, f"re-put-{settings}:list", "DUP-003")


@pytest.mark.requirements("DUP-004")
def test_peerings_of_two_vnets_toward_one_remote_are_no_duplicates(journeys):
    """a->hub and b->hub, with three disjoint spaces, are both accepted (a hub and spokes)."""
    record = duplicates_journey(journeys)
    for key in ("hub:a->hub", "hub:b->hub"):
        expect_peering(record, key, "DUP-004", peeringState="Initiated")


@pytest.mark.requirements("DUP-005")
def test_after_deleting_the_peering_another_name_toward_the_same_remote_is_accepted(journeys):
    """The duplicate check counts existing peerings only."""
    expect_peering(duplicates_journey(journeys), "replacement:a->hub", "DUP-005", peeringState="Initiated")
