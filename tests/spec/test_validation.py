"""The validators reject what the spec forbids, so a passing validation means something."""

from __future__ import annotations

import copy

import pytest

from conformance.spec.examples import load_examples
from conformance.spec.validation import validate_request, validate_response, validate_shape

PUT = "VirtualNetworkPeerings_CreateOrUpdate"
EXAMPLE = {example.slug: example for example in load_examples()}["create-subnet-peering"]


@pytest.fixture()
def request_body():
    return copy.deepcopy(EXAMPLE.request_body)


@pytest.fixture()
def response_body():
    return copy.deepcopy(EXAMPLE.response(201).body)


def test_request_with_unknown_property_is_rejected(request_body):
    request_body["properties"]["allowEverything"] = True
    assert any("allowEverything" in error for error in validate_request(PUT, request_body))


def test_request_with_read_only_property_is_rejected(request_body):
    request_body["properties"]["provisioningState"] = "Succeeded"
    request_body["etag"] = 'W/"1"'
    errors = validate_request(PUT, request_body)
    assert any("provisioningState" in error for error in errors)
    assert any("etag" in error for error in errors)


def test_request_with_wrong_type_is_rejected(request_body):
    request_body["properties"]["localSubnetNames"] = "Subnet1"
    assert validate_request(PUT, request_body) == ["$.properties.localSubnetNames: 'Subnet1' is not of type 'array'"]


def test_response_with_unknown_enum_value_is_rejected(response_body):
    response_body["properties"]["peeringSyncLevel"] = "InSync"
    assert len(validate_response(PUT, 201, response_body)) == 1


def test_response_with_unknown_property_is_accepted(response_body):
    response_body["properties"]["routeServiceVips"] = {}
    response_body["properties"]["remoteAddressSpace"]["ipamPoolPrefixAllocations"] = []
    response_body["somethingNew"] = 1
    assert validate_response(PUT, 201, response_body) == []


def test_response_status_not_documented_is_rejected(response_body):
    assert validate_response(PUT, 202, response_body) == [f"{PUT} does not document status 202"]


def test_error_status_uses_cloud_error():
    assert validate_response(PUT, 409, {"error": {"code": "Conflict", "message": "m", "details": []}}) == []
    assert validate_response(PUT, 409, {"error": {"code": 409}}) != []


def test_delete_answers_without_a_body():
    assert validate_response("VirtualNetworkPeerings_Delete", 204, None) == []
    assert validate_response("VirtualNetworkPeerings_Delete", 202, {"status": "x"}) != []


def test_list_last_page_may_have_null_next_link(response_body):
    page = {"value": [response_body], "nextLink": None}
    assert validate_response("VirtualNetworkPeerings_List", 200, page) == []
    assert validate_response("VirtualNetworkPeerings_List", 200, {"value": [{"properties": []}]}) != []


def test_operation_status_needs_a_known_status():
    assert validate_shape("OperationStatus", {"status": "InProgress"}) == []
    assert validate_shape("OperationStatus", {"status": "Failed", "error": {"code": "X", "message": "y"}}) == []
    assert validate_shape("OperationStatus", {"status": "Running"}) != []
    assert validate_shape("OperationStatus", {}) != []


def test_network_request_needs_a_location():
    errors = validate_request("VirtualNetworks_CreateOrUpdate", {"properties": {}})
    assert errors == ["$: 'location' is a required property"]


def test_unknown_operation_is_a_caller_error():
    with pytest.raises(KeyError):
        validate_request("VirtualNetworkPeerings_Patch", {})
