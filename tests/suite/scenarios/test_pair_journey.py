"""The pair-lifecycle journey against the embedded endpoint: it walks to the end, keeps every
observation its four families of checks judge, and sends far fewer writes than four setups."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from requests.structures import CaseInsensitiveDict

from conformance.suite.check_findings import NotApplicable, RequirementFailure
from conformance.suite.scenarios import test_arm_etags, test_lifecycle, test_lifecycle_extra, test_response_shapes
from conformance.suite.scenarios.journey_record import JourneyRecord, Seen
from conformance.suite.scenarios.pair_journey import JOURNEY, pair_journey
from conformance.target.responses import ArmResponse

from tests.suite.scenarios.journey_harness import PreparedBook, embedded_book, walk_writes

# Writes of the walk itself (the three VNets' cleanup comes on top): 33 with cleanup,
# where the four journeys it replaces sent 53.
MOST_WRITES = 30


@pytest.fixture(scope="module")
def walked():
    with embedded_book() as embedded:
        yield embedded.book, pair_journey(embedded.book), embedded.transcript


def test_the_walk_reaches_its_end_within_its_write_budget(walked):
    _, record, transcript = walked
    assert record.stopped is None
    assert len(walk_writes(transcript, JOURNEY)) <= MOST_WRITES


CHECKS = [
    (module, name) for module in (test_lifecycle, test_lifecycle_extra, test_arm_etags, test_response_shapes)
    for name in dir(module) if name.startswith("test_")
]


@pytest.mark.parametrize(("module", "name"), CHECKS, ids=[f"{m.__name__.rsplit('.', 1)[-1]}::{n}" for m, n in CHECKS])
def test_every_check_passes_on_the_reference_endpoint(walked, module, name):
    """The reference endpoint conforms: each check judging the walk passes (LIFE-015 per setting)."""
    book = walked[0]
    check = getattr(module, name)
    if name == "test_changing_a_setting_of_a_connected_peering_keeps_the_pair_connected":
        for setting in test_lifecycle_extra.SETTING_CHANGES:
            check(book, setting)
    elif "findings" in check.__code__.co_varnames[:check.__code__.co_argcount]:
        check(book, Findings())
    else:
        check(book)


class Findings:
    """Stands in for the FindingLog: the reference endpoint gives nothing to record."""

    def record(self, requirement, message, exchange_id=None):
        raise AssertionError(f"{requirement}: {message}")


def test_a_stale_etag_put_taken_by_the_target_fails_arm_027_naming_its_exchange(walked):
    """A planted deviation on the record: the peering read after the stale PUT differs."""
    record = walked[1]
    after = record.seen["stale-put:after"]
    changed = dict(after.properties, etag='W/"changed"')
    record.seen["stale-put:after"] = replace(after, response=replace(after.response, text=json.dumps(changed)))
    try:
        with pytest.raises(RequirementFailure) as failure:
            test_arm_etags.test_a_write_with_a_stale_if_match_answers_412_and_changes_nothing(walked[0])
        assert failure.value.requirement_ids == ("ARM-027",)
        assert failure.value.exchange_id == after.exchange_id
    finally:
        record.seen["stale-put:after"] = after



def test_a_peering_without_an_etag_leaves_arm_030_not_applicable_never_passed_on_if_match_star():
    """The walk sends no If-Match at all when the peering shows no etag (never `*`, which
    any existing peering matches), and the check has nothing to judge."""
    record = JourneyRecord(JOURNEY)
    body = json.dumps({"name": "pc-a-b", "properties": {"peeringState": "Connected"}})
    response = ArmResponse("GET", "https://127.0.0.1/p", 200, CaseInsensitiveDict(), body, "gw0-00044", 1.0)
    for key in ("current:etag-a->b", "current:etag-b->a"):
        record.keep(key, Seen("peering a->b read for its etag", "gw0-00044", 200, json.loads(body), response=response))
    with pytest.raises(NotApplicable, match="no etag"):
        test_arm_etags.test_a_write_with_the_current_etag_in_if_match_proceeds(PreparedBook(JOURNEY, record))


def test_an_etag_on_one_peering_only_still_judges_its_write(walked):
    """b->a shows no etag: the a->b update with its current etag is still judged (a lost
    update fails ARM-030), not hidden behind not-applicable."""
    record = walked[1]
    kept = {key: record.seen[key] for key in ("current:etag-b->a", "current:read")}
    no_etag = replace(kept["current:etag-b->a"].response, text=json.dumps({"name": "b-a", "properties": {}}))
    record.seen["current:etag-b->a"] = replace(kept["current:etag-b->a"], response=no_etag)
    lost = dict(kept["current:read"].properties, properties={})
    record.seen["current:read"] = replace(kept["current:read"], properties=lost)
    try:
        with pytest.raises(RequirementFailure, match="was lost") as failure:
            test_arm_etags.test_a_write_with_the_current_etag_in_if_match_proceeds(walked[0])
        assert failure.value.requirement_ids == ("ARM-030",)
    finally:
        record.seen.update(kept)
