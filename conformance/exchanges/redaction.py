"""Removing secrets from anything the suite writes: transcripts, results, reports, logs.

Two layers: values known to be secret (the configured token, tokens fetched from a
credential) are registered once per process and replaced wherever they appear; and
token-shaped text (JWTs, `Bearer ...`, `access_token=...`, SAS signatures) is replaced
even when nobody registered it, because a target may echo a token we never saw.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping
from urllib.parse import quote

REDACTED = "[REDACTED]"

SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-ms-authorization-auxiliary",
        "x-ms-token-aad-access-token",
        "ocp-apim-subscription-key",
    }
)

# Shorter values would redact ordinary words; real tokens are far longer.
_MIN_SECRET_LENGTH = 8

_PATTERNS = (
    (re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"), REDACTED),
    (re.compile(r"(?i)\b(bearer|basic)\s+[A-Za-z0-9._~+/=-]{8,}"), r"\1 " + REDACTED),
    (
        re.compile(
            r"(?i)(\"?\b(?:access_token|refresh_token|id_token|client_secret|password|sig|token)\"?\s*[:=]\s*\"?)"
            r"[^\"&\s,;]+"
        ),
        r"\1" + REDACTED,
    ),
)

# Every _PATTERNS match contains one of these words: text without any of them (nearly
# all of a transcript) skips the three substitutions. The report stage redacts every
# string of every exchange again, so this is what a run's reporting time is made of.
# (Lower-cased substring tests: several times faster than one case-insensitive regex.)
_TOKEN_KEYWORDS = ("eyj", "bearer", "basic", "token", "secret", "password", "sig")

_lock = threading.Lock()
_secrets: set[str] = set()
# _secrets longest first (a secret containing another is replaced whole), kept on register
_secrets_longest_first: tuple[str, ...] = ()


def register_secret(value: str | None) -> None:
    """Make `value` (and its URL-encoded form) redacted everywhere in this process."""
    if not value or len(value) < _MIN_SECRET_LENGTH:
        return
    global _secrets_longest_first
    with _lock:
        _secrets.add(value)
        _secrets.add(quote(value, safe=""))
        _secrets_longest_first = tuple(sorted(_secrets, key=len, reverse=True))


def redact_text(text: str | None) -> str | None:
    """`text` with every registered secret and token-shaped value replaced."""
    if not text:
        return text
    for secret in _secrets_longest_first:
        if secret in text:
            text = text.replace(secret, REDACTED)
    if not may_hold_a_token(text):
        return text
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def registered_secrets() -> tuple[str, ...]:
    """Every registered secret (and its URL-encoded form), longest first."""
    return _secrets_longest_first


def may_hold_a_token(text: str) -> bool:
    """False when no token-shaped pattern can match `text` (it lacks all their keywords)."""
    lowered = text.lower()
    return any(keyword in lowered for keyword in _TOKEN_KEYWORDS)


def redact_headers(headers: Mapping[str, str] | Iterable[tuple[str, str]]) -> dict[str, str]:
    """A plain copy of `headers` with credential headers blanked and values scrubbed."""
    items = headers.items() if isinstance(headers, Mapping) else headers
    redacted: dict[str, str] = {}
    for name, value in items:
        if name.lower() in SENSITIVE_HEADERS:
            redacted[name] = REDACTED
        else:
            redacted[name] = redact_text(str(value)) or ""
    return redacted
