"""The ASGI application: authentication, routing, api-version, and the ARM response envelope.

Every answer, including errors, 404s of unknown paths, 405s and unexpected failures,
leaves through `ReferenceApp.__call__`, which stamps x-ms-request-id and echoes
x-ms-correlation-request-id; nothing a client sends can make it answer outside the
CloudError shape.
"""

from __future__ import annotations

import asyncio
import hmac
import itertools
import logging
import secrets
from typing import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from conformance.reference import arm_handlers, network_handlers
from conformance.reference.api_versions import check_network_api_version, check_resource_group_api_version
from conformance.reference.arm_errors import ArmError, internal_error
from conformance.reference.arm_names import check_resource_group, check_subscription
from conformance.reference.endpoint_state import EndpointState
from conformance.reference.request_context import EndpointSettings, RequestContext, query_values
from conformance.reference.routes import ALLOWED_METHODS, Route, RouteKind, match_route

logger = logging.getLogger(__name__)

# x-ms-request-id has the shape of a version-4 UUID. A uuid4 per response cost 12 % of
# the endpoint's CPU at 64 connections; a random prefix per process and a counter in the
# last group are as unique within a run at a tenth of the cost.
_REQUEST_ID_PREFIX = "%08x-%04x-4%03x-%04x-" % (
    secrets.randbits(32), secrets.randbits(16), secrets.randbits(12), 0x8000 | secrets.randbits(14)
)
_REQUEST_NUMBERS = itertools.count(secrets.randbits(40))


def new_request_id() -> str:
    """A UUID-shaped id no other response of this process carries."""
    return f"{_REQUEST_ID_PREFIX}{next(_REQUEST_NUMBERS) & 0xFFFFFFFFFFFF:012x}"

Handler = Callable[[RequestContext], Awaitable[Response]]

HANDLERS: dict[tuple[RouteKind, str], Handler] = {
    (RouteKind.RESOURCE_GROUP, "PUT"): arm_handlers.put_resource_group,
    (RouteKind.RESOURCE_GROUP, "GET"): arm_handlers.get_resource_group,
    (RouteKind.RESOURCE_GROUP, "HEAD"): arm_handlers.head_resource_group,
    (RouteKind.RESOURCE_GROUP, "DELETE"): arm_handlers.delete_resource_group,
    (RouteKind.OPERATION, "GET"): arm_handlers.get_operation,
    (RouteKind.OPERATION_RESULT, "GET"): arm_handlers.get_operation_result,
    (RouteKind.VNETS_IN_SUBSCRIPTION, "GET"): network_handlers.list_vnets,
    (RouteKind.VNETS_IN_GROUP, "GET"): network_handlers.list_vnets,
    (RouteKind.VNET, "PUT"): network_handlers.put_vnet,
    (RouteKind.VNET, "GET"): network_handlers.get_vnet,
    (RouteKind.VNET, "DELETE"): network_handlers.delete_vnet,
    (RouteKind.PEERINGS, "GET"): network_handlers.list_peerings,
    (RouteKind.PEERING, "PUT"): network_handlers.put_peering,
    (RouteKind.PEERING, "GET"): network_handlers.get_peering,
    (RouteKind.PEERING, "DELETE"): network_handlers.delete_peering,
}

_RESOURCE_TYPES: dict[RouteKind, str] = {
    RouteKind.PEERING: "virtualNetworks/virtualNetworkPeerings",
    RouteKind.PEERINGS: "virtualNetworks/virtualNetworkPeerings",
    RouteKind.OPERATION: "locations/operations",
    RouteKind.OPERATION_RESULT: "locations/operationResults",
}

_MISSING_TOKEN_CHALLENGE = (
    'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", '
    "error_description=\"The authentication failed because of missing 'Authorization' header.\""
)
_INVALID_TOKEN_CHALLENGE = (
    'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token", '
    'error_description="The access token is invalid."'
)


class ReferenceApp:
    """ASGI callable serving one `EndpointState` with the given settings."""

    def __init__(self, state: EndpointState, settings: EndpointSettings) -> None:
        self.state = state
        self.settings = settings

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
            return
        if scope["type"] != "http":
            return
        request = Request(scope, receive)
        try:
            response = await self._respond(request)
        except ArmError as error:
            response = error.response()
        except Exception:
            logger.exception("unexpected failure answering %s %s", request.method, request.url.path)
            response = internal_error().response()
        self._stamp(request, response)
        await response(scope, receive, send)

    @staticmethod
    async def _lifespan(receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    @staticmethod
    def _stamp(request: Request, response: Response) -> None:
        headers = response.headers
        if "x-ms-request-id" not in headers:
            headers["x-ms-request-id"] = new_request_id()
        headers["x-ms-correlation-request-id"] = request.headers.get(
            "x-ms-correlation-request-id", headers["x-ms-request-id"]
        )
        client_request_id = request.headers.get("x-ms-client-request-id")
        if client_request_id is not None:
            headers["x-ms-client-request-id"] = client_request_id

    def _authenticate(self, request: Request) -> None:
        """With --require-token, only `Authorization: Bearer <token>` passes. The token is
        compared in constant time and never logged or echoed."""
        expected = self.settings.require_token
        if expected is None:
            return
        header = request.headers.get("authorization")
        if header is None:
            raise ArmError(
                401,
                "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing.",
                headers={"WWW-Authenticate": _MISSING_TOKEN_CHALLENGE},
            )
        scheme, _, presented = header.strip().partition(" ")
        valid = scheme.lower() == "bearer" and hmac.compare_digest(
            presented.strip().encode("latin-1"), expected.encode("utf-8")
        )
        if not valid:
            raise ArmError(
                401,
                "InvalidAuthenticationToken",
                "The access token is invalid.",
                headers={"WWW-Authenticate": _INVALID_TOKEN_CHALLENGE},
            )

    def _api_version(self, request: Request, route: Route) -> str:
        values = query_values(request, "api-version")
        if not route.is_network:
            return check_resource_group_api_version(values)
        return check_network_api_version(values, _RESOURCE_TYPES.get(route.kind, "virtualNetworks"))

    async def _respond(self, request: Request) -> Response:
        self._authenticate(request)
        # The decoded path as the server received it: cheaper than `request.url` (which
        # rebuilds and re-splits the whole URL per request) and, unlike `request.url.path`,
        # not cut short by a `?` or `#` that was percent-encoded in a name.
        path = request.scope["path"]
        route = match_route(path)
        if route is None:
            raise ArmError(
                404,
                "NotFound",
                f"No resource at {path}: the reference endpoint serves resource groups, "
                "Microsoft.Network virtual networks, their peerings and operations.",
            )
        method = request.method.upper()
        handler = HANDLERS.get((route.kind, method))
        if handler is None:
            allowed = ALLOWED_METHODS[route.kind]
            raise ArmError(
                405,
                "MethodNotAllowed",
                f"The {route.kind.value} resource does not support the {method} method; "
                f"it supports {', '.join(allowed)}.",
                headers={"Allow": ", ".join(allowed)},
            )
        api_version = self._api_version(request, route)
        check_subscription(route.subscription)
        if route.resource_group:
            check_resource_group(route.resource_group)
        if method in ("PUT", "DELETE") and self.settings.latency_ms > 0:
            await asyncio.sleep(self.settings.latency_ms / 1000)
        context = RequestContext(request, route, api_version, self.settings, self.state)
        return await handler(context)
