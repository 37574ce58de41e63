"""The generated OpenAPI document: version, links, headers, open responses, closed requests."""

from __future__ import annotations

import json

import pytest

from conformance.paths import OPENAPI_FILE

PEERING_PATH = (
    "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network"
    "/virtualNetworks/{virtualNetworkName}/virtualNetworkPeerings/{virtualNetworkPeeringName}"
)


@pytest.fixture(scope="module")
def document():
    return json.loads(OPENAPI_FILE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("status", ["200", "201"])
def test_peering_put_links_on_both_success_statuses(document, status):
    links = document["paths"][PEERING_PATH]["put"]["responses"][status]["links"]
    targets = {name: link["operationId"] for name, link in links.items()}
    assert targets == {
        "GetPeering": "VirtualNetworkPeerings_Get",
        "DeletePeering": "VirtualNetworkPeerings_Delete",
        "SyncPeering": "VirtualNetworkPeerings_CreateOrUpdate",
    }
    for link in links.values():
        assert link["parameters"]["path.virtualNetworkPeeringName"] == "$request.path.virtualNetworkPeeringName"
        assert link["parameters"]["query.api-version"] == "$request.query.api-version"
    assert links["SyncPeering"]["parameters"]["query.syncRemoteAddressSpace"] == "true"
    assert links["SyncPeering"]["requestBody"] == "$request.body"


def test_documented_headers(document):
    put = document["paths"][PEERING_PATH]["put"]["responses"]
    for status in ("200", "201"):
        assert put[status]["headers"]["Azure-AsyncOperation"]["schema"] == {"type": "string"}
        assert put[status]["headers"]["Retry-After"]["schema"] == {"type": "integer"}
    delete = document["paths"][PEERING_PATH]["delete"]["responses"]
    assert set(delete) == {"200", "202", "204", "default"}
    assert delete["202"]["headers"]["Location"]["required"] is True
    assert "Azure-AsyncOperation" in delete["202"]["headers"]


def test_every_operation_fails_with_cloud_error(document):
    operations = [op for item in document["paths"].values() for op in item.values()]
    assert len(operations) == 8
    for operation in operations:
        default = operation["responses"]["default"]
        assert default["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/CloudError"}


def test_response_schemas_are_open_and_request_schema_is_closed(document):
    schemas = document["components"]["schemas"]
    for name in ("VirtualNetworkPeering", "VirtualNetworkPeeringProperties", "AddressSpace", "CloudError"):
        assert schemas[name]["additionalProperties"] is True
    request = schemas["VirtualNetworkPeeringPropertiesRequest"]
    assert request["additionalProperties"] is False
    assert not {"provisioningState", "resourceGuid", "remoteVirtualNetworkEncryption"} & set(request["properties"])
    assert "etag" not in schemas["VirtualNetworkPeeringRequest"]["properties"]
    body = document["paths"][PEERING_PATH]["put"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": "#/components/schemas/VirtualNetworkPeeringRequest"}


def test_documented_examples_are_embedded(document):
    put = document["paths"][PEERING_PATH]["put"]
    assert len(put["requestBody"]["content"]["application/json"]["examples"]) == 7
    for status in ("200", "201"):
        assert len(put["responses"][status]["content"]["application/json"]["examples"]) == 7


def test_openapi_version_and_query_parameters(document):
    assert document["openapi"] == "3.0.3"
    parameters = document["components"]["parameters"]
    assert parameters["api-version"]["required"] is True
    assert parameters["syncRemoteAddressSpace"]["schema"] == {"$ref": "#/components/schemas/SyncRemoteAddressSpace"}
    assert document["components"]["schemas"]["SyncRemoteAddressSpace"]["enum"] == ["true"]
