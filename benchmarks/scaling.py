"""Latency-bound scaling: scenario checks with -n 1, 2, 4, 8 against a slow endpoint.

The endpoint is started with --latency-ms (every PUT and DELETE waits that long before
answering, see conformance/reference/app.py), so the run is bound by waiting, not by
CPU, as against a real Azure endpoint. `peering-conformance run` has no module
selection, so pytest runs the scenario modules with the runner's own invocation.

The selection must be wide enough that starting the workers is amortized: -n 8 can
only reach 5x when its start-up is at most T1/5 - T1/8 (7.5 % of the -n 1 wall time),
and no check may be longer than T1/5. Each run reports its start-up (process start to
first exchange) so that condition is checked, not assumed.
"""

from __future__ import annotations

import json
import tempfile
from datetime import datetime
from pathlib import Path

from benchmarks.core_run import FIXED_SEED, read_jsonl
from benchmarks.processes import ReferenceEndpoint, run_suite_timed
from conformance.runner.pytest_invocation import SuiteInvocation
from conformance.target.config import TargetConfig

# ~200 s at -n 1 with --latency-ms 1000 (40 checks, none over 11 s): enough to amortize
# eight workers' start-up on 2 cores, short enough to measure -n 1 in a few minutes.
SCENARIO_MODULES = (
    "conformance.suite.scenarios.test_lifecycle",
    "conformance.suite.scenarios.test_lifecycle_extra",
    "conformance.suite.scenarios.test_duplicates",
    "conformance.suite.scenarios.test_response_shapes",
)
TARGET_SPEEDUP = 5


def speedups(walls: dict[int, float]) -> dict[int, float]:
    """Wall time of the smallest worker count divided by each one's."""
    if not walls:
        return {}
    base = walls[min(walls)]
    return {workers: round(base / wall, 2) for workers, wall in walls.items() if wall > 0}


def first_exchange_epoch(exchanges: list[dict]) -> float | None:
    return min((datetime.fromisoformat(x["started"]).timestamp() for x in exchanges), default=None)


def run_scenarios(endpoint: ReferenceEndpoint, workers: int, workdir: Path) -> dict:
    report_dir = Path(tempfile.mkdtemp(prefix=f"scale-n{workers}-", dir=workdir))
    run = run_suite_timed(SuiteInvocation(
        target=TargetConfig(endpoint.url, ca_cert=endpoint.ca_cert), profile="core", report_dir=report_dir,
        seed=int(FIXED_SEED), workers=str(workers),
        node_ids=tuple(module.replace(".", "/") + ".py" for module in SCENARIO_MODULES),
    ))
    result = {"workers": workers, "wall_s": round(run.wall_s, 3), "exit_code": run.returncode}
    first = first_exchange_epoch(read_jsonl(report_dir / "transcript.jsonl"))
    if first is not None:
        result["startup_s"] = round(max(first - run.started, 0.0), 2)
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


def startup_amortized(single_wall_s: float, startup_s: float, workers: int, target: float = TARGET_SPEEDUP) -> bool:
    """Whether T1/workers + start-up leaves room for `target`: T1/workers + startup <= T1/target."""
    return single_wall_s / workers + startup_s <= single_wall_s / target


def measure_scaling(worker_counts: tuple[int, ...], latency_ms: int, workdir: Path) -> dict:
    with ReferenceEndpoint(workdir / "scaling-endpoint", latency_ms=latency_ms) as endpoint:
        runs = [run_scenarios(endpoint, workers, workdir) for workers in worker_counts]
    walls = {run["workers"]: run["wall_s"] for run in runs}
    factors = speedups(walls)
    single = walls.get(1)
    for run in runs:
        run["speedup"] = factors.get(run["workers"])
        if "longest_check_s" in run:
            run["ideal_speedup"] = ideal_speedup(run["check_seconds_sum"], run["longest_check_s"], run["workers"])
        if single and "startup_s" in run and run["workers"] > 1:
            run["startup_amortized"] = startup_amortized(single, run["startup_s"], run["workers"])
    return {"latency_ms": latency_ms, "selection": list(SCENARIO_MODULES), "runs": runs}
