"""What the journey tests share: a journey book walking on an embedded endpoint (its
VNets deleted and checked gone at the end), the writes a walk sent, and a stand-in book
that hands a check one prepared record."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from conformance.exchanges.transcript import Exchange, Transcript
from conformance.suite.fixtures import VnetFactory
from conformance.suite.naming import ResourceNames
from conformance.suite.scenarios.journey_record import JourneyRecord
from conformance.suite.scenarios.journeys import JourneyBook
from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.embedded import EmbeddedEndpoint
from conformance.target.peering_api import PeeringApi
from conformance.target.resource_tracker import ResourceTracker


@dataclass
class EmbeddedBook:
    book: JourneyBook
    transcript: Transcript
    api: PeeringApi


@contextmanager
def embedded_book(token: str | None = None, *, clean_end: bool = True) -> Iterator[EmbeddedBook]:
    """A JourneyBook on a fresh embedded endpoint; at the end every journey VNet is deleted
    and, with `clean_end`, the endpoint must hold no VNet."""
    with EmbeddedEndpoint(**({"require_token": token} if token else {})) as endpoint:
        transcript = Transcript()
        client = TargetClient(TargetConfig(endpoint.url, ca_cert=endpoint.ca_cert, token=token), transcript=transcript)
        api = PeeringApi(client, ResourceTracker())
        serials = iter(range(1, 100))
        book = JourneyBook(transcript, lambda: VnetFactory(api, ResourceNames("pc-test-w0", next(serials))))
        try:
            yield EmbeddedBook(book, transcript, api)
            book.delete_vnets()
            if clean_end:
                assert api.list_vnets().json()["value"] == []
        finally:
            client.close()


def walk_writes(transcript: Transcript, journey: str) -> list[Exchange]:
    """The PUTs and DELETEs the walk of `journey` sent."""
    return [e for e in transcript.for_check(f"journey:{journey}") if e.method in ("PUT", "DELETE")]


class PreparedBook:
    """Stands in for the JourneyBook: hands out one prepared record of the journey `name`."""

    def __init__(self, name: str, record: JourneyRecord) -> None:
        self.name = name
        self.record = record

    def take(self, name, walk):
        assert name == self.name
        return self.record


def check_calls(module) -> Iterator[tuple[str, Any, dict]]:
    """Each check of the module with the arguments of every parametrization."""
    for name in dir(module):
        check = getattr(module, name)
        if not name.startswith("test_") or not callable(check):
            continue
        marks = [mark for mark in getattr(check, "pytestmark", []) if mark.name == "parametrize"]
        variants = [{}]
        for mark in marks:
            variants = [{**variant, **row} for variant in variants for row in _rows(mark)]
        for variant in variants:
            yield f"{module.__name__.rsplit('.', 1)[-1]}::{name}{sorted(variant.items())}", check, variant


def _rows(mark) -> list[dict]:
    """A parametrize mark's rows as keyword arguments (one name or several, pytest.param or not)."""
    names = mark.args[0]
    names = [name.strip() for name in names.split(",")] if isinstance(names, str) else list(names)
    rows = []
    for value in mark.args[1]:
        values = value.values if hasattr(value, "values") else (value,) if len(names) == 1 else value
        rows.append(dict(zip(names, values)))
    return rows
