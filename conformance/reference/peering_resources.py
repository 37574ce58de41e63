"""Peering request bodies -> `PeeringSettings`, and model state -> peering response bodies.

Read-only properties in a request (peeringState, remoteAddressSpace, resourceGuid, ...)
are ignored, as clients echo GET bodies back on PUT (`az network vnet peering sync`,
`Sync-AzVirtualNetworkPeering`).
"""

from __future__ import annotations

from dataclasses import dataclass

from conformance.model import Peering, PeeringSettings, PeeringView, VnetId
from conformance.reference.arm_errors import ArmError, bad_request
from conformance.reference.arm_names import (
    VNET_NAME,
    check_resource_group,
    check_resource_name,
    check_subscription,
)
from conformance.reference.request_json import JsonObject

PEERING_TYPE = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"

# request property -> PeeringSettings field, for the writable booleans
_BOOLEAN_PROPERTIES: dict[str, str] = {
    "allowVirtualNetworkAccess": "allow_virtual_network_access",
    "allowForwardedTraffic": "allow_forwarded_traffic",
    "allowGatewayTransit": "allow_gateway_transit",
    "useRemoteGateways": "use_remote_gateways",
    "doNotVerifyRemoteGateways": "do_not_verify_remote_gateways",
    "peerCompleteVnets": "peer_complete_vnets",
    "enableOnlyIPv6Peering": "enable_only_ipv6_peering",
}


@dataclass(frozen=True)
class PeeringRequest:
    """A peering PUT body as read; subnet names are None when the body leaves them out."""

    remote_vnet: VnetId
    flags: dict[str, bool]
    local_subnet_names: tuple[str, ...] | None
    remote_subnet_names: tuple[str, ...] | None

    def settings(self, existing: Peering | None) -> PeeringSettings:
        """The settings to write. Subnet names left out keep the existing ones, as the
        documented "Sync subnet Peering" example shows; every other property left out
        takes its default (PUT replaces)."""
        previous = existing.settings if existing is not None else None
        local = self.local_subnet_names
        remote = self.remote_subnet_names
        if local is None:
            local = previous.local_subnet_names if previous else ()
        if remote is None:
            remote = previous.remote_subnet_names if previous else ()
        return PeeringSettings(
            remote_vnet=self.remote_vnet,
            local_subnet_names=local,
            remote_subnet_names=remote,
            **self.flags,
        )


def _remote_vnet_id(properties: JsonObject) -> VnetId:
    remote = properties.object("remoteVirtualNetwork")
    if remote is None:
        raise ArmError(
            400,
            "MissingJsonReferenceId",
            "Value for reference id is missing. Path properties.remoteVirtualNetwork.id.",
            target="properties.remoteVirtualNetwork.id",
        )
    arm_id = remote.string("id")
    if not arm_id:
        raise ArmError(
            400,
            "MissingJsonReferenceId",
            "Value for reference id is missing. Path properties.remoteVirtualNetwork.id.",
            target="properties.remoteVirtualNetwork.id",
        )
    try:
        vnet_id = VnetId.parse(arm_id)
        check_subscription(vnet_id.subscription)
        check_resource_group(vnet_id.resource_group)
        check_resource_name(vnet_id.name, VNET_NAME)
    except (ValueError, ArmError):
        raise bad_request(
            "InvalidRemoteVirtualNetworkId",
            f"Remote virtual network id {arm_id!r} is not a valid virtual network resource id "
            "(/subscriptions/{uuid}/resourceGroups/{group}/providers/Microsoft.Network/"
            "virtualNetworks/{name}).",
            target="properties.remoteVirtualNetwork.id",
        ) from None
    return vnet_id


def peering_request(body: JsonObject) -> PeeringRequest:
    """Read a peering PUT body; 400 CloudError on anything malformed."""
    properties = body.object("properties")
    if properties is None:
        raise body.missing("properties")
    remote_vnet = _remote_vnet_id(properties)
    flags: dict[str, bool] = {}
    for json_name, field_name in _BOOLEAN_PROPERTIES.items():
        value = properties.boolean(json_name)
        if value is not None:
            flags[field_name] = value
    return PeeringRequest(
        remote_vnet=remote_vnet,
        flags=flags,
        local_subnet_names=properties.string_list("localSubnetNames"),
        remote_subnet_names=properties.string_list("remoteSubnetNames"),
    )


def peering_id(peering: Peering) -> str:
    return f"{peering.vnet.arm_id}/virtualNetworkPeerings/{peering.name}"


def _address_space(prefixes: tuple[str, ...]) -> dict:
    return {"addressPrefixes": list(prefixes)}


@dataclass(frozen=True)
class PeeringSnapshot:
    """A peering as one response shows it, captured under the endpoint's lock."""

    peering: Peering
    view: PeeringView
    etag: str
    provisioning_state: str


def peering_body(snapshot: PeeringSnapshot) -> dict:
    peering, view, settings = snapshot.peering, snapshot.view, snapshot.peering.settings
    properties: dict = {
        "provisioningState": snapshot.provisioning_state,
        "resourceGuid": peering.resource_guid,
        "peeringState": view.peering_state,
        "peeringSyncLevel": view.peering_sync_level,
        "remoteVirtualNetwork": {"id": settings.remote_vnet.arm_id},
        "allowVirtualNetworkAccess": settings.allow_virtual_network_access,
        "allowForwardedTraffic": settings.allow_forwarded_traffic,
        "allowGatewayTransit": settings.allow_gateway_transit,
        "useRemoteGateways": settings.use_remote_gateways,
        "doNotVerifyRemoteGateways": settings.do_not_verify_remote_gateways,
        "peerCompleteVnets": settings.peer_complete_vnets,
        "enableOnlyIPv6Peering": settings.enable_only_ipv6_peering,
        "remoteAddressSpace": _address_space(view.remote_address_space),
        "remoteVirtualNetworkAddressSpace": _address_space(view.remote_virtual_network_address_space),
    }
    if not settings.peer_complete_vnets:
        properties["localSubnetNames"] = list(settings.local_subnet_names)
        properties["remoteSubnetNames"] = list(settings.remote_subnet_names)
        properties["localAddressSpace"] = _address_space(view.local_address_space)
        properties["localVirtualNetworkAddressSpace"] = _address_space(
            view.local_virtual_network_address_space
        )
    return {
        "name": peering.name,
        "id": peering_id(peering),
        "etag": snapshot.etag,
        "type": PEERING_TYPE,
        "properties": properties,
    }
