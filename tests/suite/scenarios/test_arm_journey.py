"""The ARM-contract journey against the embedded endpoint: it walks to its end within its
write budget, leaves nothing for the cleanup, and every check judging it passes; and on
planted records a list that cannot be followed, or a client version refused, fails the
requirement naming its exchange."""

from __future__ import annotations

import inspect
import secrets
from types import SimpleNamespace

import pytest

from conformance.exchanges.transcript import Transcript
from conformance.suite.check_findings import NotApplicable, RequirementFailure
from conformance.suite.scenarios import (
    test_arm_access,
    test_arm_api_version,
    test_arm_errors,
    test_arm_headers,
    test_arm_names,
    test_arm_paging,
    test_arm_status_codes,
    test_bad_input,
    test_robustness,
)
from conformance.suite.scenarios.arm_journey import JOURNEY, arm_journey
from conformance.suite.scenarios.journey_record import JourneyRecord, Seen, Stop

from tests.suite.scenarios.journey_harness import PreparedBook, check_calls, embedded_book, walk_writes

# Writes of the walk, its VNets' deletes included (nothing is left to the cleanup): 73, and
# the six unauthenticated writes of ARM-037 when the run gives a token. The ARM-contract,
# bad-input, api-version and paging journeys it replaces sent 117, and 14 cleanup deletes.
MOST_WRITES = 80
MODULES = (test_arm_access, test_arm_api_version, test_arm_errors, test_arm_headers, test_arm_names,
           test_arm_paging, test_arm_status_codes, test_bad_input, test_robustness)


@pytest.fixture(scope="module")
def walked():
    with embedded_book(secrets.token_hex(8)) as embedded:
        yield embedded.book, arm_journey(embedded.book), embedded.transcript, embedded.api


def test_the_walk_reaches_its_end_within_its_write_budget_and_deletes_its_vnets(walked):
    book, record, transcript, _ = walked
    assert record.stopped is None
    assert len(walk_writes(transcript, JOURNEY)) <= MOST_WRITES
    assert [handle.name for factory in book.factories for handle in factory.standing()] == []


CALLS = [call for module in MODULES for call in check_calls(module)]


@pytest.mark.parametrize(("label", "check", "arguments"), CALLS, ids=[label for label, _, _ in CALLS])
def test_every_check_passes_on_the_reference_endpoint(walked, label, check, arguments):
    book, _, transcript, api = walked
    wanted = inspect.signature(check).parameters
    given = {"journeys": book, "target": SimpleNamespace(transcript=transcript), "api": api, **arguments}
    check(**{name: given[name] for name in wanted})


def Book(record: JourneyRecord) -> PreparedBook:  # noqa: N802 - reads as the class it stands for
    return PreparedBook(JOURNEY, record)


def test_a_list_that_cannot_be_followed_fails_the_paging_checks_naming_its_exchange():
    record = JourneyRecord(JOURNEY)
    problem = ("not a list page (200 with a value array): GET ... -> 400", "gw0-00077")
    for key in ("hub-peerings", "empty-peerings", "vnets"):
        record.keep(f"paging:{key}", Seen("pages", "gw0-00077", 200, {"pages": [], "expected": [],
                                                                      "problem": problem}))
    for check, requirement in ((test_arm_paging.test_the_peering_list_returns_every_peering_exactly_once_across_pages,
                                "ARM-019"),
                               (test_arm_paging.test_the_last_page_has_next_link_absent_or_null_never_empty,
                                "ARM-021")):
        with pytest.raises(RequirementFailure, match="could not be followed") as failure:
            check(Book(record))
        assert failure.value.requirement_ids == (requirement,)
        assert failure.value.exchange_id == "gw0-00077"


def test_a_client_version_whose_write_failed_fails_arm_034_and_a_reused_journey_answer_passes():
    record = JourneyRecord(JOURNEY)
    record.keep("versions-recent SDK:peering PUT",
                Seen("creating hub->a", "gw0-00012", 201, {"failure": "creating hub->a: the operation ended Failed"}))
    record.keep("versions-Azure CLI VNets:peering PUT", Seen("creating the peering b->a", "gw0-00020", 201))
    with pytest.raises(RequirementFailure, match="the operation ended Failed") as failure:
        test_arm_api_version.served(record, "recent SDK", "ARM-034")
    assert failure.value.exchange_id == "gw0-00012"
    test_arm_api_version.served(record, "Azure CLI VNets", "ARM-034")


def test_lists_served_in_one_page_leave_the_next_link_check_not_applicable_never_passed():
    record = JourneyRecord(JOURNEY)
    one_page = SimpleNamespace(json=lambda: {"value": []}, exchange_id="gw0-00031")
    for key in ("hub-peerings", "empty-peerings", "vnets"):
        record.keep(f"paging:{key}", Seen("pages", "gw0-00031", 200, {"pages": [one_page], "expected": [],
                                                                      "problem": None}))
    with pytest.raises(NotApplicable, match="one page"):
        test_arm_paging.test_every_next_link_carries_the_api_version_and_answers_a_page(Book(record))


def test_a_front_end_answer_to_an_oversized_body_is_left_to_rob_004_not_judged_by_arm_012():
    """A 413 without a CloudError body (as a front end may answer) fails no MUST; a 400
    without one, to a request the resource provider answers, fails ARM-012 naming it."""
    transcript = Transcript()
    with transcript.tagged(f"journey:{JOURNEY}", "setup"):
        for status, body in ((413, "<html>Request Entity Too Large</html>"), (400, "bad request")):
            transcript.record(method="PUT", url="https://127.0.0.1/x", request_headers={}, request_body=None,
                              status=status, response_headers={}, response_body=body, duration_ms=1.0,
                              started="2026-12-04T00:00:00Z")
    oversized, other = transcript.exchanges()
    record = JourneyRecord(JOURNEY)
    record.keep("delete:gone", Seen("a->b after its DELETE", None, 404))
    record.keep("rob-004:put", Seen("the peering PUT with an oversized body", oversized.id, 413))
    record.keep("tour:put", Seen("a refused PUT", other.id, 400))
    with pytest.raises(RequirementFailure) as failure:
        test_arm_errors.test_every_4xx_and_5xx_carries_a_cloud_error(Book(record), SimpleNamespace(transcript=transcript))
    assert failure.value.requirement_ids == ("ARM-012",)
    assert failure.value.exchange_id == other.id
    assert oversized.id not in str(failure.value)


def test_a_walk_that_stopped_before_its_end_leaves_rob_013_unjudged():
    """The timeout and busy promises hold only for a whole walk: a stop after the casing
    steps (the deletes never sent) is no pass."""
    record = JourneyRecord(JOURNEY, stopped=Stop("deleting vnet a: expected success, got 500", "gw0-00090", False))
    record.keep("casing:gone", Seen("a->b after the DELETE under other casing", "gw0-00088", 404))
    with pytest.raises(RequirementFailure, match="stopped before this step"):
        test_robustness.test_every_kind_of_request_is_answered_within_the_timeout(
            Book(record), SimpleNamespace(config=SimpleNamespace(timeout=10.0)))
