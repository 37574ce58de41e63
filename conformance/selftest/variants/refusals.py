"""Planted bugs that accept what the service refuses: one refusal code waived.

The waived write is stored the way the model would store it, minus the rule checks
(a model that forgot one check usually forgot it on one code path only: a peering PUT
or a VNet PUT, which is why the two are separate).
"""

from __future__ import annotations

import uuid
from dataclasses import replace

from conformance.model import Network, PeeringSettings, Refusal, VirtualNetwork, VnetId


class RefusalWaivingNetwork(Network):
    waived_on_peering_put: frozenset[str] = frozenset()
    waived_on_vnet_put: frozenset[str] = frozenset()

    def put_peering(self, vnet_id: VnetId, name: str, settings: PeeringSettings, *, sync: bool = False, **kwargs) -> bool:
        try:
            return super().put_peering(vnet_id, name, settings, sync=sync, **kwargs)
        except Refusal as refusal:
            if refusal.code not in self.waived_on_peering_put:
                raise
        return self._store_unchecked_peering(vnet_id, name, settings, sync, kwargs.get("new_guid"))

    def put_vnet(self, vnet: VirtualNetwork) -> bool:
        try:
            return super().put_vnet(vnet)
        except Refusal as refusal:
            old = self.vnet(vnet.id)
            if refusal.code not in self.waived_on_vnet_put or old is None:
                raise
        staged = self._copy()
        staged._vnets[old.id.key] = replace(vnet, id=old.id)
        self._commit(staged)
        return False

    def _store_unchecked_peering(self, vnet_id, name, settings, sync, new_guid) -> bool:
        local = self.vnet(vnet_id)
        assert local is not None
        old = self.peering(vnet_id, name)
        peering = self.updated_peering(local, name, settings, sync=sync)
        if old is None:
            reverse = self.reverse_of(peering)
            guid = reverse.resource_guid if reverse else (new_guid or (lambda: str(uuid.uuid4())))()
            peering = replace(peering, resource_guid=guid)
        staged = self._copy()
        staged._store(peering)
        self._commit(staged)
        return old is None


class OverlapAllowedAtCreate(RefusalWaivingNetwork):
    waived_on_peering_put = frozenset({"VnetAddressSpacesOverlap"})


class OverlapAllowedAtUpdate(RefusalWaivingNetwork):
    waived_on_vnet_put = frozenset({"VnetAddressSpacesOverlap"})


class DuplicateRemoteReferenceAllowed(RefusalWaivingNetwork):
    waived_on_peering_put = frozenset({"AnotherPeeringAlreadyReferencesRemoteVnet"})


class RemoteGatewayNotRequired(RefusalWaivingNetwork):
    waived_on_peering_put = frozenset({"RemoteVnetHasNoGateways"})


class RecreationAllowedWhileDisconnected(RefusalWaivingNetwork):
    waived_on_peering_put = frozenset({"RemotePeeringIsDisconnected"})


class OccupiedRangeRemovable(RefusalWaivingNetwork):
    """A VNet update may drop a prefix its subnets still sit in (new VNets are still checked)."""

    waived_on_vnet_put = frozenset({"NetcfgSubnetRangeOutsideVnet"})
