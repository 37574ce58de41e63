"""The hand-condensed live recordings (`../shared/reference/recordings/*.condensed.json`)
as raw exchanges, read by `conformance.spec.recordings` (the one reader of that format).

A condenser kept some headers and summarised some bodies, so headers are never taken as
complete and a summarised body counts as not recorded.
"""

from __future__ import annotations

from typing import Any

from conformance.spec.recordings import condensed_exchanges
from conformance.traffic.recorded_traffic import RawExchange, body_text


def is_condensed_recording(document: Any) -> bool:
    return isinstance(document, dict) and ("timeline" in document or "interactions" in document)


def condensed_raw_exchanges(document: dict[str, Any], source: str) -> list[RawExchange]:
    return [
        RawExchange(
            method=exchange.method,
            url=exchange.url,
            request_headers={},
            request_body=body_text(exchange.request_body) if exchange.has_request_body else None,
            status=exchange.status,
            response_headers=dict(exchange.response_headers),
            response_body=body_text(exchange.response_body) if exchange.has_response_body else None,
            source=f"{source}#{index}",
            headers_complete=False,
            origin_recorded=False,
            request_body_recorded=exchange.has_request_body,
            response_body_recorded=exchange.has_response_body,
        )
        for index, exchange in enumerate(condensed_exchanges(source, document))
    ]
