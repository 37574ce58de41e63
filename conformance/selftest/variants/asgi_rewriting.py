"""ASGI middleware building blocks for the planted bugs that live on the wire.

Three shapes cover every such variant: rewrite the request's scope (path, query) before
the app sees it; answer a request before the app does (after any delay), its body
already read; or rewrite the app's whole answer (status, headers, body) before the
client sees it. Answers are buffered, which the endpoint's small JSON bodies allow.
"""

from __future__ import annotations

import json
import uuid
from urllib.parse import parse_qsl, urlencode
from dataclasses import dataclass
from typing import Awaitable, Callable

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from conformance.reference.routes import Route, RouteKind, match_route

Middleware = Callable[[ASGIApp], ASGIApp]


@dataclass
class Answer:
    """A whole HTTP answer, as a rewrite sees and changes it."""

    status: int
    headers: MutableHeaders
    body: bytes

    def json(self) -> object:
        try:
            return json.loads(self.body) if self.body else None
        except ValueError:
            return None

    def set_json(self, value: object) -> None:
        self.body = json.dumps(value).encode()
        self.headers["content-type"] = "application/json; charset=utf-8"


def new_answer(status: int, body: object | None = None, headers: dict[str, str] | None = None) -> Answer:
    answer = Answer(status, MutableHeaders(headers or {}), b"")
    if body is not None:
        answer.set_json(body)
    return answer


def cloud_error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> Answer:
    return new_answer(status, {"error": {"code": code, "message": message}}, headers)


def request_url(scope: Scope) -> str:
    """The absolute URL the client asked for, on the Host it used."""
    host = dict(scope.get("headers", [])).get(b"host", b"127.0.0.1").decode("latin-1")
    query = scope.get("query_string", b"").decode("latin-1")
    return f"{scope.get('scheme', 'https')}://{host}{scope['path']}" + (f"?{query}" if query else "")


def arm_stamp(scope: Scope) -> dict[str, str]:
    """The headers the endpoint stamps on every answer, for an answer a middleware gives in
    its place: a new x-ms-request-id, the client's correlation and client request ids echoed."""
    sent = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in scope.get("headers", [])}
    request_id = str(uuid.uuid4())
    stamp = {"x-ms-request-id": request_id,
             "x-ms-correlation-request-id": sent.get("x-ms-correlation-request-id", request_id)}
    if "x-ms-client-request-id" in sent:
        stamp["x-ms-client-request-id"] = sent["x-ms-client-request-id"]
    return stamp


def query_of(scope: Scope) -> list[tuple[str, str]]:
    """The request's query as (name, value) pairs, in order."""
    return parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)


def with_query(scope: Scope, query: list[tuple[str, str]]) -> Scope:
    """The scope with its query replaced by `query`."""
    return {**scope, "query_string": urlencode(query).encode("latin-1")}


def route_of(scope: Scope) -> Route | None:
    return match_route(scope.get("path", ""))


def is_route(scope: Scope, kind: RouteKind, method: str | None = None) -> bool:
    route = route_of(scope)
    return route is not None and route.kind is kind and (method is None or scope["method"].upper() == method)


async def send_answer(answer: Answer, send: Send) -> None:
    answer.headers["content-length"] = str(len(answer.body))
    await send({"type": "http.response.start", "status": answer.status, "headers": answer.headers.raw})
    await send({"type": "http.response.body", "body": answer.body})


def rewriting_scope(rewrite: Callable[[Scope], Scope]) -> Middleware:
    """The app sees `rewrite(scope)` instead of the request the client sent."""

    def middleware(app: ASGIApp) -> ASGIApp:
        async def call(scope: Scope, receive: Receive, send: Send) -> None:
            await app(rewrite(scope) if scope["type"] == "http" else scope, receive, send)

        return call

    return middleware


def answering_early(answer: Callable[[Scope, bytes], Awaitable[Answer | None]]) -> Middleware:
    """`answer(scope, body)` may answer in the app's place; None passes the request on
    (its body replayed)."""

    def middleware(app: ASGIApp) -> ASGIApp:
        async def call(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            body = await read_body(receive)
            early = await answer(scope, body)
            if early is not None:
                await send_answer(early, send)
                return
            await app(scope, replaying(body, receive), send)

        return call

    return middleware


def rewriting_answers(rewrite: Callable[[Scope, Answer], None]) -> Middleware:
    """`rewrite(scope, answer)` changes the app's answer in place before it is sent."""

    def middleware(app: ASGIApp) -> ASGIApp:
        async def call(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            answer = await buffered_answer(app, scope, receive)
            rewrite(scope, answer)
            await send_answer(answer, send)

        return call

    return middleware


async def buffered_answer(app: ASGIApp, scope: Scope, receive: Receive) -> Answer:
    """The app's whole answer to a request, not yet sent."""
    start: Message = {}
    chunks: list[bytes] = []

    async def keep(message: Message) -> None:
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))

    await app(scope, receive, keep)
    return Answer(start["status"], MutableHeaders(raw=list(start["headers"])), b"".join(chunks))


def chain(*middlewares: Middleware) -> Middleware:
    """The first middleware is the outermost."""

    def middleware(app: ASGIApp) -> ASGIApp:
        for wrap in reversed(middlewares):
            app = wrap(app)
        return app

    return middleware


async def read_body(receive: Receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def replaying(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay
