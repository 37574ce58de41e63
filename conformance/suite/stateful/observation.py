"""What the state machine compares after every step, and what counts as agreeing.

Per peering: peeringState, peeringSyncLevel and both remote address-space fields, the
prefixes as *sets* of ranges (order and spelling do not matter: `2001:DB8::/32` is
`2001:db8::/32`). Where the sources allow more than one answer, every one is accepted:

- a peering without a reverse may report the remote half of its sync level as out of
  sync (docs: FullyInSync, live service: RemoteNotInSync; NOTES.md "Docs versus the live
  service"), so FullyInSync also accepts RemoteNotInSync and LocalNotInSync also accepts
  LocalAndRemoteNotInSync;
- the sync level of a Disconnected peering is not compared: neither document says what
  it is (the model's LocalNotInSync after the remote VNet is deleted is its own reading);
- nor is the remoteVirtualNetworkAddressSpace of a peering whose remote VNet is gone.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from conformance.model import PeeringView
from conformance.model.network import CONNECTED, DISCONNECTED
from conformance.model.sync_level import (
    FULLY_IN_SYNC,
    LOCAL_AND_REMOTE_NOT_IN_SYNC,
    LOCAL_NOT_IN_SYNC,
    REMOTE_NOT_IN_SYNC,
)

PEERING_STATE = "peeringState"
SYNC_LEVEL = "peeringSyncLevel"
REMOTE_ADDRESS_SPACE = "remoteAddressSpace"
REMOTE_VNET_ADDRESS_SPACE = "remoteVirtualNetworkAddressSpace"

_WITH_REMOTE_HALF_STALE = {FULLY_IN_SYNC: REMOTE_NOT_IN_SYNC, LOCAL_NOT_IN_SYNC: LOCAL_AND_REMOTE_NOT_IN_SYNC}


@dataclass(frozen=True)
class Deviation:
    """One field of one peering that the target shows otherwise than the model predicts."""

    field: str
    seen: Any
    expected: str

    def describe(self) -> str:
        return f"{self.field} {self.seen!r}, model {self.expected}"


def range_set(prefixes: Iterable[Any]) -> frozenset:
    """Prefixes as a set of networks; text that is no network is kept as lower-cased text."""
    ranges = set()
    for prefix in prefixes:
        try:
            ranges.add(ipaddress.ip_network(str(prefix), strict=False))
        except ValueError:
            ranges.add(str(prefix).lower())
    return frozenset(ranges)


def accepted_sync_levels(view: PeeringView) -> set[str]:
    levels = {view.peering_sync_level}
    if view.peering_state != CONNECTED and view.peering_sync_level in _WITH_REMOTE_HALF_STALE:
        levels.add(_WITH_REMOTE_HALF_STALE[view.peering_sync_level])
    return levels


def _prefixes(properties: dict[str, Any], field: str) -> list[Any]:
    space = properties.get(field)
    prefixes = space.get("addressPrefixes") if isinstance(space, dict) else None
    return prefixes if isinstance(prefixes, list) else []


def deviations(
    view: PeeringView, properties: dict[str, Any], *, remote_vnet_exists: bool = True, skip: Iterable[str] = ()
) -> list[Deviation]:
    """How the target's peering properties differ from the model's view (empty: they
    agree); fields in `skip` are not compared."""
    skipped = set(skip)
    found = []
    if PEERING_STATE not in skipped and properties.get(PEERING_STATE) != view.peering_state:
        found.append(Deviation(PEERING_STATE, properties.get(PEERING_STATE), repr(view.peering_state)))
    allowed = accepted_sync_levels(view)
    if (
        SYNC_LEVEL not in skipped
        and view.peering_state != DISCONNECTED
        and properties.get(SYNC_LEVEL) not in allowed
    ):
        found.append(Deviation(SYNC_LEVEL, properties.get(SYNC_LEVEL), " or ".join(sorted(allowed))))
    spaces = [(REMOTE_ADDRESS_SPACE, view.remote_address_space)]
    if remote_vnet_exists:
        spaces.append((REMOTE_VNET_ADDRESS_SPACE, view.remote_virtual_network_address_space))
    for field, expected in spaces:
        seen = _prefixes(properties, field)
        if field not in skipped and range_set(seen) != range_set(expected):
            found.append(Deviation(field, sorted(map(str, seen)), str(sorted(expected))))
    return found
