"""Peering and VNet bodies: every documented output property, read-only input ignored."""

from __future__ import annotations

from tests.reference.arm_session import ArmSession, assert_cloud_error

PEERING_OUTPUT = {
    "provisioningState", "resourceGuid", "peeringState", "peeringSyncLevel", "remoteVirtualNetwork",
    "allowVirtualNetworkAccess", "allowForwardedTraffic", "allowGatewayTransit", "useRemoteGateways",
    "doNotVerifyRemoteGateways", "peerCompleteVnets", "enableOnlyIPv6Peering", "remoteAddressSpace",
    "remoteVirtualNetworkAddressSpace",
}  # fmt: skip
SUBNET_PEERING_OUTPUT = {
    "localSubnetNames", "remoteSubnetNames", "localAddressSpace", "localVirtualNetworkAddressSpace"
}  # fmt: skip


def test_peering_body_has_every_documented_output_property(peered: ArmSession) -> None:
    body = peered.get(peered.peering_path("vnet1", "p12")).json()
    assert set(body) == {"name", "id", "etag", "type", "properties"}
    assert body["type"] == "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"
    assert body["id"] == peered.peering_path("vnet1", "p12")
    properties = body["properties"]
    assert set(properties) == PEERING_OUTPUT
    assert properties["remoteVirtualNetwork"] == {"id": peered.vnet_id("vnet2")}
    assert properties["peeringState"] == "Connected"
    assert properties["peeringSyncLevel"] == "FullyInSync"
    assert properties["remoteAddressSpace"] == {"addressPrefixes": ["10.2.0.0/16"]}
    assert properties["allowVirtualNetworkAccess"] is True and properties["allowForwardedTraffic"] is False


def test_both_halves_of_a_pair_share_the_resource_guid(peered: ArmSession) -> None:
    on_vnet1, on_vnet2 = peered.peering_properties("vnet1", "p12"), peered.peering_properties("vnet2", "p21")
    assert on_vnet1["resourceGuid"] == on_vnet2["resourceGuid"]


def test_subnet_peering_shows_the_local_fields(arm: ArmSession) -> None:
    arm.put_vnet("vnet1", ["10.1.0.0/16"], subnets={"a": "10.1.1.0/24", "b": "10.1.2.0/24"})
    arm.put_vnet("vnet2", ["10.2.0.0/16"], subnets={"c": "10.2.3.0/24"})
    response = arm.put_peering(
        "vnet1", "sub", "vnet2", peerCompleteVnets=False, localSubnetNames=["a"], remoteSubnetNames=["c"]
    )
    assert response.status_code == 201, response.text
    properties = response.json()["properties"]
    assert set(properties) == PEERING_OUTPUT | SUBNET_PEERING_OUTPUT
    assert properties["localSubnetNames"] == ["a"] and properties["remoteSubnetNames"] == ["c"]
    assert properties["localAddressSpace"] == {"addressPrefixes": ["10.1.1.0/24"]}
    assert properties["remoteAddressSpace"] == {"addressPrefixes": ["10.2.3.0/24"]}
    body = {"properties": {"remoteVirtualNetwork": {"id": arm.vnet_id("vnet2")}, "peerCompleteVnets": False}}
    kept = arm.put(arm.peering_path("vnet1", "sub"), body, params={"syncRemoteAddressSpace": "true"})
    assert kept.status_code == 200, kept.text
    assert kept.json()["properties"]["localSubnetNames"] == ["a"]


def test_vnet_body_shape(arm: ArmSession) -> None:
    arm.put_vnet("vnet2", ["10.2.0.0/16"])
    body = {
        "location": "West US",
        "properties": {
            "addressSpace": {"addressPrefixes": ["10.1.0.0/16", "fd00::/48"]},
            "subnets": [
                {"name": "one", "properties": {"addressPrefix": "10.1.0.0/24"}},
                {"name": "two", "properties": {"addressPrefixes": ["10.1.1.0/24", "fd00::/64"]}},
            ],
        },
    }
    created = arm.put(arm.vnet_path("vnet1"), body).json()
    arm.put_peering("vnet1", "p", "vnet2")
    got = arm.get(arm.vnet_path("vnet1")).json()
    assert set(got) == {"name", "id", "etag", "type", "location", "properties"}
    assert (got["type"], got["location"]) == ("Microsoft.Network/virtualNetworks", "westus")
    properties = got["properties"]
    assert properties["resourceGuid"] == created["properties"]["resourceGuid"]
    assert properties["provisioningState"] == "Succeeded"
    assert properties["addressSpace"] == {"addressPrefixes": ["10.1.0.0/16", "fd00::/48"]}
    assert [s["properties"].get("addressPrefix") for s in properties["subnets"]] == ["10.1.0.0/24", None]
    assert properties["subnets"][1]["properties"]["addressPrefixes"] == ["10.1.1.0/24", "fd00::/64"]
    assert properties["subnets"][0]["id"] == f"{arm.vnet_id('vnet1')}/subnets/one"
    assert [p["name"] for p in properties["virtualNetworkPeerings"]] == ["p"]
    assert properties["virtualNetworkPeerings"][0]["etag"] == got["etag"]


def test_read_only_properties_in_a_request_are_ignored(peered: ArmSession) -> None:
    before = peered.peering_properties("vnet2", "p21")
    echoed = {
        "name": "p21",
        "id": "/made/up",
        "etag": 'W/"whatever"',
        "type": "Something/else",
        "properties": {
            **before,
            "peeringState": "Disconnected",
            "peeringSyncLevel": "LocalNotInSync",
            "provisioningState": "Failed",
            "resourceGuid": "00000000-0000-0000-0000-000000000000",
            "remoteAddressSpace": {"addressPrefixes": ["1.0.0.0/8"]},
            "remoteVirtualNetworkAddressSpace": "not even the right type",
            "remoteBgpCommunities": {"virtualNetworkCommunity": "1:1"},
            "routeServiceVips": {},
        },
    }
    response = peered.put(peered.peering_path("vnet2", "p21"), echoed)
    assert response.status_code == 200, response.text
    after = response.json()
    assert after["id"] == peered.peering_path("vnet2", "p21")
    assert after["type"] == "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"
    assert {k: v for k, v in after["properties"].items()} == before


def test_vnet_put_ignores_embedded_peerings(peered: ArmSession) -> None:
    vnet = peered.get(peered.vnet_path("vnet1")).json()
    vnet["properties"]["virtualNetworkPeerings"] = []
    vnet["properties"]["addressSpace"]["addressPrefixes"].append("10.99.0.0/16")
    assert peered.put(peered.vnet_path("vnet1"), vnet).status_code == 200
    assert peered.peering_properties("vnet1", "p12")["peeringState"] == "Connected"


def test_address_space_change_and_sync_as_recorded(peered: ArmSession) -> None:
    peered.put_vnet("vnet1", ["10.1.0.0/16", "10.99.0.0/16"], subnets={"default": "10.1.0.0/24"})
    on_changed = peered.peering_properties("vnet1", "p12")
    on_other = peered.peering_properties("vnet2", "p21")
    assert on_changed["peeringSyncLevel"] == "RemoteNotInSync"
    assert on_other["peeringSyncLevel"] == "LocalNotInSync"
    assert on_other["remoteAddressSpace"] == {"addressPrefixes": ["10.1.0.0/16"]}
    assert on_other["remoteVirtualNetworkAddressSpace"] == {"addressPrefixes": ["10.1.0.0/16", "10.99.0.0/16"]}
    assert peered.put_peering("vnet2", "p21", "vnet1", sync=True).status_code == 200
    assert peered.peering_properties("vnet1", "p12")["peeringSyncLevel"] == "FullyInSync"
    synced = peered.peering_properties("vnet2", "p21")
    assert synced["peeringSyncLevel"] == "FullyInSync"
    assert synced["remoteAddressSpace"] == synced["remoteVirtualNetworkAddressSpace"]


def test_deleting_one_side_disconnects_the_other(peered: ArmSession) -> None:
    assert peered.delete(peered.peering_path("vnet2", "p21")).status_code == 200
    assert peered.peering_properties("vnet1", "p12")["peeringState"] == "Disconnected"
    assert_cloud_error(peered.put_peering("vnet2", "p21", "vnet1"), 400, "RemotePeeringIsDisconnected")


def test_a_gateway_subnet_stands_for_a_gateway(arm: ArmSession) -> None:
    arm.put_vnet("hub", ["10.0.0.0/16"], subnets={"GatewaySubnet": "10.0.255.0/27"})
    arm.put_vnet("spoke", ["10.1.0.0/16"])
    arm.put_vnet("other", ["10.2.0.0/16"])
    assert arm.put_peering("hub", "to-spoke", "spoke", allowGatewayTransit=True).status_code == 201
    assert arm.put_peering("spoke", "to-hub", "hub", useRemoteGateways=True).status_code == 201
    no_gateway = arm.put_peering("other", "to-spoke", "spoke", useRemoteGateways=True)
    assert_cloud_error(no_gateway, 400, "RemoteVnetHasNoGateways")
