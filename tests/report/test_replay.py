"""`peering-conformance replay`: re-send a recorded exchange to a local server, compare answers."""

from __future__ import annotations

import json
import socket
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

import pytest
import requests
from click.testing import CliRunner

from conformance.cli import main
from conformance.faults import Fault, FaultPlan, FaultProxy
from tests.exchanges.echo_upstream import serving
from tests.report.synthetic_run import VNET_A, VNET_B, peering_body

TOKEN = "replay-token-5d4c3b2a1f0e"


class PeeringTarget(BaseHTTPRequestHandler):
    """Answers every request with the now-correct peering, echoing the Authorization it got."""

    received: list[dict] = []

    def do_GET(self) -> None:
        self.received.append({"method": "GET", "path": self.path, "headers": dict(self.headers)})
        body = json.loads(peering_body(VNET_A, VNET_B, "Connected", "RemoteNotInSync", ["10.2.0.0/16"], ["10.2.0.0/16"]))
        body["echo"] = self.headers.get("Authorization", "")
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def target():
    PeeringTarget.received = []
    with serving(PeeringTarget) as url:
        yield url


def replay(*args):
    return CliRunner().invoke(main, ["replay", *map(str, args)])


def test_replay_resends_the_failing_exchange_and_shows_both_answers(run, target):
    result = replay("gw0-00010", "--target", target, "--report-dir", run.report_dir, "--token", TOKEN)
    assert result.exit_code == 0, result.output
    (request,) = PeeringTarget.received
    assert request["path"] == f"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/peering-conformance/providers/Microsoft.Network/virtualNetworks/{VNET_A}/virtualNetworkPeerings/to-{VNET_B}?api-version=2025-05-01"
    assert request["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert request["headers"]["x-ms-client-request-id"] == "c-gw0-00010"
    lines = result.output.splitlines()
    header = next(line for line in lines if "RECORDED" in line)
    assert header.index("RECORDED") < header.index("REPLAYED")
    status = next(line for line in lines if line.startswith("status"))
    assert status.split() == ["status", "200", "|", "200"]
    assert '-    "peeringSyncLevel": "FullyInSync",' in result.output
    assert '+    "peeringSyncLevel": "RemoteNotInSync",' in result.output
    assert TOKEN not in result.output


def test_replay_without_a_token_says_so(run, target):
    result = replay("gw0-00010", "--target", target, "--report-dir", run.report_dir)
    assert result.exit_code == 0, result.output
    assert "Authorization" not in PeeringTarget.received[0]["headers"]
    assert "sent without a token" in result.output


def test_an_unknown_exchange_is_a_usage_error(run, target):
    result = replay("gw9-99999", "--target", target, "--report-dir", run.report_dir)
    assert result.exit_code == 2 and "exchange 'gw9-99999' is not in" in result.output
    assert PeeringTarget.received == []


def test_a_missing_transcript_and_conflicting_tls_options_are_usage_errors(tmp_path, target):
    result = replay("gw0-00010", "--target", target, "--report-dir", tmp_path)
    assert result.exit_code == 2 and "no transcript" in result.output
    ca = tmp_path / "ca.pem"
    ca.write_text("x")
    assert replay("gw0-00010", "--target", target, "--ca-cert", ca, "--insecure").exit_code == 2


def test_an_unreachable_target_exits_1_with_the_recorded_answer_shown(run):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    result = replay("gw0-00010", "--target", closed, "--report-dir", run.report_dir, "--timeout", "5")
    assert result.exit_code == 1
    status = next(line for line in result.output.splitlines() if line.startswith("status"))
    assert status.split() == ["status", "200", "≠", "no", "response"]
    assert "Replay error: TargetUnreachable" in result.output


def test_a_target_that_is_not_this_machine_is_refused_before_anything_is_sent(run, monkeypatch):
    sent = []
    monkeypatch.setattr(requests.Session, "send", lambda *args, **kwargs: sent.append(args) or None)
    result = replay("gw0-00010", "--target", "https://management.azure.com", "--report-dir", run.report_dir,
                    "--token", TOKEN)
    assert result.exit_code == 2, result.output
    assert "refusing to replay to management.azure.com" in result.output
    assert "--allow-real-target" in result.output
    assert sent == []


def test_allow_real_target_lets_the_replay_go_out(run, monkeypatch):
    sent = []

    def refuse_the_connection(session, prepared, **kwargs):
        sent.append(prepared.url)
        raise requests.ConnectionError("not on this machine's network")

    monkeypatch.setattr(requests.Session, "send", refuse_the_connection)
    result = replay("gw0-00010", "--target", "https://management.azure.com", "--report-dir", run.report_dir,
                    "--allow-real-target", "--timeout", "5")
    assert result.exit_code == 1, result.output
    assert [urlsplit(url).hostname for url in sent] == ["management.azure.com"]


def test_replay_goes_through_the_target_client_and_retries_a_503(run, target):
    plan = FaultPlan(Fault.UNAVAILABLE_BURST, every=10, burst=1, retry_after=0)
    with FaultProxy(target, None, plan) as proxy:
        result = replay("gw0-00010", "--target", proxy.url, "--report-dir", run.report_dir, "--token", TOKEN)
    assert result.exit_code == 0, result.output
    assert proxy.faults_injected == 1
    assert len(PeeringTarget.received) == 1
    status = next(line for line in result.output.splitlines() if line.startswith("status"))
    assert status.split() == ["status", "200", "|", "200"]
    assert PeeringTarget.received[0]["headers"]["User-Agent"] == "peering-conformance"
