"""Which earlier states a target may still show, because it is eventually consistent.

A write's own resource may show the state before the write until its operation is seen
to end (an operation status that is terminal, its operationResults answered, the
resource read back Succeeded, or 404 after a delete). What the write does to *other*
peerings (the reverse turning Connected, a sync level after a VNet change) may show
later still: for the suite's settle timeout after the operation ended, or, when the
recording has no timestamps, until that peering is seen in its new state.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.model import Network, PeeringView
from conformance.suite.convergence import DEFAULT_SETTLE_TIMEOUT

# Beyond this many writes still echoing, the oldest is forgotten (a long proxy session).
MAX_REMEMBERED = 64


@dataclass
class WriteInFlight:
    resource_key: str
    is_delete: bool
    operation_paths: set[str]
    before: list[Any]  # the model's records before the write
    own_settled: bool = False
    ended_at: float | None = None
    converged: set[tuple[str, ...]] = field(default_factory=set)
    _views: dict[tuple[str, ...], PeeringView | None] = field(default_factory=dict)

    def view_before(self, peering_key: tuple[str, ...]) -> PeeringView | None:
        if peering_key not in self._views:
            network = Network()
            network.load(self.before)
            peering = next((p for p in network.records() if getattr(p, "key", None) == peering_key), None)
            self._views[peering_key] = network.view(peering) if peering is not None else None
        return self._views[peering_key]


@dataclass
class WritesInFlight:
    settle_seconds: float = DEFAULT_SETTLE_TIMEOUT
    writes: list[WriteInFlight] = field(default_factory=list)

    @property
    def quiet(self) -> bool:
        """No write may still be echoing: every body shows one and the same state."""
        return not self.writes

    def started(self, resource_key: str, is_delete: bool, operations: set[str], before: list[Any],
                *, synchronous: bool, moment: float | None) -> None:
        write = WriteInFlight(resource_key, is_delete, operations, before)
        if synchronous:
            write.own_settled, write.ended_at = True, moment
        self.writes = [*self.writes, write][-MAX_REMEMBERED:]

    def operation_ended(self, matches, moment: float | None) -> None:
        """`matches(write)` tells whether an ended operation was this write's."""
        for write in self.writes:
            if not write.own_settled and matches(write):
                write.own_settled, write.ended_at = True, moment

    def resource_settled(self, resource_key: str, *, deleted: bool, moment: float | None) -> None:
        for write in self.writes:
            if not write.own_settled and write.resource_key == resource_key and write.is_delete == deleted:
                write.own_settled, write.ended_at = True, moment

    def expire(self, moment: float | None) -> None:
        if moment is None:
            return
        self.writes = [
            write for write in self.writes
            if not (write.own_settled and write.ended_at is not None and moment > write.ended_at + self.settle_seconds)
        ]

    def earlier_views(self, peering_key: tuple[str, ...], resource_key: str) -> list[PeeringView]:
        """The states before each write still echoing, as this peering may still show them."""
        views = []
        for write in self.writes:
            if peering_key in write.converged or (write.own_settled and write.resource_key == resource_key):
                continue
            view = write.view_before(peering_key)
            if view is not None:
                views.append(view)
        return views

    def seen_converged(self, peering_key: tuple[str, ...]) -> None:
        """The peering showed the state after every write: none of them echoes on it any more;
        a write is forgotten once its operation ended and no peering may still echo it."""
        for write in self.writes:
            write.converged.add(peering_key)
        self.writes = [w for w in self.writes if not (w.own_settled and w.ended_at is None and self._all_converged(w))]

    @staticmethod
    def _all_converged(write: WriteInFlight) -> bool:
        keys = {getattr(p, "key", None) for p in write.before if hasattr(p, "settings")}
        return keys <= write.converged
