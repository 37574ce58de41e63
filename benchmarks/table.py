"""Targets, the printed tables and the JSON document of a benchmark run.

Pure functions over the measurement dict, so they are tested on synthetic input
(tests/benchmarks/) without starting anything.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class Target:
    """One goal of issue 8: `measure` reads the figure from the results, `met` judges it."""

    name: str
    goal: str
    unit: str
    measure: Callable[[dict], float | None]
    met: Callable[[float], bool]


@dataclass(frozen=True)
class TargetOutcome:
    name: str
    goal: str
    measured: str
    met: str


def _get(results: dict, *keys):
    value = results
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def _load_at(results: dict, method: str, connections: int, field: str) -> float | None:
    for row in _get(results, "endpoint_load", "results") or []:
        if row["method"] == method and row["connections"] == connections:
            return row[field]
    return None


def _speedup(results: dict, workers: int) -> float | None:
    for run in _get(results, "scaling", "runs") or []:
        if run["workers"] == workers:
            return run.get("speedup")
    return None


TARGETS = (
    Target("core run wall time (median)", "<= 30 s", "s",
           lambda r: _get(r, "core_run", "median", "wall_s"), lambda v: v <= 30),
    Target("fuzz cases/s vs schemathesis CLI", ">= 1.0x", "x",
           lambda r: _get(r, "fuzz", "ratio"), lambda v: v >= 1.0),
    Target("endpoint GET/s at 64 connections", ">= 3000", "req/s",
           lambda r: _load_at(r, "GET", 64, "requests_per_s"), lambda v: v >= 3000),
    Target("endpoint GET p99 at 64 connections", "< 10 ms", "ms",
           lambda r: _load_at(r, "GET", 64, "p99_ms"), lambda v: v < 10),
    Target("speed-up -n 8 vs -n 1 (latency-bound)", ">= 5x", "x",
           lambda r: _speedup(r, 8), lambda v: v >= 5),
    Target("peak memory of a full run (simultaneous)", "< 300 MB", "MB",
           lambda r: _get(r, "core_run", "peak_memory", "peak_rss_sum_mb"), lambda v: v < 300),
    Target("core run at 1 s operations, wall", "<= 180 s", "s",
           lambda r: _get(r, "slow_operations", "runs", "core", "wall_s"), lambda v: v <= 180),
    Target("full run at 1 s operations, wall", "<= 300 s", "s",
           lambda r: _get(r, "slow_operations", "runs", "full", "wall_s"), lambda v: v <= 300),
    Target("writes (PUT/DELETE) of a core run", "<= 400", "writes",
           lambda r: _get(r, "slow_operations", "runs", "core", "writes"), lambda v: v <= 400),
)


def evaluate_targets(results: dict) -> list[TargetOutcome]:
    outcomes = []
    for target in TARGETS:
        value = target.measure(results)
        if value is None:
            outcomes.append(TargetOutcome(target.name, target.goal, "not measured", "n/a"))
        else:
            outcomes.append(TargetOutcome(target.name, target.goal, f"{round(value, 2)} {target.unit}",
                                          "yes" if target.met(value) else "no"))
    return outcomes


def render_rows(header: tuple[str, ...], rows: list[tuple]) -> str:
    """A Markdown table (also readable on a terminal)."""
    cells = [tuple(str(c) for c in header)] + [tuple("" if c is None else str(c) for c in row) for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |"

    return "\n".join([line(cells[0]), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
                     + [line(row) for row in cells[1:]])


def render_report(results: dict) -> str:
    """Every table of a run, with the machine line first."""
    machine = results.get("machine", {})
    parts = [f"machine: {machine.get('nproc')} cores, load average {machine.get('loadavg_start')} at start, "
             f"{machine.get('loadavg_end')} at end; load generator: {_get(results, 'endpoint_load', 'generator')}"]
    outcomes = evaluate_targets(results)
    parts.append(render_rows(("target", "goal", "measured", "met"),
                             [(o.name, o.goal, o.measured, o.met) for o in outcomes]))
    median = _get(results, "core_run", "median")
    if median:
        workers = _get(results, "core_run", "workers")
        parts.append(f"core run wall time (median run, default workers: {workers}): {median['wall_s']} s")
    serial = _get(results, "core_run", "serial_split")
    if serial:
        parts.append("core run split (one run with -n 0, seconds; its parts add up):\n" + render_rows(
            tuple(serial), [tuple(serial.values())]))
    load_rows = _get(results, "endpoint_load", "results")
    if load_rows:
        parts.append("endpoint under load:\n" + render_rows(
            ("method", "connections", "req/s", "p50 ms", "p99 ms", "errors"),
            [(r["method"], r["connections"], r["requests_per_s"], r["p50_ms"], r["p99_ms"], r["errors"])
             for r in load_rows]))
    fuzz = results.get("fuzz")
    if fuzz:
        parts.append("fuzz throughput:\n" + render_rows(
            ("tool", "cases", "wall s", "cases/s"),
            [(name, fuzz[key].get("cases"), fuzz[key].get("wall_s"), fuzz[key].get("cases_per_s"))
             for name, key in (("ours", "ours"), ("schemathesis CLI", "schemathesis_cli"))]))
    memory = _get(results, "core_run", "peak_memory")
    if memory and memory.get("per_process"):
        parts.append(f"peak memory of the core run: {memory['peak_rss_sum_mb']} MB at once, "
                     f"{memory['sum_of_peaks_mb']} MB summing each process's peak:\n" + render_rows(
                         ("process", "peak MB"), [(p["command"], p["peak_mb"]) for p in memory["per_process"]]))
    runs = _get(results, "scaling", "runs")
    if runs:
        parts.append(f"latency-bound scaling (--latency-ms {results['scaling']['latency_ms']}):\n" + render_rows(
            ("-n", "wall s", "speed-up", "bound by longest check", "longest check s"),
            [(r["workers"], r["wall_s"], r.get("speedup"), r.get("ideal_speedup"), r.get("longest_check_s"))
             for r in runs]))
    slow = _get(results, "slow_operations", "runs")
    if slow:
        parts.append(f"runs at {results['slow_operations']['operation_ms']} ms operations (default options; "
                     "10 s: projected from the instant core run, not measured):\n" + render_rows(
                         ("profile", "workers", "wall s", "exit", "writes", "operation polls", "projected s at 10 s"),
                         [(name, r.get("workers"), r.get("wall_s"), r.get("exit_code"), r.get("writes"),
                           r.get("operation_polls"), r.get("projected_wall_s_at_10s_operations"))
                          for name, r in slow.items()]))
    return "\n\n".join(parts)


def results_document(results: dict) -> dict:
    """The JSON written to --out: the measurements plus the judged targets."""
    return {**results, "targets": [asdict(outcome) for outcome in evaluate_targets(results)]}


def write_results(results: dict, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results_document(results), indent=2, sort_keys=True) + "\n")
