"""Address-space change and sync between VNets in different locations or subscriptions.

The rules do not depend on where the two VNets live: a global peering (two locations)
and a cross-subscription peering report the same levels and address-space fields as a
local one, and the same sync repairs them. The run's VNet `near` lives where the run
says; `far` in another location, or in the subscription given by `--subscription2`
(without it, SYNC-023 is not-applicable: the run had no second subscription to use).

One journey per placement: near and far created together and peered both ways; near
grows, both peerings are read, the peering toward it is synced, both are read; then far
grows and the same follows.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from conformance.suite.check_findings import not_applicable
from conformance.suite.run_options import option
from conformance.suite.scenarios.journey_record import JourneyRecord, expect_peering
from conformance.suite.scenarios.journeys import Journey
from conformance.suite.vnets import VnetHandle
from conformance.target.peering_api import PROVIDER

NEAR_SPACE = ("10.1.0.0/16",)
FAR_SPACE = ("10.2.0.0/16",)
# What each side grows by, in turn.
GROWTH = {"near": "10.99.0.0/16", "far": "10.98.0.0/16"}
# One of these differs from the run's location, whichever that is.
OTHER_LOCATIONS = ("eastus", "westeurope")
SIDES = ("near", "far")


def other_location(run_location: str) -> str:
    normalized = run_location.replace(" ", "").lower()
    return next(location for location in OTHER_LOCATIONS if location != normalized)


def placed_journey(journeys, placement: str, subscription: str | None = None) -> JourneyRecord:
    return journeys.take(f"sync-across-{placement}",
                         lambda journey: _walk(journey, placement, subscription))


def _far_handle(journey: Journey, subscription: str | None) -> VnetHandle:
    api, names = journey.vnets.api, journey.vnets.names
    name = names.new("far")
    if subscription:
        group = f"/subscriptions/{subscription}/resourceGroups/{api.config.resource_group}"
        name = f"{group}/{PROVIDER}/virtualNetworks/{name}"
    handle = VnetHandle(api=api, names=names, role="far", name=name, prefixes=list(FAR_SPACE))
    journey.vnets.created.append(handle)
    return handle


def _walk(journey: Journey, placement: str, subscription: str | None) -> None:
    api = journey.vnets.api
    location = other_location(api.config.location) if placement == "location" else None
    near = VnetHandle(api=api, names=journey.vnets.names, role="near", name=journey.vnets.names.new("near"),
                      prefixes=list(NEAR_SPACE))
    journey.vnets.created.append(near)
    far = _far_handle(journey, subscription)
    locations = {"near": None, "far": location}
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda vnet: vnet.put(location=locations[vnet.role]), (near, far)))
    for vnet, result in zip((near, far), results):
        journey.wrote(None, result, f"creating vnet {vnet.role}")
    journey.wrote(None, near.peer(far), f"creating the peering near->far ({placement})")
    journey.wrote(None, far.peer(near), f"creating the peering far->near ({placement})")
    for changed, peer in ((near, far), (far, near)):
        before = list(changed.prefixes)
        after = before + [GROWTH[changed.role]]
        journey.wrote(None, changed.put(after, location=locations[changed.role]),
                      f"growing vnet {changed.role} to {after}")
        when = f"after vnet {changed.role} ({placement}) grew to {after}"
        side = changed.role
        spaces = journey.note(f"{side}:spaces", "the prefixes", before=before, after=after,
                              peer=list(peer.prefixes)).properties
        shows = expectations(spaces)
        journey.peering(f"{side}:changed:own", changed, peer, when, **shows["changed:own"])
        journey.peering(f"{side}:changed:toward", peer, changed, when, **shows["changed:toward"])
        journey.wrote(None, peer.peer(changed, sync=True), f"the sync of peering {peer.role}->{changed.role}")
        when = f"{when} and the peering toward it was synced"
        journey.peering(f"{side}:synced:own", changed, peer, when, **shows["synced:own"])
        journey.peering(f"{side}:synced:toward", peer, changed, when, **shows["synced:toward"])


def expectations(spaces: dict) -> dict[str, dict]:
    """What each read shows, for the walk to wait for and the check to judge alike: after a
    side grew, its own peering RemoteNotInSync, the one toward it LocalNotInSync with the old
    remoteAddressSpace; after the sync both FullyInSync with the new prefixes."""
    return {
        "changed:own": dict(peeringState="Connected", peeringSyncLevel="RemoteNotInSync",
                            remoteAddressSpace=spaces["peer"], remoteVirtualNetworkAddressSpace=spaces["peer"]),
        "changed:toward": dict(peeringState="Connected", peeringSyncLevel="LocalNotInSync",
                               remoteAddressSpace=spaces["before"], remoteVirtualNetworkAddressSpace=spaces["after"]),
        "synced:own": dict(peeringSyncLevel="FullyInSync"),
        "synced:toward": dict(peeringSyncLevel="FullyInSync", remoteAddressSpace=spaces["after"],
                              remoteVirtualNetworkAddressSpace=spaces["after"]),
    }


def check_change_and_sync(record: JourneyRecord, side: str, requirement: str) -> None:
    spaces = record.observation(f"{side}:spaces", requirement).properties
    for step, shown in expectations(spaces).items():
        expect_peering(record, f"{side}:{step}", requirement, **shown)


@pytest.mark.requirements("SYNC-023")
@pytest.mark.xdist_group("sync-across-subscription")
@pytest.mark.parametrize("changed_side", SIDES)
def test_change_and_sync_between_two_subscriptions(request, journeys, changed_side):
    subscription = option(request.config, "subscription2")
    if not subscription:
        not_applicable("needs a second subscription the target accepts (--subscription2), which this run was not given")
    check_change_and_sync(placed_journey(journeys, "subscription", subscription), changed_side, "SYNC-023")


@pytest.mark.requirements("SYNC-024")
@pytest.mark.xdist_group("sync-across-location")
@pytest.mark.parametrize("changed_side", SIDES)
def test_change_and_sync_between_two_locations(journeys, changed_side):
    check_change_and_sync(placed_journey(journeys, "location"), changed_side, "SYNC-024")
