"""Planted bugs in what a peering peers: subnet peering and IPv6-only peering computed
as if the flag were not set. The flags are still stored and reported as sent."""

from __future__ import annotations

from dataclasses import replace

from conformance.model import Network, Peering, PeeringSettings, PeeringView, VnetId, rules
from conformance.model.address_space import same_space
from conformance.model.sync_level import sync_level


class SettingsIgnoringNetwork(Network):
    """Computes every peered space with `computed(settings)` instead of the settings."""

    @staticmethod
    def computed(settings: PeeringSettings) -> PeeringSettings:
        raise NotImplementedError

    def _as_computed(self, peering: Peering) -> Peering:
        return replace(peering, settings=self.computed(peering.settings))

    def view(self, peering: Peering) -> PeeringView:
        seen = super().view(self._as_computed(peering))
        reverse = self.reverse_of(peering)
        remote_stale = reverse is not None and not same_space(
            reverse.peered_remote, rules.remote_peerable(self, self._as_computed(reverse))
        )
        local_stale = not same_space(peering.peered_remote, seen.remote_virtual_network_address_space)
        return replace(seen, peering_sync_level=sync_level(local_stale, remote_stale))

    def put_peering(self, vnet_id: VnetId, name: str, settings: PeeringSettings, *, sync: bool = False, **kwargs) -> bool:
        created = super().put_peering(vnet_id, name, settings, sync=sync, **kwargs)
        if created or sync:
            peering = self.peering(vnet_id, name)
            assert peering is not None
            as_computed = self._as_computed(peering)
            staged = self._copy()
            staged._store(
                replace(
                    peering,
                    peered_remote=rules.remote_peerable(self, as_computed),
                    peered_local=rules.local_peerable(self, as_computed),
                )
            )
            self._commit(staged)
        return created


class SubnetPeeringPeersWholeVnet(SettingsIgnoringNetwork):
    @staticmethod
    def computed(settings: PeeringSettings) -> PeeringSettings:
        return replace(settings, peer_complete_vnets=True)


class Ipv6OnlyKeepsIpv4(SettingsIgnoringNetwork):
    @staticmethod
    def computed(settings: PeeringSettings) -> PeeringSettings:
        return replace(settings, enable_only_ipv6_peering=False)
