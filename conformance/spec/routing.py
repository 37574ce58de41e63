"""Which documented operation a method and URL address, so recorded traffic can be validated.

ARM compares the literal segments of a path without regard to case, and answers its
asynchronous-operation URLs (`.../locations/{region}/operations/{id}` and
`.../operationResults/{id}`) outside the documented paths; both are recognised here.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from conformance.paths import OPENAPI_FILE

OPERATION = "operation"
OPERATION_STATUS = "operation-status"
OPERATION_RESULT = "operation-result"
UNKNOWN = "unknown"

ASYNC_PREFIX = r"^/subscriptions/[^/]+/providers/Microsoft\.Network/locations/[^/]+/"
ASYNC_ROUTES = (
    (re.compile(ASYNC_PREFIX + r"operations/[^/]+$", re.IGNORECASE), OPERATION_STATUS),
    (re.compile(ASYNC_PREFIX + r"operationResults/[^/]+$", re.IGNORECASE), OPERATION_RESULT),
)


@dataclass(frozen=True)
class Route:
    """What a request addresses: a documented operation, an async-operation URL, or nothing known."""

    kind: str
    operation_id: str | None = None
    path_parameters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Template:
    method: str
    pattern: re.Pattern[str]
    operation_id: str


class OperationRouter:
    """Matches request lines against the paths of one OpenAPI document."""

    def __init__(self, document: dict[str, Any]):
        self._templates = [
            _Template(method.upper(), _compile(path), operation["operationId"])
            for path, path_item in document["paths"].items()
            for method, operation in path_item.items()
            if isinstance(operation, dict) and "operationId" in operation
        ]

    @classmethod
    def from_file(cls, path: Path = OPENAPI_FILE) -> OperationRouter:
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle))

    def route(self, method: str, url: str) -> Route:
        path = urlsplit(url).path.rstrip("/")
        for pattern, kind in ASYNC_ROUTES:
            if pattern.match(path):
                return Route(kind)
        for template in self._templates:
            match = template.pattern.match(path)
            if match and template.method == method.upper():
                parameters = {name: unquote(value) for name, value in match.groupdict().items()}
                return Route(OPERATION, template.operation_id, parameters)
        return Route(UNKNOWN)


def _compile(path_template: str) -> re.Pattern[str]:
    pieces = re.split(r"\{([^}]+)\}", path_template)
    regex = "".join(
        f"(?P<{piece}>[^/]+)" if index % 2 else re.escape(piece)
        for index, piece in enumerate(pieces)
    )
    return re.compile(f"^{regex}$", re.IGNORECASE)


@lru_cache(maxsize=1)
def committed_spec_router() -> OperationRouter:
    """A router over the committed `specs/openapi.json`, built once."""
    return OperationRouter.from_file(OPENAPI_FILE)


def route(method: str, url: str) -> Route:
    return committed_spec_router().route(method, url)
