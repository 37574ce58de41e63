import json
import os
import socket
import subprocess
import time

import pytest
from click.testing import CliRunner

from conformance.results import load_results
from conformance.runner.commands import run
from conformance.runner.pytest_invocation import SuiteInvocation, run_suite
from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.peering_api import PeeringApi
from conformance.target.embedded import EmbeddedEndpoint

from tests.runner.rewriting_proxy import RewritingProxy

TOKEN = "e2e-known-token-5f4e3d2c1b0a99887766"


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--token", "t", "--azure-credential"], "either --token or --azure-credential"),
        (["--target", "https://x", "--ca-cert", __file__, "--insecure"], "either --ca-cert or --insecure"),
        (["--ca-cert", "/no/such/ca.pem"], "does not exist"),
        (["--profile", "platinum"], "unknown profile 'platinum'"),
        (["--unsupported", "teleportation"], "unknown feature"),
        (["-n", "many"], "neither a number of workers nor 'auto'"),
        (["--timeout", "0"], "--timeout"),
        (["--target", "ftp://example.test"], "must be http(s)"),
    ],
)
def test_usage_errors_exit_2_with_a_message_and_no_traceback(tmp_path, args, message):
    result = CliRunner().invoke(run, [*args, "--report-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert not (tmp_path / "results.json").exists()


def test_an_unreachable_target_exits_3(tmp_path):
    result = CliRunner().invoke(run, ["--target", f"http://127.0.0.1:{closed_port()}", "--report-dir", str(tmp_path)])
    assert result.exit_code == 3, result.output
    assert "unreachable" in result.output and "Connection refused" in result.output


@pytest.mark.slow
def test_a_run_against_the_embedded_endpoint_passes_core_and_writes_results(tmp_path):
    began = time.monotonic()
    completed = subprocess.run(
        ["peering-conformance", "run", "--report-dir", str(tmp_path), "--seed", "7", "-n", "2"],
        capture_output=True, text=True, timeout=900, env={**os.environ, "PEERING_CONFORMANCE_TOKEN": TOKEN},
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "verdict: conformant to profile core" in completed.stdout
    for phase in ("starting the embedded reference endpoint", "collected", "scenarios: done", "writing results"):
        assert phase in completed.stderr
    results = load_results(tmp_path)
    assert (results.run.profile, results.run.seed, results.run.workers) == ("core", 7, 2)
    assert results.run.started and not results.run.interrupted and results.run.leftovers == []
    assert results.summary.certification.conformant and results.summary.certification.failing_must == []
    for requirement_id in ("LIFE-001", "LIFE-002", "LIFE-003", "LIFE-005", "LIFE-007", "LIFE-008"):
        assert results.verdict_of(requirement_id).verdict == "pass"
    assert {check.worker for check in results.checks} == {"gw0", "gw1"}
    recorded = {json.loads(line)["id"] for line in (tmp_path / "transcript.jsonl").read_text().splitlines()}
    assert all(set(check.exchange_ids) <= recorded for check in results.checks)
    produced = sorted(path.name for path in tmp_path.iterdir())
    assert produced == ["evidence.zip", "junit.xml", "pytest.log", "report.html", "report.json", "results.json",
                        "summary.md", "transcript.jsonl"]
    for name in produced:
        assert f"{tmp_path / name}" in completed.stdout or name in ("pytest.log", "transcript.jsonl")
    assert json.loads((tmp_path / "report.json").read_text())["certification"]["conformant"] is True
    verified = subprocess.run(["peering-conformance", "verify", str(tmp_path / "evidence.zip")],
                              capture_output=True, text=True, timeout=60)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert not any(TOKEN.encode() in path.read_bytes() for path in tmp_path.iterdir())
    assert time.monotonic() - began < 900


def run_through_proxy(report_dir, rewrite, *pytest_args, timeout=60.0):
    """The lifecycle checks against the reference endpoint behind a rule-breaking http proxy."""
    with EmbeddedEndpoint() as endpoint, RewritingProxy(endpoint.url, endpoint.ca_cert, rewrite) as proxy:
        invocation = SuiteInvocation(
            target=TargetConfig(proxy.url, timeout=timeout, lro_deadline=timeout),
            profile="core", report_dir=report_dir, seed=1,
            extra_args=("-k", "test_lifecycle", *pytest_args),
        )
        run_suite(invocation, show=lambda line: None)
        listed = PeeringApi(TargetClient(TargetConfig(endpoint.url, ca_cert=endpoint.ca_cert))).list_vnets()
    assert listed.json()["value"] == [], "the run left VNets behind"
    return load_results(report_dir)


@pytest.mark.slow
def test_a_target_that_never_disconnects_fails_the_disconnect_requirement(tmp_path):
    results = run_through_proxy(tmp_path, lambda body: body.replace('"Disconnected"', '"Initiated"'))
    assert results.summary.certification.exit_code == 1
    failing = results.summary.certification.failing_must
    assert "LIFE-003" in failing and "LIFE-004" in failing
    assert results.verdict_of("LIFE-001").verdict == "pass"
    failed = next(check for check in results.checks if "LIFE-003" in check.requirement_ids)
    assert "Disconnected" in failed.message and failed.curl.startswith("curl ")


@pytest.mark.slow
def test_a_never_finishing_operation_fails_its_check_within_the_timeout(tmp_path):
    began = time.monotonic()
    results = run_through_proxy(
        tmp_path, lambda body: body.replace('"status": "Succeeded"', '"status": "InProgress"'),
        "-k", "test_a_one_sided_peering_is_initiated", timeout=1.0,
    )
    assert time.monotonic() - began < 60
    assert results.summary.certification.exit_code == 1
    (check,) = results.checks
    assert check.outcome == "failed" and "LroTimeout" in check.message and "not finished after 1 s" in check.message
    assert results.verdict_of("LIFE-001").verdict == "fail"
