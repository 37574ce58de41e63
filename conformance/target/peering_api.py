"""The resources the suite works with, as calls: VNets and their peerings.

Writes drive the long-running operation to its end and return both the initial and the
final response, because checks assert on both (201 + Azure-AsyncOperation, then the
resource as it ends up). Everything created is reported to a ResourceTracker.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from conformance.target.client import TargetClient
from conformance.target.errors import NonConformance
from conformance.target.lro import LroPoller, LroResult
from conformance.target.resource_tracker import ResourceTracker
from conformance.target.responses import ArmResponse

PROVIDER = "providers/Microsoft.Network"
# Subnets are given as name -> prefix ("10.0.0.0/24") or name -> prefixes (dual stack).
SubnetSpec = Mapping[str, str | Sequence[str]]


@dataclass(frozen=True)
class PutResult:
    """A PUT and how its operation ended; `lro` is None when the PUT was refused or not awaited."""

    initial: ArmResponse
    lro: LroResult | None

    @property
    def final(self) -> ArmResponse | None:
        return self.lro.final if self.lro else None

    @property
    def succeeded(self) -> bool:
        return self.lro is not None and self.lro.succeeded

    def ensure_succeeded(self) -> "PutResult":
        """This result, or NonConformance (failing the check) when the PUT did not succeed."""
        if not self.succeeded or self.final is None:
            ending = f", operation {self.lro.status}: {self.lro.error}" if self.lro else ""
            raise NonConformance(f"expected the PUT to succeed: {self.initial.describe()}{ending}")
        return self

    @property
    def resource(self) -> dict[str, Any]:
        """The resource after the operation succeeded; a refused or failed PUT fails the check."""
        return self.ensure_succeeded().final.json()

    @property
    def properties(self) -> dict[str, Any]:
        return self.resource.get("properties") or {}


@dataclass(frozen=True)
class DeleteResult:
    initial: ArmResponse
    lro: LroResult | None

    @property
    def succeeded(self) -> bool:
        """Gone: deleted now, already absent (204), or absent per a lenient 404."""
        if self.initial.status in (204, 404):
            return True
        return self.lro is not None and self.lro.succeeded


def vnet_body(
    prefixes: Sequence[str], *, location: str, subnets: SubnetSpec | None = None
) -> dict[str, Any]:
    """The body of a VNet PUT (a full replacement: repeat the subnets to keep them)."""
    subnet_bodies = []
    for name, prefix in (subnets or {}).items():
        key = "addressPrefix" if isinstance(prefix, str) else "addressPrefixes"
        value = prefix if isinstance(prefix, str) else list(prefix)
        subnet_bodies.append({"name": name, "properties": {key: value}})
    properties: dict[str, Any] = {"addressSpace": {"addressPrefixes": list(prefixes)}}
    if subnet_bodies:
        properties["subnets"] = subnet_bodies
    return {"location": location, "properties": properties}


def peering_body(remote_vnet_id: str, **properties: Any) -> dict[str, Any]:
    """The body of a peering PUT; keyword arguments are properties by their ARM (camelCase) names."""
    body = {
        "remoteVirtualNetwork": {"id": remote_vnet_id},
        "allowVirtualNetworkAccess": True,
        "allowForwardedTraffic": False,
        "allowGatewayTransit": False,
        "useRemoteGateways": False,
    }
    body.update(properties)
    return {"properties": body}


class PeeringApi:
    """VNet and peering operations in the configured subscription and resource group."""

    def __init__(self, client: TargetClient, tracker: ResourceTracker | None = None) -> None:
        self.client = client
        self.tracker = tracker if tracker is not None else ResourceTracker()
        self.config = client.config

    def vnet_id(self, name: str) -> str:
        """ARM id of a VNet in the resource group; an id given as such passes through."""
        if name.startswith("/"):
            return name
        return f"{self.config.resource_group_path}/{PROVIDER}/virtualNetworks/{name}"

    def peering_id(self, vnet: str, name: str) -> str:
        return f"{self.vnet_id(vnet)}/virtualNetworkPeerings/{name}"

    def vnets_path(self) -> str:
        return f"{self.config.resource_group_path}/{PROVIDER}/virtualNetworks"

    def put_vnet(
        self,
        name: str,
        prefixes: Sequence[str] = (),
        *,
        subnets: SubnetSpec | None = None,
        location: str | None = None,
        body: Any = None,
        wait: bool = True,
        **request: Any,
    ) -> PutResult:
        """Create or replace a VNet (`body` replaces the generated one); extra arguments go to the request."""
        if body is None:
            body = vnet_body(prefixes, location=location or self.config.location, subnets=subnets)
        initial = self.client.put(self.vnet_id(name), json=body, **request)
        if initial.status in (200, 201):
            self.tracker.created_vnet(name)
        return self._finish_put(initial, self.vnet_id(name), wait)

    def get_vnet(self, name: str, **request: Any) -> ArmResponse:
        return self.client.get(self.vnet_id(name), **request)

    def delete_vnet(self, name: str, *, wait: bool = True, **request: Any) -> DeleteResult:
        result = self._delete(self.vnet_id(name), wait, request)
        if result.succeeded:
            self.tracker.deleted_vnet(name)
        return result

    def list_vnets(self, **request: Any) -> ArmResponse:
        return self.client.get(self.vnets_path(), **request)

    def put_peering(
        self,
        vnet: str,
        name: str,
        remote_vnet: str | None = None,
        *,
        sync: bool = False,
        body: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        wait: bool = True,
        **properties: Any,
    ) -> PutResult:
        """Create or update a peering of `vnet` toward `remote_vnet` (a name or an ARM id).

        `sync=True` adds `syncRemoteAddressSpace=true`; keyword arguments are peering
        properties by their ARM names (e.g. `useRemoteGateways=True`); `body` replaces it all.
        """
        if body is None:
            if remote_vnet is None:
                raise TypeError("put_peering needs remote_vnet or body")
            body = peering_body(self.vnet_id(remote_vnet), **properties)
        query = dict(params or {})
        if sync:
            query["syncRemoteAddressSpace"] = "true"
        initial = self.client.put(self.peering_id(vnet, name), json=body, params=query, headers=headers)
        if initial.status in (200, 201):
            self.tracker.created_peering(vnet, name)
        return self._finish_put(initial, self.peering_id(vnet, name), wait)

    def get_peering(self, vnet: str, name: str, **request: Any) -> ArmResponse:
        return self.client.get(self.peering_id(vnet, name), **request)

    def delete_peering(self, vnet: str, name: str, *, wait: bool = True, **request: Any) -> DeleteResult:
        result = self._delete(self.peering_id(vnet, name), wait, request)
        if result.succeeded:
            self.tracker.deleted_peering(vnet, name)
        return result

    def list_peerings(self, vnet: str, **request: Any) -> ArmResponse:
        return self.client.get(f"{self.vnet_id(vnet)}/virtualNetworkPeerings", **request)

    def list_all(self, first: ArmResponse, *, max_pages: int = 100) -> list[dict[str, Any]]:
        """Every item of a list, following nextLink verbatim (bounded, in case it loops)."""
        items: list[dict[str, Any]] = []
        page = first
        for _ in range(max_pages):
            body = page.json()
            if page.status != 200 or not isinstance(body, dict):
                raise NonConformance(f"expected a 200 list page: {page.describe()}")
            items.extend(body.get("value") or [])
            next_link = body.get("nextLink")
            if not next_link:
                return items
            page = self.client.get(next_link)
        raise NonConformance(f"more than {max_pages} pages from {first.url}: does nextLink loop?")

    def wait(self, initial: ArmResponse, resource_path: str | None = None) -> LroResult:
        """Drive the operation started by `initial` to its end."""
        return LroPoller(self.client, initial, resource_path=resource_path).wait()

    def _finish_put(self, initial: ArmResponse, path: str, wait: bool) -> PutResult:
        if not wait or initial.status not in (200, 201, 202):
            return PutResult(initial, None)
        return PutResult(initial, self.wait(initial, path))

    def _delete(self, path: str, wait: bool, request: dict[str, Any]) -> DeleteResult:
        initial = self.client.delete(path, **request)
        if not wait or initial.status not in (200, 202):
            return DeleteResult(initial, None)
        return DeleteResult(initial, self.wait(initial, path))
