"""The record of every exchange with the target, redacted before it is kept anywhere.

Exchanges are tagged with the check (pytest node id) and phase running when they were
sent, so a failing check can point at its own exchanges. With a path, every exchange is
appended to a JSON Lines file as it happens, so a crashed worker still leaves its record.
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from conformance.exchanges.redaction import redact_headers, redact_text

# Bodies beyond this are cut: a transcript is evidence, not an archive.
MAX_BODY_CHARS = 64 * 1024


def header_value(headers: Mapping[str, str], name: str) -> str | None:
    """The value of header `name`, whatever its case in `headers`; None when absent."""
    wanted = name.lower()
    return next((value for key, value in headers.items() if key.lower() == wanted), None)


@dataclass(frozen=True)
class Exchange:
    """One HTTP request and its response (or the error that replaced it), redacted."""

    id: str
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: str | None
    status: int | None
    response_headers: dict[str, str]
    response_body: str | None
    duration_ms: float
    started: str
    check: str | None = None
    phase: str | None = None
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Exchange":
        return cls(**data)


def _cut(body: str | None) -> str | None:
    if body is None or len(body) <= MAX_BODY_CHARS:
        return body
    return body[:MAX_BODY_CHARS] + f"... [{len(body) - MAX_BODY_CHARS} more characters cut]"


@dataclass
class Transcript:
    """Collects exchanges; `check`/`phase` are set by whoever runs the checks."""

    path: Path | None = None
    id_prefix: str = "x"
    check: str | None = None
    phase: str | None = None
    _counter: itertools.count = field(default_factory=lambda: itertools.count(1), repr=False)
    _by_check: dict[str | None, list[Exchange]] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)

    def record(
        self,
        *,
        method: str,
        url: str,
        request_headers: dict[str, str],
        request_body: str | None,
        status: int | None,
        response_headers: dict[str, str],
        response_body: str | None,
        duration_ms: float,
        started: str,
        error: str | None = None,
    ) -> Exchange:
        """Redact and keep one exchange; returns the kept (redacted) record."""
        with self._lock:
            exchange = Exchange(
                id=f"{self.id_prefix}-{next(self._counter):05d}",
                method=method,
                url=redact_text(url) or "",
                request_headers=redact_headers(request_headers),
                request_body=_cut(redact_text(request_body)),
                status=status,
                response_headers=redact_headers(response_headers),
                response_body=_cut(redact_text(response_body)),
                duration_ms=round(duration_ms, 1),
                started=started,
                check=self.check,
                phase=self.phase,
                error=redact_text(error),
            )
            self._by_check.setdefault(self.check, []).append(exchange)
            if self.path is not None:
                with self.path.open("a", encoding="utf-8") as sink:
                    sink.write(json.dumps(exchange.to_dict(), sort_keys=True) + "\n")
        return exchange

    @contextmanager
    def tagged(self, check: str | None, phase: str | None) -> Iterator[None]:
        """Tag the exchanges sent inside the block, then restore the previous tags."""
        previous = (self.check, self.phase)
        self.check, self.phase = check, phase
        try:
            yield
        finally:
            self.check, self.phase = previous

    def for_check(self, check: str | None) -> list[Exchange]:
        with self._lock:
            return list(self._by_check.get(check, ()))

    def exchanges(self) -> list[Exchange]:
        """Every exchange still held in memory, in order of recording."""
        with self._lock:
            held = [exchange for group in self._by_check.values() for exchange in group]
        return sorted(held, key=lambda exchange: int(exchange.id.rsplit("-", 1)[1]))

    def forget(self, check: str | None) -> None:
        """Drop a finished check's exchanges from memory (the file keeps them)."""
        with self._lock:
            self._by_check.pop(check, None)


def read_transcript(path: Path) -> list[Exchange]:
    """The exchanges of a JSON Lines transcript file."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as source:
        return [Exchange.from_dict(json.loads(line)) for line in source if line.strip()]
