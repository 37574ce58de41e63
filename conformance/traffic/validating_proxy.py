"""A recording, validating reverse proxy: the passive twin of `run`.

A genuine client (the Azure SDK with `base_url`, az CLI, Terraform) talks HTTPS to the
proxy, which trusts the local CA like `serve`. Every request is forwarded to the target
unchanged; every answer is judged as it passes (`TrafficJudge`) and handed back with the
target's absolute URLs (Location, Azure-AsyncOperation, nextLink) pointed at the proxy,
so polling and paging go through it too. The exchange is recorded as the target answered
it, so the contract is judged on the target's own URLs.

A thread per connection (http.server), like the fault proxy: clients are few and slow.
"""

from __future__ import annotations

import re
import ssl
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests

from conformance.exchanges.redaction import register_secret
from conformance.exchanges.transcript import Transcript
from conformance.reference.tls import TlsFiles, tls_files
from conformance.traffic.findings import PASSED, Finding
from conformance.traffic.recorded_traffic import RawExchange, TrafficRecord, to_records
from conformance.traffic.traffic_judge import TrafficJudge

# Not forwarded either way: they describe one connection, not the exchange.
_HOP_BY_HOP = frozenset(
    {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade", "proxy-authorization",
     "proxy-connection", "content-length", "content-encoding", "host", "server", "date"}
)
_BEARER = re.compile(r"(?i)^bearer\s+(\S+)$")
FORWARD_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class ProxySettings:
    target: str
    target_ca: str | None = None  # None: the system trust store
    host: str = "127.0.0.1"
    port: int = 0
    tls_dir: Path | None = None  # where the proxy's CA and certificate live; None: a fresh one


class ValidatingProxy:
    """`with ValidatingProxy(settings, show) as proxy:` then point the client at `proxy.url`
    (trusting `proxy.ca_cert`); `proxy.findings` and `proxy.records` hold what was judged."""

    def __init__(self, settings: ProxySettings, show: Callable[[str], None] = print) -> None:
        self.settings = settings
        self.target = settings.target.rstrip("/")
        self.show = show
        self.judge = TrafficJudge()
        self.findings: list[Finding] = []
        self.records: list[TrafficRecord] = []
        self._transcript = Transcript(id_prefix="px")
        self._judging = threading.Lock()
        self._local = threading.local()
        self._tls: TlsFiles = tls_files(settings.tls_dir or _fresh_tls_dir())
        self.server = ThreadingHTTPServer((settings.host, settings.port), self._handler())
        self.server.daemon_threads = True
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self._tls.server_cert), str(self._tls.server_key))
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.url = f"https://{settings.host}:{self.server.server_address[1]}"
        self._thread: threading.Thread | None = None

    @property
    def ca_cert(self) -> str:
        return str(self._tls.ca_cert)

    def __enter__(self) -> "ValidatingProxy":
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def judged_records(self) -> list[TrafficRecord]:
        with self._judging:
            return list(self.judge.judged)

    def _session(self) -> requests.Session:
        session = getattr(self._local, "session", None)
        if session is None:
            session = self._local.session = requests.Session()
            session.trust_env = False  # the target is reached directly, never through another proxy
        return session

    def _forward(self, method: str, path: str, headers: dict[str, str], body: bytes | None) -> requests.Response:
        forwarded = {name: value for name, value in headers.items() if name.lower() not in _HOP_BY_HOP}
        return self._session().request(
            method, self.target + path, data=body, headers=forwarded, timeout=FORWARD_TIMEOUT_SECONDS,
            verify=self.settings.target_ca or True, allow_redirects=False,
        )

    def _observe(self, method: str, path: str, headers: dict[str, str], body: bytes | None,
                 answer: requests.Response) -> None:
        """Redact, record and judge one exchange; print its findings."""
        match = _BEARER.match(headers.get("Authorization", headers.get("authorization", "")))
        if match:
            register_secret(match.group(1))
        raw = RawExchange(
            method=method,
            url=self.target + path,
            request_headers=headers,
            request_body=body.decode("utf-8", errors="replace") if body else None,
            status=answer.status_code,
            response_headers=dict(answer.headers),
            response_body=answer.text if answer.content else None,
            source="proxy",
            moment=time.time(),
        )
        with self._judging:
            record = to_records([raw], self._transcript)[0]
            found = self.judge.observe(record)
            self.records.append(record)
            self.findings += found
        for finding in found:
            if finding.outcome != PASSED:
                self.show(finding.console_line())
        if found:
            passed = sum(1 for finding in found if finding.outcome == PASSED)
            self.show(f"{record.id} {record.method} {record.path} -> {record.status}: "
                      f"{passed} of {len(found)} finding(s) passed")

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _relay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                headers = dict(self.headers.items())
                try:
                    answer = proxy._forward(self.command, self.path, headers, body)
                except requests.RequestException as exc:
                    self._answer(502, [("Content-Type", "application/json")],
                                 b'{"error": {"code": "BadGateway", "message": "the target could not be reached"}}')
                    proxy.show(f"target unreachable for {self.command} {self.path}: {type(exc).__name__}")
                    return
                proxy._observe(self.command, self.path, headers, body, answer)
                own = proxy.url
                content = answer.content.replace(proxy.target.encode(), own.encode())
                kept = [(name, value.replace(proxy.target, own)) for name, value in answer.headers.items()
                        if name.lower() not in _HOP_BY_HOP]
                self._answer(answer.status_code, kept, content)

            def _answer(self, status: int, headers: list[tuple[str, str]], content: bytes) -> None:
                try:
                    self.send_response(status)
                    for name, value in headers:
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(content)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(content)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True

            do_GET = do_PUT = do_DELETE = do_PATCH = do_POST = do_HEAD = _relay

            def log_message(self, *args: object) -> None:
                pass

        return Handler


def _fresh_tls_dir() -> Path:
    import tempfile

    return Path(tempfile.mkdtemp(prefix="peering-proxy-tls-"))
