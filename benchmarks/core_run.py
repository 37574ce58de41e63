"""The full `core` run against the embedded endpoint, and where its wall time goes.

The split is read from what the run leaves behind, so the suite carries no benchmark
hooks: transcript.jsonl gives each exchange's start and duration, results.json each
check's duration and phase, and the runner's progress lines (stamped on arrival) the
moment pytest starts writing results.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from benchmarks.processes import TimedRun, console_script, run_timed

LRO_POLL_MARKERS = ("/operations/", "/operationResults/")
GENERATED_PHASES = ("fuzzing", "stateful")
WRITING_RESULTS_LINE = "writing results to"
FIXED_SEED = "20261122"


def is_lro_poll(url: str) -> bool:
    return any(marker in url for marker in LRO_POLL_MARKERS)


def suite_phase(check: str | None) -> str:
    """`conformance/suite/fuzzing/test_x.py::t` -> `fuzzing` (the suite's own sub-package)."""
    if not check:
        return "other"
    parts = check.split("::", 1)[0].split("/")
    if "suite" in parts:
        parts = parts[parts.index("suite") + 1:]
    return parts[0] if len(parts) > 1 else "other"


def _epoch(stamp: str) -> float:
    return datetime.fromisoformat(stamp).timestamp()


@dataclass
class TimeSplit:
    """Seconds of one run. HTTP and LRO are summed over exchanges, so with -n they may exceed wall."""

    wall_s: float
    startup_s: float
    http_s: float
    lro_wait_s: float
    generation_s: float
    reporting_s: float
    other_s: float


def lro_wait_seconds(exchanges: list[dict]) -> float:
    """Per operation: from the end of the request that started it to the end of its last poll."""
    initial_end: dict[str, float] = {}
    last_poll_end: dict[str, float] = {}
    first_poll_start: dict[str, float] = {}
    for exchange in exchanges:
        start = _epoch(exchange["started"])
        end = start + exchange["duration_ms"] / 1000
        url = exchange["url"]
        if is_lro_poll(url):
            operation = url.split("?", 1)[0]
            first_poll_start.setdefault(operation, start)
            last_poll_end[operation] = max(last_poll_end.get(operation, end), end)
            continue
        for name, value in (exchange.get("response_headers") or {}).items():
            if name.lower() in ("azure-asyncoperation", "location") and is_lro_poll(value):
                initial_end.setdefault(value.split("?", 1)[0], end)
    return sum(last - initial_end.get(op, first_poll_start[op]) for op, last in last_poll_end.items())


def split_run(exchanges: list[dict], checks: list[dict], run: TimedRun) -> TimeSplit:
    """Attribute a run's wall time; see benchmarks/README.md, "How the split is derived"."""
    http_s = sum(x["duration_ms"] for x in exchanges if not is_lro_poll(x["url"])) / 1000
    lro_s = lro_wait_seconds(exchanges)
    generated = {c["test_id"] for c in checks if suite_phase(c["test_id"]) in GENERATED_PHASES}
    generated_exchanges = [x for x in exchanges if x.get("check") in generated]
    generated_io = (sum(x["duration_ms"] for x in generated_exchanges if not is_lro_poll(x["url"])) / 1000
                    + lro_wait_seconds(generated_exchanges))
    generated_check_s = sum(c.get("duration_s") or 0 for c in checks if c["test_id"] in generated)
    generation_s = max(generated_check_s - generated_io, 0.0)
    first_exchange = min((_epoch(x["started"]) for x in exchanges), default=run.ended)
    startup_s = max(first_exchange - run.started, 0.0)
    writing = run.first_line_time(WRITING_RESULTS_LINE)
    reporting_s = run.ended - writing if writing is not None else 0.0
    other_s = max(run.wall_s - startup_s - http_s - lro_s - generation_s - reporting_s, 0.0)
    return TimeSplit(*(round(v, 3) for v in (run.wall_s, startup_s, http_s, lro_s, generation_s, reporting_s, other_s)))


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def measure_core_run(repetitions: int, workdir: Path) -> dict:
    """Run `peering-conformance run` `repetitions` times; the median split, memory and render time."""
    splits: list[TimeSplit] = []
    memories: list[dict] = []
    checks_run: list[int] = []
    exit_codes: list[int] = []
    last_report_dir: Path | None = None
    for index in range(repetitions):
        report_dir = Path(tempfile.mkdtemp(prefix=f"core-{index}-", dir=workdir))
        run = run_timed([console_script("peering-conformance"), "run", "--report-dir", str(report_dir),
                         "--seed", FIXED_SEED], sample_memory=True)
        exit_codes.append(run.returncode)
        results_path = report_dir / "results.json"
        if not results_path.exists():
            raise RuntimeError(f"core run wrote no results (exit {run.returncode}):\n{run.output()[-2000:]}")
        results = json.loads(results_path.read_text())
        checks = results.get("checks", [])
        checks_run.append(len(checks))
        splits.append(split_run(read_jsonl(report_dir / "transcript.jsonl"), checks, run))
        memories.append(run.memory or {})
        last_report_dir = report_dir
    median = median_split(splits)
    render = run_timed([console_script("peering-conformance"), "report", "render", str(last_report_dir)])
    return {
        "repetitions": repetitions,
        "exit_codes": exit_codes,
        "checks": checks_run[-1],
        "median": asdict(median),
        "runs": [asdict(split) for split in splits],
        "report_render_s": round(render.wall_s, 3),
        "report_render_exit_code": render.returncode,
        "peak_memory": max(memories, key=lambda m: m.get("sum_of_peaks_mb", 0)),
    }


def median_split(splits: list[TimeSplit]) -> TimeSplit:
    """The run whose wall time is the median (its parts then add up, unlike per-field medians)."""
    ordered = sorted(splits, key=lambda split: split.wall_s)
    return ordered[len(ordered) // 2]
