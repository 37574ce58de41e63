"""Our own transcript.jsonl (a `run`, or a `proxy` session) as raw exchanges to judge again."""

from __future__ import annotations

from pathlib import Path

from conformance.exchanges.transcript import read_transcript
from conformance.traffic.recorded_traffic import RawExchange, iso_moment


def transcript_exchanges(path: Path) -> list[RawExchange]:
    return [
        RawExchange(
            method=exchange.method,
            url=exchange.url,
            request_headers=dict(exchange.request_headers),
            request_body=exchange.request_body,
            status=exchange.status,
            response_headers=dict(exchange.response_headers),
            response_body=exchange.response_body,
            source=f"{path.name}#{exchange.id}",
            moment=iso_moment(exchange.started),
        )
        for exchange in read_transcript(path)
        if exchange.status is not None
    ]
