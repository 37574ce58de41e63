"""Etags and the preconditions built on them (If-Match, If-None-Match).

Optimistic concurrency is how two clients avoid overwriting each other's peering: it only
works when the etag changes on every write and a stale or absent precondition is refused
with 412 before anything is written.

Judged on the pair-lifecycle journey (pair_journey.py): a create of a->b under
`If-Match: *` (refused, nothing created); the create; an update, an unchanged re-PUT and
a sync, the etag read after each; a PUT and a DELETE with a stale If-Match and a PUT with
`If-None-Match: *` (each refused, the peering read before and after); once the pair is
Connected, an update of a->b and the DELETE of b->a carrying their current etags (both
proceed).
"""

from __future__ import annotations

import pytest

from conformance.suite.check_findings import not_applicable
from conformance.suite.scenarios.arm_checks import WEAK_ETAG, ReadBack, assert_refused
from conformance.suite.scenarios.journey_record import (
    JourneyRecord,
    expect_status,
    expect_succeeded,
    fail,
    fail_findings,
    judging,
)
from conformance.suite.scenarios.pair_journey import CURRENT_ETAG_UPDATE, ETAG_WRITES, JOURNEY, pair_journey

pytestmark = pytest.mark.xdist_group(JOURNEY)


@pytest.mark.requirements("ARM-024")
def test_every_peering_response_carries_a_weak_etag(journeys):
    record = pair_journey(journeys)
    bodies = record.observation("bodies", "ARM-024").properties["bodies"]
    items = [(label, response.exchange_id, response.body) for label, response in bodies]
    etags = []
    for label, exchange, body in items:
        if label.startswith("list page"):
            values = body.get("value", []) if isinstance(body, dict) else []
            etags += [(f"{label}, item {index}", exchange, item.get("etag")) for index, item in enumerate(values)]
        else:
            etags.append((label, exchange, body.get("etag") if isinstance(body, dict) else None))
    fail_findings("ARM-024", 'etags not of the form W/"<opaque>"', [
        (f"{label}: {etag!r}", exchange) for label, exchange, etag in etags if not WEAK_ETAG.fullmatch(str(etag))
    ])


@pytest.mark.requirements("ARM-025")
def test_the_etag_changes_on_every_write_a_sync_included(journeys):
    record = pair_journey(journeys)
    seen: list[tuple[str, str]] = []
    for label in ETAG_WRITES:
        read = expect_status(record, f"etag:{label}", "ARM-025", (200,))
        etag = read.properties.get("etag")
        fail("ARM-025", read, [] if etag else [f"no etag after the {label}"])
        earlier = [e for _, e in seen]
        fail("ARM-025", read, [f"the {label} kept an earlier etag {etag}: {seen}"] if etag in earlier else [])
        seen.append((label, etag))


@pytest.mark.requirements("ARM-026")
def test_a_peering_get_carries_an_etag_header_equal_to_the_body_etag(journeys):
    read = expect_status(pair_journey(journeys), "etag:create", "ARM-026", (200,))
    header, body = read.response.headers.get("ETag"), read.properties.get("etag")
    fail("ARM-026", read, [] if header == body else [f"ETag header {header!r}, body etag {body!r}"])


def refused_and_unchanged(record: JourneyRecord, key: str, requirement: str) -> None:
    seen = record.observation(f"{key}:put", requirement)
    with judging(requirement, seen):
        assert_refused(seen.response, (412,), what=seen.what)
    before = ReadBack.of(record.observation(f"{key}:before", requirement).response)
    after_seen = record.observation(f"{key}:after", requirement)
    after = ReadBack.of(after_seen.response)
    problems = [f"{what} {x} became {y}" for what, x, y in (("status", before.status, after.status),
                                                            ("etag", before.etag, after.etag),
                                                            ("body", before.body, after.body)) if x != y]
    fail(requirement, after_seen, problems, f"{after_seen.what}: the refused write changed the peering:")


@pytest.mark.requirements("ARM-027")
def test_a_write_with_a_stale_if_match_answers_412_and_changes_nothing(journeys):
    record = pair_journey(journeys)
    for key in ("stale-put", "stale-delete"):
        refused_and_unchanged(record, key, "ARM-027")


@pytest.mark.requirements("ARM-028")
def test_if_match_star_on_a_missing_peering_answers_412_and_creates_nothing(journeys):
    record = pair_journey(journeys)
    seen = record.observation("if-match-star:put", "ARM-028")
    with judging("ARM-028", seen):
        assert_refused(seen.response, (412,), what=seen.what)
    expect_status(record, "if-match-star:after", "ARM-028", (404,))


@pytest.mark.requirements("ARM-029")
def test_if_none_match_star_on_an_existing_peering_answers_412_and_changes_nothing(journeys):
    refused_and_unchanged(pair_journey(journeys), "if-none-match-star", "ARM-029")


@pytest.mark.requirements("ARM-030")
def test_a_write_with_the_current_etag_in_if_match_proceeds(journeys):
    """An update of a->b and the DELETE of b->a, each carrying the peering's current etag;
    a peering that shows no etag gives nothing to send (its absence is ARM-025's to judge)."""
    record = pair_journey(journeys)
    if _shows_etag(record, "current:etag-a->b"):
        expect_succeeded(record, "current:put", "ARM-030")
        expect_status(record, "current:put", "ARM-030", (200,))
        read = expect_status(record, "current:read", "ARM-030", (200,))
        ((setting, sent),) = CURRENT_ETAG_UPDATE.items()
        held = read.properties.get("properties", {}).get(setting)
        fail("ARM-030", read, [] if held == sent else [f"the update with a matching If-Match was lost: "
                                                       f"{setting} is {held!r}, sent {sent!r}"])
    if _shows_etag(record, "current:etag-b->a"):
        expect_succeeded(record, "current:delete", "ARM-030")
        expect_status(record, "current:gone", "ARM-030", (404,))
    elif not _shows_etag(record, "current:etag-a->b"):
        not_applicable("neither peering showed an etag to send back in If-Match (no etag: ARM-025 judges that)")


def _shows_etag(record, key: str) -> bool:
    """The read `key` answered 200 (else ARM-030 fails) with an etag to send back."""
    read = expect_status(record, key, "ARM-030", (200,))
    return bool(ReadBack.of(read.response).etag)
