"""The read-only journey against the embedded endpoint: every check judging it passes, and a
target that refuses a PUT of an earlier GET body (RO-010, a SHOULD) fails only RO-010 - the
journey goes on and the MUST observations after that step are still judged."""

from __future__ import annotations

import pytest

from conformance.suite.check_findings import RequirementFailure
from conformance.suite.scenarios import test_read_only_properties as checks
from conformance.suite.scenarios.test_read_only_properties import read_only_journey
from conformance.suite.vnets import VnetHandle

from tests.suite.scenarios.journey_harness import check_calls, embedded_book

CALLS = list(check_calls(checks))
REPLAY_CHECK = "test_a_put_of_an_earlier_get_response_is_accepted"


def _walk(monkeypatch=None):
    with embedded_book() as embedded:
        if monkeypatch is not None:
            original = VnetHandle.peer

            def refusing_replays(self, remote, **options):
                body = options.get("body")
                if (self.role, getattr(remote, "role", None)) == ("a", "b") and isinstance(body, dict) and "id" in body:
                    options["body"] = {"properties": "refused"}  # the replayed GET body, spoiled to be refused
                return original(self, remote, **options)

            monkeypatch.setattr(VnetHandle, "peer", refusing_replays)
        read_only_journey(embedded.book)
        yield embedded.book


@pytest.fixture(scope="module")
def walked():
    yield from _walk()


@pytest.mark.parametrize(("label", "check", "arguments"), CALLS, ids=[label for label, _, _ in CALLS])
def test_every_check_passes_on_the_reference_endpoint(walked, label, check, arguments):
    check(walked, **arguments)


def test_a_refused_replay_of_a_get_body_fails_ro_010_alone(monkeypatch):
    for book in _walk(monkeypatch):
        assert book.records["read-only-properties"].stopped is None
        with pytest.raises(RequirementFailure) as failure:
            checks.test_a_put_of_an_earlier_get_response_is_accepted(book)
        assert failure.value.requirement_ids == ("RO-010",)
        for _, check, arguments in CALLS:
            if check.__name__ != REPLAY_CHECK:
                check(book, **arguments)
