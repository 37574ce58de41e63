"""The model-based phase against the reference endpoint and variants of it: it passes the
endpoint, passes a target whose pair halves lag, reports a single SHOULD deviation as one
finding while the run stays conformant, and fails a planted MUST bug on exactly its
requirement, with the shrunk steps as requests."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conformance.model import Network
from conformance.reference.endpoint_state import EndpointState
from conformance.reference.server import ReferenceServer
from conformance.requirements import load_catalog
from conformance.selftest.variants.legal_models import LenientSelfOverlap
from conformance.selftest.variants.sync_levels import NeverLocalNotInSync
from conformance.selftest.variants.variant import NetworkSwappingState
from conformance.suite.stateful.test_model_based import COMPARED
from tests.fuzzing.suite_run import TOKEN, run_phase

pytestmark = pytest.mark.slow


class ModelVariant:
    """An EndpointMutant whose endpoint runs on another `Network` subclass."""

    def __init__(self, network: type[Network]) -> None:
        self.network = network

    def endpoint_state(self, store) -> EndpointState:
        return type("VariantState", (NetworkSwappingState,), {"network_class": self.network})(store)

    def wrap(self, app):
        return app


def serve(network: type[Network] | None = None, **options) -> ReferenceServer:
    mutant = ModelVariant(network) if network else None
    return ReferenceServer(retry_after=0, require_token=TOKEN, mutant=mutant, **options).start()


def run_machine(server: ReferenceServer, tmp_path: Path, *args: str, timeout: float = 300):
    try:
        return run_phase("stateful", server, tmp_path, *args, timeout=timeout)
    finally:
        server.stop()


def verdicts(tmp_path: Path) -> dict[str, dict]:
    results = json.loads((tmp_path / "reports" / "results.json").read_text())
    return {item["id"]: item for item in results["requirements"] if item["id"] in COMPARED}


def test_the_state_machine_passes_against_the_reference_endpoint(tmp_path):
    run = run_machine(serve(), tmp_path)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout
    seen = verdicts(tmp_path)
    # A pass only for what the machine reached; the rest is not covered, never passed on silence.
    assert {item["verdict"] for item in seen.values()} <= {"pass", "not-covered"}
    assert {"LIFE-001", "LIFE-002", "SYNC-003"} <= {r for r, item in seen.items() if item["verdict"] == "pass"}
    unreached = [item for item in seen.values() if item["verdict"] == "not-covered"]
    assert all("passed without reaching" in " ".join(item["messages"]) for item in unreached)


def test_the_state_machine_waits_for_the_other_half_of_a_pair_to_show_a_write(tmp_path):
    run = run_machine(serve(remote_lag_ms=500), tmp_path)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]


def test_a_single_should_deviation_is_one_finding_and_the_exploration_goes_on(tmp_path):
    """A target accepting a VNet whose own prefixes overlap (ADDR-010, a SHOULD): that one
    requirement fails with a finding, every other one the machine judges passes."""
    run = run_machine(serve(LenientSelfOverlap), tmp_path, "--max-examples", "25")
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    seen = verdicts(tmp_path)
    failed = {requirement for requirement, item in seen.items() if item["verdict"] == "fail"}
    assert failed == {"ADDR-010"}, {requirement: seen[requirement] for requirement in failed}
    assert "NetcfgInvalidAddressPrefix" in json.dumps(seen["ADDR-010"])
    assert "the machine followed the target and went on" in json.dumps(seen["ADDR-010"])
    assert TOKEN not in (tmp_path / "reports" / "results.json").read_text()


def test_a_planted_must_bug_fails_exactly_its_requirement_with_the_shrunk_steps(tmp_path):
    # Shrinking replays runs against the server, each failing one after the settle timeout:
    # the slow part (~1-2 min on a busy 2-core box).
    run = run_machine(
        serve(NeverLocalNotInSync), tmp_path, "--max-examples", "100", "--settle-timeout", "2", timeout=500
    )
    assert run.returncode == 1, run.stdout[-3000:]
    mismatch = r"\[SYNC-005\] .*peeringSyncLevel 'FullyInSync', model LocalNotInSync"
    assert re.search(mismatch, run.stdout), run.stdout[-3000:]
    assert "steps (shrunk), as requests to replay in order:" in run.stdout
    assert "1. PUT https://" in run.stdout
    seen = verdicts(tmp_path)
    levels = {requirement.id: requirement.level for requirement in load_catalog()}
    failed_musts = {r for r, item in seen.items() if item["verdict"] == "fail" and levels[r] == "MUST"}
    assert failed_musts == {"SYNC-005"}, failed_musts
    assert TOKEN not in run.stdout + run.stderr + (tmp_path / "reports" / "results.json").read_text()
