"""A plain-http proxy in front of the reference endpoint that breaks one rule on purpose.

Response bodies pass through `rewrite`; absolute URLs in headers are turned back to the
proxy, so long-running operations are polled through it as well.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

_HOP_BY_HOP = {"connection", "transfer-encoding", "content-length", "content-encoding", "keep-alive", "server", "date"}


class RewritingProxy:
    def __init__(self, upstream: str, ca_cert: str | None, rewrite: Callable[[str], str]) -> None:
        self.upstream = upstream.rstrip("/")
        self.session = requests.Session()
        self.verify = ca_cert or True
        self.rewrite = rewrite
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "RewritingProxy":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.session.close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = {k: v for k, v in self.headers.items() if k.lower() not in ("host", "content-length")}
                answer = proxy.session.request(
                    self.command, proxy.upstream + self.path, data=body, headers=headers, timeout=30,
                    verify=proxy.verify,
                )
                content = proxy.rewrite(answer.text).encode()
                self.send_response(answer.status_code)
                for name, value in answer.headers.items():
                    if name.lower() not in _HOP_BY_HOP:
                        self.send_header(name, value.replace(proxy.upstream, proxy.url))
                self.send_header("Content-Length", str(len(content)))
                self.end_headers()
                self.wfile.write(content)

            do_GET = do_PUT = do_DELETE = do_PATCH = _forward

            def log_message(self, *args: object) -> None:
                pass

        return Handler
