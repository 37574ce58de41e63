"""Long-running operations: the headers that start them, the resources that report them,
and how they end.

Every check drives the same sequence of writes - two VNet creates, a VNet update, a
peering create, a peering sync, a peering delete and two VNet deletes - and judges one
rule on it. A target that finishes writes at once (synchronous writes: PUT 200/201
Succeeded, DELETE 200/204, which the ARM contract allows) sends no operation headers:
a rule about those headers then has nothing to judge, and its check reports the
requirement not-applicable with what was missing - never pass. The rules on every
target (PUT never 202, the resource Succeeded afterwards) are still judged.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from functools import partial
from urllib.parse import urlsplit

import pytest

from conformance.suite.check_findings import not_applicable
from conformance.suite.scenarios.arm_checks import (
    TERMINAL_STATES,
    WHOLE_SECONDS,
    describe_exchange,
    exchange_header,
    exchanges_of_this_check,
)
from conformance.target.client import TargetClient
from conformance.target.errors import NonConformance
from conformance.target.lro import poll_wait
from conformance.target.peering_api import PeeringApi
from conformance.target.responses import ArmResponse

ASYNC_OPERATION = "Azure-AsyncOperation"
LOCATION = "Location"
RETRY_AFTER = "Retry-After"


@dataclass
class Write:
    """One write of the sequence, and the answers its operation gave until it ended."""

    label: str
    initial: ArmResponse
    resource_path: str
    polls: list[ArmResponse] = field(default_factory=list)
    operation_status: object = None
    ended_as: str | None = None

    @property
    def method(self) -> str:
        return self.initial.method

    @property
    def answered_unfinished(self) -> bool:
        """The answer shows a provisioningState that is not terminal (Updating, Deleting, ...)."""
        state = provisioning_state_of(self.initial)
        return isinstance(state, str) and not is_terminal(state)

    @property
    def long_running(self) -> bool:
        """Answered as an operation still under way rather than finished."""
        headers = self.initial.headers
        has_operation_url = ASYNC_OPERATION in headers or LOCATION in headers
        return self.initial.status == 202 or has_operation_url or self.answered_unfinished


def poll_until(api: PeeringApi, url: str, done, *, patient: bool = False) -> list[ArmResponse]:
    """GET `url` until `done(answer)`, honouring Retry-After; NonConformance past the deadline.

    Between polls, the LroPoller's schedule: a positive Retry-After as advised, else a
    few polls at once, then a growing backoff (never a tight loop on `Retry-After: 0`).
    Like the LroPoller it gives up after one poll (a target error) once the client's
    breaker has seen operations never finish, unless `patient` (the check judging that)."""
    config = api.client.config
    breaker = api.client.operation_breaker
    fail_fast = breaker.open and not patient
    ends_at = time.monotonic() + config.lro_deadline
    answers: list[ArmResponse] = []
    while True:
        answer = api.client.get(url)
        answers.append(answer)
        if done(answer):
            breaker.finished()
            return answers
        if fail_fast:
            raise breaker.stalled(url)
        if time.monotonic() >= ends_at:
            breaker.ran_out(url)
            raise NonConformance(f"{url}: not finished after {config.lro_deadline:g} s: {answer.describe()}")
        wait = min(poll_wait(answer.retry_after, len(answers)), config.retry_after_cap)
        if wait > 0:
            api.client.sleep(wait)


def is_terminal(state: object) -> bool:
    """Terminal whatever the spelling's case (the exact spelling is LRO-004's business)."""
    return isinstance(state, str) and state.lower() in {terminal.lower() for terminal in TERMINAL_STATES}


def status_of(answer: ArmResponse) -> object:
    body = answer.body
    return body.get("status") if isinstance(body, dict) else None


def provisioning_state_of(answer: ArmResponse) -> object:
    body = answer.body
    properties = body.get("properties") if isinstance(body, dict) else None
    return properties.get("provisioningState") if isinstance(properties, dict) else None


def status_resource_settled(answer: ArmResponse) -> bool:
    return answer.status != 200 or not isinstance(status_of(answer), str) or is_terminal(status_of(answer))


def resource_settled(answer: ArmResponse) -> bool:
    return answer.status != 200 or is_terminal(provisioning_state_of(answer))


def drive(api: PeeringApi, write: Write, *, prefer: str = ASYNC_OPERATION, patient: bool = False) -> None:
    """Follow the operation to its end, leniently, so that one broken rule fails only its own
    check: through the `prefer`red header, then the other one, then the resource itself.

    Unlike the suite's LroPoller this does not stop at a status spelled in another case or
    missing; only the deadline stops it."""
    headers = write.initial.headers
    for name in (prefer, LOCATION if prefer == ASYNC_OPERATION else ASYNC_OPERATION):
        url = headers.get(name)
        if not url:
            continue
        if name == ASYNC_OPERATION:
            answers = poll_until(api, url, status_resource_settled, patient=patient)
            write.polls += answers
            write.operation_status = status_of(answers[-1])
            if answers[-1].status == 200 and is_terminal(write.operation_status):
                write.ended_as = str(write.operation_status)
                return
        else:
            answers = poll_until(api, url, lambda answer: answer.status != 202, patient=patient)
            write.polls += answers
            write.ended_as = "Succeeded" if answers[-1].status < 300 else "Failed"
            return
    if write.method == "PUT":
        answers = poll_until(api, write.resource_path, resource_settled, patient=patient)
        write.ended_as = str(provisioning_state_of(answers[-1])) if answers[-1].status == 200 else "Failed"
    else:
        answers = poll_until(api, write.resource_path, lambda answer: answer.status != 200, patient=patient)
        write.ended_as = "Succeeded" if answers[-1].status == 404 else "Failed"
    write.polls += answers


def drive_by_location(api: PeeringApi, write: Write) -> None:
    drive(api, write, prefer=LOCATION)


def polls_of(write: Write, header: str) -> list[ArmResponse]:
    """The answers of the URL the initial response gave in `header`."""
    url = write.initial.headers.get(header)
    if not url:
        return []
    path = urlsplit(url).path.lower()
    return [answer for answer in write.polls if urlsplit(answer.url).path.lower() == path]


def run_writes(api: PeeringApi, names, driver=drive) -> list[Write]:
    """The sequence of writes, each driven to its end by `driver(api, write)` before the next."""
    local, remote, peering = names.new("local"), names.new("remote"), names.new("peering")
    steps = [
        ("VNet create", api.vnet_id(local), lambda: api.put_vnet(local, ["10.70.0.0/16"], wait=False).initial),
        ("VNet create", api.vnet_id(remote), lambda: api.put_vnet(remote, ["10.71.0.0/16"], wait=False).initial),
        ("VNet update", api.vnet_id(local),
         lambda: api.put_vnet(local, ["10.70.0.0/16", "10.72.0.0/16"], wait=False).initial),
        ("peering create", api.peering_id(local, peering),
         lambda: api.put_peering(local, peering, remote, wait=False).initial),
        ("peering sync", api.peering_id(local, peering),
         lambda: api.put_peering(local, peering, remote, sync=True, wait=False).initial),
        ("peering delete", api.peering_id(local, peering),
         lambda: api.delete_peering(local, peering, wait=False).initial),
        ("VNet delete", api.vnet_id(remote), lambda: api.delete_vnet(remote, wait=False).initial),
        ("VNet delete", api.vnet_id(local), lambda: api.delete_vnet(local, wait=False).initial),
    ]
    writes = []
    for label, path, send in steps:
        write = Write(label, send(), path)
        assert 200 <= write.initial.status < 300, f"{label} refused: {write.initial.describe()}"
        driver(api, write)
        writes.append(write)
    return writes


def judged(items: list, nothing_seen: str) -> list:
    """`items` when the run gave the rule something to judge; not-applicable otherwise."""
    if not items:
        not_applicable(f"{nothing_seen} in the sequence of writes (VNet and peering PUTs and DELETEs)")
    return items


def operation_headers_seen(request, target) -> list[tuple[str, str, object]]:
    """(header, value, exchange) of every Azure-AsyncOperation or Location this check received."""
    return [
        (name, exchange_header(exchange, name), exchange)
        for exchange in exchanges_of_this_check(request, target)
        for name in (ASYNC_OPERATION, LOCATION)
        if exchange_header(exchange, name) is not None
    ]


def puts(writes: list[Write]) -> list[Write]:
    return [write for write in writes if write.method == "PUT"]


def deletes(writes: list[Write]) -> list[Write]:
    return [write for write in writes if write.method == "DELETE"]


@pytest.mark.requirements("LRO-001")
def test_a_put_answered_unfinished_carries_azure_async_operation(api, names):
    unfinished = judged([write for write in puts(run_writes(api, names)) if write.answered_unfinished],
                        "no PUT answered with a non-terminal provisioningState")
    lacking = [
        f"{write.label}: {write.initial.describe()}"
        for write in unfinished
        if not write.initial.headers.get(ASYNC_OPERATION)
    ]
    assert not lacking, f"PUTs not finished yet without {ASYNC_OPERATION}:\n" + "\n".join(lacking)


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@pytest.mark.requirements("LRO-002")
def test_operation_urls_are_absolute(request, target, api, names):
    run_writes(api, names)
    seen = judged(operation_headers_seen(request, target), f"no {ASYNC_OPERATION} or {LOCATION} header")
    relative = [
        f"{name}: {value!r} in {describe_exchange(exchange)}"
        for name, value, exchange in seen
        if not is_absolute(value)
    ]
    assert not relative, "operation URLs that are not absolute:\n" + "\n".join(relative)


@pytest.mark.requirements("LRO-003")
def test_the_azure_async_operation_url_answers_200_with_a_status(api, names):
    polls = judged(
        [(write, answer) for write in run_writes(api, names) for answer in polls_of(write, ASYNC_OPERATION)],
        f"no {ASYNC_OPERATION} URL to poll",
    )
    wrong = [
        f"{write.label}: {answer.describe()}"
        for write, answer in polls
        if answer.status != 200 or not isinstance(answer.body, dict) or "status" not in answer.body
    ]
    assert not wrong, "operation status answers without 200 and a status member:\n" + "\n".join(wrong)


@pytest.mark.requirements("LRO-004")
def test_the_operation_of_a_successful_write_ends_succeeded_spelled_exactly(api, names):
    operations = judged([write for write in run_writes(api, names) if write.initial.headers.get(ASYNC_OPERATION)],
                        f"no write answered with an {ASYNC_OPERATION} operation")
    wrong = [
        f"{write.label}: the operation resource ended with status {write.operation_status!r}"
        for write in operations
        if write.operation_status != "Succeeded"
    ]
    assert not wrong, "operations that did not end with status 'Succeeded':\n" + "\n".join(wrong)


@pytest.mark.requirements("LRO-005")
def test_every_operation_reaches_a_terminal_status_within_the_deadline(api, names):
    patiently = partial(drive, patient=True)  # this check judges the stall: it never gives up early
    for write in judged([write for write in run_writes(api, names, patiently) if write.long_running],
                        "no write answered as a long-running operation"):
        assert is_terminal(write.ended_as), f"{write.label} ended as {write.ended_as!r}"


@pytest.mark.requirements("LRO-007")
def test_retry_after_is_whole_seconds(request, target, api, names):
    run_writes(api, names)
    seen = judged(
        [exchange for exchange in exchanges_of_this_check(request, target)
         if exchange_header(exchange, RETRY_AFTER) is not None],
        f"no {RETRY_AFTER} header",
    )
    wrong = [
        f"{exchange_header(exchange, RETRY_AFTER)!r}: {describe_exchange(exchange)}"
        for exchange in seen
        if not WHOLE_SECONDS.fullmatch(exchange_header(exchange, RETRY_AFTER).strip())
    ]
    assert not wrong, "Retry-After values that are not whole seconds:\n" + "\n".join(wrong)


@pytest.mark.requirements("LRO-008")
def test_a_long_running_put_or_delete_carries_retry_after(api, names):
    long_running = judged([write for write in run_writes(api, names) if write.long_running],
                          "no write answered as a long-running operation")
    lacking = [
        f"{write.label}: {write.initial.describe()}"
        for write in long_running
        if RETRY_AFTER not in write.initial.headers
    ]
    assert not lacking, "long-running writes without Retry-After:\n" + "\n".join(lacking)


@pytest.mark.requirements("LRO-009")
def test_a_delete_answered_202_carries_location(api, names):
    accepted = judged([write for write in deletes(run_writes(api, names)) if write.initial.status == 202],
                      "no DELETE answered 202")
    lacking = [
        f"{write.label}: {write.initial.describe()}"
        for write in accepted
        if not write.initial.headers.get(LOCATION)
    ]
    assert not lacking, "DELETEs answered 202 without Location:\n" + "\n".join(lacking)


@pytest.mark.requirements("LRO-010")
def test_the_location_of_a_delete_answers_202_while_running_then_204(api, names):
    wrong = []
    polled = judged([write for write in deletes(run_writes(api, names, drive_by_location))
                     if polls_of(write, LOCATION)], f"no DELETE answered with a {LOCATION} URL")
    for write in polled:
        answers = polls_of(write, LOCATION)
        statuses = [answer.status for answer in answers]
        if (any(status != 202 for status in statuses[:-1]) or statuses[-1] != 204):
            wrong.append(f"{write.label}: Location answered {statuses}, last {answers[-1].describe()}")
    assert not wrong, "Location URLs of deletes not answering 202... then 204:\n" + "\n".join(wrong)


@pytest.mark.requirements("LRO-011")
def test_a_delete_answered_202_carries_azure_async_operation_too(api, names):
    accepted = judged([write for write in deletes(run_writes(api, names)) if write.initial.status == 202],
                      "no DELETE answered 202")
    lacking = [
        f"{write.label}: {write.initial.describe()}"
        for write in accepted
        if not write.initial.headers.get(ASYNC_OPERATION)
    ]
    assert not lacking, f"DELETEs answered 202 without {ASYNC_OPERATION}:\n" + "\n".join(lacking)


@pytest.mark.requirements("LRO-012")
def test_a_put_never_answers_202(api, names):
    writes = puts(run_writes(api, names))
    answered_202 = [f"{write.label}: {write.initial.describe()}" for write in writes if write.initial.status == 202]
    assert not answered_202, "PUTs answered 202:\n" + "\n".join(answered_202)


@pytest.mark.requirements("LRO-013")
def test_after_its_operation_the_resource_reads_back_succeeded(api, names):
    def drive_then_read(api, write):
        drive(api, write)
        if write.method == "PUT" and str(write.ended_as).lower() == "succeeded":
            read = api.client.get(write.resource_path)
            state = provisioning_state_of(read) if read.status == 200 else None
            assert state == "Succeeded", f"{write.label}: read back with provisioningState {state!r}: {read.describe()}"

    run_writes(api, names, drive_then_read)


def origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def loopback_alias(base_url: str) -> str | None:
    """The same loopback endpoint under its other name (127.0.0.1 <-> localhost), if it is one."""
    parts = urlsplit(base_url)
    alias = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}.get(parts.hostname or "")
    if alias is None:
        return None
    netloc = alias + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()


def operation_urls_off_origin(writes: list[Write]) -> list[str]:
    wrong = []
    for write in writes:
        answers = [write.initial] + [poll for poll in write.polls if poll.status == 202]
        for answer in answers:
            for name in (ASYNC_OPERATION, LOCATION):
                url = answer.headers.get(name)
                if url and origin(url) != origin(answer.url):
                    wrong.append(f"{write.label}: {name} {url} answering {answer.method} {answer.url}")
    return wrong


@pytest.mark.requirements("LRO-014")
def test_operation_urls_use_the_scheme_host_and_port_of_the_request(api, names):
    writes = run_writes(api, names)
    judged([write for write in writes if write.initial.headers.get(ASYNC_OPERATION) or write.initial.headers.get(LOCATION)],
           f"no {ASYNC_OPERATION} or {LOCATION} header")
    wrong = operation_urls_off_origin(writes)
    alias = loopback_alias(api.config.base_url)
    if alias is not None:
        alias_client = TargetClient(replace(api.config, base_url=alias), transcript=api.client.transcript)
        try:
            wrong += operation_urls_off_origin(run_writes(PeeringApi(alias_client, api.tracker), names))
        finally:
            alias_client.close()
    assert not wrong, "operation URLs not on the request's scheme, host and port:\n" + "\n".join(wrong)
