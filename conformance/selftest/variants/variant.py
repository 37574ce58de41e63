"""What a planted-bug variant is, and how it enters the reference endpoint.

A variant is a wrapper, never an edit of the correct code: a `Network` subclass, an
`EndpointState` subclass, an ASGI middleware, or a combination, handed to
`ReferenceServer(mutant=...)` through its `EndpointMutant` hook.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from starlette.types import ASGIApp

from conformance.model import Network
from conformance.reference.endpoint_state import EndpointState
from conformance.reference.store import Store


class NetworkSwappingState(EndpointState):
    """An EndpointState whose model is `network_class` instead of `Network`, reloads included."""

    network_class: type[Network] = Network

    def _load(self) -> None:
        super()._load()
        network = self.network_class()
        network.load(self._network.records())
        self._network = network


@dataclass(frozen=True)
class Variant:
    """One planted bug, tied to the one catalog requirement it violates."""

    name: str
    requirement: str
    level: str
    summary: str
    network: type[Network] | None = None
    state: type[EndpointState] | None = None
    middleware: Callable[[ASGIApp], ASGIApp] | None = None

    def endpoint_state(self, store: Store) -> EndpointState:
        base = self.state or EndpointState
        if self.network is None:
            return base(store)
        swapping = type(f"{self.network.__name__}State", (NetworkSwappingState, base), {"network_class": self.network})
        return swapping(store)

    def wrap(self, app: ASGIApp) -> ASGIApp:
        return self.middleware(app) if self.middleware is not None else app
