"""Bringing the model in line with a write the target accepted and the model refused.

When the target takes a debatable (SHOULD-level) liberty - a VNet whose own prefixes
overlap, a peering beyond the model's transitive-overlap rule - the state machine
records the finding and carries on from what the target now holds. The model's writes
check every rule, so the write is adopted as a stored record instead: `Network.load`
takes records as they are, and the model goes on computing views and refusals from them.
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from conformance.model import Network, Peering, PeeringSettings, VirtualNetwork, VnetId


def adopt_vnet(network: Network, vnet: VirtualNetwork) -> None:
    """Store `vnet` as the target now holds it, rules unchecked (the first casing of its name kept)."""
    old = network.vnet(vnet.id)
    if old is not None:
        vnet = replace(vnet, id=old.id)
    records = [r for r in network.records() if not (isinstance(r, VirtualNetwork) and r.id.key == vnet.id.key)]
    network.load([vnet, *records])


def adopt_peering(network: Network, vnet_id: VnetId, name: str, settings: PeeringSettings, *, sync: bool) -> bool:
    """Store the peering a PUT makes, rules unchecked; False when its VNets are not both in
    the model (there is then no view to compute from)."""
    local = network.vnet(vnet_id)
    if local is None or network.vnet(settings.remote_vnet) is None or settings.remote_vnet.same_as(vnet_id):
        return False
    peering = network.updated_peering(local, name, settings, sync=sync)
    if not peering.resource_guid:
        reverse = network.reverse_of(peering)
        peering = replace(peering, resource_guid=reverse.resource_guid if reverse else str(uuid.uuid4()))
    records = [r for r in network.records() if not (isinstance(r, Peering) and r.key == peering.key)]
    network.load([*records, peering])
    return True
