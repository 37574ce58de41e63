"""A recording, validating reverse proxy: the passive twin of `run`.

A genuine client (the Azure SDK with `base_url`, az CLI, Terraform) talks HTTPS to the
proxy, which trusts the local CA like `serve`. Every request is forwarded to the target
unchanged; every answer is judged as it passes (`TrafficJudge`) and handed back with the
target's absolute URLs (Location, Azure-AsyncOperation, nextLink) pointed at the proxy,
so polling and paging go through it too. The exchange is recorded as the target answered
it, so the contract is judged on the target's own URLs. The forwarding itself is
`ForwardingProxy`'s, shared with the fault proxy.
"""

from __future__ import annotations

import re
import ssl
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from conformance.exchanges.forwarding import ClientRequest, ForwardingProxy, Reply
from conformance.exchanges.redaction import register_secret
from conformance.exchanges.transcript import Transcript
from conformance.reference.tls import TlsFiles, tls_files
from conformance.traffic.findings import PASSED, Finding
from conformance.traffic.recorded_traffic import RawExchange, TrafficRecord, to_records
from conformance.traffic.traffic_judge import TrafficJudge

_BEARER = re.compile(r"(?i)^bearer\s+(\S+)$")
FORWARD_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class ProxySettings:
    target: str
    target_ca: str | None = None  # None: the system trust store
    host: str = "127.0.0.1"
    port: int = 0
    tls_dir: Path | None = None  # where the proxy's CA and certificate live; None: a fresh one


class ValidatingProxy(ForwardingProxy):
    """`with ValidatingProxy(settings, show) as proxy:` then point the client at `proxy.url`
    (trusting `proxy.ca_cert`); `proxy.findings` and `proxy.records` hold what was judged."""

    def __init__(self, settings: ProxySettings, show: Callable[[str], None] = print) -> None:
        self._tls: TlsFiles = tls_files(settings.tls_dir or Path(tempfile.mkdtemp(prefix="peering-proxy-tls-")))
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(str(self._tls.server_cert), str(self._tls.server_key))
        super().__init__(settings.target, verify=settings.target_ca or True, timeout=FORWARD_TIMEOUT_SECONDS,
                         host=settings.host, port=settings.port, tls=context)
        self.settings = settings
        self.show = show
        self.judge = TrafficJudge()
        self.findings: list[Finding] = []
        self.records: list[TrafficRecord] = []
        self._transcript = Transcript(id_prefix="px")
        self._judging = threading.Lock()

    @property
    def target(self) -> str:
        return self.upstream

    @property
    def ca_cert(self) -> str:
        return str(self._tls.ca_cert)

    def judged_records(self) -> list[TrafficRecord]:
        with self._judging:
            return list(self.judge.judged)

    def reply(self, request: ClientRequest) -> Reply:
        answer = self.forward(request)
        self._observe(request, answer)
        return self.relayed(answer, answer.content.replace(self.upstream.encode(), self.url.encode()))

    def unreachable(self, request: ClientRequest, error: requests.RequestException) -> Reply:
        self.show(f"target unreachable for {request.method} {request.path}: {type(error).__name__}")
        return super().unreachable(request, error)

    def _observe(self, request: ClientRequest, answer: requests.Response) -> None:
        """Redact, record and judge one exchange; print its findings."""
        headers = request.headers
        match = _BEARER.match(headers.get("Authorization", headers.get("authorization", "")))
        if match:
            register_secret(match.group(1))
        raw = RawExchange(
            method=request.method,
            url=self.upstream + request.path,
            request_headers=headers,
            request_body=request.body.decode("utf-8", errors="replace") if request.body else None,
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
