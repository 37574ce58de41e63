"""The LRO checks judge the journey's record: a partial sequence may fail a check, never pass it."""

from __future__ import annotations

import pytest
from requests.structures import CaseInsensitiveDict

from conformance.suite.check_findings import NotApplicable, RequirementFailure
from conformance.suite.scenarios import test_lro as checks
from conformance.suite.scenarios.journey_record import JourneyRecord, Seen, Stop
from conformance.suite.scenarios.lro_journey import JOURNEY, Write, operation_urls_off_origin
from conformance.target.errors import TargetError
from conformance.target.responses import ArmResponse

from tests.suite.scenarios.journey_harness import PreparedBook

URL = "https://127.0.0.1:8443/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v"


def answer(status: int, exchange: str, headers: dict | None = None) -> ArmResponse:
    return ArmResponse("PUT", URL, status, CaseInsensitiveDict(headers or {}), "{}", exchange, 1.0)


def Book(record: JourneyRecord) -> PreparedBook:  # noqa: N802 - reads as the class it stands for
    return PreparedBook(JOURNEY, record)


def record_of(writes: list[Write], stopped: Stop | None = None) -> JourneyRecord:
    record = JourneyRecord(JOURNEY, stopped=stopped)
    record.keep("writes", Seen("the sequence of writes", None, None, {"writes": writes}))
    if stopped is None:
        record.keep("complete", Seen("the whole sequence", None, None))
    return record


def test_a_put_answered_202_fails_lro_012_naming_its_exchange():
    write = Write("VNet create", answer(202, "x-7"), URL)
    with pytest.raises(RequirementFailure) as failure:
        checks.test_a_put_never_answers_202(Book(record_of([write])))
    assert failure.value.requirement_ids == ("LRO-012",)
    assert failure.value.exchange_id == "x-7"


def test_a_partial_sequence_without_a_problem_is_the_journeys_stop_not_a_pass():
    write = Write("VNet create", answer(201, "x-1"), URL)
    stopped = Stop("the operation of the VNet create did not end", None, True)
    with pytest.raises(TargetError, match="did not end"):
        checks.test_a_put_never_answers_202(Book(record_of([write], stopped)))


def test_a_partial_sequence_with_a_problem_still_fails():
    write = Write("VNet create", answer(202, "x-2"), URL)
    stopped = Stop("the operation of the VNet create did not end", None, True)
    with pytest.raises(RequirementFailure):
        checks.test_a_put_never_answers_202(Book(record_of([write], stopped)))


def test_no_operation_header_in_a_whole_sequence_is_not_applicable():
    write = Write("VNet create", answer(201, "x-3"), URL)
    with pytest.raises(NotApplicable):
        checks.test_operation_urls_are_absolute(Book(record_of([write])))


def test_a_stall_fails_lro_005_with_its_exchange():
    record = record_of([], Stop("did not end", None, True))
    record.keep("stalled", Seen("the operation of the VNet create", None, None,
                                {"message": "not finished after 5 s", "exchange_id": "x-9"}))
    with pytest.raises(RequirementFailure) as failure:
        checks.test_every_operation_reaches_a_terminal_status_within_the_deadline(Book(record))
    assert failure.value.exchange_id == "x-9"


def test_an_operation_url_on_another_origin_is_named_with_its_exchange():
    write = Write("VNet update", answer(201, "x-4", {"Azure-AsyncOperation": "https://localhost:8443/op/1"}), URL)
    assert operation_urls_off_origin([write]) == [
        (f"VNet update: Azure-AsyncOperation https://localhost:8443/op/1 answering PUT {URL}", "x-4")
    ]


def test_no_put_read_back_leaves_lro_013_not_applicable_never_passed():
    """Every PUT's operation ended otherwise than Succeeded: nothing was read back to judge."""
    write = Write("VNet create", answer(201, "x-5"), URL, ended_as="Failed")
    with pytest.raises(NotApplicable, match="no PUT whose operation ended Succeeded"):
        checks.test_after_its_operation_the_resource_reads_back_succeeded(Book(record_of([write])))
