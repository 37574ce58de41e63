"""Where the real recordings live, and judging them without writing reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conformance.paths import CHECKOUT_DIR, RECORDINGS_DIR
from conformance.results import RunResults
from conformance.traffic.findings import Finding
from conformance.traffic.judge_command import judge_files
from conformance.traffic.judged_results import JudgeSession, judged_run_results

# The "../shared/reference/recordings/": every real recording, the .NET session record included.
SHARED_RECORDINGS = CHECKOUT_DIR.parent / "shared" / "reference" / "recordings"
DATA = Path(__file__).parent / "data"
CLI_CONDENSED = RECORDINGS_DIR / "azure-cli_test_network_vnet_peering_sync.condensed.json"
POWERSHELL_CONDENSED = RECORDINGS_DIR / "azure-powershell_TestVirtualNetworkPeeringSyncCRUD.condensed.json"
DOTNET_SESSION = SHARED_RECORDINGS / "azure-libraries-for-net__CreateUpdatePeering.json"


def shared_recordings() -> list[Path]:
    return sorted(SHARED_RECORDINGS.glob("*.json")) if SHARED_RECORDINGS.is_dir() else []


def require(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not in this checkout's surroundings")
    return path


def judged(*paths: Path) -> tuple[list[Finding], RunResults]:
    findings, records = judge_files(list(paths), show=lambda _: None)
    return findings, judged_run_results(findings, records, JudgeSession.begin("recorded"))


def verdicts(results: RunResults, verdict: str, level: str | None = None) -> list[str]:
    return [
        item.id for item in results.requirements
        if item.verdict == verdict and (level is None or item.level == level)
    ]


def edited_copy(source: Path, destination: Path, edit) -> Path:
    """A copy of a JSON recording with `edit(document)` applied by hand."""
    document = json.loads(source.read_text(encoding="utf-8"))
    edit(document)
    destination.write_text(json.dumps(document), encoding="utf-8")
    return destination
