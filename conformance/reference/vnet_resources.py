"""VNet request bodies -> `VirtualNetwork`, and model state -> VNet response bodies.

The VNet PUT ignores `properties.virtualNetworkPeerings`: peerings are written through
their own resource, and Azure PowerShell sends `[]` there while the peering survives.

Gateways belong to another resource type the endpoint does not serve; a VNet counts as
having a gateway when it has a subnet named `GatewaySubnet` (the subnet every Azure VPN
or ExpressRoute gateway lives in), which lets clients exercise useRemoteGateways.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from conformance.model import Subnet, VirtualNetwork, VnetId
from conformance.reference.arm_errors import ArmError, bad_request
from conformance.reference.arm_names import SUBNET_NAME, check_location, check_resource_name
from conformance.reference.peering_resources import PeeringSnapshot, peering_body
from conformance.reference.request_json import JsonObject

VNET_TYPE = "Microsoft.Network/virtualNetworks"
SUBNET_TYPE = "Microsoft.Network/virtualNetworks/subnets"
GATEWAY_SUBNET_NAME = "GatewaySubnet"


@dataclass(frozen=True)
class SubnetRequest:
    name: str
    prefixes: tuple[str, ...]


@dataclass(frozen=True)
class VnetRequest:
    """A VNet PUT body as read; `location` is None when left out (an update keeps it)."""

    location: str | None
    address_prefixes: tuple[str, ...]
    subnets: tuple[SubnetRequest, ...]

    def vnet(self, vnet_id: VnetId, existing: VirtualNetwork | None) -> VirtualNetwork:
        """The VNet to write; 400 when a create has no location or an update moves it."""
        location = self.location
        if existing is not None:
            if location is not None and location != existing.location:
                raise bad_request(
                    "InvalidResourceLocation",
                    f"The resource '{existing.id.name}' already exists in location "
                    f"'{existing.location}' in resource group '{existing.id.resource_group}'. "
                    f"A resource with the same name cannot be created in location '{location}'.",
                    target="location",
                )
            location = existing.location
        if location is None:
            raise bad_request(
                "LocationRequired", "The location property is required for this definition.", "location"
            )
        subnets = tuple(Subnet(name=subnet.name, prefixes=subnet.prefixes) for subnet in self.subnets)
        return VirtualNetwork(
            id=vnet_id,
            location=location,
            address_prefixes=self.address_prefixes,
            subnets=subnets,
            has_gateway=any(subnet.name.lower() == GATEWAY_SUBNET_NAME.lower() for subnet in subnets),
        )


def check_prefix(prefix: str, target: str) -> None:
    """A CIDR prefix with no host bits set, IPv4 or IPv6."""
    try:
        if "/" not in prefix:
            raise ValueError("no prefix length")
        ipaddress.ip_network(prefix, strict=True)
    except ValueError:
        raise bad_request(
            "InvalidAddressPrefixFormat",
            f"Address prefix {prefix!r} is not a valid CIDR prefix (e.g. 10.0.0.0/16 or 2001:db8::/64).",
            target=target,
        ) from None


def _subnet_request(subnet: JsonObject) -> SubnetRequest:
    name = subnet.string("name")
    if name is None:
        raise subnet.missing("name")
    check_resource_name(name, SUBNET_NAME)
    properties = subnet.object("properties")
    if properties is None:
        raise subnet.missing("properties")
    prefixes = properties.string_list("addressPrefixes")
    if prefixes is None:
        single = properties.string("addressPrefix")
        if single is None:
            raise properties.missing("addressPrefix")
        prefixes = (single,)
    for prefix in prefixes:
        check_prefix(prefix, f"{properties.path}.addressPrefixes")
    return SubnetRequest(name=name, prefixes=prefixes)


def vnet_request(body: JsonObject) -> VnetRequest:
    """Read a VNet PUT body; 400 CloudError on anything malformed."""
    location = body.string("location")
    normalized_location = check_location(location) if location is not None else None
    properties = body.object("properties")
    if properties is None:
        raise body.missing("properties")
    address_space = properties.object("addressSpace")
    if address_space is None:
        raise properties.missing("addressSpace")
    prefixes = address_space.string_list("addressPrefixes")
    if prefixes is None:
        raise address_space.missing("addressPrefixes")
    for prefix in prefixes:
        check_prefix(prefix, "properties.addressSpace.addressPrefixes")
    subnets = tuple(_subnet_request(subnet) for subnet in properties.object_list("subnets") or [])
    seen: set[str] = set()
    for subnet in subnets:
        if subnet.name.lower() in seen:
            raise ArmError(
                400,
                "DuplicateResourceName",
                f"The request has two subnets named {subnet.name!r}; subnet names are unique "
                "within a virtual network (compared without case).",
                target="properties.subnets",
            )
        seen.add(subnet.name.lower())
    return VnetRequest(location=normalized_location, address_prefixes=prefixes, subnets=subnets)


@dataclass(frozen=True)
class VnetSnapshot:
    """A VNet as one response shows it, captured under the endpoint's lock."""

    vnet: VirtualNetwork
    etag: str
    resource_guid: str
    provisioning_state: str
    peerings: tuple[PeeringSnapshot, ...]


def _subnet_body(vnet: VirtualNetwork, subnet: Subnet, etag: str) -> dict:
    properties: dict = {"provisioningState": "Succeeded"}
    if len(subnet.prefixes) == 1:
        properties["addressPrefix"] = subnet.prefixes[0]
    else:
        properties["addressPrefixes"] = list(subnet.prefixes)
    return {
        "name": subnet.name,
        "id": f"{vnet.id.arm_id}/subnets/{subnet.name}",
        "etag": etag,
        "type": SUBNET_TYPE,
        "properties": properties,
    }


def vnet_body(snapshot: VnetSnapshot) -> dict:
    vnet = snapshot.vnet
    return {
        "name": vnet.id.name,
        "id": vnet.id.arm_id,
        "etag": snapshot.etag,
        "type": VNET_TYPE,
        "location": vnet.location,
        "properties": {
            "provisioningState": snapshot.provisioning_state,
            "resourceGuid": snapshot.resource_guid,
            "addressSpace": {"addressPrefixes": list(vnet.address_prefixes)},
            "subnets": [_subnet_body(vnet, subnet, snapshot.etag) for subnet in vnet.subnets],
            "virtualNetworkPeerings": [peering_body(peering) for peering in snapshot.peerings],
        },
    }
