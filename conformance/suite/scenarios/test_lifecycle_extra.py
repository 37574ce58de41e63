"""More of a peering's life: gone with its VNet, refused at birth, settings that stick.

Complements test_lifecycle.py (LIFE-001..009): what a VNet delete takes with it, which
remote VNets a peering may not point at, and that writable settings are stored and do
not disturb a Connected pair. Judged on the pair-lifecycle journey (pair_journey.py):
a peering of a toward a VNet that does not exist and one toward a itself (refused,
nothing created); a->b created with access off and forwarding on, then updated to the
opposite; b->a (Connected); a->b updated with forwarding on, then with access off (the
pair stays Connected); a->b re-PUT toward c (refused, a->b still toward b); later b->c,
and vnet b deleted and re-created under its name (no peering comes back).
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.journey_record import (
    expect_peering,
    expect_refused,
    expect_status,
    fail,
    judging,
)
from conformance.suite.scenarios.pair_journey import JOURNEY, SETTING_CHANGES, SETTINGS, pair_journey
from conformance.suite.scenarios.peering_expectations import check_properties

pytestmark = pytest.mark.xdist_group(JOURNEY)


@pytest.mark.requirements("LIFE-010")
def test_deleting_a_vnet_deletes_its_peerings_also_for_a_vnet_recreated_under_its_name(journeys):
    """b's peerings toward a and c die with b; re-creating b does not bring them back."""
    record = pair_journey(journeys)
    created_c = not record.observation("create:b->c", "LIFE-010").properties.get("failure")
    for step in ("vnet-deleted", "vnet-recreated"):
        for remote in ("a", "c") if created_c else ("a",):
            expect_status(record, f"{step}:b->{remote}", "LIFE-010", (404,))
    listed = record.observation("vnet-recreated:list", "LIFE-010")
    fail("LIFE-010", listed, [f"expected none, saw {listed.properties['names']}"] if listed.properties["names"] else [])


@pytest.mark.requirements("LIFE-011")
def test_a_peering_toward_a_vnet_that_does_not_exist_is_refused(journeys):
    """The live code was not recorded (the reference says RemoteVirtualNetworkNotFound):
    any 4xx with a CloudError, and no peering afterwards."""
    expect_refused(pair_journey(journeys), "missing", "LIFE-011", status=None)


@pytest.mark.requirements("LIFE-012")
def test_a_peering_of_a_vnet_with_itself_is_refused(journeys):
    """A VNet cannot peer with itself: 400 (CannotPeerVirtualNetworkWithItself is the reference's code)."""
    expect_refused(pair_journey(journeys), "self", "LIFE-012")


@pytest.mark.requirements("LIFE-013")
def test_pointing_an_existing_peering_at_another_remote_is_refused(journeys):
    """A peering's remote is fixed at creation: re-PUTting a->b toward c is refused with
    400, and the peering still points at b, Connected."""
    record = pair_journey(journeys)
    expect_refused(record, "toward-c", "LIFE-013", absent=False)
    kept = expect_peering(record, "toward-c:a->b", "LIFE-013", peeringState="Connected")
    remote_id = str((kept.get("remoteVirtualNetwork") or {}).get("id", ""))
    b_id = record.observation("names", "LIFE-013").properties["b"]
    fail("LIFE-013", record.observation("toward-c:a->b", "LIFE-013"),
         [] if remote_id.lower() == b_id.lower() else [f"expected remoteVirtualNetwork.id {b_id}, saw {remote_id}"])
    expect_peering(record, "toward-c:b->a", "LIFE-013", peeringState="Connected")


@pytest.mark.requirements("LIFE-014")
def test_the_access_and_forwarding_settings_given_are_the_ones_read_back(journeys):
    """Created with access off and forwarding on, then updated to the opposite: the final
    response and a later GET show each time the values sent."""
    record = pair_journey(journeys)
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
    record = pair_journey(journeys)
    expect_peering(record, f"{setting}:a->b", "LIFE-015", peeringState="Connected", **SETTING_CHANGES[setting])
    expect_peering(record, f"{setting}:b->a", "LIFE-015", peeringState="Connected")
