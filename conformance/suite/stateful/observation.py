"""What the state machine compares after every step, and what counts as agreeing.

Per peering: peeringState, peeringSyncLevel and both address-space fields as *sets* of
ranges (order and spelling do not matter: `2001:DB8::/32` is `2001:db8::/32`). Where the
docs and the live service disagree (NOTES.md): a peering without a reverse may report
the remote half of its sync level as out of sync, so FullyInSync also accepts
RemoteNotInSync and LocalNotInSync also accepts LocalAndRemoteNotInSync.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from typing import Any

from conformance.model import PeeringView
from conformance.model.network import CONNECTED
from conformance.model.sync_level import (
    FULLY_IN_SYNC,
    LOCAL_AND_REMOTE_NOT_IN_SYNC,
    LOCAL_NOT_IN_SYNC,
    REMOTE_NOT_IN_SYNC,
)

_WITH_REMOTE_HALF_STALE = {FULLY_IN_SYNC: REMOTE_NOT_IN_SYNC, LOCAL_NOT_IN_SYNC: LOCAL_AND_REMOTE_NOT_IN_SYNC}


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


def differences(view: PeeringView, properties: dict[str, Any]) -> list[str]:
    """How the target's peering properties differ from the model's view (empty: they agree)."""
    found = []
    if properties.get("peeringState") != view.peering_state:
        found.append(f"peeringState {properties.get('peeringState')!r}, model {view.peering_state!r}")
    allowed = accepted_sync_levels(view)
    if properties.get("peeringSyncLevel") not in allowed:
        found.append(f"peeringSyncLevel {properties.get('peeringSyncLevel')!r}, model {' or '.join(sorted(allowed))}")
    for field, expected in (
        ("remoteAddressSpace", view.remote_address_space),
        ("remoteVirtualNetworkAddressSpace", view.remote_virtual_network_address_space),
    ):
        seen = _prefixes(properties, field)
        if range_set(seen) != range_set(expected):
            found.append(f"{field} {sorted(map(str, seen))}, model {sorted(expected)}")
    return found
