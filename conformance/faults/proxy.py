"""A plain-http reverse proxy on 127.0.0.1 that breaks the ARM contract on purpose.

It sits in front of any endpoint (usually the reference one) and spoils every `every`-th
request the way real services fail: throttling, bursts of 503, connection resets,
answers slower than the client's timeout, truncated JSON, a wrong Content-Type, or a
long-running operation that never ends. Absolute URLs in response headers (Location,
Azure-AsyncOperation) are rewritten to the proxy, so polling goes through it too.
A thread per connection (http.server) rather than asyncio: a reset is simply a socket
closed with SO_LINGER 0, and a slow answer a sleeping thread.
"""

from __future__ import annotations

import enum
import json
import socket
import struct
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

_HOP_BY_HOP = {"connection", "transfer-encoding", "content-length", "content-encoding", "keep-alive", "server", "date"}


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


class FaultProxy:
    """`with FaultProxy(upstream, ca_cert, plan) as proxy:` then point the runner at `proxy.url`."""

    def __init__(self, upstream: str, ca_cert: str | None, plan: FaultPlan) -> None:
        self.upstream = upstream.rstrip("/")
        self.verify = ca_cert or True
        self.plan = plan
        self.faults_injected = 0
        self._serial = 0
        self._lock = threading.Lock()
        self._local = threading.local()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "FaultProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _next_is_spoiled(self, method: str) -> bool:
        if method not in self.plan.methods:
            return False
        with self._lock:
            serial, self._serial = self._serial, self._serial + 1
            spoiled = self.plan.hits(serial)
            self.faults_injected += spoiled
        return spoiled

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
        return session

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                plan = proxy.plan
                spoiled = proxy._next_is_spoiled(self.command)
                if spoiled and plan.fault is Fault.RESET:
                    self._reset()
                    return
                if spoiled and plan.fault in (Fault.THROTTLE, Fault.UNAVAILABLE_BURST):
                    throttled = plan.fault is Fault.THROTTLE
                    self._answer(429 if throttled else 503, [("Content-Type", "application/json"),
                                 ("Retry-After", str(plan.retry_after))],
                                 _cloud_error("TooManyRequests" if throttled else "ServiceUnavailable"))
                    return
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = proxy._session().request(self.command, proxy.upstream + self.path, data=body,
                                                  headers=headers, timeout=60, verify=proxy.verify)
                content, content_type = answer.content, answer.headers.get("Content-Type", "")
                if plan.fault is Fault.ENDLESS_LRO and "/operations/" in self.path:
                    content = _in_progress(content)
                if spoiled and plan.fault is Fault.TRUNCATED_JSON and content:
                    content = content[: len(content) // 2]
                if spoiled and plan.fault is Fault.WRONG_CONTENT_TYPE:
                    content_type = "text/plain"
                if spoiled and plan.fault is Fault.SLOW:
                    time.sleep(plan.delay)
                kept = [(name, value.replace(proxy.upstream, proxy.url)) for name, value in answer.headers.items()
                        if name.lower() not in _HOP_BY_HOP and name.lower() != "content-type"]
                if content_type:
                    kept.append(("Content-Type", content_type))
                self._answer(answer.status_code, kept, content)

            def _answer(self, status: int, headers: list[tuple[str, str]], content: bytes) -> None:
                try:
                    self.send_response(status)
                    for name, value in headers:
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    self.wfile.write(content)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            def _reset(self) -> None:
                """Close with RST instead of FIN: the client sees 'connection reset by peer'."""
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
                self.connection.close()

            do_GET = do_PUT = do_DELETE = do_PATCH = do_HEAD = _forward

            def log_message(self, *args: object) -> None:
                pass

        return Handler


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
