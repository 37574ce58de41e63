"""Long-running operations: the headers that start them, the resources that report them,
and how they end.

Every check judges one rule on the same sequence of writes - two VNet creates, a VNet
update, a peering create, a peering sync, a peering delete and two VNet deletes - sent
once per process (lro_journey.py). A target that finishes writes at once (synchronous
writes: PUT 200/201 Succeeded, DELETE 200/204, which the ARM contract allows) sends no
operation headers: a rule about those headers then has nothing to judge, and its check
reports the requirement not-applicable with what was missing - never pass. The rules on
every target (PUT never 202, the resource Succeeded afterwards) are still judged.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conformance.suite.check_findings import RequirementFailure, not_applicable
from conformance.suite.scenarios.arm_checks import WHOLE_SECONDS
from conformance.suite.scenarios.journey_record import JourneyRecord, fail_findings
from conformance.suite.scenarios.lro_journey import (
    ASYNC_OPERATION,
    JOURNEY,
    complete,
    LOCATION,
    RETRY_AFTER,
    Write,
    is_terminal,
    lro_journey,
    operation_urls_off_origin,
    polls_of,
    provisioning_state_of,
    writes_of,
)
from conformance.target.responses import ArmResponse

pytestmark = pytest.mark.xdist_group(JOURNEY)


def judged(items: list, nothing_seen: str, record: JourneyRecord, requirement: str) -> list:
    """`items` when the run gave the rule something to judge; not-applicable otherwise
    (or the journey's stop, when it did not send every write)."""
    if not items:
        complete(record, requirement)
        not_applicable(f"{nothing_seen} in the sequence of writes (VNet and peering PUTs and DELETEs)")
    return items


def judge(record: JourneyRecord, requirement: str, heading: str, problems: list[tuple[str, str]]) -> None:
    """Fail on the problems found; without any, pass only if the whole sequence was judged."""
    fail_findings(requirement, heading, problems)
    complete(record, requirement)


def puts(writes: list[Write]) -> list[Write]:
    return [write for write in writes if write.method == "PUT"]


def deletes(writes: list[Write]) -> list[Write]:
    return [write for write in writes if write.method == "DELETE"]


def answers_of(writes: list[Write]) -> list[tuple[Write, ArmResponse]]:
    """Every answer of the sequence: initial responses, polls and reads after the operations."""
    return [
        (write, answer)
        for write in writes
        for answer in (write.initial, *write.polls, *([write.read_back] if write.read_back else []))
    ]


@pytest.mark.requirements("LRO-001")
def test_a_put_answered_unfinished_carries_azure_async_operation(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-001")
    unfinished = judged([write for write in puts(writes) if write.answered_unfinished],
                        "no PUT answered with a non-terminal provisioningState", record, "LRO-001")
    judge(record, "LRO-001", f"PUTs not finished yet without {ASYNC_OPERATION}", [
        (f"{write.label}: {write.initial.describe()}", write.initial.exchange_id)
        for write in unfinished
        if not write.initial.headers.get(ASYNC_OPERATION)
    ])


def is_absolute(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


@pytest.mark.requirements("LRO-002")
def test_operation_urls_are_absolute(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-002")
    seen = judged(
        [(name, answer.headers[name], answer) for _, answer in answers_of(writes)
         for name in (ASYNC_OPERATION, LOCATION) if answer.headers.get(name) is not None],
        f"no {ASYNC_OPERATION} or {LOCATION} header", record, "LRO-002",
    )
    judge(record, "LRO-002", "operation URLs that are not absolute", [
        (f"{name}: {value!r} answering {answer.method} {answer.url}", answer.exchange_id)
        for name, value, answer in seen
        if not is_absolute(value)
    ])


@pytest.mark.requirements("LRO-003")
def test_the_azure_async_operation_url_answers_200_with_a_status(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-003")
    polls = judged([(write, answer) for write in writes for answer in polls_of(write, ASYNC_OPERATION)],
                   f"no {ASYNC_OPERATION} URL to poll", record, "LRO-003")
    judge(record, "LRO-003", "operation status answers without 200 and a status member", [
        (f"{write.label}: {answer.describe()}", answer.exchange_id)
        for write, answer in polls
        if answer.status != 200 or not isinstance(answer.body, dict) or "status" not in answer.body
    ])


@pytest.mark.requirements("LRO-004")
def test_the_operation_of_a_successful_write_ends_succeeded_spelled_exactly(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-004")
    ended = [write for write in writes if write.ended_as is not None]
    operations = judged([write for write in ended if polls_of(write, ASYNC_OPERATION)],
                        f"no write answered with an {ASYNC_OPERATION} operation", record, "LRO-004")
    judge(record, "LRO-004", "operations that did not end with status 'Succeeded'", [
        (f"{write.label}: the operation resource ended with status {write.operation_status!r}",
         polls_of(write, ASYNC_OPERATION)[-1].exchange_id)
        for write in operations
        if write.operation_status != "Succeeded"
    ])


@pytest.mark.requirements("LRO-005")
def test_every_operation_reaches_a_terminal_status_within_the_deadline(journeys):
    record = lro_journey(journeys)
    stalled = record.seen.get("stalled")
    if stalled is not None:
        raise RequirementFailure(f"{stalled.what}: {stalled.properties['message']}", ["LRO-005"],
                                 exchange_id=stalled.properties["exchange_id"])
    ended = [write for write in writes_of(record, "LRO-005") if write.ended_as is not None]
    long_running = judged([write for write in ended if write.long_running],
                          "no write answered as a long-running operation", record, "LRO-005")
    judge(record, "LRO-005", "operations that did not reach a terminal status", [
        (f"{write.label} ended as {write.ended_as!r}", (write.polls[-1] if write.polls else write.initial).exchange_id)
        for write in long_running
        if not is_terminal(write.ended_as)
    ])


@pytest.mark.requirements("LRO-007")
def test_retry_after_is_whole_seconds(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-007")
    seen = judged([answer for _, answer in answers_of(writes) if answer.headers.get(RETRY_AFTER) is not None],
                  f"no {RETRY_AFTER} header", record, "LRO-007")
    judge(record, "LRO-007", "Retry-After values that are not whole seconds", [
        (f"{answer.headers[RETRY_AFTER]!r}: {answer.describe()}", answer.exchange_id)
        for answer in seen
        if not WHOLE_SECONDS.fullmatch(answer.headers[RETRY_AFTER].strip())
    ])


@pytest.mark.requirements("LRO-008")
def test_a_long_running_put_or_delete_carries_retry_after(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-008")
    long_running = judged([write for write in writes if write.long_running],
                          "no write answered as a long-running operation", record, "LRO-008")
    judge(record, "LRO-008", "long-running writes without Retry-After", [
        (f"{write.label}: {write.initial.describe()}", write.initial.exchange_id)
        for write in long_running
        if RETRY_AFTER not in write.initial.headers
    ])


@pytest.mark.requirements("LRO-009")
def test_a_delete_answered_202_carries_location(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-009")
    accepted = judged([write for write in deletes(writes) if write.initial.status == 202],
                      "no DELETE answered 202", record, "LRO-009")
    judge(record, "LRO-009", "DELETEs answered 202 without Location", [
        (f"{write.label}: {write.initial.describe()}", write.initial.exchange_id)
        for write in accepted
        if not write.initial.headers.get(LOCATION)
    ])


@pytest.mark.requirements("LRO-010")
def test_the_location_of_a_delete_answers_202_while_running_then_204(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-010")
    polled = judged([write for write in deletes(writes) if polls_of(write, LOCATION)],
                    f"no DELETE answered with a {LOCATION} URL", record, "LRO-010")
    wrong = []
    for write in polled:
        answers = polls_of(write, LOCATION)
        statuses = [answer.status for answer in answers]
        if any(status != 202 for status in statuses[:-1]) or statuses[-1] != 204:
            wrong.append((f"{write.label}: Location answered {statuses}, last {answers[-1].describe()}",
                          answers[-1].exchange_id))
    judge(record, "LRO-010", "Location URLs of deletes not answering 202... then 204", wrong)


@pytest.mark.requirements("LRO-011")
def test_a_delete_answered_202_carries_azure_async_operation_too(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-011")
    accepted = judged([write for write in deletes(writes) if write.initial.status == 202],
                      "no DELETE answered 202", record, "LRO-011")
    judge(record, "LRO-011", f"DELETEs answered 202 without {ASYNC_OPERATION}", [
        (f"{write.label}: {write.initial.describe()}", write.initial.exchange_id)
        for write in accepted
        if not write.initial.headers.get(ASYNC_OPERATION)
    ])


@pytest.mark.requirements("LRO-012")
def test_a_put_never_answers_202(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-012")
    judge(record, "LRO-012", "PUTs answered 202", [
        (f"{write.label}: {write.initial.describe()}", write.initial.exchange_id)
        for write in puts(writes)
        if write.initial.status == 202
    ])


@pytest.mark.requirements("LRO-013")
def test_after_its_operation_the_resource_reads_back_succeeded(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-013")
    wrong = []
    read_back = judged([write for write in puts(writes) if write.read_back is not None],
                       "no PUT whose operation ended Succeeded", record, "LRO-013")
    for write in read_back:
        read = write.read_back
        state = provisioning_state_of(read) if read.status == 200 else None
        if state != "Succeeded":
            wrong.append((f"{write.label}: read back with provisioningState {state!r}: {read.describe()}",
                          read.exchange_id))
    judge(record, "LRO-013", "resources not Succeeded once their operation ended Succeeded", wrong)


@pytest.mark.requirements("LRO-014")
def test_operation_urls_use_the_scheme_host_and_port_of_the_request(journeys):
    record = lro_journey(journeys)
    writes = writes_of(record, "LRO-014")
    headers = (ASYNC_OPERATION, LOCATION)
    judged([write for write in writes if any(write.initial.headers.get(name) for name in headers)],
           f"no {ASYNC_OPERATION} or {LOCATION} header", record, "LRO-014")
    judge(record, "LRO-014", "operation URLs not on the request's scheme, host and port",
                  operation_urls_off_origin(writes))
