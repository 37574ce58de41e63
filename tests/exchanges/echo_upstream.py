"""A tiny plain-http upstream for proxy tests (and `serving`, for any handler): it answers each request with what it received,
and a few paths answer the way ARM does (a Location pointing at itself, a redirect, an
operation status)."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class _Echo(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length).decode() if length else None
        own = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path.startswith("/redirect"):
            self._send(302, b"", [("Location", f"{own}/elsewhere")])
            return
        if self.path.startswith("/empty"):
            self._send(204, b"", [])
            return
        if "/operations/" in self.path:
            status = {"status": "Succeeded", "endTime": "2025-01-01T00:00:00Z", "link": f"{own}/next"}
            self._send(200, json.dumps(status).encode(), [("Content-Type", "application/json")])
            return
        echoed = {"method": self.command, "path": self.path, "headers": dict(self.headers.items()), "body": body,
                  "nextLink": f"{own}/page2"}
        self._send(201, json.dumps(echoed).encode(), [("Content-Type", "application/json"),
                                                       ("Location", f"{own}/operations/1"),
                                                       ("Keep-Alive", "timeout=5")])

    def _send(self, status: int, content: bytes, headers: list[tuple[str, str]]) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(content)

    do_GET = do_PUT = do_POST = do_DELETE = do_PATCH = do_HEAD = _answer

    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serving(handler: type[BaseHTTPRequestHandler]) -> Iterator[str]:
    """Serve `handler` on 127.0.0.1 for the block; yields the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def echo_upstream() -> AbstractContextManager[str]:
    """The echo, served for the block."""
    return serving(_Echo)
