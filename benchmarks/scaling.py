"""Latency-bound scaling: the lifecycle scenarios with -n 1, 2, 4, 8 against a slow endpoint.

The endpoint is started with --latency-ms (every PUT and DELETE waits that long before
answering, see conformance/reference/app.py), so the run is bound by waiting, not by
CPU, as against a real Azure endpoint. `peering-conformance run` has no check selection,
so pytest runs the scenario module directly with the suite's own options.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from benchmarks.processes import ReferenceEndpoint, console_script, run_timed

SCENARIO_MODULE = "conformance.suite.scenarios.test_lifecycle"
REPO_ROOT = Path(__file__).resolve().parent.parent


def speedups(walls: dict[int, float]) -> dict[int, float]:
    """Wall time of the smallest worker count divided by each one's."""
    if not walls:
        return {}
    base = walls[min(walls)]
    return {workers: round(base / wall, 2) for workers, wall in walls.items() if wall > 0}


def run_scenarios(endpoint: ReferenceEndpoint, workers: int, workdir: Path) -> dict:
    report_dir = Path(tempfile.mkdtemp(prefix=f"scale-n{workers}-", dir=workdir))
    ini = report_dir / "pytest.ini"
    ini.write_text("[pytest]\n")
    run = run_timed([
        console_script("pytest"), "--pyargs", SCENARIO_MODULE, "-c", str(ini), "--rootdir", str(REPO_ROOT),
        "-p", "no:cacheprovider", "-q", "-n", str(workers), "--target", endpoint.url,
        "--ca-cert", endpoint.ca_cert, "--report-dir", str(report_dir),
    ])
    result = {"workers": workers, "wall_s": round(run.wall_s, 3), "exit_code": run.returncode}
    results_path = report_dir / "results.json"
    if results_path.exists():
        durations = [c.get("duration_s") or 0 for c in json.loads(results_path.read_text()).get("checks", [])]
        result.update(checks=len(durations), check_seconds_sum=round(sum(durations), 2),
                      longest_check_s=round(max(durations, default=0), 2))
    return result


def ideal_speedup(check_seconds_sum: float, longest_check_s: float, workers: int) -> float:
    """The best -n can do when checks are indivisible: bounded by the longest check."""
    if longest_check_s <= 0:
        return float(workers)
    return round(min(workers, check_seconds_sum / longest_check_s), 2)


def measure_scaling(worker_counts: tuple[int, ...], latency_ms: int, workdir: Path) -> dict:
    with ReferenceEndpoint(workdir / "scaling-endpoint", latency_ms=latency_ms) as endpoint:
        runs = [run_scenarios(endpoint, workers, workdir) for workers in worker_counts]
    walls = {run["workers"]: run["wall_s"] for run in runs}
    factors = speedups(walls)
    for run in runs:
        run["speedup"] = factors.get(run["workers"])
        if "longest_check_s" in run:
            run["ideal_speedup"] = ideal_speedup(run["check_seconds_sum"], run["longest_check_s"], run["workers"])
    return {"latency_ms": latency_ms, "selection": SCENARIO_MODULE, "runs": runs}
