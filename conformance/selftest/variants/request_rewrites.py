"""Planted bugs in how the endpoint reads a request: the sync flag, api-version, a
malformed body, and a read-only property taken from the body."""

from __future__ import annotations

import json

from starlette.types import ASGIApp, Receive, Scope, Send

from conformance.reference.routes import RouteKind
from conformance.selftest.variants.asgi_rewriting import (
    Answer,
    cloud_error,
    is_route,
    query_of,
    read_body,
    replaying,
    rewriting_answers,
    rewriting_scope,
    with_query,
    answering_early,
)

SYNC_PARAMETER = "syncremoteaddressspace"
ASSUMED_API_VERSION = "2025-05-01"


def _drop_sync_flag(scope: Scope) -> Scope:
    if not is_route(scope, RouteKind.PEERING, "PUT"):
        return scope
    return with_query(scope, [(k, v) for k, v in query_of(scope) if k.lower() != SYNC_PARAMETER])


def _add_sync_flag(scope: Scope) -> Scope:
    if not is_route(scope, RouteKind.PEERING, "PUT"):
        return scope
    query = [(k, v) for k, v in query_of(scope) if k.lower() != SYNC_PARAMETER]
    return with_query(scope, [*query, ("syncRemoteAddressSpace", "true")])


def _assume_api_version(scope: Scope) -> Scope:
    query = query_of(scope)
    if any(k.lower() == "api-version" for k, _ in query):
        return scope
    return with_query(scope, [*query, ("api-version", ASSUMED_API_VERSION)])


async def _malformed_json_fails(scope: Scope, body: bytes) -> Answer | None:
    if scope["method"].upper() != "PUT" or not body.strip():
        return None
    try:
        json.loads(body)
    except ValueError:
        return cloud_error(500, "InternalServerError", "An unexpected error occurred while reading the request.")
    return None


class PeeringStateFromRequest:
    """Remembers a peeringState sent in a peering PUT and reports it from then on."""

    def __init__(self, app: ASGIApp) -> None:
        self.sent: dict[str, str] = {}
        self.app = rewriting_answers(self._report_sent)(app)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_route(scope, RouteKind.PEERING):
            body = await read_body(receive)
            self._remember(scope, body)
            receive = replaying(body, receive)
        await self.app(scope, receive, send)

    def _remember(self, scope: Scope, body: bytes) -> None:
        key = scope["path"].lower()
        if scope["method"].upper() == "DELETE":
            self.sent.pop(key, None)
            return
        try:
            state = json.loads(body).get("properties", {}).get("peeringState") if body else None
        except (ValueError, AttributeError):
            return
        if scope["method"].upper() == "PUT" and isinstance(state, str):
            self.sent[key] = state

    def _report_sent(self, scope: Scope, answer: Answer) -> None:
        body = answer.json()
        if answer.status >= 300 or not isinstance(body, dict):
            return
        peerings = body.get("value", []) if is_route(scope, RouteKind.PEERINGS) else [body]
        changed = False
        for peering in peerings:
            state = self.sent.get(str(peering.get("id", "")).lower()) if isinstance(peering, dict) else None
            if state is not None:
                peering.setdefault("properties", {})["peeringState"] = state
                changed = True
        if changed:
            answer.set_json(body)


sync_flag_ignored = rewriting_scope(_drop_sync_flag)
sync_without_flag = rewriting_scope(_add_sync_flag)
api_version_optional = rewriting_scope(_assume_api_version)
malformed_json_fails = answering_early(_malformed_json_fails)
