"""Answers in time, and busy answers that pass: the two promises a client's timeout and
bounded retries rest on.

Elsewhere a timeout or a 503 that outlasts the retries is a target error (nothing could be
judged). Here it is the finding: each check drives every kind of request a run makes - a
VNet and a peering written, read, listed across pages, a missing one deleted - and fails
on the first that is not answered in time (ROB-013) or stays busy (ROB-014).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from conformance.target.errors import AnswerTimeout, TargetOverloaded


def drive_every_kind_of_request(api, pair, names) -> None:
    a, b = pair()
    a.peer(b).ensure_succeeded()
    b.peer(a).ensure_succeeded()
    a.get()
    a.peering(b)
    b.peering(a)
    api.list_all(api.list_peerings(a.name))
    api.list_all(api.list_vnets())
    a.peer(b, sync=True).ensure_succeeded()
    a.delete_peering(names.new("missing"))
    deleted = b.delete_peering(a)
    assert deleted.succeeded, deleted.initial.describe()


@contextmanager
def reported_as_failure(finding: type[Exception], promise: str) -> Iterator[None]:
    """Turn `finding`, a target error elsewhere, into this check's failure."""
    try:
        yield
    except finding as exc:
        pytest.fail(f"{promise}: {exc}")


@pytest.mark.requirements("ROB-013")
def test_every_kind_of_request_is_answered_within_the_timeout(api, pair, names):
    with reported_as_failure(AnswerTimeout, f"no answer within the per-request timeout ({api.config.timeout:g} s)"):
        drive_every_kind_of_request(api, pair, names)


@pytest.mark.requirements("ROB-014")
def test_busy_answers_clear_within_the_client_retries(api, pair, names):
    with reported_as_failure(TargetOverloaded, f"still busy after {api.config.max_retries} retries"):
        drive_every_kind_of_request(api, pair, names)
