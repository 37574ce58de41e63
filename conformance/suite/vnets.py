"""Handles on the VNets a check created, so a scenario reads like the story it tells.

    a, b = pair()                 # two fresh VNets, 10.1.0.0/16 and 10.2.0.0/16
    a.peer(b)                     # PUT the peering a -> b, driven to its end
    assert a.peering(b)["properties"]["peeringState"] == "Initiated"

A handle remembers the name of its peering toward each remote, so `a.peer(b)` a second
time updates that peering rather than creating another.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from conformance.suite.convergence import settle
from conformance.suite.naming import ResourceNames
from conformance.target.errors import NonConformance
from conformance.target.peering_api import DeleteResult, PeeringApi, PutResult, SubnetSpec
from conformance.target.responses import ArmResponse

@dataclass
class VnetHandle:
    api: PeeringApi
    names: ResourceNames
    role: str
    name: str
    prefixes: list[str]
    subnets: dict[str, Any] = field(default_factory=dict)
    _peering_names: dict[str, str] = field(default_factory=dict, repr=False)

    @property
    def id(self) -> str:
        """The VNet's ARM id."""
        return self.api.vnet_id(self.name)

    def peering_name(self, remote: "VnetHandle | str") -> str:
        """The name of this VNet's peering toward `remote` (chosen on first use)."""
        key = _remote_key(remote)
        if key not in self._peering_names:
            role = remote.role if isinstance(remote, VnetHandle) else "x"
            self._peering_names[key] = self.names.new(f"{self.role}-{role}")
        return self._peering_names[key]

    def peer(
        self, remote: "VnetHandle | str", *, name: str | None = None, sync: bool = False, **options: Any
    ) -> PutResult:
        """PUT a peering toward `remote` (handle, VNet name or ARM id).

        Without `name` it is this handle's peering toward `remote` (created, then updated
        by later calls); a given `name` is a separate peering, read back by that name.

        Keyword arguments are peering properties by ARM name (`allowForwardedTraffic=True`)
        or PeeringApi.put_peering options (`wait=False`, `headers=...`, `params=...`, `body=...`).
        """
        peering = name or self.peering_name(remote)
        return self.api.put_peering(self.name, peering, _remote_ref(remote), sync=sync, **options)

    def get_peering(self, remote: "VnetHandle | str", **request: Any) -> ArmResponse:
        """GET this VNet's peering toward `remote` (a handle, or a peering name as a string)."""
        return self.api.get_peering(self.name, self._peering_ref(remote), **request)

    def peering(self, remote: "VnetHandle | str") -> dict[str, Any]:
        """The peering toward `remote` as read now; a read that fails fails the check."""
        response = self.get_peering(remote)
        if response.status != 200:
            raise NonConformance(f"expected 200 reading the peering: {response.describe()}")
        return response.json()

    def delete_peering(self, remote: "VnetHandle | str", **request: Any) -> DeleteResult:
        return self.api.delete_peering(self.name, self._peering_ref(remote), **request)

    def put(self, prefixes: Sequence[str] | None = None, *, subnets: SubnetSpec | None = None, **request: Any) -> PutResult:
        """PUT the VNet again (create it anew after a delete, or change its address space).

        Subnets not given are kept as they were. The handle adopts the new prefixes/subnets
        only when the target accepted them: after a refusal (or a failed operation) it still
        describes the VNet as the target holds it, so a later PUT does not resend refused space.
        """
        wanted_prefixes = self.prefixes if prefixes is None else list(prefixes)
        wanted_subnets = self.subnets if subnets is None else dict(subnets)
        result = self.api.put_vnet(self.name, wanted_prefixes, subnets=wanted_subnets, **request)
        if _accepted(result):
            self.prefixes, self.subnets = wanted_prefixes, wanted_subnets
        return result

    def get(self, **request: Any) -> ArmResponse:
        return self.api.get_vnet(self.name, **request)

    def delete(self, **request: Any) -> DeleteResult:
        return self.api.delete_vnet(self.name, **request)

    def _peering_ref(self, remote: "VnetHandle | str") -> str:
        return self.peering_name(remote) if isinstance(remote, VnetHandle) else remote


@dataclass
class VnetPair:
    """Two fresh VNets with non-overlapping address spaces; unpacks as `a, b = pair()`."""

    a: VnetHandle
    b: VnetHandle

    def __iter__(self) -> Iterator[VnetHandle]:
        yield self.a
        yield self.b

    def connect(self) -> tuple[PutResult, PutResult]:
        """Peer a -> b, then b -> a; both must succeed (a failure fails the check).

        On an eventually consistent target a -> b learns of b -> a a little later: this
        waits (within the settle timeout) until it reads Connected, so a scenario starts
        from a settled pair; one that never connects is left to the checks to judge."""
        forward = self.a.peer(self.b).ensure_succeeded()
        backward = self.b.peer(self.a).ensure_succeeded()
        settle(lambda: self.a.get_peering(self.b), _reads_connected)
        return forward, backward


def _reads_connected(response: ArmResponse) -> bool:
    return response.status == 200 and response.properties.get("peeringState") == "Connected"


def _accepted(result: PutResult) -> bool:
    """The target took the PUT: answered 2xx and, when the operation was followed, it succeeded."""
    return result.initial.status < 300 and (result.lro is None or result.lro.succeeded)


def _remote_key(remote: "VnetHandle | str") -> str:
    return (remote.name if isinstance(remote, VnetHandle) else remote).lower()


def _remote_ref(remote: "VnetHandle | str") -> str:
    return remote.id if isinstance(remote, VnetHandle) else remote
