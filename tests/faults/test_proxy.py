"""Each fault of `FaultProxy`, seen by a client in front of a plain upstream; the whole
runner behind it is tests/hostile/test_fault_injection.py."""

from __future__ import annotations

import pytest
import requests

from conformance.faults import Fault, FaultPlan, FaultProxy
from tests.exchanges.echo_upstream import echo_upstream


def _through(plan: FaultPlan, method: str, path: str, count: int) -> tuple[list[requests.Response], int]:
    with echo_upstream() as upstream, FaultProxy(upstream, None, plan) as proxy:
        answers = [requests.request(method, f"{proxy.url}{path}", timeout=10) for _ in range(count)]
        assert all(answer.headers.get("Location", proxy.url).startswith(proxy.url) for answer in answers)
    return answers, proxy.faults_injected


def test_every_third_request_is_throttled_with_retry_after():
    answers, injected = _through(FaultPlan(Fault.THROTTLE, every=3, retry_after=7), "GET", "/things", 6)
    assert [answer.status_code for answer in answers] == [201, 201, 429] * 2 and injected == 2
    assert answers[2].headers["Retry-After"] == "7" and answers[2].json()["error"]["code"] == "TooManyRequests"


def test_a_burst_of_503_then_the_upstream():
    answers, _ = _through(FaultPlan(Fault.UNAVAILABLE_BURST, every=4, burst=2), "GET", "/things", 4)
    assert [answer.status_code for answer in answers] == [503, 503, 201, 201]
    assert answers[0].json()["error"]["code"] == "ServiceUnavailable"


def test_methods_outside_the_plan_pass_untouched():
    answers, injected = _through(FaultPlan(Fault.THROTTLE, methods=frozenset({"PUT"})), "POST", "/things", 2)
    assert [answer.status_code for answer in answers] == [201, 201] and injected == 0


def test_truncated_json_has_a_matching_content_length():
    answers, _ = _through(FaultPlan(Fault.TRUNCATED_JSON), "GET", "/things", 1)
    with pytest.raises(ValueError):
        answers[0].json()
    assert int(answers[0].headers["Content-Length"]) == len(answers[0].content) > 0


def test_a_wrong_content_type_is_text_plain_even_where_the_upstream_sent_none():
    typed, _ = _through(FaultPlan(Fault.WRONG_CONTENT_TYPE), "GET", "/things", 1)
    untyped, _ = _through(FaultPlan(Fault.WRONG_CONTENT_TYPE), "DELETE", "/empty", 1)
    assert typed[0].headers["Content-Type"] == untyped[0].headers["Content-Type"] == "text/plain"


def test_an_operation_status_stays_in_progress_whatever_the_plan_spoils():
    answers, injected = _through(FaultPlan(Fault.ENDLESS_LRO), "GET", "/operations/1", 2)
    assert all(answer.json()["status"] == "InProgress" and "endTime" not in answer.json() for answer in answers)
    assert injected == 2


def test_a_reset_is_a_connection_error():
    with echo_upstream() as upstream, FaultProxy(upstream, None, FaultPlan(Fault.RESET, every=2)) as proxy:
        assert requests.get(f"{proxy.url}/things", timeout=10).status_code == 201
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{proxy.url}/things", timeout=10)


def test_a_slow_answer_outlasts_a_shorter_client_timeout():
    with echo_upstream() as upstream, FaultProxy(upstream, None, FaultPlan(Fault.SLOW, delay=1.5)) as proxy:
        with pytest.raises(requests.Timeout):
            requests.get(f"{proxy.url}/things", timeout=0.5)
