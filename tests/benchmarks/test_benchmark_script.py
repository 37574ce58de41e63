"""The benchmark script's pure parts on synthetic input, so benchmarks/run.py does not rot unnoticed."""

from __future__ import annotations

import json

from benchmarks.core_run import TimeSplit, lro_wait_seconds, median_split, split_run, suite_phase
from benchmarks.fuzz import count_our_cases, count_st_cases
from benchmarks.processes import TimedRun
from benchmarks.run import evaluate_targets, render_report, results_document, write_results
from benchmarks.scaling import speedups
from benchmarks.slow_operations import projected_wall_s, writes_of

FUZZ_CHECK = "conformance/suite/fuzzing/test_operations.py::test_fuzz[VirtualNetworks_Get]"
POLL = "https://h/subscriptions/s/providers/Microsoft.Network/locations/westus/operations/op1"


def exchange(started: str, duration_ms: float, url: str = "https://h/vnets/a", check: str = FUZZ_CHECK,
             headers: dict | None = None, phase: str = "call") -> dict:
    return {"started": f"2026-01-01T00:00:{started}+00:00", "duration_ms": duration_ms, "url": url,
            "check": check, "phase": phase, "response_headers": headers or {}}


def synthetic_results() -> dict:
    return {
        "machine": {"nproc": 2, "loadavg_start": [1.0, 1.0, 1.0], "loadavg_end": [2.0, 1.0, 1.0]},
        "core_run": {"median": {"wall_s": 12.5, "startup_s": 2.0}, "workers": 2,
                     "serial_split": {"wall_s": 20.0, "startup_s": 2.5, "http_s": 9.0}, "peak_memory": {
            "peak_rss_sum_mb": 180.0, "sum_of_peaks_mb": 320.0,
            "per_process": [{"command": "pytest", "peak_mb": 140.0}, {"command": "serve", "peak_mb": 180.0}]}},
        "fuzz": {"ratio": 0.8, "ours": {"cases": 8, "wall_s": 1.0, "cases_per_s": 8.0},
                 "schemathesis_cli": {"cases": 10, "wall_s": 1.0, "cases_per_s": 10.0}},
        "endpoint_load": {"generator": "wrk", "results": [
            {"method": "GET", "connections": 64, "requests_per_s": 4000.0, "p50_ms": 3.0, "p99_ms": 12.0,
             "errors": 0}]},
        "scaling": {"latency_ms": 1000, "runs": [{"workers": 1, "wall_s": 60.0, "speedup": 1.0},
                                                 {"workers": 8, "wall_s": 10.0, "speedup": 6.0}]},
        "slow_operations": {"operation_ms": 1000, "instant_core_wall_s": 12.5, "runs": {
            "core": {"workers": 8, "wall_s": 150.0, "exit_code": 0, "writes": 420, "operation_polls": 900,
                     "projected_wall_s_at_10s_operations": 1387.5},
            "full": {"workers": 8, "wall_s": 240.0, "exit_code": 0, "writes": 600, "operation_polls": 1300,
                     "projected_wall_s_at_10s_operations": 2287.5}}},
    }


def test_targets_are_judged_from_the_measurements():
    met = {outcome.name: outcome.met for outcome in evaluate_targets(synthetic_results())}
    assert met == {
        "core run wall time (median)": "yes",
        "fuzz cases/s vs schemathesis CLI": "no",
        "endpoint GET/s at 64 connections": "yes",
        "endpoint GET p99 at 64 connections": "no",
        "speed-up -n 8 vs -n 1 (latency-bound)": "yes",
        "peak memory of a full run (simultaneous)": "yes",
        "core run at 1 s operations, wall": "yes",
        "full run at 1 s operations, wall": "yes",
        "writes (PUT/DELETE) of a core run": "no",
    }


def test_a_missing_section_is_not_measured_rather_than_failed():
    outcomes = evaluate_targets({"machine": {}})
    assert {outcome.met for outcome in outcomes} == {"n/a"}


def test_the_report_and_the_json_carry_the_tables_and_targets(tmp_path):
    text = render_report(synthetic_results())
    assert "load average [1.0, 1.0, 1.0]" in text and "| target" in text and "| 8  | 10.0" in text
    assert "180.0 MB at once, 320.0 MB" in text and "| serve   | 180.0" in text
    assert "(median run, default workers: 2): 12.5 s" in text
    assert "-n 0, seconds; its parts add up" in text and "| 20.0   | 2.5       | 9.0    |" in text
    assert "runs at 1000 ms operations" in text and "| core    | 8       | 150.0  | 0    | 420    |" in text
    out = tmp_path / "results.json"
    write_results(synthetic_results(), out)
    assert json.loads(out.read_text())["targets"] == results_document(synthetic_results())["targets"]


def test_lro_wait_runs_from_the_initial_response_to_the_last_poll():
    exchanges = [
        exchange("00.000", 100, headers={"Azure-AsyncOperation": POLL + "?api-version=x"}),
        exchange("00.500", 10, url=POLL + "?api-version=x"),
        exchange("01.000", 100, url=POLL + "?api-version=x"),
    ]
    assert abs(lro_wait_seconds(exchanges) - 1.0) < 1e-6


def test_the_split_attributes_generation_to_fuzz_checks_only():
    exchanges = [exchange("00.000", 500), exchange("00.600", 500, check="conformance/suite/scenarios/t.py::x")]
    checks = [{"test_id": FUZZ_CHECK, "duration_s": 2.0}, {"test_id": "conformance/suite/scenarios/t.py::x",
                                                          "duration_s": 1.0}]
    from datetime import datetime
    start = datetime.fromisoformat("2026-01-01T00:00:00+00:00").timestamp() - 3
    run = TimedRun([], 0, start, start + 10, [(start + 9, "peering-conformance: writing results to /r\n")])
    split = split_run(exchanges, checks, run)
    assert (split.wall_s, split.startup_s, split.http_s, split.generation_s, split.reporting_s) == (10, 3, 1, 1.5, 1)
    assert split.other_s == 3.5


def test_small_helpers():
    assert suite_phase(FUZZ_CHECK) == "fuzzing" and suite_phase(None) == "other"
    assert count_our_cases([exchange("00.0", 1), exchange("00.1", 1, url=POLL), exchange("00.2", 1, phase="setup")]) == 1
    assert count_st_cases("Test cases:\n  71 generated, 71 passed\n") == 71
    assert speedups({1: 60.0, 8: 12.0}) == {1: 1.0, 8: 5.0}
    splits = [TimeSplit(w, 0, 0, 0, 0, 0, 0) for w in (3.0, 1.0, 2.0)]
    assert median_split(splits).wall_s == 2.0


def test_the_ideal_speedup_is_bounded_by_the_longest_check():
    from benchmarks.scaling import ideal_speedup

    assert ideal_speedup(60.0, 20.0, 8) == 3.0
    assert ideal_speedup(60.0, 1.0, 8) == 8


def test_writes_are_counted_per_suite_file_and_the_10_second_run_projected():
    exchanges = [
        {"method": "PUT", "url": "https://h/vnets/a", "check": "conformance/suite/scenarios/test_x.py::t[a]"},
        {"method": "DELETE", "url": "https://h/vnets/a", "check": "journey:sync-add"},
        {"method": "GET", "url": POLL, "check": "journey:sync-add"},
        {"method": "PUT", "url": "https://h/vnets/b", "check": None},
    ]
    counted = writes_of(exchanges)
    assert counted == {"writes": 3, "operation_polls": 1,
                       "writes_per_file": {"test_x.py": 1, "journey:sync-add": 1, "(untagged)": 1}}
    assert projected_wall_s(150.0, 12.5) == 1387.5
    assert projected_wall_s(10.0, 12.5) == 12.5
    assert projected_wall_s(150.0, None) is None
