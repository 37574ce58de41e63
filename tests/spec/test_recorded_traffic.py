"""Bodies the live service actually sent (and clients actually sent it) satisfy the spec."""

from __future__ import annotations

import pytest

from conformance.spec.recordings import load_recorded_exchanges
from conformance.spec.routing import OPERATION, OPERATION_RESULT, OPERATION_STATUS, route
from conformance.spec.validation import validate_request, validate_response, validate_shape

EXCHANGES = load_recorded_exchanges()
WITH_RESPONSE_BODY = [exchange for exchange in EXCHANGES if exchange.has_response_body]
WITH_REQUEST_BODY = [exchange for exchange in EXCHANGES if exchange.has_request_body]


def _label(exchange):
    return f"{exchange.source[:14]}:{exchange.method}:{exchange.status}:{exchange.label[:40]}"


def test_every_recorded_request_addresses_a_known_url():
    unknown = [exchange.url for exchange in EXCHANGES if route(exchange.method, exchange.url).kind == "unknown"]
    assert unknown == []


def test_recordings_cover_resources_errors_and_operation_status():
    routes = [(route(e.method, e.url), e.status) for e in WITH_RESPONSE_BODY]
    peering_bodies = [r for r, status in routes if r.operation_id and "Peerings" in r.operation_id and status < 300]
    error_bodies = [r for r, status in routes if status >= 400]
    status_bodies = [r for r, _ in routes if r.kind == OPERATION_STATUS]
    network_bodies = [r for r, status in routes if r.operation_id == "VirtualNetworks_CreateOrUpdate"]
    assert len(peering_bodies) >= 6 and len(error_bodies) >= 3 and len(status_bodies) >= 6 and network_bodies


@pytest.mark.parametrize("exchange", WITH_RESPONSE_BODY, ids=_label)
def test_recorded_response_body_is_valid(exchange):
    matched = route(exchange.method, exchange.url)
    if matched.kind == OPERATION:
        errors = validate_response(matched.operation_id, exchange.status, exchange.response_body)
    elif matched.kind == OPERATION_STATUS:
        errors = validate_shape("OperationStatus", exchange.response_body)
    else:
        assert matched.kind == OPERATION_RESULT
        errors = [] if exchange.response_body in (None, "") else ["operation result carries a body"]
    assert errors == []


@pytest.mark.parametrize("exchange", WITH_REQUEST_BODY, ids=_label)
def test_recorded_request_body_is_valid(exchange):
    matched = route(exchange.method, exchange.url)
    assert validate_request(matched.operation_id, exchange.request_body) == []


def test_live_only_properties_are_tolerated_in_responses():
    live = [e for e in WITH_RESPONSE_BODY if isinstance(e.response_body, dict) and "properties" in e.response_body]
    extras = {key for e in live for key in e.response_body["properties"]} & {"remoteGateways", "routeServiceVips"}
    assert extras == {"remoteGateways", "routeServiceVips"}
