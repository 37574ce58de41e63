"""Planted bugs in peeringSyncLevel, the address-space fields and the sync flag's reach.

Each is a `Network` subclass that computes one thing the way a plausible implementation
might get it wrong; everything else is the model's.
"""

from __future__ import annotations

from dataclasses import replace

from conformance.model import Network, Peering, PeeringView, VnetId, rules
from conformance.model.address_space import parse_prefix
from conformance.model.sync_level import (
    FULLY_IN_SYNC,
    LOCAL_AND_REMOTE_NOT_IN_SYNC,
    LOCAL_NOT_IN_SYNC,
    REMOTE_NOT_IN_SYNC,
    sync_level,
)


class RelabellingNetwork(Network):
    """Reports some sync levels as others: a state machine missing a transition."""

    relabel: dict[str, str] = {}

    def view(self, peering: Peering) -> PeeringView:
        seen = super().view(peering)
        return replace(seen, peering_sync_level=self.relabel.get(seen.peering_sync_level, seen.peering_sync_level))


class NeverRemoteNotInSync(RelabellingNetwork):
    relabel = {REMOTE_NOT_IN_SYNC: FULLY_IN_SYNC}


class NeverLocalNotInSync(RelabellingNetwork):
    relabel = {LOCAL_NOT_IN_SYNC: FULLY_IN_SYNC}


class NeverLocalAndRemoteNotInSync(RelabellingNetwork):
    relabel = {LOCAL_AND_REMOTE_NOT_IN_SYNC: LOCAL_NOT_IN_SYNC}


class StalenessNetwork(Network):
    """Decides "stale" with its own comparison of the peered and the current space."""

    @staticmethod
    def stale(peered: tuple[str, ...], now: tuple[str, ...]) -> bool:
        raise NotImplementedError

    def view(self, peering: Peering) -> PeeringView:
        seen = super().view(peering)
        reverse = self.reverse_of(peering)
        local_stale = self.stale(peering.peered_remote, seen.remote_virtual_network_address_space)
        remote_stale = reverse is not None and self.stale(reverse.peered_remote, rules.remote_peerable(self, reverse))
        return replace(seen, peering_sync_level=sync_level(local_stale, remote_stale))


class RemovalBlind(StalenessNetwork):
    """Only ranges that appeared count as a change."""

    @staticmethod
    def stale(peered: tuple[str, ...], now: tuple[str, ...]) -> bool:
        return bool({parse_prefix(p) for p in now} - {parse_prefix(p) for p in peered})


class ResizeBlind(StalenessNetwork):
    """Counts prefixes instead of comparing them."""

    @staticmethod
    def stale(peered: tuple[str, ...], now: tuple[str, ...]) -> bool:
        return len(peered) != len(now)


class EagerRemoteAddressSpace(Network):
    """remoteAddressSpace follows the remote VNet at once instead of waiting for a sync."""

    def view(self, peering: Peering) -> PeeringView:
        seen = super().view(peering)
        return replace(seen, remote_address_space=seen.remote_virtual_network_address_space)


class StaleRemoteVnetAddressSpace(Network):
    """remoteVirtualNetworkAddressSpace shows the peered snapshot, not the remote VNet now."""

    def view(self, peering: Peering) -> PeeringView:
        seen = super().view(peering)
        return replace(seen, remote_virtual_network_address_space=peering.peered_remote)


class SyncReachingTheReverse(Network):
    """A sync PUT on a peering at level `reaches_from` also refreshes its reverse's snapshots."""

    reaches_from = ""

    def put_peering(self, vnet_id: VnetId, name: str, settings, *, sync: bool = False, **kwargs) -> bool:
        old = self.peering(vnet_id, name)
        level_before = self.view(old).peering_sync_level if old is not None else None
        created = super().put_peering(vnet_id, name, settings, sync=sync, **kwargs)
        peering = self.peering(vnet_id, name)
        reverse = self.reverse_of(peering) if peering is not None else None
        if sync and level_before == self.reaches_from and reverse is not None:
            staged = self._copy()
            staged._store(
                replace(
                    reverse,
                    peered_remote=rules.remote_peerable(self, reverse),
                    peered_local=rules.local_peerable(self, reverse),
                )
            )
            self._commit(staged)
        return created


class SyncOnWrongSideFixesPair(SyncReachingTheReverse):
    reaches_from = REMOTE_NOT_IN_SYNC


class HalfSyncFixesPair(SyncReachingTheReverse):
    reaches_from = LOCAL_AND_REMOTE_NOT_IN_SYNC
