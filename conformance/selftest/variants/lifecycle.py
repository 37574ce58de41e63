"""Planted bugs in peeringState: a pair that never connects, deletions that do not
disconnect the survivor."""

from __future__ import annotations

from dataclasses import replace

from conformance.model import Network, Peering, PeeringView, VnetId
from conformance.model.network import CONNECTED, INITIATED


class NeverConnected(Network):
    """Looks only at its own side: a peering never learns its reverse exists."""

    def view(self, peering: Peering) -> PeeringView:
        seen = super().view(peering)
        return replace(seen, peering_state=INITIATED) if seen.peering_state == CONNECTED else seen


class PeeringDeleteLeavesReverseInitiated(Network):
    """Deleting a peering forgets to mark its reverse Disconnected."""

    def delete_peering(self, vnet_id: VnetId, name: str) -> bool:
        if self.peering(vnet_id, name) is None:
            return False
        staged = self._copy()
        del staged._peerings[vnet_id.key][name.lower()]
        self._commit(staged)
        return True


class VnetDeleteLeavesPeeringsInitiated(Network):
    """Deleting a VNet takes its own peerings but leaves those toward it as they were."""

    def delete_vnet(self, vnet_id: VnetId) -> bool:
        if self.vnet(vnet_id) is None:
            return False
        staged = self._copy()
        del staged._vnets[vnet_id.key]
        staged._peerings.pop(vnet_id.key, None)
        self._commit(staged)
        return True
