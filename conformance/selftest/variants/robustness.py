"""Planted bugs in how the endpoint behaves over time: an operation that never ends, a
503 storm longer than any client's retries, and answers slower than any timeout."""

from __future__ import annotations

import asyncio
from collections import Counter

from starlette.types import ASGIApp, Receive, Scope, Send

from conformance.reference.routes import RouteKind
from conformance.selftest.variants.asgi_rewriting import (
    Answer,
    answering_early,
    cloud_error,
    is_route,
    request_url,
    rewriting_answers,
    send_answer,
)

# Longer than the per-request timeout `selftest` gives the runner (and far below a hang).
SLOW_ANSWER_SECONDS = 30.0
# More 503s in a row than the target client's bounded retries (4) absorb.
STORM_LENGTH = 8


def _operation_stays_in_progress(scope: Scope, answer: Answer) -> None:
    if is_route(scope, RouteKind.OPERATION, "GET") and answer.status == 200:
        answer.set_json({"status": "InProgress"})
        answer.headers["Retry-After"] = "1"
    elif is_route(scope, RouteKind.OPERATION_RESULT, "GET") and answer.status in (200, 204):
        answer.status, answer.body = 202, b""
        answer.headers["Location"] = request_url(scope)
        answer.headers["Retry-After"] = "1"
        del answer.headers["content-type"]


class ServiceUnavailableStorm:
    """The first STORM_LENGTH GETs of each peering answer 503, then it is served."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seen: Counter[str] = Counter()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and is_route(scope, RouteKind.PEERING, "GET"):
            key = scope["path"].lower()
            self.seen[key] += 1
            if self.seen[key] <= STORM_LENGTH:
                busy = cloud_error(503, "ServiceUnavailable", "The service is busy.", {"Retry-After": "0"})
                await send_answer(busy, send)
                return
        await self.app(scope, receive, send)


async def _slow_peering_list(scope: Scope, body: bytes) -> Answer | None:
    if is_route(scope, RouteKind.PEERINGS, "GET"):
        await asyncio.sleep(SLOW_ANSWER_SECONDS)
    return None


operation_never_finishes = rewriting_answers(_operation_stays_in_progress)
slow_peering_list = answering_early(_slow_peering_list)
