"""A forwarding reverse proxy: the one core of the fault proxy and the validating proxy.

A thread per connection (http.server) rather than asyncio: clients are few and slow, a
connection reset is simply a socket closed with SO_LINGER 0, and a slow answer a sleeping
thread. Each handler thread keeps its own requests session, so connections to the
upstream are reused without sharing a session between threads. A subclass decides what
the client gets by overriding `reply`; the default relays the upstream's answer with its
absolute URLs in headers (Location, Azure-AsyncOperation) pointed at the proxy, so
polling goes through it too.
"""

from __future__ import annotations

import socket
import ssl
import struct
import threading
from dataclasses import dataclass, field
from typing import Self
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests

# They describe one connection, not the exchange (RFC 9110 7.6.1), or are set by whoever
# sends the next hop: never copied from one side to the other.
_CONNECTION_HEADERS = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization",
     "proxy-connection", "content-length"}
)
REQUEST_HEADERS_NOT_FORWARDED = _CONNECTION_HEADERS | {"host"}
# requests hands the body back decoded, and the proxy's own server stamps Server and Date.
RESPONSE_HEADERS_NOT_RELAYED = _CONNECTION_HEADERS | {"content-encoding", "server", "date"}


@dataclass(frozen=True)
class ClientRequest:
    """A request as the client sent it to the proxy; `path` includes the query."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None


@dataclass(frozen=True)
class Reply:
    """What the proxy answers; `reset` closes the connection with RST instead of answering."""

    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    content: bytes = b""
    reset: bool = False


CONNECTION_RESET = Reply(status=0, reset=True)


class ForwardingProxy:
    """`with proxy:` serves on `proxy.url` until the block ends; `stop()` does the same as leaving it."""

    def __init__(self, upstream: str, *, verify: str | bool, timeout: float, host: str = "127.0.0.1",
                 port: int = 0, tls: ssl.SSLContext | None = None) -> None:
        self.upstream = upstream.rstrip("/")
        self.verify = verify
        self.timeout = timeout
        self._local = threading.local()
        self.server = ThreadingHTTPServer((host, port), _handler_for(self))
        self.server.daemon_threads = True
        if tls is not None:
            self.server.socket = tls.wrap_socket(self.server.socket, server_side=True)
        self.url = f"{'https' if tls else 'http'}://{host}:{self.server.server_address[1]}"
        self._thread: threading.Thread | None = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def start(self) -> None:
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() waits for serve_forever, which never ran otherwise
            self.server.shutdown()
            self._thread = None
        self.server.server_close()

    def reply(self, request: ClientRequest) -> Reply:
        """The answer to one request; a requests.RequestException becomes a 502 (`unreachable`)."""
        return self.relayed(self.forward(request))

    def forward(self, request: ClientRequest) -> requests.Response:
        """Send the request on to the upstream as it came, redirects included."""
        headers = {name: value for name, value in request.headers.items()
                   if name.lower() not in REQUEST_HEADERS_NOT_FORWARDED}
        return self._session().request(request.method, self.upstream + request.path, data=request.body,
                                       headers=headers, timeout=self.timeout, verify=self.verify,
                                       allow_redirects=False)

    def relayed(self, answer: requests.Response, content: bytes | None = None) -> Reply:
        """The upstream's answer for the client (`content` in place of its body when given),
        with the upstream's URLs in headers turned into the proxy's."""
        headers = [(name, value.replace(self.upstream, self.url)) for name, value in answer.headers.items()
                   if name.lower() not in RESPONSE_HEADERS_NOT_RELAYED]
        return Reply(answer.status_code, headers, answer.content if content is None else content)

    def unreachable(self, request: ClientRequest, error: requests.RequestException) -> Reply:
        """What a gateway answers when the upstream could not be reached."""
        return Reply(502, [("Content-Type", "application/json")],
                     b'{"error": {"code": "BadGateway", "message": "the target could not be reached"}}')

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.trust_env = False  # the upstream is reached directly, never through another proxy
        return session


def _handler_for(proxy: ForwardingProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _relay(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            request = ClientRequest(self.command, self.path, dict(self.headers.items()),
                                    self.rfile.read(length) if length else None)
            try:
                reply = proxy.reply(request)
            except requests.RequestException as error:
                reply = proxy.unreachable(request, error)
            if reply.reset:
                self._reset()
            else:
                self._answer(reply)

        def _answer(self, reply: Reply) -> None:
            try:
                self.send_response(reply.status)
                for name, value in reply.headers:
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.content)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(reply.content)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        def _reset(self) -> None:
            """Close with RST instead of FIN: the client sees 'connection reset by peer'."""
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        do_GET = do_PUT = do_DELETE = do_PATCH = do_POST = do_HEAD = _relay

        def log_message(self, *args: object) -> None:
            pass

    return Handler
