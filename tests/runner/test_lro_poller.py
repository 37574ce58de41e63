import time

import pytest

from conformance.target import (
    LroPoller,
    LroProtocolError,
    LroTimeout,
    OperationsStalled,
    TargetClient,
    TargetConfig,
    TargetError,
)

from tests.runner.fake_clock import FakeClock
from tests.runner.scripted_adapter import Reply, scripted_session

BASE = "https://target.test"
RESOURCE = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v"
STATUS_URL = f"{BASE}/operations/op1?api-version=2025-05-01"
LOCATION_URL = f"{BASE}/operationResults/op1?api-version=2025-05-01"


class Script:
    """Answers by path: each path has a list of replies, the last one repeating forever."""

    def __init__(self, **replies):
        self.replies = {path: list(answers) for path, answers in replies.items()}

    def __call__(self, request):
        path = request.path_url.split("?")[0]
        answers = self.replies[path]
        return answers.pop(0) if len(answers) > 1 else answers[0]


def run(script, initial_method="PUT", initial_path=RESOURCE, deadline=60.0, real_time=False, **config):
    session, adapter = scripted_session(script)
    clock = FakeClock()
    client = TargetClient(
        TargetConfig(BASE, lro_deadline=deadline, **config),
        session=session,
        sleep=time.sleep if real_time else clock.sleep,
    )
    initial = client.request(initial_method, initial_path, json={} if initial_method == "PUT" else None)
    poller = LroPoller(client, initial, resource_path=RESOURCE, clock=time.monotonic if real_time else clock)
    return poller, adapter, clock


def accepted_put(headers):
    return Reply(201, {"properties": {"provisioningState": "Updating"}}, headers)


def test_azure_async_operation_is_followed_to_success_then_the_resource_is_read():
    script = Script(**{
        RESOURCE: [accepted_put({"Azure-AsyncOperation": STATUS_URL, "Retry-After": "3"}),
                   Reply(200, {"properties": {"provisioningState": "Succeeded"}})],
        "/operations/op1": [Reply(200, {"status": "InProgress"}, {"Retry-After": "4"}),
                            Reply(200, {"status": "InProgress"}),
                            Reply(200, {"status": "Succeeded"})],
    })
    poller, adapter, clock = run(script)
    result = poller.wait()
    assert result.succeeded and len(result.polls) == 3
    assert result.initial.status == 201
    assert result.final.json()["properties"]["provisioningState"] == "Succeeded"
    assert clock.sleeps[:2] == [3.0, 4.0]
    assert [r.method for r in adapter.requests] == ["PUT", "GET", "GET", "GET", "GET"]


def test_retry_after_is_capped():
    script = Script(**{
        RESOURCE: [accepted_put({"Azure-AsyncOperation": STATUS_URL, "Retry-After": "3600"}), Reply(200, {})],
        "/operations/op1": [Reply(200, {"status": "InProgress"}, {"Retry-After": "3600"}),
                            Reply(200, {"status": "Succeeded"})],
    })
    poller, _, clock = run(script, retry_after_cap=2.0)
    assert poller.wait().succeeded
    assert clock.sleeps == [2.0, 2.0]


@pytest.mark.parametrize("status", ["Failed", "Canceled"])
def test_failed_and_canceled_are_terminal(status):
    error = {"code": "InternalError", "message": "boom"}
    script = Script(**{
        RESOURCE: [accepted_put({"Azure-AsyncOperation": STATUS_URL})],
        "/operations/op1": [Reply(200, {"status": status, "error": error})],
    })
    result = run(script)[0].wait()
    assert result.status == status and not result.succeeded
    assert result.final is None and result.error == error


def test_azure_async_operation_is_preferred_over_location():
    script = Script(**{
        RESOURCE: [Reply(202, None, {"Azure-AsyncOperation": STATUS_URL, "Location": LOCATION_URL})],
        "/operations/op1": [Reply(200, {"status": "Succeeded"})],
        "/operationResults/op1": [Reply(500, {})],
    })
    poller, adapter, _ = run(script, initial_method="DELETE")
    assert poller.wait().succeeded
    assert not any("operationResults" in r.url for r in adapter.requests)


def test_location_is_polled_until_it_stops_answering_202():
    script = Script(**{
        RESOURCE: [Reply(202, None, {"Location": LOCATION_URL, "Retry-After": "1"})],
        "/operationResults/op1": [Reply(202, None, {"Retry-After": "1"}), Reply(202), Reply(204)],
    })
    result = run(script, initial_method="DELETE")[0].wait()
    assert result.succeeded and result.final.status == 204 and len(result.polls) == 3


def test_a_location_answering_an_error_ends_the_operation_as_failed():
    script = Script(**{
        RESOURCE: [Reply(202, None, {"Location": LOCATION_URL})],
        "/operationResults/op1": [Reply(400, {"error": {"code": "Conflict", "message": "no"}})],
    })
    result = run(script, initial_method="DELETE")[0].wait()
    assert result.status == "Failed" and result.final.error_code == "Conflict"


def test_without_headers_the_provisioning_state_is_polled():
    script = Script(**{
        RESOURCE: [accepted_put({}),
                   Reply(200, {"properties": {"provisioningState": "Updating"}}),
                   Reply(200, {"properties": {"provisioningState": "Succeeded"}})],
    })
    result = run(script)[0].wait()
    assert result.succeeded and result.final.json()["properties"]["provisioningState"] == "Succeeded"


def test_a_terminal_answer_needs_no_polling():
    script = Script(**{RESOURCE: [Reply(200, {"properties": {"provisioningState": "Succeeded"}})]})
    result = run(script)[0].wait()
    assert result.succeeded and result.polls == () and result.final.status == 200


def test_a_refused_request_is_not_polled():
    script = Script(**{RESOURCE: [Reply(400, {"error": {"code": "Bad", "message": "x"}})]})
    result = run(script)[0].wait()
    assert result.status == "Failed" and result.polls == ()


def test_a_never_finishing_operation_times_out_quickly_in_real_time():
    script = Script(**{
        RESOURCE: [accepted_put({"Azure-AsyncOperation": STATUS_URL, "Retry-After": "0"})],
        "/operations/op1": [Reply(200, {"status": "InProgress"}, {"Retry-After": "0"})],
    })
    poller, adapter, _ = run(script, deadline=0.5, real_time=True)
    began = time.monotonic()
    with pytest.raises(LroTimeout, match="not finished after 0.5 s"):
        poller.wait()
    assert time.monotonic() - began < 2.0
    # Retry-After: 0 forever must not become a tight loop.
    assert len(adapter.requests) < 15


def test_the_deadline_holds_even_when_the_target_advises_long_waits():
    script = Script(**{
        RESOURCE: [accepted_put({"Azure-AsyncOperation": STATUS_URL})],
        "/operations/op1": [Reply(200, {"status": "InProgress"}, {"Retry-After": "10"})],
    })
    poller, _, clock = run(script, deadline=25.0)
    with pytest.raises(LroTimeout):
        poller.wait()
    assert clock.now == pytest.approx(25.0)


@pytest.mark.parametrize(
    "reply, message",
    [
        (Reply(200, {"status": "succeeded"}), "not spelled"),
        (Reply(500, {"error": {"code": "InternalError"}}), "answered 500"),
        (Reply(200, {"state": "Succeeded"}), "no 'status'"),
    ],
)
def test_status_resources_outside_the_contract_fail_the_check(reply, message):
    script = Script(**{RESOURCE: [accepted_put({"Azure-AsyncOperation": STATUS_URL})], "/operations/op1": [reply]})
    with pytest.raises(LroProtocolError, match=message):
        run(script)[0].wait()


def test_retry_after_zero_polls_at_once_then_backs_off_to_the_slowest_wait():
    script = Script(**{
        RESOURCE: [accepted_put({"Azure-AsyncOperation": STATUS_URL, "Retry-After": "0"})],
        "/operations/op1": [Reply(200, {"status": "InProgress"}, {"Retry-After": "0"})],
    })
    poller, adapter, clock = run(script, deadline=20.0)
    with pytest.raises(LroTimeout):
        poller.wait()
    # Three immediate polls (no sleep at all), then 50 ms doubling, capped at 2 s.
    assert clock.sleeps[:7] == pytest.approx([0.05, 0.1, 0.2, 0.4, 0.8, 1.6, 2.0])
    assert set(clock.sleeps[6:-1]) == {2.0}
    assert clock.now == pytest.approx(20.0)
    assert len(adapter.requests) == 1 + 3 + len(clock.sleeps)


def test_an_operation_done_in_two_polls_with_retry_after_zero_never_sleeps():
    script = Script(**{
        RESOURCE: [accepted_put({"Azure-AsyncOperation": STATUS_URL, "Retry-After": "0"}),
                   Reply(200, {"properties": {"provisioningState": "Succeeded"}})],
        "/operations/op1": [Reply(200, {"status": "InProgress"}, {"Retry-After": "0"}),
                            Reply(200, {"status": "Succeeded"})],
    })
    poller, _, clock = run(script)
    result = poller.wait()
    assert result.succeeded and len(result.polls) == 2
    assert clock.sleeps == []


def test_a_positive_retry_after_is_honoured_exactly_however_many_polls():
    script = Script(**{
        RESOURCE: [accepted_put({"Location": LOCATION_URL, "Retry-After": "1"})],
        "/operationResults/op1": [Reply(202, None, {"Retry-After": "1"})] * 9 + [Reply(200, {})],
    })
    poller, _, clock = run(script, initial_method="DELETE")
    result = poller.wait()
    assert result.succeeded and len(result.polls) == 10
    assert clock.sleeps == [1.0] * 10


def test_without_retry_after_the_same_bounded_schedule_applies():
    script = Script(**{
        RESOURCE: [accepted_put({})] + [Reply(200, {"properties": {"provisioningState": "Updating"}})] * 5
        + [Reply(200, {"properties": {"provisioningState": "Succeeded"}})],
    })
    poller, _, clock = run(script)
    assert poller.wait().succeeded
    assert clock.sleeps == pytest.approx([0.05, 0.1, 0.2])


def test_after_operations_never_finish_later_waits_fail_fast_as_a_target_error():
    """The breaker: two operations that ran out their deadline, then a third wait gives up
    after one poll with OperationsStalled (a target error), and a finishing one closes it."""
    endless = Script(**{
        RESOURCE: [accepted_put({"Azure-AsyncOperation": STATUS_URL, "Retry-After": "1"})],
        "/operations/op1": [Reply(200, {"status": "InProgress"}, {"Retry-After": "1"})],
    })
    poller, adapter, clock = run(endless, deadline=5.0)
    client = poller.client
    for _ in range(2):
        with pytest.raises(LroTimeout):
            LroPoller(client, poller.initial, resource_path=RESOURCE, clock=clock).wait()
    assert client.operation_breaker.open
    polls_before, began = len(adapter.requests), clock.now
    with pytest.raises(OperationsStalled, match="2 operations of this target in a row never finished"):
        LroPoller(client, poller.initial, resource_path=RESOURCE, clock=clock).wait()
    assert len(adapter.requests) - polls_before == 1 and clock.now - began <= 1.0
    assert issubclass(OperationsStalled, TargetError)
    endless.replies["/operations/op1"] = [Reply(200, {"status": "Succeeded"})]
    endless.replies[RESOURCE] = [Reply(200, {"properties": {"provisioningState": "Succeeded"}})]
    assert LroPoller(client, poller.initial, resource_path=RESOURCE, clock=clock).wait().succeeded
    assert not client.operation_breaker.open
