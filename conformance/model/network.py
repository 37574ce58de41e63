"""The peering rules over a set of VNets (API contract; implementation in progress)."""

from __future__ import annotations

import uuid
from typing import Callable

from conformance.model.entities import (
    Change,
    Peering,
    PeeringSettings,
    PeeringView,
    VirtualNetwork,
    VnetId,
)


def _new_guid() -> str:
    return str(uuid.uuid4())


class Network:
    """All VNets and peerings one endpoint knows. Writes raise Refusal and leave state untouched."""

    def vnet(self, vnet_id: VnetId) -> VirtualNetwork | None: ...
    def vnets(self, subscription: str, resource_group: str | None = None) -> list[VirtualNetwork]: ...
    def peering(self, vnet_id: VnetId, name: str) -> Peering | None: ...
    def peerings(self, vnet_id: VnetId) -> list[Peering]: ...
    def view(self, peering: Peering) -> PeeringView: ...
    def put_vnet(self, vnet: VirtualNetwork) -> bool: ...
    def delete_vnet(self, vnet_id: VnetId) -> bool: ...
    def put_peering(
        self,
        vnet_id: VnetId,
        name: str,
        settings: PeeringSettings,
        *,
        sync: bool = False,
        new_guid: Callable[[], str] = _new_guid,
    ) -> bool: ...
    def delete_peering(self, vnet_id: VnetId, name: str) -> bool: ...
    def drain_changes(self) -> list[Change]: ...
    def load(self, records: list[VirtualNetwork | Peering]) -> None: ...
