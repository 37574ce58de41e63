"""A target whose operations never finish: the run ends in bounded time with target errors
and a report, because waits fail fast once the breaker has seen operations never finish,
and teardown confirms deletion by reading instead of waiting out each operation."""

import json
import subprocess
import time
from collections import Counter

import pytest

from tests.hostile.served_endpoint import ServedEndpoint
from tests.hostile.test_interruption import suite_resources

# The bound for a whole run; narrowed to the lifecycle, example and LRO checks it
# takes ~1 min. The pair-lifecycle journey meets the stall first (its checks fail with
# LroTimeout); the documented-examples journey comes after the breaker opened (target errors).
RUN_BOUND_SECONDS = 300
SELECTION = "test_lifecycle or test_documented_examples or test_every_operation_reaches"


@pytest.mark.slow
def test_a_run_against_operations_that_never_finish_ends_in_bounded_time_with_target_errors(tmp_path):
    report_dir = tmp_path / "reports"
    with ServedEndpoint(tmp_path, "--retry-after", "1", "--mutant", "operation-never-finishes") as endpoint:
        began = time.monotonic()
        finished = subprocess.run(
            ["peering-conformance", "run", "--target", endpoint.url, "--ca-cert", endpoint.ca_cert,
             "--seed", "1", "--timeout", "8", "-n", "1", "--no-recheck", "--settle-timeout", "1",
             "--select", SELECTION, "--report-dir", str(report_dir)],
            capture_output=True, text=True, timeout=RUN_BOUND_SECONDS,
        )
        elapsed = time.monotonic() - began
        left = suite_resources(endpoint)
    output = finished.stdout + finished.stderr
    assert elapsed < RUN_BOUND_SECONDS, output
    assert finished.returncode in (1, 3), output
    results = json.loads((report_dir / "results.json").read_text())
    outcomes = Counter(check["outcome"] for check in results["checks"])
    assert outcomes["target-error"] >= 3, outcomes
    assert any("OperationsStalled" in (check.get("message") or "") for check in results["checks"])
    assert (report_dir / "report.json").exists()
    lro = next(item for item in results["requirements"] if item["id"] == "LRO-005")
    assert lro["verdict"] == "fail", lro
    assert left == []
