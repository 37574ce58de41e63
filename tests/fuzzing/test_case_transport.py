"""Generated cases go out through the run's TargetClient: recorded, authenticated, paced,
retried on 429 after Retry-After, and judged by schemathesis on what the client received."""

from __future__ import annotations

from datetime import datetime

import pytest

from conformance.faults import Fault, FaultPlan, FaultProxy
from conformance.reference import ReferenceServer
from conformance.suite.fuzzing.arm_checks import fuzz_checks
from conformance.suite.fuzzing.case_transport import send_case
from conformance.suite.fuzzing.operations import operation_by_id
from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.errors import TargetOverloaded

TOKEN = "case-transport-token-3f9e1a"
SUBSCRIPTION = "00000000-0000-0000-0000-0000000000a1"


def list_vnets_case(config: TargetConfig):
    return operation_by_id("VirtualNetworks_List").Case(
        path_parameters={"subscriptionId": SUBSCRIPTION, "resourceGroupName": config.resource_group},
        query={"api-version": config.api_version},
    )


@pytest.fixture(scope="module")
def reference():
    with ReferenceServer(http=True, lro="sync", retry_after=0, require_token=TOKEN) as server:
        yield server


def started(exchange) -> float:
    return datetime.fromisoformat(exchange.started).timestamp()


def test_a_throttled_case_is_paced_retried_and_recorded(reference):
    plan = FaultPlan(Fault.THROTTLE, every=2, retry_after=1)
    with FaultProxy(reference.url, reference.ca_cert, plan) as proxy:
        config = TargetConfig(proxy.url, subscription=SUBSCRIPTION, token=TOKEN, max_rps=5.0)
        client = TargetClient(config)
        cases = [list_vnets_case(config) for _ in range(3)]
        sent = [send_case(client, case) for case in cases]
    exchanges = client.transcript.exchanges()
    statuses = [exchange.status for exchange in exchanges]
    assert statuses == [200, 429, 200, 429, 200], statuses
    assert [s.response.status_code for s in sent] == [200, 200, 200]
    assert exchanges[2].url == exchanges[1].url and exchanges[2].method == exchanges[1].method
    # Retry-After: 1 is honoured before the retry; 5 requests a second space the others.
    assert started(exchanges[2]) - started(exchanges[1]) >= 0.95
    gaps = [started(later) - started(earlier) for earlier, later in zip(exchanges, exchanges[1:])]
    assert min(gaps) >= 0.19, gaps
    assert all(exchange.request_headers.get("Authorization") not in (None, f"Bearer {TOKEN}") for exchange in exchanges)
    assert TOKEN not in str(exchanges)
    for case, one in zip(cases, sent):
        case.validate_response(one.response, checks=fuzz_checks())


def test_a_case_still_throttled_after_the_retries_is_a_target_error(reference):
    with FaultProxy(reference.url, reference.ca_cert, FaultPlan(Fault.THROTTLE, every=1, retry_after=0)) as proxy:
        config = TargetConfig(proxy.url, subscription=SUBSCRIPTION, token=TOKEN, max_retries=2)
        client = TargetClient(config)
        with pytest.raises(TargetOverloaded, match="still HTTP 429 after 2 retries"):
            send_case(client, list_vnets_case(config))
    assert [exchange.status for exchange in client.transcript.exchanges()] == [429, 429, 429]


def test_schemathesis_checks_judge_the_answer_the_client_received(reference):
    config = TargetConfig(reference.url, subscription=SUBSCRIPTION, token=TOKEN)
    client = TargetClient(config)
    refused = operation_by_id("VirtualNetworks_Get").Case(
        path_parameters={"subscriptionId": SUBSCRIPTION, "resourceGroupName": config.resource_group,
                         "virtualNetworkName": "missing-vnet"},
        query={"api-version": config.api_version},
    )
    sent = send_case(client, refused)
    assert sent.response.status_code == sent.answer.status == 404
    assert sent.response.json()["error"]["code"]
    refused.validate_response(sent.response, checks=fuzz_checks())
    exchange = client.transcript.exchanges()[-1]
    assert exchange.id == sent.answer.exchange_id and exchange.url == str(sent.response.request.url)

