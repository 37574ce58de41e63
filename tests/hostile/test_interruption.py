"""A run cut short leaves nothing behind: SIGINT cleans up itself, SIGKILL needs `cleanup`."""

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.peering_api import PeeringApi

from tests.hostile.served_endpoint import ServedEndpoint

RUN_BOUND_SECONDS = 120


def suite_resources(endpoint):
    """Every `pc-` VNet and peering the endpoint holds, as labels."""
    api = PeeringApi(TargetClient(TargetConfig(endpoint.url, ca_cert=endpoint.ca_cert)))
    labels = []
    for vnet in api.list_all(api.list_vnets()):
        name = vnet["name"]
        first_page = api.list_peerings(name)
        if first_page.status == 404:
            continue  # deleted by the run between the two lists
        peerings = api.list_all(first_page)
        labels += [f"peering {name}/{item['name']}" for item in peerings]
        if name.startswith("pc-"):
            labels.append(f"vnet {name}")
    api.client.close()
    return labels


def start_run(endpoint, report_dir: Path) -> subprocess.Popen:
    log = open(report_dir.parent / "run.log", "w")
    return subprocess.Popen(
        ["peering-conformance", "run", "--target", endpoint.url, "--ca-cert", endpoint.ca_cert,
         "--seed", "3", "--timeout", "10", "--report-dir", str(report_dir)],
        stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
    )


def wait_for_suite_resources(endpoint, process, minimum=2):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if len(suite_resources(endpoint)) >= minimum:
            return
        time.sleep(0.05)
    pytest.fail("the run created nothing to interrupt")


def descendants(pid: int) -> list[int]:
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        found += [int(child) for child in children]
        queue += [int(child) for child in children]
    return found


@pytest.fixture
def endpoint(tmp_path):
    with ServedEndpoint(tmp_path, "--data", str(tmp_path / "state.sqlite"), "--retry-after", "0",
                        "--latency-ms", "30") as served:
        yield served


@pytest.mark.slow
def test_after_kill_9_cleanup_removes_every_leftover(tmp_path, endpoint):
    process = start_run(endpoint, tmp_path / "reports")
    wait_for_suite_resources(endpoint, process)
    for pid in [process.pid, *descendants(process.pid)]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    process.wait()
    left = suite_resources(endpoint)
    assert left, "nothing was left to clean up"
    cleaned = subprocess.run(["peering-conformance", "cleanup", "--target", endpoint.url, "--ca-cert", endpoint.ca_cert],
                             capture_output=True, text=True, timeout=120)
    assert cleaned.returncode == 0, cleaned.stdout + cleaned.stderr
    assert "deleted virtual network pc-" in cleaned.stdout and " 0 remain" in cleaned.stdout
    assert suite_resources(endpoint) == []


@pytest.mark.slow
def test_sigint_deletes_what_the_run_created_and_writes_a_partial_report(tmp_path, endpoint):
    report_dir = tmp_path / "reports"
    began = time.monotonic()
    process = start_run(endpoint, report_dir)
    wait_for_suite_resources(endpoint, process)
    process.send_signal(signal.SIGINT)
    status = process.wait(RUN_BOUND_SECONDS)
    output = (tmp_path / "run.log").read_text()
    assert status == 3, output
    assert time.monotonic() - began < RUN_BOUND_SECONDS
    assert "interrupted" in output
    assert suite_resources(endpoint) == []
    report = json.loads((report_dir / "report.json").read_text())
    assert report["run"]["interrupted"] is True and report["certification"]["conformant"] is False
    assert "interrupted" in (report_dir / "summary.md").read_text()
    assert (report_dir / "evidence.zip").exists()


@pytest.mark.slow
def test_sigterm_is_handled_like_ctrl_c(tmp_path, endpoint):
    """`timeout` and CI runners send SIGTERM: cleanup, a partial report marked interrupted, exit 3."""
    report_dir = tmp_path / "reports"
    process = start_run(endpoint, report_dir)
    wait_for_suite_resources(endpoint, process)
    process.send_signal(signal.SIGTERM)
    status = process.wait(RUN_BOUND_SECONDS)
    output = (tmp_path / "run.log").read_text()
    assert status == 3, output
    assert suite_resources(endpoint) == []
    report = json.loads((report_dir / "report.json").read_text())
    assert report["run"]["interrupted"] is True and report["certification"]["conformant"] is False
    assert json.loads((report_dir / "results.json").read_text())["run"]["interrupted"] is True
