"""Eventual consistency on demand: the other half of a pair learns of a write a little later.

On real ARM a write's own resource is right once its operation ends, but what the write
does to *other* peerings (the reverse becoming Connected or Disconnected, a sync level,
remoteVirtualNetworkAddressSpace) may show a moment later. With `serve --remote-lag-ms N`
every peering a write changes, other than the one it wrote, keeps showing what it showed
before until N ms after the write's operation ends; a later write extends that. The
model itself changes at once, so refusals and the resource written never lag.
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.model import Network, Peering, PeeringView

PeeringKey = tuple[str, ...]


@dataclass(frozen=True)
class _Shown:
    view: PeeringView
    until: float


class LaggingViews:
    """What readers see of each peering while the effects of writes on it are still on their way."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._pending: dict[PeeringKey, _Shown] = {}

    @property
    def enabled(self) -> bool:
        return self.seconds > 0

    @staticmethod
    def views(network: Network) -> dict[PeeringKey, PeeringView]:
        """The view of every peering now (taken before a write, compared after it)."""
        return {record.key: network.view(record) for record in network.records() if isinstance(record, Peering)}

    def written(
        self,
        before: dict[PeeringKey, PeeringView],
        network: Network,
        written_key: PeeringKey | None,
        now: float,
        operation_ends_at: float,
    ) -> None:
        """After a write: every other peering whose view it changed keeps showing its old
        view until `seconds` after `operation_ends_at`."""
        after = self.views(network)
        visible_at = operation_ends_at + self.seconds
        for key in list(self._pending):
            if key not in after or key == written_key:
                del self._pending[key]
        for key, old in before.items():
            if key == written_key or key not in after or after[key] == old:
                continue
            shown = self.shown(key, old, now)
            self._pending[key] = _Shown(shown, visible_at)

    def shown(self, key: PeeringKey, fresh: PeeringView, now: float) -> PeeringView:
        """What a read of the peering answers now: the old view while its change is pending."""
        pending = self._pending.get(key)
        if pending is None:
            return fresh
        if now >= pending.until:
            del self._pending[key]
            return fresh
        return pending.view
