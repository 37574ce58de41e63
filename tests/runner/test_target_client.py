import socket
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from conformance.target import TargetClient, TargetConfig, TargetUnreachable
from conformance.exchanges.transcript import Transcript
from conformance.target.config import InvalidTargetConfig
from conformance.target.errors import TargetOverloaded

from tests.runner.fake_clock import FakeClock
from tests.runner.scripted_adapter import Reply, scripted_session

BASE = "https://target.test"


def client_for(handler, **config):
    session, adapter = scripted_session(handler)
    clock = FakeClock()
    client = TargetClient(TargetConfig(BASE, **config), session=session, sleep=clock.sleep)
    return client, adapter, clock


def query_of(request):
    return parse_qs(urlsplit(request.url).query)


def test_api_version_is_added_to_relative_paths_only_unless_overridden():
    client, adapter, _ = client_for(lambda request: Reply(200, {}))
    client.get("/subscriptions/s")
    client.get("/subscriptions/s", api_version=None)
    client.get("/subscriptions/s", api_version="1999-01-01")
    client.get("/subscriptions/s", params={"api-version": "2020-01-01"})
    client.get(f"{BASE}/operations/1?api-version=2025-05-01&x=1")
    client.get(f"{BASE}/operations/2")
    versions = [query_of(request).get("api-version") for request in adapter.requests]
    assert versions == [["2025-05-01"], None, ["1999-01-01"], ["2020-01-01"], ["2025-05-01"], None]


def test_bearer_token_is_sent_and_can_be_left_out():
    client, adapter, _ = client_for(lambda request: Reply(200, {}), token="secret-token-value-123")
    client.get("/a")
    client.get("/a", auth=False)
    assert adapter.requests[0].headers["Authorization"] == "Bearer secret-token-value-123"
    assert "Authorization" not in adapter.requests[1].headers


@pytest.mark.parametrize("status", [429, 503])
def test_throttling_is_retried_a_bounded_number_of_times_honouring_capped_retry_after(status):
    client, adapter, clock = client_for(lambda request: Reply(status, {}, {"Retry-After": "120"}), max_retries=3)
    with pytest.raises(TargetOverloaded, match=f"still HTTP {status} after 3 retries"):
        client.put("/a", json={})
    assert len(adapter.requests) == 4
    assert clock.sleeps == [10.0, 10.0, 10.0]
    assert len(client.transcript.exchanges()) == 4


def test_retry_stops_at_the_first_answer_that_is_not_retryable():
    replies = iter([Reply(503, {}), Reply(429, {}, {"Retry-After": "2"}), Reply(201, {"ok": True})])
    client, adapter, clock = client_for(lambda request: next(replies))
    assert client.put("/a", json={}).status == 201
    assert clock.sleeps == [0.5, 2.0]


def test_referenced_resource_not_provisioned_is_retried_other_client_errors_are_not():
    not_provisioned = {"error": {"code": "ReferencedResourceNotProvisioned", "message": "busy"}}
    replies = iter([Reply(409, not_provisioned), Reply(400, {"error": {"code": "VnetAddressSpacesOverlap"}})])
    client, adapter, _ = client_for(lambda request: next(replies))
    assert client.put("/a", json={}).error_code == "VnetAddressSpacesOverlap"
    assert len(adapter.requests) == 2


def test_retry_can_be_turned_off_per_request():
    client, adapter, _ = client_for(lambda request: Reply(429, {}))
    assert client.get("/a", retry=False).status == 429
    assert len(adapter.requests) == 1


def test_connection_errors_raise_target_unreachable_and_are_recorded():
    client, _, _ = client_for(lambda request: requests.ConnectionError("connection reset by peer"))
    with pytest.raises(TargetUnreachable, match="connection reset"):
        client.get("/a")
    (exchange,) = client.transcript.exchanges()
    assert exchange.status is None and "connection reset" in exchange.error


def test_a_closed_port_is_unreachable():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    client = TargetClient(TargetConfig(f"http://127.0.0.1:{port}", timeout=2))
    with pytest.raises(TargetUnreachable):
        client.get("/a")


def test_exchanges_are_tagged_with_the_running_check():
    transcript = Transcript(id_prefix="gw1")
    session, _ = scripted_session(lambda request: Reply(200, {}))
    client = TargetClient(TargetConfig(BASE), session=session, transcript=transcript)
    client.get("/before")
    transcript.check, transcript.phase = "test_x.py::test_y", "call"
    response = client.get("/during")
    (exchange,) = transcript.for_check("test_x.py::test_y")
    assert exchange.id == response.exchange_id == "gw1-00002"
    assert exchange.phase == "call" and exchange.url.startswith(f"{BASE}/during")
    transcript.forget("test_x.py::test_y")
    assert [e.id for e in transcript.exchanges()] == ["gw1-00001"]


@pytest.mark.parametrize(
    "config",
    [
        {"base_url": "ftp://x"},
        {"base_url": "https://x", "token": "t", "azure_credential": True},
        {"base_url": "https://x", "ca_cert": "/no/such/ca.pem"},
        {"base_url": "https://x", "ca_cert": __file__, "insecure": True},
        {"base_url": "https://x", "timeout": 0},
    ],
)
def test_impossible_configurations_are_refused(config):
    with pytest.raises(InvalidTargetConfig):
        TargetConfig(**config)


def test_the_token_is_not_in_the_configs_repr():
    assert "hunter2-secret" not in repr(TargetConfig(BASE, token="hunter2-secret"))
