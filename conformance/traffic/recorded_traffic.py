"""Recorded traffic as the judges read it: one redacted exchange plus what the recording
could and could not tell about it.

Readers of the recording formats produce `RawExchange`s (what the file says, secrets
included); `to_records` redacts them through a `Transcript` before anything else sees
them, so the judges, the results and the reports only ever hold redacted text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from conformance.exchanges.transcript import Exchange, Transcript, header_value

ARM_ORIGIN = "https://management.azure.com"
NOT_JSON = object()


@dataclass(frozen=True)
class RawExchange:
    """One request and its response as a recording holds them, before redaction.

    headers_complete: False when the recorder (or a condenser) kept only some headers, so
        a header's absence proves nothing.
    *_body_recorded: False when the body was dropped or only summarised.
    moment: seconds since the epoch when the recording says when it happened.
    """

    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str | None
    status: int | None
    response_headers: dict[str, str]
    response_body: str | None
    source: str
    moment: float | None = None
    headers_complete: bool = True
    request_body_recorded: bool = True
    response_body_recorded: bool = True
    # False when the recording kept only the path and the origin was taken to be ARM's.
    origin_recorded: bool = True


@dataclass(frozen=True)
class TrafficRecord:
    """One redacted exchange to judge, with what its recording could tell."""

    exchange: Exchange
    source: str
    moment: float | None = None
    headers_complete: bool = True
    request_body_recorded: bool = True
    response_body_recorded: bool = True
    origin_recorded: bool = True
    # Order rebuilt from timestamps of one-second resolution: neighbours may be swapped.
    reordered: bool = False
    _parsed: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.exchange.id

    @property
    def method(self) -> str:
        return self.exchange.method.upper()

    @property
    def status(self) -> int | None:
        return self.exchange.status

    @property
    def url(self) -> str:
        return self.exchange.url

    @property
    def path(self) -> str:
        return urlsplit(self.url).path.rstrip("/")

    @property
    def resource_key(self) -> str:
        """The resource path compared as ARM compares it (without case)."""
        return self.path.lower()

    def query(self, name: str) -> str | None:
        """A query parameter, its name compared without case."""
        for key, value in parse_qsl(urlsplit(self.url).query, keep_blank_values=True):
            if key.lower() == name.lower():
                return value
        return None

    @property
    def api_version(self) -> str | None:
        return self.query("api-version")

    @property
    def sync_requested(self) -> bool:
        return (self.query("syncRemoteAddressSpace") or "").lower() == "true"

    def response_header(self, name: str) -> str | None:
        return header_value(self.exchange.response_headers, name)

    def request_header(self, name: str) -> str | None:
        return header_value(self.exchange.request_headers, name)

    def response_json(self) -> Any:
        """The parsed response body; None when empty or not recorded, NOT_JSON when unparsable."""
        if "response" not in self._parsed:
            self._parsed["response"] = _parse(self.exchange.response_body) if self.response_body_recorded else None
        return self._parsed["response"]

    def request_json(self) -> Any:
        if "request" not in self._parsed:
            self._parsed["request"] = _parse(self.exchange.request_body) if self.request_body_recorded else None
        return self._parsed["request"]

    def describe(self) -> str:
        return f"{self.id} {self.method} {self.path} -> {self.status} ({self.source})"


def _parse(text: str | None) -> Any:
    if text is None or not text.strip():
        return None
    try:
        return json.loads(text)
    except ValueError:
        return NOT_JSON


def body_text(body: Any) -> str | None:
    """A recorded body as text: strings stay, JSON values are dumped, bytes decoded."""
    if body is None:
        return None
    if isinstance(body, bytes):
        return body.decode("utf-8", errors="replace")
    if isinstance(body, str):
        return body
    return json.dumps(body)


def absolute_url(url: str) -> str:
    """Recorders of ARM traffic may keep only the path; ARM is then the origin."""
    return ARM_ORIGIN + url if url.startswith("/") else url


def http_date_moment(value: str | None) -> float | None:
    """Seconds since the epoch of an HTTP Date header, None when absent or unreadable."""
    if not value:
        return None
    try:
        return parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError, IndexError):
        return None


def iso_moment(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def in_time_order(raw: list[RawExchange]) -> tuple[list[RawExchange], bool]:
    """Sort by timestamp when every exchange has one (stably: ties keep file order);
    True when that changed the order (some recorders group entries by URI)."""
    if not raw or any(item.moment is None for item in raw):
        return raw, False
    ordered = sorted(raw, key=lambda item: item.moment or 0.0)
    return ordered, ordered != raw


def to_records(raw: list[RawExchange], transcript: Transcript, *, reordered: bool = False) -> list[TrafficRecord]:
    """Redact every exchange through `transcript` (which numbers them) into records."""
    records = []
    for item in raw:
        started = datetime.fromtimestamp(item.moment).astimezone().isoformat() if item.moment is not None else ""
        with transcript.tagged(transcript.check, f"recorded {item.source}"):
            exchange = transcript.record(
                method=item.method.upper(),
                url=item.url,
                request_headers=item.request_headers,
                request_body=item.request_body,
                status=item.status,
                response_headers=item.response_headers,
                response_body=item.response_body,
                duration_ms=0.0,
                started=started,
            )
        records.append(
            TrafficRecord(
                exchange=exchange,
                source=item.source,
                moment=item.moment,
                headers_complete=item.headers_complete,
                request_body_recorded=item.request_body_recorded,
                response_body_recorded=item.response_body_recorded,
                origin_recorded=item.origin_recorded,
                reordered=reordered,
            )
        )
    return records
