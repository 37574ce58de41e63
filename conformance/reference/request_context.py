"""What a handler gets for one request, and the ARM response shapes handlers answer with."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal

from starlette.requests import Request
from starlette.responses import Response

from conformance.reference.arm_errors import JSON_MEDIA_TYPE
from conformance.reference.conditional_requests import Preconditions
from conformance.reference.endpoint_state import EndpointState
from conformance.reference.operations import Operation, operation_urls
from conformance.reference.request_json import (
    MAX_BODY_BYTES,
    JsonObject,
    body_too_large,
    is_json_media_type,
    parse_json_object,
    unsupported_media_type,
)
from conformance.reference.routes import Route

# A body announced larger than this is refused without reading it at all.
_DRAIN_LIMIT_BYTES = 64 * MAX_BODY_BYTES


@dataclass(frozen=True)
class EndpointSettings:
    """How the endpoint behaves; the `serve` options, one to one."""

    lro: Literal["async", "sync"] = "async"
    retry_after: int = 1
    latency_ms: int = 0
    page_size: int = 50
    require_token: str | None = None

    @property
    def long_running(self) -> bool:
        return self.lro == "async"


def query_values(request: Request, name: str) -> list[str]:
    """Every value of a query parameter, its name compared without case (as ARM does)."""
    wanted = name.lower()
    return [value for key, value in request.query_params.multi_items() if key.lower() == wanted]


@dataclass(frozen=True)
class RequestContext:
    request: Request
    route: Route
    api_version: str
    settings: EndpointSettings
    state: EndpointState

    @property
    def base_url(self) -> str:
        """Scheme and Host the client used: every absolute URL we hand out starts with it."""
        return str(self.request.base_url).rstrip("/")

    def preconditions(self) -> Preconditions:
        return Preconditions.from_headers(self.request.headers)

    async def json_body(self) -> JsonObject:
        """The body as a JSON object; 413 beyond MAX_BODY_BYTES, 400 when not a JSON object.

        An oversized body is still drained (up to a bound) so the client reads our answer
        instead of a reset connection."""
        announced = self.request.headers.get("content-length", "")
        if announced.isdigit() and int(announced) > _DRAIN_LIMIT_BYTES:
            raise body_too_large()
        received = bytearray()
        size = 0
        async for chunk in self.request.stream():
            size += len(chunk)
            if size <= MAX_BODY_BYTES:
                received += chunk
            elif size > _DRAIN_LIMIT_BYTES:
                break
        if size > MAX_BODY_BYTES:
            raise body_too_large()
        content_type = self.request.headers.get("content-type", "")
        if not is_json_media_type(content_type):
            raise unsupported_media_type(content_type)
        return parse_json_object(bytes(received))

    def lro_headers(self, operation: Operation, *, with_location: bool) -> dict[str, str]:
        """Azure-AsyncOperation (+ Location for deletes) and Retry-After of a started operation;
        the request id is the operation id, as the live service answers."""
        urls = operation_urls(self.base_url, operation, self.api_version)
        headers = {
            "Azure-AsyncOperation": urls.azure_async_operation,
            "Retry-After": str(self.settings.retry_after),
            "x-ms-request-id": operation.id,
        }
        if with_location:
            headers["Location"] = urls.location
        return headers


def json_response(body: object, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(body), status_code=status, headers=headers or {}, media_type=JSON_MEDIA_TYPE)


def empty_response(status: int, headers: dict[str, str] | None = None) -> Response:
    return Response(b"", status_code=status, headers=headers or {})


def delete_response(context: RequestContext, existed: bool, operation: Operation | None) -> Response:
    """204 when nothing was there; 202 + Location + Azure-AsyncOperation when long-running; else 200."""
    if not existed:
        return empty_response(204)
    if operation is not None:
        return empty_response(202, context.lro_headers(operation, with_location=True))
    return empty_response(200)
