"""The fuzzing phase behind a throttling proxy: its generated requests go through the run's
client, so they are paced by --max-rps and a 429 is retried after its Retry-After, all of
it visible in the transcript."""

import json
from collections import Counter
from datetime import datetime

import pytest
from click.testing import CliRunner

from conformance.faults import Fault, FaultPlan, FaultProxy
from conformance.runner.commands import run
from conformance.target.embedded import EmbeddedEndpoint

MAX_RPS = 10.0
FUZZ_CHECKS = "conformance/suite/fuzzing/"


def started(exchange: dict) -> float:
    return datetime.fromisoformat(exchange["started"]).timestamp()


@pytest.mark.slow
def test_a_fuzz_run_against_a_throttling_target_is_paced_and_retried(tmp_path):
    plan = FaultPlan(Fault.THROTTLE, every=6, retry_after=1)
    with EmbeddedEndpoint() as endpoint, FaultProxy(endpoint.url, endpoint.ca_cert, plan) as proxy:
        result = CliRunner().invoke(run, [
            "--target", proxy.url, "--select", "test_fuzzing and VirtualNetworks_", "--max-examples", "3",
            "-n", "1", "--max-rps", f"{MAX_RPS:g}", "--seed", "1", "--report-dir", str(tmp_path),
        ])
    results = json.loads((tmp_path / "results.json").read_text())
    assert Counter(check["outcome"] for check in results["checks"]) == {"passed": 8}, result.output
    exchanges = [json.loads(line) for line in (tmp_path / "transcript.jsonl").read_text().splitlines()]
    fuzzing = sorted((e for e in exchanges if (e["check"] or "").startswith(FUZZ_CHECKS)), key=started)
    throttled = [index for index, exchange in enumerate(fuzzing) if exchange["status"] == 429]
    assert throttled and proxy.faults_injected >= len(throttled)
    for index in throttled:
        refused, retry = fuzzing[index], fuzzing[index + 1]
        assert (retry["method"], retry["url"]) == (refused["method"], refused["url"])
        assert started(retry) - started(refused) >= 0.95, "Retry-After: 1 was not honoured"
    every = sorted(exchanges, key=started)
    gaps = [started(later) - started(earlier) for earlier, later in zip(every, every[1:])]
    # `started` has millisecond resolution and is taken after the pacer let the request go.
    assert min(gaps) >= 0.8 / MAX_RPS, f"requests closer than --max-rps {MAX_RPS:g} allows: {min(gaps):.3f} s"
