"""Which recorded exchanges belong to the VNet and peering API (any api-version), and
what each addresses: the documented operation, or an async-operation URL."""

from __future__ import annotations

from dataclasses import dataclass

from conformance.spec.routing import OPERATION, OPERATION_RESULT, OPERATION_STATUS, Route, route
from conformance.traffic.recorded_traffic import TrafficRecord

PEERING_OPERATIONS = frozenset(
    {
        "VirtualNetworkPeerings_CreateOrUpdate",
        "VirtualNetworkPeerings_Delete",
        "VirtualNetworkPeerings_Get",
        "VirtualNetworkPeerings_List",
    }
)
VNET_OPERATIONS = frozenset(
    {"VirtualNetworks_CreateOrUpdate", "VirtualNetworks_Delete", "VirtualNetworks_Get", "VirtualNetworks_List"}
)


@dataclass(frozen=True)
class Routed:
    """A kept record and what it addresses."""

    record: TrafficRecord
    route: Route

    @property
    def operation_id(self) -> str | None:
        return self.route.operation_id

    @property
    def is_status(self) -> bool:
        return self.route.kind == OPERATION_STATUS

    @property
    def is_result(self) -> bool:
        return self.route.kind == OPERATION_RESULT

    @property
    def on_peering(self) -> bool:
        return self.operation_id in PEERING_OPERATIONS

    @property
    def on_vnet(self) -> bool:
        return self.operation_id in VNET_OPERATIONS


@dataclass(frozen=True)
class FilteredTraffic:
    kept: list[Routed]
    dropped: list[TrafficRecord]  # other APIs (resource groups, other resource types) and unanswered requests


def routed(record: TrafficRecord) -> Routed | None:
    """The record with its route, or None when it is not part of the VNet and peering API."""
    if record.status is None:
        return None
    matched = route(record.method, record.url)
    if matched.kind in (OPERATION_STATUS, OPERATION_RESULT):
        return Routed(record, matched)
    if matched.kind == OPERATION and matched.operation_id in PEERING_OPERATIONS | VNET_OPERATIONS:
        return Routed(record, matched)
    return None


def filter_traffic(records: list[TrafficRecord]) -> FilteredTraffic:
    kept, dropped = [], []
    for record in records:
        item = routed(record)
        if item is None:
            dropped.append(record)
        else:
            kept.append(item)
    return FilteredTraffic(kept, dropped)
