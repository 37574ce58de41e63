"""Which service answered: the identity headers seen in the transcript.

A certificate should say what was tested, and the URL alone does not (a proxy, a
region, a build). Identity headers are Server / X-Powered-By / Via and the x-ms-*
headers whose value stays the same across responses; per-request ids (request,
correlation, routing ids) and rate-limit counters change every time and say nothing
about the service, so they are left out, as is any header with many distinct values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from conformance.report.document import ServerIdentity
from conformance.exchanges.transcript import Exchange

_ALWAYS = ("server", "x-powered-by", "via", "x-aspnet-version")
_PER_REQUEST = re.compile(r"(request-id|correlation|routing|ratelimit|client-request|operation|activity)", re.I)
# More distinct values than this and the header describes requests, not the service.
_MAX_VALUES = 3


def server_identity(exchanges: Iterable[Exchange]) -> list[ServerIdentity]:
    seen: dict[str, tuple[str, list[str]]] = {}
    for exchange in exchanges:
        for name, value in exchange.response_headers.items():
            lowered = name.lower()
            if lowered not in _ALWAYS and not (lowered.startswith("x-ms-") and not _PER_REQUEST.search(lowered)):
                continue
            display, values = seen.setdefault(lowered, (name, []))
            if value not in values:
                values.append(value)
    return [
        ServerIdentity(header=display, values=values)
        for _, (display, values) in sorted(seen.items())
        if len(values) <= _MAX_VALUES
    ]
