"""Legal variants of list answers: the ARM contract fixes only that every item comes
exactly once across the pages, that nextLink is followed verbatim (so it carries the
api-version) and that the last page has none (NOTES.md, The ARM resource-provider
contract: lists). The order of items, the form of the continuation token and empty
pages that still carry a nextLink are the target's choice."""

from __future__ import annotations

import json
import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from conformance.reference.routes import RouteKind
from conformance.selftest.variants.asgi_rewriting import (
    Answer,
    buffered_answer,
    query_of,
    new_answer,
    request_url,
    rewriting_answers,
    route_of,
    send_answer,
)

LIST_ROUTES = (RouteKind.PEERINGS, RouteKind.VNETS_IN_GROUP, RouteKind.VNETS_IN_SUBSCRIPTION)
CONTINUATION = "continuationToken"


def _is_list(scope: Scope) -> bool:
    route = route_of(scope)
    return scope["method"] == "GET" and route is not None and route.kind in LIST_ROUTES


class OpaqueNextLinks:
    """Every nextLink becomes `<list URL>?api-version=V&continuationToken=<random id>`, a
    token only this endpoint can resolve (to the query it stands for). With
    `empty_first_page`, a list's first page is empty and links to the real first page."""

    empty_first_page = False

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.queries: dict[str, bytes] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_list(scope):
            await self.app(scope, receive, send)
            return
        query = dict(query_of(scope))
        token = query.get(CONTINUATION)
        if token is not None and token in self.queries:
            scope = {**scope, "query_string": self.queries[token]}
        elif self.empty_first_page and token is None:
            await self._empty_first_page(scope, receive, send, query.get("api-version", ""))
            return
        await self.app(scope, receive, self._opaque_links(send))

    async def _empty_first_page(self, scope: Scope, receive: Receive, send: Send, api_version: str) -> None:
        """The endpoint judges the request first (api-version, subscription, ...); only an
        answer it would give as a first page becomes an empty page linking to that page."""
        answer = await buffered_answer(self.app, scope, receive)
        if answer.status == 200:
            link = self._link(request_url(scope), scope.get("query_string", b""), api_version)
            answer = new_answer(200, {"value": [], "nextLink": link}, dict(answer.headers))
        await send_answer(answer, send)

    def _link(self, url: str, query: bytes, api_version: str) -> str:
        token = uuid.uuid4().hex
        self.queries[token] = query
        return urlunsplit(urlsplit(url)._replace(query=urlencode({"api-version": api_version, CONTINUATION: token})))

    def _opaque_links(self, send: Send) -> Send:
        start: dict = {}

        async def rewriting(message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            body = message.get("body", b"")
            try:
                page = json.loads(body) if start.get("status") == 200 else None
            except ValueError:
                page = None
            if isinstance(page, dict) and isinstance(page.get("nextLink"), str):
                parts = urlsplit(page["nextLink"])
                api_version = dict(parse_qsl(parts.query)).get("api-version", "")
                page["nextLink"] = self._link(page["nextLink"], parts.query.encode("latin-1"), api_version)
                body = json.dumps(page).encode()
            headers = [(name, value) for name, value in start["headers"] if name.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})

        return rewriting


class EmptyFirstPage(OpaqueNextLinks):
    empty_first_page = True


def _items_in_another_order(scope: Scope, answer: Answer) -> None:
    body = answer.json()
    if _is_list(scope) and answer.status == 200 and isinstance(body, dict) and isinstance(body.get("value"), list):
        body["value"].reverse()
        answer.set_json(body)


items_in_another_order = rewriting_answers(_items_in_another_order)
