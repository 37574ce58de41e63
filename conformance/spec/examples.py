"""The seven documented request/response examples, read from `fixtures/examples/`.

The REST page's examples are kept verbatim as JSON fixtures; the generator embeds them in
the OpenAPI document and the tests validate them against the generated schemas.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.paths import EXAMPLES_DIR

FIXTURE_KEYS = frozenset(
    {"name", "operationId", "method", "url", "pathParameters", "query", "requestBody", "responses"}
)


class ExampleFixtureError(ValueError):
    """An example fixture is missing a field or holds the wrong kind of value."""


@dataclass(frozen=True)
class ExampleResponse:
    """One documented response of an example: its status code and body."""

    status: int
    body: Any


@dataclass(frozen=True)
class DocumentedExample:
    """A request/response pair exactly as the REST reference page shows it."""

    slug: str
    name: str
    operation_id: str
    method: str
    url: str
    path_parameters: dict[str, str]
    query: dict[str, str]
    request_body: Any
    responses: tuple[ExampleResponse, ...]

    def response(self, status: int) -> ExampleResponse:
        for response in self.responses:
            if response.status == status:
                return response
        raise KeyError(f"example {self.slug!r} documents no {status} response")


def load_examples(directory: Path = EXAMPLES_DIR) -> list[DocumentedExample]:
    """All example fixtures in `directory`, ordered by file name for stable output."""
    return [_read_example(path) for path in sorted(directory.glob("*.json"))]


def _read_example(path: Path) -> DocumentedExample:
    with open(path, encoding="utf-8") as handle:
        raw = json.load(handle)
    if not isinstance(raw, dict) or set(raw) != FIXTURE_KEYS:
        raise ExampleFixtureError(f"{path.name}: expected exactly the keys {sorted(FIXTURE_KEYS)}")
    responses = raw["responses"]
    if not isinstance(responses, list) or not responses:
        raise ExampleFixtureError(f"{path.name}: responses must be a non-empty list")
    for response in responses:
        if not isinstance(response, dict) or set(response) != {"status", "body"}:
            raise ExampleFixtureError(f"{path.name}: each response needs exactly status and body")
    for key in ("pathParameters", "query"):
        if not isinstance(raw[key], dict) or not all(isinstance(v, str) for v in raw[key].values()):
            raise ExampleFixtureError(f"{path.name}: {key} must map names to strings")
    return DocumentedExample(
        slug=path.stem,
        name=raw["name"],
        operation_id=raw["operationId"],
        method=raw["method"].upper(),
        url=raw["url"],
        path_parameters=dict(raw["pathParameters"]),
        query=dict(raw["query"]),
        request_body=raw["requestBody"],
        responses=tuple(ExampleResponse(status=int(r["status"]), body=r["body"]) for r in responses),
    )
