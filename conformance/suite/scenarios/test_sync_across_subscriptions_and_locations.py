"""Address-space change and sync between VNets in different locations or subscriptions.

The rules do not depend on where the two VNets live: a global peering (two locations)
and a cross-subscription peering report the same levels and address-space fields as a
local one, and the same sync repairs them. The run's VNet `near` lives where the run
says; `far` in another location, or in the subscription given by `--subscription2`
(without it, SYNC-023 is not-applicable: the run had no second subscription to use).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest

from conformance.suite.check_findings import not_applicable
from conformance.suite.naming import ResourceNames
from conformance.suite.run_options import option
from conformance.suite.scenarios.peering_expectations import check_peering, check_succeeded
from conformance.suite.vnets import VnetHandle
from conformance.target.errors import NonConformance, TargetError
from conformance.target.peering_api import PROVIDER, PeeringApi

NEAR_SPACE = ("10.1.0.0/16",)
FAR_SPACE = ("10.2.0.0/16",)
# One of these differs from the run's location, whichever that is.
OTHER_LOCATIONS = ("eastus", "westeurope")


@dataclass
class PlacedVnet:
    """A VNet handle and the location each of its PUTs names (None: the run's location)."""

    vnet: VnetHandle
    location: str | None = None

    def set_prefixes(self, prefixes: tuple[str, ...]) -> None:
        check_succeeded(
            self.vnet.put(prefixes, location=self.location),
            f"setting the prefixes of vnet {self.vnet.role} to {list(prefixes)}",
        )


PlacedFactory = Callable[..., PlacedVnet]


@pytest.fixture
def placed_vnet(api: PeeringApi, names: ResourceNames) -> Iterator[PlacedFactory]:
    """`placed_vnet(role, prefixes, subscription=None, location=None)`: a fresh VNet,
    deleted after the test. A VNet in another subscription is addressed by its full id."""
    created: list[PlacedVnet] = []

    def make(
        role: str, prefixes: tuple[str, ...], *, subscription: str | None = None, location: str | None = None
    ) -> PlacedVnet:
        name = names.new(role)
        if subscription:
            group = f"/subscriptions/{subscription}/resourceGroups/{api.config.resource_group}"
            name = f"{group}/{PROVIDER}/virtualNetworks/{name}"
        placed = PlacedVnet(VnetHandle(api=api, names=names, role=role, name=name, prefixes=list(prefixes)), location)
        created.append(placed)
        placed.set_prefixes(prefixes)
        return placed

    yield make
    for placed in reversed(created):
        try:
            placed.vnet.delete()
        except (TargetError, NonConformance):
            pass  # left to the session's cleanup, which reports what stays behind


def other_location(run_location: str) -> str:
    normalized = run_location.replace(" ", "").lower()
    return next(location for location in OTHER_LOCATIONS if location != normalized)


def check_change_and_sync(near: PlacedVnet, far: PlacedVnet, changed_side: str, apart: str) -> None:
    """Connect near and far, grow one of them by 10.99.0.0/16, check both peerings, sync
    the peering toward it and check both are FullyInSync with the new prefixes."""
    changed, peer = (near, far) if changed_side == "near" else (far, near)
    before = NEAR_SPACE if changed is near else FAR_SPACE
    after = before + ("10.99.0.0/16",)
    peer_space = FAR_SPACE if changed is near else NEAR_SPACE
    check_succeeded(near.vnet.peer(far.vnet), f"creating the peering near->far ({apart})")
    check_succeeded(far.vnet.peer(near.vnet), f"creating the peering far->near ({apart})")
    changed.set_prefixes(after)
    when = f"after vnet {changed.vnet.role} ({apart}) grew to {list(after)}"
    check_peering(
        changed.vnet, peer.vnet, when,
        peeringState="Connected", peeringSyncLevel="RemoteNotInSync",
        remoteAddressSpace=peer_space, remoteVirtualNetworkAddressSpace=peer_space,
    )
    check_peering(
        peer.vnet, changed.vnet, when,
        peeringState="Connected", peeringSyncLevel="LocalNotInSync",
        remoteAddressSpace=before, remoteVirtualNetworkAddressSpace=after,
    )
    check_succeeded(
        peer.vnet.peer(changed.vnet, sync=True), f"the sync of peering {peer.vnet.role}->{changed.vnet.role}"
    )
    when = f"{when} and the peering toward it was synced"
    check_peering(changed.vnet, peer.vnet, when, peeringSyncLevel="FullyInSync")
    check_peering(
        peer.vnet, changed.vnet, when,
        peeringSyncLevel="FullyInSync", remoteAddressSpace=after, remoteVirtualNetworkAddressSpace=after,
    )


@pytest.mark.requirements("SYNC-023")
@pytest.mark.parametrize("changed_side", ["near", "far"])
def test_change_and_sync_between_two_subscriptions(request, placed_vnet, changed_side):
    subscription = option(request.config, "subscription2")
    if not subscription:
        not_applicable("needs a second subscription the target accepts (--subscription2), which this run was not given")
    near = placed_vnet("near", NEAR_SPACE)
    far = placed_vnet("far", FAR_SPACE, subscription=subscription)
    check_change_and_sync(near, far, changed_side, f"in subscription {subscription}")


@pytest.mark.requirements("SYNC-024")
@pytest.mark.parametrize("changed_side", ["near", "far"])
def test_change_and_sync_between_two_locations(api, placed_vnet, changed_side):
    location = other_location(api.config.location)
    near = placed_vnet("near", NEAR_SPACE)
    far = placed_vnet("far", FAR_SPACE, location=location)
    check_change_and_sync(near, far, changed_side, f"in location {location}")
