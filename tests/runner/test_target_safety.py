"""Real-subscription safety: loopback unless allowed, a dedicated group, dry runs, pacing."""

import socket
import time

import pytest
from click.testing import CliRunner

from conformance.runner.commands import run
from conformance.runner.pytest_invocation import SuiteInvocation
from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.embedded import EmbeddedEndpoint
from conformance.target.errors import BrokenResponse
from conformance.target.loopback import is_loopback
from conformance.target.pacing import MAX_RPS_ENVIRONMENT_VARIABLE, RequestPacer
from conformance.target.peering_api import PeeringApi

from tests.runner.fake_clock import FakeClock


@pytest.fixture
def connections(monkeypatch):
    """Every outgoing connection attempt of this process, refused and recorded."""
    attempts = []

    def refuse(self, address, *args):
        attempts.append(address)
        raise OSError("connection attempted in a test that must send nothing")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.mark.parametrize("url, loopback", [
    ("https://127.0.0.1:8443", True), ("http://127.9.9.9", True), ("https://[::1]:1", True),
    ("http://localhost:80", True), ("https://LOCALHOST", True),
    ("https://management.azure.com", False), ("https://10.0.0.1", False), ("https://[2001:db8::1]", False),
    ("https://localhost.example.com", False), ("https://127.0.0.1.nip.io", False),
])
def test_loopback_is_decided_from_the_url_alone(url, loopback):
    assert is_loopback(url) is loopback


@pytest.mark.parametrize("url", ["https://management.azure.com", "https://10.20.30.40:8443", "http://peering.test"])
def test_a_non_loopback_target_is_refused_before_any_connection(tmp_path, connections, url):
    result = CliRunner().invoke(run, ["--target", url, "--token", "t", "--report-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert "not a loopback address" in result.output and "management.azure.com" in result.output
    assert "--allow-real-target" in result.output
    assert connections == [] and not any(tmp_path.iterdir())


def test_a_dry_run_prints_the_plan_and_sends_nothing(tmp_path, connections):
    result = CliRunner().invoke(run, [
        "--target", "https://management.azure.com", "--resource-group", "pc-dedicated", "--select", "lifecycle",
        "--dry-run", "--report-dir", str(tmp_path / "reports"),
    ])
    assert result.exit_code == 0, result.output
    for expected in ("nothing is sent", "resource group pc-dedicated", "collected", "checks: scenarios",
                     "preflight", "cleanup of earlier runs", "pc-<run id>-<worker>-<serial>-<role>",
                     "at most 2 requests per second"):
        assert expected in result.output
    assert connections == [] and not (tmp_path / "reports").exists()


def test_a_loopback_target_cannot_send_the_client_elsewhere(connections):
    client = TargetClient(TargetConfig("http://127.0.0.1:9", token="secret-token-value-123"))
    with pytest.raises(BrokenResponse, match="pointed outside this machine"):
        client.get("https://attacker.example/operations/1")
    assert connections == []


def test_the_pacer_spaces_requests_by_the_rate():
    clock = FakeClock()
    pacer = RequestPacer(4.0, clock=clock, sleep=clock.sleep)
    for _ in range(5):
        pacer.wait()
    assert clock.now == pytest.approx(1.0) and clock.sleeps == [pytest.approx(0.25)] * 4
    unlimited = RequestPacer(None, clock=clock, sleep=clock.sleep)
    unlimited.wait(), unlimited.wait()
    assert len(clock.sleeps) == 4


def test_max_rps_is_shared_among_the_worker_processes():
    config = TargetConfig("http://127.0.0.1:9", max_rps=4.0)
    invocation = SuiteInvocation(target=config, profile="core", report_dir=None, seed=1, workers="2")
    assert invocation.environment()[MAX_RPS_ENVIRONMENT_VARIABLE] == "2"
    unpaced = SuiteInvocation(target=TargetConfig("http://127.0.0.1:9"), profile="core", report_dir=None, seed=1)
    assert MAX_RPS_ENVIRONMENT_VARIABLE not in unpaced.environment()


def test_the_target_client_honours_max_rps_on_the_wire():
    with EmbeddedEndpoint() as endpoint:
        client = TargetClient(TargetConfig(endpoint.url, ca_cert=endpoint.ca_cert, max_rps=10.0))
        began = time.monotonic()
        for _ in range(6):
            client.get("/subscriptions")
        elapsed = time.monotonic() - began
        client.close()
    assert 0.5 <= elapsed < 5


def make_group(endpoint, *vnets):
    api = PeeringApi(TargetClient(TargetConfig(endpoint.url, ca_cert=endpoint.ca_cert)))
    for index, name in enumerate(vnets):
        api.put_vnet(name, [f"10.{index}.0.0/16"]).ensure_succeeded()
    return api


def vnet_names(api):
    return sorted(item["name"] for item in api.list_all(api.list_vnets()))


def test_a_shared_resource_group_is_refused_unless_forced_and_leftovers_are_swept(tmp_path):
    with EmbeddedEndpoint() as endpoint:
        api = make_group(endpoint, "prod-hub", "pc-old-w0-1-a", "pc-old-w0-1-b")
        api.put_peering("pc-old-w0-1-a", "pc-old-w0-1-link", "pc-old-w0-1-b").ensure_succeeded()
        target = ["--target", endpoint.url, "--ca-cert", endpoint.ca_cert, "--report-dir", str(tmp_path)]
        refused = CliRunner().invoke(run, target)
        assert refused.exit_code == 2, refused.output
        assert "refusing to run in resource group peering-conformance" in refused.output
        assert "prod-hub" in refused.output and not (tmp_path / "results.json").exists()
        assert vnet_names(api) == ["pc-old-w0-1-a", "pc-old-w0-1-b", "prod-hub"]
        forced = CliRunner().invoke(run, [*target, "--force", "--select", "test_lifecycle and create", "--seed", "2"])
        assert forced.exit_code in (0, 1), forced.output
        assert "removed 3 leftovers of earlier runs" in forced.output
        assert vnet_names(api) == ["prod-hub"]
