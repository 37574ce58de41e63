"""The things the model talks about: VNets, subnets, peerings and what a peering shows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_VNET_ID = re.compile(
    r"^/subscriptions/(?P<subscription>[^/]+)/resourceGroups/(?P<resource_group>[^/]+)"
    r"/providers/Microsoft\.Network/virtualNetworks/(?P<name>[^/]+)/?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class VnetId:
    """Where a VNet lives. Compared case-insensitively through `key`, casing kept for display."""

    subscription: str
    resource_group: str
    name: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.subscription.lower(), self.resource_group.lower(), self.name.lower())

    @property
    def arm_id(self) -> str:
        return (
            f"/subscriptions/{self.subscription}/resourceGroups/{self.resource_group}"
            f"/providers/Microsoft.Network/virtualNetworks/{self.name}"
        )

    @classmethod
    def parse(cls, arm_id: str) -> "VnetId":
        """Read a VNet ARM id; ValueError when it is not one."""
        match = _VNET_ID.match(arm_id or "")
        if not match:
            raise ValueError(f"not a virtual network resource id: {arm_id!r}")
        return cls(**match.groupdict())

    def same_as(self, other: "VnetId") -> bool:
        return self.key == other.key


@dataclass(frozen=True)
class Subnet:
    name: str
    prefixes: tuple[str, ...]


@dataclass(frozen=True)
class VirtualNetwork:
    id: VnetId
    location: str
    address_prefixes: tuple[str, ...]
    subnets: tuple[Subnet, ...] = ()
    # Gateways are another resource provider's; the model only needs to know one exists.
    has_gateway: bool = False


@dataclass(frozen=True)
class PeeringSettings:
    """The writable properties of a peering, as the caller asked for them."""

    remote_vnet: VnetId
    allow_virtual_network_access: bool = True
    allow_forwarded_traffic: bool = False
    allow_gateway_transit: bool = False
    use_remote_gateways: bool = False
    do_not_verify_remote_gateways: bool = False
    peer_complete_vnets: bool = True
    enable_only_ipv6_peering: bool = False
    local_subnet_names: tuple[str, ...] = ()
    remote_subnet_names: tuple[str, ...] = ()


@dataclass(frozen=True)
class Peering:
    """What is stored of a peering; everything observable beyond this is derived (PeeringView)."""

    vnet: VnetId
    name: str
    settings: PeeringSettings
    # The remote/local space as peered at creation or at the last sync (refreshed by nothing else).
    peered_remote: tuple[str, ...]
    peered_local: tuple[str, ...]
    # Set when the reverse peering or the remote VNet was deleted while this side survived.
    disconnected: bool
    resource_guid: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (*self.vnet.key, self.name.lower())


@dataclass(frozen=True)
class PeeringView:
    """The derived, observable state of one peering."""

    peering_state: str  # Initiated | Connected | Disconnected
    peering_sync_level: str  # FullyInSync | LocalNotInSync | RemoteNotInSync | LocalAndRemoteNotInSync
    remote_address_space: tuple[str, ...]
    remote_virtual_network_address_space: tuple[str, ...]
    local_address_space: tuple[str, ...]
    local_virtual_network_address_space: tuple[str, ...]


@dataclass(frozen=True)
class Change:
    """One stored record touched by a write, for a persistence layer to mirror."""

    kind: str  # "vnet" | "peering"
    key: tuple[str, ...]
    record: VirtualNetwork | Peering | None  # None: deleted


@dataclass
class Refusal(Exception):
    """A request the service refuses; `code` is the ARM error code it answers with."""

    code: str
    message: str
    status: int = 400
    target: str | None = field(default=None)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"
