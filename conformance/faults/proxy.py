"""A plain-http reverse proxy on 127.0.0.1 that breaks the ARM contract on purpose.

It sits in front of any endpoint (usually the reference one) and spoils every `every`-th
request the way real services fail: throttling, bursts of 503, connection resets,
answers slower than the client's timeout, truncated JSON, a wrong Content-Type, or a
long-running operation that never ends. The forwarding itself (threads, sessions, URLs in
headers pointed at the proxy so polling goes through it too) is `ForwardingProxy`'s.
"""

from __future__ import annotations

import enum
import json
import threading
import time
from dataclasses import dataclass, replace

from conformance.exchanges.forwarding import CONNECTION_RESET, ClientRequest, ForwardingProxy, Reply

FORWARD_TIMEOUT_SECONDS = 60


class Fault(str, enum.Enum):
    NONE = "none"
    THROTTLE = "throttle"  # 429 with Retry-After
    UNAVAILABLE_BURST = "unavailable-burst"  # `burst` consecutive 503s with Retry-After
    RESET = "reset"  # the connection is reset before any answer
    SLOW = "slow"  # the answer comes after `delay` seconds
    TRUNCATED_JSON = "truncated-json"  # half the body, with a matching Content-Length
    WRONG_CONTENT_TYPE = "wrong-content-type"  # text/plain instead of application/json
    ENDLESS_LRO = "endless-lro"  # operation status is InProgress forever


@dataclass(frozen=True)
class FaultPlan:
    """Which requests are spoiled: every `every`-th one (1: all) of those sent with one of
    `methods`, `burst` in a row for 503s."""

    fault: Fault
    every: int = 1
    burst: int = 1
    retry_after: int = 1
    delay: float = 5.0
    methods: frozenset[str] = frozenset({"GET", "PUT", "PATCH", "DELETE", "HEAD"})

    def hits(self, serial: int) -> bool:
        """Is request number `serial` (from 0) spoiled?"""
        if self.fault is Fault.NONE:
            return False
        if self.fault is Fault.UNAVAILABLE_BURST:
            return serial % max(self.every, self.burst + 1) < self.burst
        return serial % self.every == self.every - 1


def _cloud_error(code: str) -> bytes:
    return json.dumps({"error": {"code": code, "message": f"fault injected: {code}"}}).encode()


class FaultProxy(ForwardingProxy):
    """`with FaultProxy(upstream, ca_cert, plan) as proxy:` then point the runner at `proxy.url`."""

    def __init__(self, upstream: str, ca_cert: str | None, plan: FaultPlan) -> None:
        super().__init__(upstream, verify=ca_cert or True, timeout=FORWARD_TIMEOUT_SECONDS)
        self.plan = plan
        self.faults_injected = 0
        self._serial = 0
        self._lock = threading.Lock()

    def _next_is_spoiled(self, method: str) -> bool:
        if method not in self.plan.methods:
            return False
        with self._lock:
            serial, self._serial = self._serial, self._serial + 1
            spoiled = self.plan.hits(serial)
            self.faults_injected += spoiled
        return spoiled

    def reply(self, request: ClientRequest) -> Reply:
        plan = self.plan
        spoiled = self._next_is_spoiled(request.method)
        if spoiled and plan.fault is Fault.RESET:
            return CONNECTION_RESET
        if spoiled and plan.fault in (Fault.THROTTLE, Fault.UNAVAILABLE_BURST):
            throttled = plan.fault is Fault.THROTTLE
            return Reply(429 if throttled else 503,
                         [("Content-Type", "application/json"), ("Retry-After", str(plan.retry_after))],
                         _cloud_error("TooManyRequests" if throttled else "ServiceUnavailable"))
        reply = self.relayed(self.forward(request))
        if plan.fault is Fault.ENDLESS_LRO and "/operations/" in request.path:
            reply = replace(reply, content=_in_progress(reply.content))
        if spoiled and plan.fault is Fault.TRUNCATED_JSON and reply.content:
            reply = replace(reply, content=reply.content[: len(reply.content) // 2])
        if spoiled and plan.fault is Fault.WRONG_CONTENT_TYPE:
            headers = [(name, value) for name, value in reply.headers if name.lower() != "content-type"]
            reply = replace(reply, headers=[*headers, ("Content-Type", "text/plain")])
        if spoiled and plan.fault is Fault.SLOW:
            time.sleep(plan.delay)
        return reply


def _in_progress(content: bytes) -> bytes:
    """An operation-status body saying InProgress whatever the operation did."""
    try:
        document = json.loads(content)
    except ValueError:
        return content
    if isinstance(document, dict) and "status" in document:
        document["status"] = "InProgress"
        document.pop("endTime", None)
        return json.dumps(document).encode()
    return content
