"""The shape catalog holds every documented shape with the documented access rules."""

from __future__ import annotations

import copy

import pytest
import yaml

from conformance.paths import SHAPES_FILE
from conformance.shapes import CatalogError, load_catalog
from conformance.shapes.consistency import check_consistency
from conformance.shapes.loading import parse_catalog

# Every property of the REST page's peering tables (api-version 2025-05-01).
DOCUMENTED_PEERING_PROPERTIES = {
    "allowForwardedTraffic", "allowGatewayTransit", "allowVirtualNetworkAccess",
    "doNotVerifyRemoteGateways", "enableOnlyIPv6Peering", "localAddressSpace",
    "localSubnetNames", "localVirtualNetworkAddressSpace", "peerCompleteVnets",
    "peeringState", "peeringSyncLevel", "provisioningState", "remoteAddressSpace",
    "remoteBgpCommunities", "remoteSubnetNames", "remoteVirtualNetwork",
    "remoteVirtualNetworkAddressSpace", "remoteVirtualNetworkEncryption",
    "resourceGuid", "useRemoteGateways",
}
OFFICIAL_OPERATION_IDS = {
    "VirtualNetworkPeerings_CreateOrUpdate", "VirtualNetworkPeerings_Get",
    "VirtualNetworkPeerings_Delete", "VirtualNetworkPeerings_List",
    "VirtualNetworks_CreateOrUpdate", "VirtualNetworks_Get",
    "VirtualNetworks_Delete", "VirtualNetworks_List",
}


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture()
def raw_catalog():
    with open(SHAPES_FILE, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def test_peering_has_every_documented_property(catalog):
    properties = {prop.name for prop in catalog.shapes["VirtualNetworkPeeringProperties"].properties}
    assert properties == DOCUMENTED_PEERING_PROPERTIES
    top = {prop.name for prop in catalog.shapes["VirtualNetworkPeering"].properties}
    assert top == {"id", "name", "type", "etag", "properties"}


def test_read_only_matches_the_official_spec(catalog):
    peering = catalog.shapes["VirtualNetworkPeeringProperties"]
    assert {prop.name for prop in peering.properties if prop.read_only} == {
        "provisioningState", "resourceGuid", "remoteVirtualNetworkEncryption",
    }
    assert catalog.shapes["VirtualNetworkPeering"].property("etag").read_only
    for computed in ("peeringState", "peeringSyncLevel", "remoteAddressSpace", "remoteVirtualNetworkAddressSpace"):
        assert peering.property(computed).server_computed and peering.property(computed).writable


def test_documented_enums(catalog):
    assert catalog.enums["VirtualNetworkPeeringState"].values == ("Initiated", "Connected", "Disconnected")
    assert set(catalog.enums["VirtualNetworkPeeringLevel"].values) == {
        "FullyInSync", "RemoteNotInSync", "LocalNotInSync", "LocalAndRemoteNotInSync",
    }
    assert set(catalog.enums["ProvisioningState"].values) == {
        "Failed", "Succeeded", "Canceled", "Creating", "Updating", "Deleting",
    }
    assert catalog.enums["VirtualNetworkEncryptionEnforcement"].values == ("DropUnencrypted", "AllowUnencrypted")
    assert catalog.enums["SyncRemoteAddressSpace"].values == ("true",)


def test_documented_parameters(catalog):
    group = catalog.parameters["resourceGroupName"]
    assert (group.location, group.min_length, group.max_length) == ("path", 1, 90)
    assert catalog.parameters["subscriptionId"].format == "uuid"
    assert catalog.parameters["api-version"].required
    sync = catalog.parameters["syncRemoteAddressSpace"]
    assert (sync.location, sync.type, sync.required) == ("query", "SyncRemoteAddressSpace", False)


def test_operations_use_official_ids_and_statuses(catalog):
    assert set(catalog.operations) == OFFICIAL_OPERATION_IDS
    statuses = {op_id: {r.status for r in op.responses} for op_id, op in catalog.operations.items()}
    assert statuses["VirtualNetworkPeerings_CreateOrUpdate"] == {"200", "201"}
    assert statuses["VirtualNetworkPeerings_Get"] == {"200"}
    assert statuses["VirtualNetworkPeerings_Delete"] == {"200", "202", "204"}
    assert statuses["VirtualNetworkPeerings_List"] == {"200"}
    put = catalog.operations["VirtualNetworkPeerings_CreateOrUpdate"]
    for response in put.responses:
        assert {"Azure-AsyncOperation", "Retry-After"} <= set(response.headers)


def test_unknown_key_is_rejected(raw_catalog):
    raw_catalog["shapes"]["SubResource"]["properties"]["id"]["read_onyl"] = True
    with pytest.raises(CatalogError, match="read_onyl"):
        parse_catalog(raw_catalog)


def test_dangling_type_is_rejected(raw_catalog):
    broken = copy.deepcopy(raw_catalog)
    broken["shapes"]["AddressSpace"]["properties"]["addressPrefixes"]["items"] = "Cidr"
    with pytest.raises(CatalogError, match="items"):
        check_consistency(parse_catalog(broken))


def test_link_to_a_missing_status_is_rejected(raw_catalog):
    links = raw_catalog["operations"]["VirtualNetworkPeerings_CreateOrUpdate"]["links"]
    links["GetPeering"]["after"] = ["200", "202"]
    with pytest.raises(CatalogError, match="202"):
        check_consistency(parse_catalog(raw_catalog))


def test_path_placeholders_must_match_parameters(raw_catalog):
    raw_catalog["operations"]["VirtualNetworkPeerings_Get"]["parameters"].remove("virtualNetworkPeeringName")
    with pytest.raises(CatalogError, match="placeholders"):
        check_consistency(parse_catalog(raw_catalog))
