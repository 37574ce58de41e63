"""The ARM URL shapes the endpoint answers, matched with case-insensitive literal segments.

ARM compares `resourceGroups`, `providers/Microsoft.Network`, `virtualNetworks` ... without
case, so routes are matched segment by segment rather than by a case-sensitive router.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


class RouteKind(enum.Enum):
    RESOURCE_GROUP = "resource group"
    VNETS_IN_SUBSCRIPTION = "virtual networks of a subscription"
    VNETS_IN_GROUP = "virtual networks of a resource group"
    VNET = "virtual network"
    PEERINGS = "peerings of a virtual network"
    PEERING = "virtual network peering"
    OPERATION = "operation status"
    OPERATION_RESULT = "operation result"


ALLOWED_METHODS: dict[RouteKind, tuple[str, ...]] = {
    RouteKind.RESOURCE_GROUP: ("GET", "HEAD", "PUT", "DELETE"),
    RouteKind.VNETS_IN_SUBSCRIPTION: ("GET",),
    RouteKind.VNETS_IN_GROUP: ("GET",),
    RouteKind.VNET: ("GET", "PUT", "DELETE"),
    RouteKind.PEERINGS: ("GET",),
    RouteKind.PEERING: ("GET", "PUT", "DELETE"),
    RouteKind.OPERATION: ("GET",),
    RouteKind.OPERATION_RESULT: ("GET",),
}

_GROUP = ("subscriptions", "{subscription}", "resourcegroups", "{resource_group}")
_NETWORK = ("providers", "microsoft.network")
_VNETS = (*_GROUP, *_NETWORK, "virtualnetworks")
_LOCATION = ("subscriptions", "{subscription}", *_NETWORK, "locations", "{location}")

_PATTERNS: tuple[tuple[RouteKind, tuple[str, ...]], ...] = (
    (RouteKind.RESOURCE_GROUP, _GROUP),
    (RouteKind.VNETS_IN_SUBSCRIPTION, ("subscriptions", "{subscription}", *_NETWORK, "virtualnetworks")),
    (RouteKind.VNETS_IN_GROUP, _VNETS),
    (RouteKind.VNET, (*_VNETS, "{vnet}")),
    (RouteKind.PEERINGS, (*_VNETS, "{vnet}", "virtualnetworkpeerings")),
    (RouteKind.PEERING, (*_VNETS, "{vnet}", "virtualnetworkpeerings", "{peering}")),
    (RouteKind.OPERATION, (*_LOCATION, "operations", "{operation_id}")),
    (RouteKind.OPERATION_RESULT, (*_LOCATION, "operationresults", "{operation_id}")),
)


@dataclass(frozen=True)
class Route:
    kind: RouteKind
    subscription: str
    resource_group: str = ""
    vnet: str = ""
    peering: str = ""
    location: str = ""
    operation_id: str = ""

    @property
    def is_network(self) -> bool:
        """Served by Microsoft.Network (as opposed to ARM's own resource groups)."""
        return self.kind is not RouteKind.RESOURCE_GROUP


def match_route(path: str) -> Route | None:
    segments = path.strip("/").split("/")
    if any(segment == "" for segment in segments):
        return None
    for kind, pattern in _PATTERNS:
        if len(pattern) != len(segments):
            continue
        values: dict[str, str] = {}
        for expected, actual in zip(pattern, segments):
            if expected.startswith("{"):
                values[expected[1:-1]] = actual
            elif expected != actual.lower():
                break
        else:
            return Route(kind=kind, **values)
    return None
