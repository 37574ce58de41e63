"""Etags and the preconditions built on them (If-Match, If-None-Match).

Optimistic concurrency is how two clients avoid overwriting each other's peering: it only
works when the etag changes on every write and a stale or absent precondition is refused
with 412 before anything is written.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.arm_checks import WEAK_ETAG, ReadBack, assert_refused

STALE_ETAG = 'W/"00000000-0000-0000-0000-000000000000"'


def peering_state(handle, remote) -> ReadBack:
    return ReadBack.of(handle.get_peering(remote))


def assert_unchanged(before: ReadBack, after: ReadBack, what: str) -> None:
    assert after.status == before.status, f"{what}: status {before.status} became {after.status}"
    assert after.etag == before.etag, f"{what}: etag {before.etag} became {after.etag}"
    assert after.body == before.body, f"{what}: the body changed from {before.body} to {after.body}"


@pytest.mark.requirements("ARM-024")
def test_every_peering_response_carries_a_weak_etag(api, pair):
    a, b = pair()
    created = a.peer(b).ensure_succeeded()
    updated = a.peer(b, sync=True).ensure_succeeded()
    bodies = {
        "PUT create answer": created.initial.json(),
        "PUT create final": created.final.json(),
        "PUT sync answer": updated.initial.json(),
        "GET": a.peering(b),
    }
    for index, item in enumerate(api.list_all(api.list_peerings(a.name))):
        bodies[f"list item {index}"] = item
    etags = {label: body.get("etag") for label, body in bodies.items()}
    wrong = {label: etag for label, etag in etags.items() if not WEAK_ETAG.fullmatch(str(etag))}
    assert not wrong, f'etags not of the form W/"<opaque>": {wrong}'


@pytest.mark.requirements("ARM-025")
def test_the_etag_changes_on_every_write_a_sync_included(pair):
    a, b = pair()
    writes = {
        "create": lambda: a.peer(b),
        "update": lambda: a.peer(b, allowForwardedTraffic=True),
        "re-PUT unchanged": lambda: a.peer(b, allowForwardedTraffic=True),
        "sync": lambda: a.peer(b, allowForwardedTraffic=True, sync=True),
    }
    seen: list[tuple[str, str]] = []
    for label, write in writes.items():
        write().ensure_succeeded()
        etag = a.peering(b).get("etag")
        assert etag, f"no etag after the {label}"
        assert etag not in [earlier for _, earlier in seen], f"the {label} kept an earlier etag {etag}: {seen}"
        seen.append((label, etag))


@pytest.mark.requirements("ARM-026")
def test_a_peering_get_carries_an_etag_header_equal_to_the_body_etag(pair):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    read = a.get_peering(b)
    assert read.status == 200, read.describe()
    assert read.headers.get("ETag") == read.json().get("etag"), (
        f"ETag header {read.headers.get('ETag')!r}, body etag {read.json().get('etag')!r}"
    )


@pytest.mark.requirements("ARM-027")
def test_a_write_with_a_stale_if_match_answers_412_and_changes_nothing(pair):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    before = peering_state(a, b)
    stale = {"If-Match": STALE_ETAG}
    refused_put = a.peer(b, allowForwardedTraffic=True, headers=stale)
    assert_refused(refused_put.initial, (412,))
    assert_unchanged(before, peering_state(a, b), "PUT with a stale If-Match")
    refused_delete = a.delete_peering(b, headers=stale)
    assert_refused(refused_delete.initial, (412,))
    assert_unchanged(before, peering_state(a, b), "DELETE with a stale If-Match")


@pytest.mark.requirements("ARM-028")
def test_if_match_star_on_a_missing_peering_answers_412_and_creates_nothing(pair):
    a, b = pair()
    refused = a.peer(b, headers={"If-Match": "*"})
    assert_refused(refused.initial, (412,))
    after = a.get_peering(b)
    assert after.status == 404, f"the refused PUT created the peering: {after.describe()}"


@pytest.mark.requirements("ARM-029")
def test_if_none_match_star_on_an_existing_peering_answers_412_and_changes_nothing(pair):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    before = peering_state(a, b)
    refused = a.peer(b, allowForwardedTraffic=True, headers={"If-None-Match": "*"})
    assert_refused(refused.initial, (412,))
    assert_unchanged(before, peering_state(a, b), "PUT with If-None-Match *")


@pytest.mark.requirements("ARM-030")
def test_a_write_with_the_current_etag_in_if_match_proceeds(pair):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    current = a.peering(b)["etag"]
    updated = a.peer(b, allowForwardedTraffic=True, headers={"If-Match": current})
    assert updated.initial.status == 200, updated.initial.describe()
    updated.ensure_succeeded()
    assert a.peering(b)["properties"]["allowForwardedTraffic"] is True, "the update with a matching If-Match was lost"
    deleted = a.delete_peering(b, headers={"If-Match": a.peering(b)["etag"]})
    assert deleted.succeeded, f"DELETE with the current etag: {deleted.initial.describe()}"
    assert a.get_peering(b).status == 404
