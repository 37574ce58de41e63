"""A curl command that repeats a recorded exchange, for failure reports.

Built from the redacted record, so it cannot carry the token: the Authorization header
becomes `Bearer ${TOKEN}`, to be filled in by whoever replays it.
"""

from __future__ import annotations

import shlex

from conformance.exchanges.transcript import Exchange

TOKEN_PLACEHOLDER = "${TOKEN}"

# Headers requests adds on its own; repeating them adds noise, not meaning.
_IMPLICIT_HEADERS = frozenset({"user-agent", "accept-encoding", "connection", "content-length", "host"})


def curl_command(exchange: Exchange, *, ca_cert: str | None = None, insecure: bool = False) -> str:
    """One shell line that sends the exchange's request again."""
    parts = ["curl", "-sS", "-i", "-X", exchange.method]
    if insecure:
        parts.append("-k")
    elif ca_cert:
        parts += ["--cacert", shlex.quote(ca_cert)]
    for name, value in exchange.request_headers.items():
        lowered = name.lower()
        if lowered in _IMPLICIT_HEADERS or (lowered == "accept" and value == "*/*"):
            continue
        if lowered == "authorization":
            parts += ["-H", f'"Authorization: Bearer {TOKEN_PLACEHOLDER}"']
            continue
        parts += ["-H", shlex.quote(f"{name}: {value}")]
    if exchange.request_body:
        parts += ["--data-binary", shlex.quote(exchange.request_body)]
    parts.append(shlex.quote(exchange.url))
    return " ".join(parts)
