"""What a run created on the target, so it can all be deleted at the end, also on failure.

Teardown is idle waiting on a slow target, so it is done all at once: every DELETE is
sent together (a VNet's peerings go with it), and each is confirmed by reading the
resource until it answers 404, rather than by following its operation to the end. A
target whose operations never finish still shows a deleted resource as gone, and one
that is slow to delete is read on the schedule its Retry-After asks for.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from conformance.target.errors import NonConformance, TargetError
from conformance.target.lro import poll_wait

if TYPE_CHECKING:
    from conformance.target.client import TargetClient
    from conformance.target.peering_api import PeeringApi

# Deletions in flight at once, per process (a real target is still paced by --max-rps).
MAX_PARALLEL_DELETES = 8


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
        """Delete the peerings of VNets the run did not create, then every VNet it did;
        returns what could not be confirmed deleted."""
        tracked = {name.lower() for name in self.vnets}
        foreign = [(vnet, name) for vnet, name in self.peerings if vnet.lower() not in tracked]
        gone = delete_confirmed(api.client, [api.peering_id(vnet, name) for vnet, name in foreign])
        leftovers = []
        for (vnet, name), deleted in zip(foreign, gone):
            if deleted:
                self.deleted_peering(vnet, name)
            else:
                leftovers.append(f"peering {vnet}/{name}")
        return leftovers + [f"virtual network {vnet}" for vnet in self.delete_vnets(api, self.vnets)]

    def delete_vnets(self, api: "PeeringApi", names: Sequence[str]) -> list[str]:
        """Delete these VNets (with their peerings) all at once; returns the names still there."""
        gone = delete_confirmed(api.client, [api.vnet_id(name) for name in names])
        for name, deleted in zip(names, gone):
            if deleted:
                self.deleted_vnet(name)
        return [name for name, deleted in zip(names, gone) if not deleted]


def delete_confirmed(client: "TargetClient", paths: Sequence[str]) -> list[bool]:
    """DELETE every path concurrently and confirm each by GET; True where it is gone."""
    if not paths:
        return []
    if len(paths) == 1:
        return [_delete_and_confirm(client, paths[0])]
    with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL_DELETES, len(paths))) as pool:
        return list(pool.map(lambda path: _delete_and_confirm(client, path), paths))


def _delete_and_confirm(client: "TargetClient", path: str, clock: Callable[[], float] = time.monotonic) -> bool:
    """One DELETE, then GETs until 404: at once, then on the DELETE answer's Retry-After.

    Bounded by the operation deadline, or by one wait when the client's breaker says the
    target's operations never finish (the resource may still read as gone)."""
    config = client.config
    try:
        answer = client.delete(path)
        if answer.status in (200, 204, 404):
            return True
        if answer.status != 202:
            return False
        bound = config.retry_after_cap if client.operation_breaker.open else config.lro_deadline
        ends_at = clock() + bound
        advised, reads = answer.retry_after, 0
        while True:
            read = client.get(path)
            reads += 1
            if read.status == 404:
                return True
            remaining = ends_at - clock()
            if remaining <= 0:
                return False
            wait = min(poll_wait(read.retry_after or advised, reads), config.retry_after_cap, remaining)
            if wait > 0:
                client.sleep(wait)
    except (TargetError, NonConformance):
        return False
