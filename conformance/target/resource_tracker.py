"""What a run created on the target, so it can all be deleted at the end, also on failure."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from conformance.target.errors import NonConformance, TargetError

if TYPE_CHECKING:
    from conformance.target.peering_api import PeeringApi


@dataclass
class ResourceTracker:
    """Names of the VNets and peerings created through a PeeringApi and not yet deleted.

    Names are kept as first given; ARM compares them case-insensitively, and so does this.
    """

    _vnets: dict[str, str] = field(default_factory=dict)
    _peerings: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def created_vnet(self, name: str) -> None:
        with self._lock:
            self._vnets.setdefault(name.lower(), name)

    def created_peering(self, vnet: str, name: str) -> None:
        with self._lock:
            self._peerings.setdefault((vnet.lower(), name.lower()), (vnet, name))

    def deleted_vnet(self, name: str) -> None:
        with self._lock:
            self._vnets.pop(name.lower(), None)
            for key in [key for key in self._peerings if key[0] == name.lower()]:
                del self._peerings[key]

    def deleted_peering(self, vnet: str, name: str) -> None:
        with self._lock:
            self._peerings.pop((vnet.lower(), name.lower()), None)

    @property
    def vnets(self) -> list[str]:
        with self._lock:
            return list(self._vnets.values())

    @property
    def peerings(self) -> list[tuple[str, str]]:
        with self._lock:
            return list(self._peerings.values())

    def delete_all(self, api: "PeeringApi") -> list[str]:
        """Delete peerings, then VNets, newest first; returns what could not be deleted."""
        leftovers: list[str] = []
        for vnet, name in reversed(self.peerings):
            if not self._delete(lambda: api.delete_peering(vnet, name)):
                leftovers.append(f"peering {vnet}/{name}")
        for vnet in reversed(self.vnets):
            if not self._delete(lambda: api.delete_vnet(vnet)):
                leftovers.append(f"virtual network {vnet}")
        return leftovers

    @staticmethod
    def _delete(action) -> bool:
        try:
            return action().succeeded
        except (TargetError, NonConformance):
            return False
