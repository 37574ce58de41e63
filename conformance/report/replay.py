"""Sending a recorded exchange again, and showing the old and new answers side by side.

The transcript is redacted, so the Authorization header is gone; the caller's token
(if any) replaces it. The recorded URL's scheme and host are swapped for the target's,
so a failure seen on one deployment can be tried on another. The exchange was one step
of a scenario: the target's state now may differ from the state it was sent into.

The request goes out through the run's TargetClient, like every other request: pacing,
Retry-After and bounded retries on 429/503, the loopback guard and redaction. A target
that is not this machine needs --allow-real-target, as for `run`: a replayed PUT or
DELETE changes whatever it names.
"""

from __future__ import annotations

import difflib
import json
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from conformance.exchanges.redaction import REDACTED, redact_headers, redact_text
from conformance.exchanges.transcript import Exchange, read_transcript
from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.errors import TargetError
from conformance.target.loopback import is_loopback

KEY_HEADERS = ("Content-Type", "Location", "Azure-AsyncOperation", "Retry-After", "ETag", "x-ms-error-code", "Server")
_NOT_REPEATED = frozenset({"host", "content-length", "connection", "accept-encoding", "user-agent"})


class ReplayError(Exception):
    """The exchange cannot be replayed as asked (unknown id, missing transcript)."""


@dataclass(frozen=True)
class ReplayRequest:
    method: str
    url: str
    headers: dict[str, str]
    body: str | None
    redacted_parts: bool  # the recorded body or URL held redacted values, sent as-is


@dataclass(frozen=True)
class ReplayedResponse:
    status: int | None
    headers: dict[str, str]
    body: str | None
    error: str | None = None


def real_target_refusal(url: str) -> str | None:
    """Why `url` may not be replayed to without --allow-real-target; None for this machine."""
    if is_loopback(url):
        return None
    host = urlsplit(url).hostname or url
    return (
        f"refusing to replay to {host}: it is not a loopback address (127.0.0.0/8, ::1, localhost). "
        "The recorded request is sent as it was: a PUT or DELETE changes real resources, and against "
        "management.azure.com that is a real Azure subscription. Give --allow-real-target to confirm."
    )


def find_exchange(transcript: Path, exchange_id: str) -> Exchange:
    if not transcript.is_file():
        raise ReplayError(f"no transcript at {transcript} (give --report-dir, the directory of the run)")
    for exchange in read_transcript(transcript):
        if exchange.id == exchange_id:
            return exchange
    raise ReplayError(f"exchange {exchange_id!r} is not in {transcript}")


def replay_request(exchange: Exchange, target_url: str, token: str | None) -> ReplayRequest:
    recorded = urlsplit(exchange.url)
    target = urlsplit(target_url.rstrip("/"))
    if target.scheme not in ("http", "https") or not target.netloc:
        raise ReplayError(f"--target must be http(s)://host[:port], got {target_url!r}")
    url = urlunsplit((target.scheme, target.netloc, target.path + recorded.path, recorded.query, ""))
    headers = {
        name: value
        for name, value in exchange.request_headers.items()
        if name.lower() not in _NOT_REPEATED and REDACTED not in value
    }
    if token:
        headers["Authorization"] = f"Bearer {token}"
    body = exchange.request_body
    return ReplayRequest(
        method=exchange.method,
        url=url,
        headers=headers,
        body=body,
        redacted_parts=REDACTED in (body or "") or REDACTED in exchange.url,
    )


def send(request: ReplayRequest, target: TargetConfig) -> ReplayedResponse:
    """Send the request through a TargetClient for `target`; its Authorization (if any) is the
    one `replay_request` set, so the client adds none."""
    client = TargetClient(target)
    try:
        data = request.body.encode("utf-8") if request.body is not None else None
        response = client.request(
            request.method, request.url, data=data, headers=request.headers, api_version=None, auth=False
        )
    except TargetError as exc:
        return ReplayedResponse(status=None, headers={}, body=None, error=f"{exc.__class__.__name__}: {exc}")
    finally:
        client.close()
    return ReplayedResponse(status=response.status, headers=dict(response.headers), body=response.text)


def side_by_side(exchange: Exchange, request: ReplayRequest, new: ReplayedResponse, *, width: int | None = None) -> str:
    """Recorded and replayed answers in two columns, then a diff of the bodies; redacted."""
    width = width or min(shutil.get_terminal_size((120, 24)).columns, 160)
    label = 22
    column = max(20, (width - label - 3) // 2)
    lines = [
        f"Replayed {exchange.id} of {exchange.check or 'an unknown check'}",
        f"  {request.method} {request.url}",
        "  Note: the exchange was one step of a scenario; the target's state may differ now.",
    ]
    if request.redacted_parts:
        lines.append(f"  Warning: the recorded request held {REDACTED} values and was sent with them.")
    if "Authorization" not in request.headers:
        lines.append("  Note: sent without a token (give --token to authenticate).")
    lines.append("")
    old_headers = _lowered(redact_headers(exchange.response_headers))
    new_headers = _lowered(redact_headers(new.headers))
    lines.append(f"{'':<{label}} {'RECORDED':<{column}}   REPLAYED")
    rows = [("status", _status(exchange.status), _status(new.status))]
    for name in KEY_HEADERS:
        old, now = old_headers.get(name.lower(), ""), new_headers.get(name.lower(), "")
        if old or now:
            rows.append((name, old, now))
    for name, old, now in rows:
        lines += _row(name, old, now, label, column)
    if exchange.error:
        lines += ["", f"Recorded error: {exchange.error}"]
    if new.error:
        lines += ["", f"Replay error: {new.error}"]
    lines += ["", "Body (recorded → replayed):"]
    diff = list(difflib.unified_diff(
        _pretty(exchange.response_body), _pretty(new.body), "recorded", "replayed", lineterm=""
    ))
    lines += diff or ["  (identical)"]
    return redact_text("\n".join(lines)) + "\n"


def _row(name: str, old: str, new: str, label: int, column: int) -> list[str]:
    marker = "|" if old == new else "≠"
    left = textwrap.wrap(old, column) or [""]
    right = textwrap.wrap(new, column) or [""]
    height = max(len(left), len(right))
    left += [""] * (height - len(left))
    right += [""] * (height - len(right))
    return [
        f"{(name if index == 0 else ''):<{label}} {left[index]:<{column}} {marker if index == 0 else ' '} {right[index]}"
        for index in range(height)
    ]


def _status(status: int | None) -> str:
    return str(status) if status is not None else "no response"


def _lowered(headers: dict[str, str]) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _pretty(body: str | None) -> list[str]:
    if not body:
        return []
    try:
        return json.dumps(json.loads(body), indent=2, sort_keys=True).splitlines()
    except ValueError:
        return body.splitlines()
