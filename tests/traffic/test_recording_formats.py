"""Each format `judge` reads gives the same exchanges and the same verdicts.

The HAR, VCR.py and SDK session-record files in data/ were converted from the Azure CLI
recording (fixtures/recordings): same requests, statuses and bodies; the converter added
the Authorization header a real client sends (a JWT-shaped test token), and restored
headers the condenser had dropped: placeholder x-ms-request-id values and Retry-After 10
beside Azure-AsyncOperation (the value the live service sent, NOTES.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.exchanges.transcript import Transcript
from conformance.traffic.recorded_traffic import to_records
from conformance.traffic.recording_formats import TrafficFormatError, read_recording
from conformance.traffic.traffic_judge import judge_records
from tests.traffic.recordings import CLI_CONDENSED, DATA, DOTNET_SESSION, POWERSHELL_CONDENSED, judged, require, verdicts

CONVERTED = {
    "har": DATA / "cli_peering_sync.har",
    "vcr": DATA / "cli_peering_sync.vcr.yaml",
    "test-proxy": DATA / "cli_peering_sync.session.json",
}


def _semantic_outcomes(path: Path) -> list[tuple[str, tuple[str, ...], str]]:
    recording = read_recording(path)
    _, findings = judge_records(to_records(recording.exchanges, Transcript(id_prefix="t")))
    return [(f.rule, f.requirement_ids, f.outcome) for f in findings if f.rule.startswith("semantic.")]


@pytest.mark.parametrize("name", sorted(CONVERTED))
def test_converted_format_reads_as_the_original(name: str) -> None:
    recording = read_recording(CONVERTED[name])
    original = read_recording(CLI_CONDENSED)
    assert recording.format == name
    assert [(e.method, e.url, e.status) for e in recording.exchanges] == [
        (e.method, e.url, e.status) for e in original.exchanges
    ]
    assert [json.loads(e.response_body) if e.response_body else None for e in recording.exchanges] == [
        json.loads(e.response_body) if e.response_body else None for e in original.exchanges
    ]
    assert _semantic_outcomes(CONVERTED[name]) == _semantic_outcomes(CLI_CONDENSED)


@pytest.mark.parametrize("name", sorted(CONVERTED))
def test_converted_format_judges_clean_with_complete_headers(name: str) -> None:
    findings, results = judged(CONVERTED[name])
    assert verdicts(results, "fail") == [], [f.console_line() for f in findings if f.outcome == "failed"]
    # complete headers make absence judgeable: every response carried x-ms-request-id
    assert "ARM-014" in verdicts(results, "pass")


def test_session_record_is_put_in_time_order() -> None:
    recording = read_recording(require(DOTNET_SESSION))
    assert recording.format == "test-proxy" and recording.reordered
    moments = [e.moment for e in recording.exchanges]
    assert moments == sorted(moments)
    assert all(e.url.startswith("https://management.azure.com/subscriptions/") for e in recording.exchanges)
    assert not any(e.origin_recorded for e in recording.exchanges)


def test_condensed_recordings_are_read_through_the_one_reader() -> None:
    recording = read_recording(POWERSHELL_CONDENSED)
    assert recording.format == "condensed"
    summarised = [e for e in recording.exchanges if not e.response_body_recorded]
    assert summarised and all(not e.headers_complete for e in recording.exchanges)


def test_our_transcript_is_judged_again(tmp_path: Path) -> None:
    findings, records = [], []
    from conformance.traffic.judge_command import judge_files
    from conformance.traffic.judged_results import write_transcript

    findings, records = judge_files([CONVERTED["har"]], show=lambda _: None)
    transcript = write_transcript(tmp_path, records)
    again, _ = judged(transcript)
    assert read_recording(transcript).format == "transcript"
    assert [(f.rule, f.outcome) for f in again] == [(f.rule, f.outcome) for f in findings]


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text('{"hello": "world"}')
    with pytest.raises(TrafficFormatError):
        read_recording(path)
