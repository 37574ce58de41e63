"""The runner against a hostile target: bounded retries of what ARM marks retryable only,
timeouts for the rest, outcomes classified, and always a written report within a bound."""

import json
import time
from collections import Counter
from datetime import datetime

import pytest
from click.testing import CliRunner

from conformance.faults import Fault, FaultPlan, FaultProxy
from conformance.runner.commands import run
from conformance.target.embedded import EmbeddedEndpoint

# Two checks of the smallest journey (the documented examples: about 30 requests), with
# --timeout 2: a run that took longer than this would be hanging on the target.
RUN_BOUND_SECONDS = 45
SELECTION = ("test_the_create_peering_example_answers_as_documented"
             " or test_the_sync_peering_example_on_an_existing_peering_answers_as_documented")
MAX_RETRIES = 4


def run_behind(plan: FaultPlan, report_dir, timeout: str = "2"):
    began = time.monotonic()
    with EmbeddedEndpoint() as endpoint, FaultProxy(endpoint.url, endpoint.ca_cert, plan) as proxy:
        result = CliRunner().invoke(run, ["--target", proxy.url, "--select", SELECTION, "--timeout", timeout,
                                          "--seed", "1", "--report-dir", str(report_dir)])
    elapsed = time.monotonic() - began
    assert elapsed < RUN_BOUND_SECONDS, f"{plan.fault.value}: {elapsed:.1f} s"
    assert proxy.faults_injected > 0
    for name in ("results.json", "report.json", "report.html", "junit.xml", "summary.md", "evidence.zip"):
        assert (report_dir / name).exists(), name
    results = json.loads((report_dir / "results.json").read_text())
    exchanges = [json.loads(line) for line in (report_dir / "transcript.jsonl").read_text().splitlines()]
    return result, results, exchanges


def outcomes(results):
    return Counter(check["outcome"] for check in results["checks"])


@pytest.mark.slow
def test_throttling_is_retried_after_retry_after_and_the_run_passes(tmp_path):
    # Two workers share the throttle's count, so one poll may draw 429 twice (2 s of
    # Retry-After): a longer operation deadline than the other plans keeps that legal.
    result, results, exchanges = run_behind(FaultPlan(Fault.THROTTLE, every=5, retry_after=1), tmp_path, timeout="8")
    assert result.exit_code == 0, result.output
    assert set(outcomes(results)) == {"passed"}
    statuses = [exchange["status"] for exchange in exchanges]
    assert 429 in statuses
    throttled = [index for index, status in enumerate(statuses) if status == 429]
    for index in throttled:  # pair VNets are created concurrently: the retry need not be the next exchange
        refused = exchanges[index]
        retry = next(exchange for exchange in exchanges[index + 1:]
                     if (exchange["method"], exchange["url"]) == (refused["method"], refused["url"]))
        waited = datetime.fromisoformat(retry["started"]) - datetime.fromisoformat(refused["started"])
        assert waited.total_seconds() >= 1, (refused["id"], retry["id"])  # Retry-After: 1


@pytest.mark.slow
def test_a_short_burst_of_503_is_retried_and_the_run_passes(tmp_path):
    result, results, exchanges = run_behind(
        FaultPlan(Fault.UNAVAILABLE_BURST, every=7, burst=2, retry_after=0), tmp_path)
    assert result.exit_code == 0, result.output
    assert set(outcomes(results)) == {"passed"}
    assert [exchange["status"] for exchange in exchanges].count(503) >= 2


@pytest.mark.slow
def test_503_beyond_the_retry_bound_is_a_target_error_not_a_failure(tmp_path):
    plan = FaultPlan(Fault.UNAVAILABLE_BURST, burst=10**9, retry_after=0, methods=frozenset({"PUT"}))
    result, results, exchanges = run_behind(plan, tmp_path)
    assert result.exit_code == 3, result.output
    assert set(outcomes(results)) == {"target-error"}
    assert all(f"still HTTP 503 after {MAX_RETRIES} retries" in check["message"] for check in results["checks"])
    puts = Counter(exchange["url"] for exchange in exchanges if exchange["method"] == "PUT")
    assert set(puts.values()) <= {MAX_RETRIES + 1}, "each PUT is tried exactly 1 + max_retries times"


@pytest.mark.slow
@pytest.mark.parametrize("plan, symptom", [
    (FaultPlan(Fault.RESET, every=6), "TargetUnreachable"),
    (FaultPlan(Fault.SLOW, every=6, delay=3), "no answer within 2 s"),
], ids=["connection-reset", "slower-than-the-timeout"])
def test_resets_and_slow_answers_are_target_errors_and_not_retried(tmp_path, plan, symptom):
    result, results, exchanges = run_behind(plan, tmp_path)
    assert result.exit_code == 3, result.output
    assert outcomes(results)["target-error"] >= 1 and outcomes(results)["failed"] == 0
    assert any(symptom in check["message"] for check in results["checks"])
    broken = [exchange for exchange in exchanges if exchange["status"] is None]
    assert broken and all(exchange.get("error") for exchange in broken)
    certification = results["summary"]["certification"]
    assert certification["target_error_must"] and not certification["failing_must"]


@pytest.mark.slow
def test_truncated_json_is_non_conformance(tmp_path):
    result, results, _ = run_behind(FaultPlan(Fault.TRUNCATED_JSON, every=6), tmp_path)
    assert result.exit_code == 1, result.output
    assert outcomes(results)["failed"] >= 1 and outcomes(results)["target-error"] == 0
    assert any("not JSON" in check["message"] for check in results["checks"])
    assert (tmp_path / "recheck" / "results.json").exists()


@pytest.mark.slow
def test_an_operation_that_never_finishes_fails_within_the_timeout(tmp_path):
    result, results, _ = run_behind(FaultPlan(Fault.ENDLESS_LRO), tmp_path)
    assert result.exit_code == 1, result.output
    assert set(outcomes(results)) == {"failed"}
    assert all("LroTimeout" in check["message"] for check in results["checks"])


@pytest.mark.slow
def test_a_wrong_content_type_is_answered_and_judged_not_a_target_error(tmp_path):
    result, results, exchanges = run_behind(FaultPlan(Fault.WRONG_CONTENT_TYPE), tmp_path)
    assert result.exit_code in (0, 1), result.output
    assert outcomes(results)["target-error"] == 0
    assert all(exchange["response_headers"].get("Content-Type") == "text/plain"
               for exchange in exchanges if exchange["status"])
