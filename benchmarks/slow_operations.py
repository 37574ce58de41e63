"""A certification run against operations that take one second, as real targets' take seconds.

`peering-conformance run --embedded-operation-ms 1000` (every PUT and DELETE answered
InProgress with Retry-After: 1 until a second has passed), with the run's default
options, once for `core` and once for `--profile full`: wall time, exit code, and the
writes and operation polls counted from transcript.jsonl, per suite file too.

The 10-second projection assumes the wall time beyond the instant run (`instant_wall_s`,
the core run of core_run.py) is waiting on operations and grows with their length:
projected = instant + (measured - instant) x 10. It is a projection, not a measurement.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path

from benchmarks.core_run import FIXED_SEED, is_lro_poll, read_jsonl
from benchmarks.processes import console_script, run_timed

OPERATION_MS = 1000
PROJECTED_OPERATION_MS = 10_000
WRITE_METHODS = ("PUT", "DELETE")
PROFILES = ("core", "full")


def writes_of(exchanges: list[dict]) -> dict:
    """Writes (PUT/DELETE) in all and per suite file (journeys and cleanups by their tag), and polls."""
    per_file: Counter = Counter()
    for exchange in exchanges:
        if exchange.get("method") in WRITE_METHODS:
            check = exchange.get("check") or "(untagged)"
            per_file[check.split("::", 1)[0].rsplit("/", 1)[-1]] += 1
    return {
        "writes": sum(per_file.values()),
        "operation_polls": sum(1 for exchange in exchanges if is_lro_poll(exchange.get("url", ""))),
        "writes_per_file": dict(per_file.most_common()),
    }


def slow_run(profile: str, workdir: Path) -> dict:
    report_dir = Path(tempfile.mkdtemp(prefix=f"slow-{profile}-", dir=workdir))
    command = [
        console_script("peering-conformance"), "run", "--report-dir", str(report_dir), "--seed", FIXED_SEED,
        "--embedded-operation-ms", str(OPERATION_MS), "--format", "json",
    ]
    if profile != "core":
        command += ["--profile", profile]
    run = run_timed(command, timeout_s=1800.0)
    results_path = report_dir / "results.json"
    if not results_path.exists():
        raise RuntimeError(f"{profile} run with slow operations wrote no results (exit {run.returncode})")
    results = json.loads(results_path.read_text())
    return {
        "wall_s": round(run.wall_s, 1),
        "exit_code": run.returncode,
        "workers": results.get("run", {}).get("workers"),
        "checks": len(results.get("checks", [])),
        **writes_of(read_jsonl(report_dir / "transcript.jsonl")),
    }


def projected_wall_s(measured_s: float, instant_s: float | None) -> float | None:
    if instant_s is None:
        return None
    factor = PROJECTED_OPERATION_MS / OPERATION_MS
    return round(instant_s + max(measured_s - instant_s, 0.0) * factor, 1)


def measure_slow_operations(profiles: tuple[str, ...], workdir: Path, instant_wall_s: float | None) -> dict:
    """One run per profile at 1-second operations; the 10-second projection of each."""
    runs = {profile: slow_run(profile, workdir) for profile in profiles}
    for outcome in runs.values():
        outcome["projected_wall_s_at_10s_operations"] = projected_wall_s(outcome["wall_s"], instant_wall_s)
    return {"operation_ms": OPERATION_MS, "instant_core_wall_s": instant_wall_s, "runs": runs}
