"""Which format a traffic file is in, and its exchanges in the order they happened.

Recognised by content, not by name: HAR 1.2, Azure SDK test-proxy session records,
VCR.py cassettes, our transcript.jsonl, and the project's condensed live recordings.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from conformance.traffic.condensed_recordings import condensed_raw_exchanges, is_condensed_recording
from conformance.traffic.har import har_exchanges, is_har
from conformance.traffic.recorded_traffic import RawExchange, in_time_order
from conformance.traffic.test_proxy_records import is_test_proxy_record, session_record_exchanges
from conformance.traffic.transcript_reader import transcript_exchanges
from conformance.traffic.vcr_cassettes import is_vcr_cassette, load_yaml, vcr_exchanges


class TrafficFormatError(ValueError):
    """The file is not in any format `judge` reads."""


@dataclass(frozen=True)
class Recording:
    """The exchanges of one file, in the order they happened as far as it tells."""

    path: Path
    format: str
    exchanges: list[RawExchange]
    # The file's order was not the time order; it was rebuilt from timestamps.
    reordered: bool


def read_recording(path: Path) -> Recording:
    text = path.read_text(encoding="utf-8-sig")
    source = path.name
    if _looks_like_json_lines(path, text):
        return Recording(path, "transcript", transcript_exchanges(path), reordered=False)
    document = _parse(path, text)
    if is_har(document):
        exchanges, reordered = in_time_order(har_exchanges(document, source))
        return Recording(path, "har", exchanges, reordered)
    if is_test_proxy_record(document):
        exchanges, reordered = in_time_order(session_record_exchanges(document, source))
        return Recording(path, "test-proxy", exchanges, reordered)
    if is_vcr_cassette(document):
        return Recording(path, "vcr", vcr_exchanges(document, source), reordered=False)
    if is_condensed_recording(document):
        return Recording(path, "condensed", condensed_raw_exchanges(document, source), reordered=False)
    raise TrafficFormatError(
        f"{path}: not a HAR file, an Azure SDK session record (Entries), a VCR cassette "
        "(interactions), a transcript.jsonl or a condensed recording"
    )


def _looks_like_json_lines(path: Path, text: str) -> bool:
    if path.suffix == ".jsonl":
        return True
    first = text.lstrip().split("\n", 1)[0]
    try:
        document = json.loads(first)
    except ValueError:
        return False
    return isinstance(document, dict) and {"id", "method", "url", "status"} <= set(document)


def _parse(path: Path, text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        pass
    try:
        return load_yaml(text)
    except Exception as exc:  # yaml's errors share no base class worth naming here
        raise TrafficFormatError(f"{path}: neither JSON nor YAML ({exc})") from None
