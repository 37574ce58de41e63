"""More of a peering's life: gone with its VNet, refused at birth, settings that stick.

Complements test_lifecycle.py (LIFE-001..009): what a VNet delete takes with it, which
remote VNets a peering may not point at, and that writable settings are stored and do
not disturb a Connected pair.

One journey per process, vnets a, b and c: a peering of a toward a VNet that does not
exist and one toward a itself (refused, nothing created); a->b created with access off
and forwarding on, then updated to the opposite; b->a (Connected); a->b updated with
forwarding on, then with access off (the pair stays Connected); a->b re-PUT toward c
(refused, a->b still toward b); a->c; vnet a deleted and re-created under its name
(no peering comes back).
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.journey_record import (
    JourneyRecord,
    expect_peering,
    expect_refused,
    expect_status,
    fail,
    judging,
)
from conformance.suite.scenarios.journeys import Journey
from conformance.suite.scenarios.peering_expectations import check_properties

JOURNEY = "lifecycle-extra"
SETTINGS = (("create", False, True), ("update", True, False))
SETTING_CHANGES = {"forwarded-traffic-on": {"allowForwardedTraffic": True},
                   "vnet-access-off": {"allowVirtualNetworkAccess": False}}

pytestmark = pytest.mark.xdist_group(JOURNEY)


def extra_journey(journeys) -> JourneyRecord:
    return journeys.take(JOURNEY, _walk)


def _walk(journey: Journey) -> None:
    a, b, c = journey.vnets.several([(None, None, "a"), (None, None, "b"), (None, None, "c")])
    missing = a.api.vnet_id(a.names.new("missing"))
    journey.note("ids", "the ids used", missing=missing, b=b.id)
    for key, remote, doing in (("missing", missing, f"a peering of a toward the missing vnet {missing}"),
                               ("self", a, "a peering of vnet a toward itself")):
        journey.refusal(key, a.peer(remote).initial, doing,
                        lambda remote=remote: a.get_peering(remote), lambda remote=remote: a.delete_peering(remote))
    for when, access, forwarded in SETTINGS:
        doing = f"the {when} with allowVirtualNetworkAccess {access}, allowForwardedTraffic {forwarded}"
        settings = {"allowVirtualNetworkAccess": access, "allowForwardedTraffic": forwarded}
        result = journey.wrote(None, a.peer(b, **settings), doing)
        journey.answered(f"settings-{when}:final", result.final, f"the final response of {doing}")
        journey.peering(f"settings-{when}:read", a, b, f"read after {doing}", **settings)
    journey.wrote(None, b.peer(a), "creating the reverse peering b->a")
    for label, setting in SETTING_CHANGES.items():
        journey.wrote(None, a.peer(b, **setting), f"updating peering a->b with {setting}")
        when = f"after peering a->b was updated with {setting}"
        journey.peering(f"{label}:a->b", a, b, when, peeringState="Connected", **setting)
        journey.peering(f"{label}:b->a", b, a, when, peeringState="Connected")
    name = a.peering_name(b)
    journey.refusal("toward-c", a.peer(c, name=name).initial, f"re-PUT of peering a->b ({name}) toward vnet c",
                    lambda: a.get_peering(b), lambda: a.peer(b, name=name))
    journey.peering("toward-c:a->b", a, b, "after the refused change of its remote", peeringState="Connected")
    journey.peering("toward-c:b->a", b, a, "after the refused change of a->b's remote", peeringState="Connected")
    # Only attempted: when LIFE-013's SHOULD refusal did not happen, a->b's peering may point
    # at c already, and a second peering toward c may be refused (DUP-001) - LIFE-010 is
    # then judged on a->b alone.
    journey.attempted("create:a->c", a.peer(c), "creating the peering a->c")
    journey.wrote(None, a.delete(), "deleting vnet a")
    for remote in (b, c):
        journey.answered(f"vnet-deleted:a->{remote.role}", a.get_peering(remote),
                         f"peering a->{remote.role} after vnet a was deleted")
    journey.wrote(None, a.put(), "re-creating vnet a under the same name")
    for remote in (b, c):
        journey.answered(f"vnet-recreated:a->{remote.role}", a.get_peering(remote),
                         f"peering a->{remote.role} after vnet a was deleted and re-created")
    journey.listed("vnet-recreated:list", a, "the peerings of the re-created vnet a")


@pytest.mark.requirements("LIFE-010")
def test_deleting_a_vnet_deletes_its_peerings_also_for_a_vnet_recreated_under_its_name(journeys):
    """a's peerings toward b and c die with a; re-creating a does not bring them back."""
    record = extra_journey(journeys)
    created_c = not record.observation("create:a->c", "LIFE-010").properties.get("failure")
    for step in ("vnet-deleted", "vnet-recreated"):
        for remote in ("b", "c") if created_c else ("b",):
            expect_status(record, f"{step}:a->{remote}", "LIFE-010", (404,))
    listed = record.observation("vnet-recreated:list", "LIFE-010")
    fail("LIFE-010", listed, [f"expected none, saw {listed.properties['names']}"] if listed.properties["names"] else [])


@pytest.mark.requirements("LIFE-011")
def test_a_peering_toward_a_vnet_that_does_not_exist_is_refused(journeys):
    """The live code was not recorded (the reference says RemoteVirtualNetworkNotFound):
    any 4xx with a CloudError, and no peering afterwards."""
    expect_refused(extra_journey(journeys), "missing", "LIFE-011", status=None)


@pytest.mark.requirements("LIFE-012")
def test_a_peering_of_a_vnet_with_itself_is_refused(journeys):
    """A VNet cannot peer with itself: 400 (CannotPeerVirtualNetworkWithItself is the reference's code)."""
    expect_refused(extra_journey(journeys), "self", "LIFE-012")


@pytest.mark.requirements("LIFE-013")
def test_pointing_an_existing_peering_at_another_remote_is_refused(journeys):
    """A peering's remote is fixed at creation: re-PUTting a->b toward c is refused with
    400, and the peering still points at b, Connected."""
    record = extra_journey(journeys)
    expect_refused(record, "toward-c", "LIFE-013", absent=False)
    kept = expect_peering(record, "toward-c:a->b", "LIFE-013", peeringState="Connected")
    remote_id = str((kept.get("remoteVirtualNetwork") or {}).get("id", ""))
    b_id = record.observation("ids", "LIFE-013").properties["b"]
    fail("LIFE-013", record.observation("toward-c:a->b", "LIFE-013"),
         [] if remote_id.lower() == b_id.lower() else [f"expected remoteVirtualNetwork.id {b_id}, saw {remote_id}"])
    expect_peering(record, "toward-c:b->a", "LIFE-013", peeringState="Connected")


@pytest.mark.requirements("LIFE-014")
def test_the_access_and_forwarding_settings_given_are_the_ones_read_back(journeys):
    """Created with access off and forwarding on, then updated to the opposite: the final
    response and a later GET show each time the values sent."""
    record = extra_journey(journeys)
    for when, access, forwarded in SETTINGS:
        expected = {"allowVirtualNetworkAccess": access, "allowForwardedTraffic": forwarded}
        final = record.observation(f"settings-{when}:final", "LIFE-014")
        with judging("LIFE-014", final):
            check_properties(final.response.properties, final.what, "", **expected)
        expect_peering(record, f"settings-{when}:read", "LIFE-014", **expected)


@pytest.mark.requirements("LIFE-015")
@pytest.mark.parametrize("setting", list(SETTING_CHANGES))
def test_changing_a_setting_of_a_connected_peering_keeps_the_pair_connected(journeys, setting):
    """An update without the sync flag is no reconnection: both sides stay Connected."""
    record = extra_journey(journeys)
    expect_peering(record, f"{setting}:a->b", "LIFE-015", peeringState="Connected", **SETTING_CHANGES[setting])
    expect_peering(record, f"{setting}:b->a", "LIFE-015", peeringState="Connected")
