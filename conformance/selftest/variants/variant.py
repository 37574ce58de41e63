"""What a variant of the reference endpoint is, and how it enters the endpoint.

A variant is a wrapper, never an edit of the correct code: a `Network` subclass, an
`EndpointState` subclass, an ASGI middleware, `serve` options, or a combination, handed
to `ReferenceServer(mutant=...)` through its `EndpointMutant` hook. Two kinds:

- a planted bug (`Variant`) breaks one catalog requirement; the suite must catch it;
- a legal variant (`LegalVariant`) behaves as the documents and the ARM contract allow
  but the endpoint does not by default; the suite must pass it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Callable, Mapping

from starlette.types import ASGIApp

from conformance.model import Network
from conformance.reference.endpoint_state import EndpointState
from conformance.reference.store import Store
from conformance.requirements import Catalog, load_catalog


class NetworkSwappingState(EndpointState):
    """An EndpointState whose model is `network_class` instead of `Network`, reloads included."""

    network_class: type[Network] = Network

    def _load(self) -> None:
        super()._load()
        network = self.network_class()
        network.load(self._network.records())
        self._network = network


@functools.cache
def catalog() -> Catalog:
    """The requirement catalog the variants' levels and scopes are read from."""
    return load_catalog()


@dataclass(frozen=True, kw_only=True)
class EndpointVariant:
    """The wrappers of one variant. `endpoint_options` are `ReferenceServer` keyword
    arguments (`serve` options: lro, page_size, retry_after, operation_ms, ...) the
    variant runs with, whatever the caller asked."""

    name: str
    summary: str
    network: type[Network] | None = None
    state: type[EndpointState] | None = None
    middleware: Callable[[ASGIApp], ASGIApp] | None = None
    endpoint_options: Mapping[str, object] = field(default_factory=dict)

    def endpoint_state(self, store: Store) -> EndpointState:
        base = self.state or EndpointState
        if self.network is None:
            return base(store)
        swapping = type(f"{self.network.__name__}State", (NetworkSwappingState, base), {"network_class": self.network})
        return swapping(store)

    def wrap(self, app: ASGIApp) -> ASGIApp:
        return self.middleware(app) if self.middleware is not None else app


@dataclass(frozen=True, kw_only=True)
class Variant(EndpointVariant):
    """One planted bug, tied to the one catalog requirement it violates."""

    requirement: str

    @property
    def level(self) -> str:
        """The catalog's level of the broken requirement (never repeated here)."""
        return catalog().by_id(self.requirement).level


@dataclass(frozen=True, kw_only=True)
class LegalVariant(EndpointVariant):
    """A behaviour the sources allow. `reason` cites the source that allows it.

    `deviates_from`: SHOULD requirements the variant knowingly does not meet (their
    failures are recorded, not false failures); on every other requirement the variant
    claims to be legal. `scope`: requirement IDs or areas (`LRO`) its run is narrowed to,
    to keep slow variants cheap; empty, the whole profile. `run_timeout`: the runner's
    --timeout its run needs (an operation advising long waits), None for the default."""

    reason: str
    deviates_from: tuple[str, ...] = ()
    scope: tuple[str, ...] = ()
    run_timeout: float | None = None

    def scope_ids(self, profile: str) -> tuple[str, ...]:
        """The requirement IDs of `scope` in the run profile (empty: no narrowing)."""
        if not self.scope:
            return ()
        wanted = set(self.scope)
        return tuple(
            requirement.id for requirement in catalog().requirements_for_run(profile)
            if requirement.id in wanted or requirement.area in wanted
        )
