"""The tracing headers of ARM: x-ms-request-id on every answer, the correlation id echoed.

Support cases with Azure start from these ids; a response without one - an error, a
poll of an operation, a 204 - cannot be traced, which is why the check looks at every
exchange it caused rather than at a few chosen ones.
"""

from __future__ import annotations

import uuid

import pytest

from conformance.suite.scenarios.arm_checks import (
    REQUEST_ID,
    describe_exchange,
    exchange_header,
    exchanges_of_this_check,
    provoke_refusals,
)

CORRELATION_ID = "x-ms-correlation-request-id"


def follow_location_once(api, initial) -> None:
    """GET a DELETE's Location URL, so the operation-result resource is among the answers."""
    location = initial.headers.get("Location")
    if location:
        api.client.get(location)


@pytest.mark.requirements("ARM-014")
def test_every_response_carries_x_ms_request_id(request, target, api, pair, names):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    b.peer(a).ensure_succeeded()
    a.peer(b, sync=True).ensure_succeeded()
    a.peering(b)
    api.list_all(api.list_peerings(a.name))
    api.list_all(api.list_vnets())
    deleted = b.delete_peering(a)
    assert deleted.succeeded, deleted.initial.describe()
    follow_location_once(api, deleted.initial)
    a.delete_peering(names.new("missing"))
    provoke_refusals(api, a, b, names.new("unused"))

    seen = exchanges_of_this_check(request, target)
    missing = [describe_exchange(exchange) for exchange in seen if not exchange_header(exchange, REQUEST_ID)]
    assert not missing, f"{len(missing)} of {len(seen)} responses lack {REQUEST_ID}:\n" + "\n".join(missing)


@pytest.mark.requirements("ARM-015")
def test_the_correlation_id_sent_comes_back(api, pair, names):
    a, b = pair()
    senders = {
        "peering PUT": lambda headers: a.peer(b, headers=headers).initial,
        "VNet GET": lambda headers: a.get(headers=headers),
        "GET of a missing peering": lambda headers: a.get_peering(names.new("missing"), headers=headers),
        "unknown api-version": lambda headers: a.get(headers=headers, api_version="1999-01-01"),
    }
    wrong = []
    for label, send in senders.items():
        sent = str(uuid.uuid4())
        response = send({CORRELATION_ID: sent})
        if response.headers.get(CORRELATION_ID) != sent:
            wrong.append(f"{label}: sent {sent}, got {response.headers.get(CORRELATION_ID)!r}: {response.describe()}")
    assert not wrong, "x-ms-correlation-request-id not echoed:\n" + "\n".join(wrong)
