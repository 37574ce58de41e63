"""A legal variant that syncs a peering when a GET of it carries the sync flag.

SYNC-022 (a GET with syncRemoteAddressSpace=true changes nothing) is a SHOULD seen in live
traffic; no document forbids a target from taking the flag on a GET as a request to
sync. A target that does fails that SHOULD and must still fail no MUST: the checks after
such a GET must start from what the target shows, not from what our model expected.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from conformance.reference.routes import RouteKind
from conformance.selftest.variants.asgi_rewriting import buffered_answer, is_route, query_of, replaying, with_query
from conformance.selftest.variants.request_rewrites import SYNC_PARAMETER


async def _no_body() -> dict:
    return {"type": "http.request", "body": b"", "more_body": False}


class SyncOnFlaggedGet:
    """GET .../virtualNetworkPeerings/X?syncRemoteAddressSpace=true: the endpoint first
    takes the peering's own body as a sync PUT (its operation left to finish on its own),
    then answers the GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_route(scope, RouteKind.PEERING, "GET") and _flagged(scope):
            await self._sync(scope)
        await self.app(scope, receive, send)

    async def _sync(self, scope: Scope) -> None:
        query = [(k, v) for k, v in query_of(scope) if k.lower() != SYNC_PARAMETER]
        plain = with_query(scope, query)
        current = await buffered_answer(self.app, plain, _no_body)
        if current.status != 200:
            return
        headers = [(name, value) for name, value in scope.get("headers", [])
                   if name.lower() not in (b"content-length", b"content-type")]
        headers += [(b"content-type", b"application/json"), (b"content-length", str(len(current.body)).encode())]
        put = {**with_query(scope, [*query, ("syncRemoteAddressSpace", "true")]), "method": "PUT", "headers": headers}
        await buffered_answer(self.app, put, replaying(current.body, _no_body))


def _flagged(scope: Scope) -> bool:
    return any(k.lower() == SYNC_PARAMETER and v.lower() == "true" for k, v in query_of(scope))
