"""The one forwarding core of both proxies: what reaches the upstream, what reaches the
client, and what a subclass can do instead of relaying."""

from __future__ import annotations

import socket
import threading

import pytest
import requests

from conformance.exchanges.forwarding import CONNECTION_RESET, ClientRequest, ForwardingProxy, Reply
from tests.exchanges.echo_upstream import echo_upstream


@pytest.fixture
def proxied():
    with echo_upstream() as upstream, ForwardingProxy(upstream, verify=True, timeout=10) as proxy:
        yield upstream, proxy


def test_the_request_reaches_the_upstream_as_sent_without_connection_headers(proxied):
    upstream, proxy = proxied
    answer = requests.post(f"{proxy.url}/things?api-version=1", data=b'{"a": 1}', timeout=10,
                           headers={"X-Custom": "kept", "Content-Encoding": "identity", "Proxy-Connection": "x"})
    seen = answer.json()
    assert seen["method"] == "POST" and seen["path"] == "/things?api-version=1" and seen["body"] == '{"a": 1}'
    headers = {name.lower(): value for name, value in seen["headers"].items()}
    assert headers["x-custom"] == "kept" and headers["content-encoding"] == "identity"
    assert "proxy-connection" not in headers
    assert headers["host"] == upstream.removeprefix("http://")  # the upstream's own, not the proxy's


def test_the_answer_reaches_the_client_with_header_urls_pointed_at_the_proxy(proxied):
    upstream, proxy = proxied
    answer = requests.put(f"{proxy.url}/things", json={}, timeout=10)
    assert answer.status_code == 201
    assert answer.headers["Location"] == f"{proxy.url}/operations/1"
    assert "Keep-Alive" not in answer.headers
    assert answer.json()["nextLink"] == f"{upstream}/page2"  # bodies are the subclass's business
    assert int(answer.headers["Content-Length"]) == len(answer.content)


def test_redirects_are_relayed_not_followed(proxied):
    _, proxy = proxied
    answer = requests.get(f"{proxy.url}/redirect", allow_redirects=False, timeout=10)
    assert answer.status_code == 302 and answer.headers["Location"] == f"{proxy.url}/elsewhere"


def test_a_head_answer_has_no_body_and_a_bodiless_answer_stays_bodiless(proxied):
    _, proxy = proxied
    assert requests.head(f"{proxy.url}/things", timeout=10).content == b""
    empty = requests.delete(f"{proxy.url}/empty", timeout=10)
    assert empty.status_code == 204 and empty.content == b""


def test_an_unreachable_upstream_is_a_502_cloud_error():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{closed.getsockname()[1]}"  # bound, never listening: refused
        with ForwardingProxy(dead, verify=True, timeout=5) as proxy:
            answer = requests.get(f"{proxy.url}/things", timeout=10)
    assert answer.status_code == 502 and answer.json()["error"]["code"] == "BadGateway"


class _Resetting(ForwardingProxy):
    def reply(self, request: ClientRequest) -> Reply:
        if request.path == "/reset":
            return CONNECTION_RESET
        return Reply(418, [("Content-Type", "text/plain")], f"{request.method} not forwarded".encode())


def test_a_subclass_answers_itself_or_resets_the_connection():
    with _Resetting("http://127.0.0.1:9", verify=True, timeout=5) as proxy:
        own = requests.patch(f"{proxy.url}/mine", timeout=10)
        assert own.status_code == 418 and own.text == "PATCH not forwarded"
        with pytest.raises(requests.ConnectionError, match="reset|aborted"):
            requests.get(f"{proxy.url}/reset", timeout=10)


def test_each_handler_thread_has_its_own_upstream_session():
    proxy = ForwardingProxy("http://127.0.0.1:9", verify=True, timeout=5)
    try:
        sessions: list[requests.Session] = []
        threads = [threading.Thread(target=lambda: sessions.append(proxy._session())) for _ in range(2)]
        for thread in threads:
            thread.start()
            thread.join()
        assert sessions[0] is not sessions[1] and proxy._session() is proxy._session()
        assert not sessions[0].trust_env  # never through an HTTP(S)_PROXY of the environment
    finally:
        proxy.stop()  # never started: stop only closes the socket
