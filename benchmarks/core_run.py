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


def core_run(index: int, workdir: Path, workers: str | None = None) -> tuple[TimedRun, Path]:
    """One `peering-conformance run` as a user types it (its default -n unless `workers`)."""
    report_dir = Path(tempfile.mkdtemp(prefix=f"core-{index}-", dir=workdir))
    command = [console_script("peering-conformance"), "run", "--report-dir", str(report_dir), "--seed", FIXED_SEED]
    if workers is not None:
        command += ["-n", workers]
    run = run_timed(command, sample_memory=True)
    if not (report_dir / "results.json").exists():
        raise RuntimeError(f"core run wrote no results (exit {run.returncode}):\n{run.output()[-2000:]}")
    return run, report_dir


def split_of(run: TimedRun, report_dir: Path) -> tuple[TimeSplit, dict]:
    """The run's split, and its results.json."""
    results = json.loads((report_dir / "results.json").read_text())
    return split_run(read_jsonl(report_dir / "transcript.jsonl"), results.get("checks", []), run), results


def measure_core_run(repetitions: int, workdir: Path) -> dict:
    """`peering-conformance run` `repetitions` times as a user runs it (wall time, memory),
    then once with `-n 0`, whose split adds up (with workers, HTTP and LRO sums overlap)."""
    splits: list[TimeSplit] = []
    memories: list[dict] = []
    exit_codes: list[int] = []
    report_dir = workdir
    results: dict = {}
    for index in range(repetitions):
        run, report_dir = core_run(index, workdir)
        exit_codes.append(run.returncode)
        split, results = split_of(run, report_dir)
        splits.append(split)
        memories.append(run.memory or {})
    render = run_timed([console_script("peering-conformance"), "report", "render", str(report_dir)])
    serial_run, serial_dir = core_run(repetitions, workdir, workers="0")
    serial_split, _ = split_of(serial_run, serial_dir)
    return {
        "repetitions": repetitions,
        "workers": results.get("run", {}).get("workers"),
        "exit_codes": exit_codes,
        "checks": len(results.get("checks", [])),
        "median": asdict(median_split(splits)),
        "runs": [asdict(split) for split in splits],
        "serial_split": asdict(serial_split),
        "serial_exit_code": serial_run.returncode,
        "report_render_s": round(render.wall_s, 3),
        "report_render_exit_code": render.returncode,
        "peak_memory": max(memories, key=lambda m: m.get("sum_of_peaks_mb", 0)),
    }


def median_split(splits: list[TimeSplit]) -> TimeSplit:
    """The run whose wall time is the median (its parts then add up, unlike per-field medians)."""
    ordered = sorted(splits, key=lambda split: split.wall_s)
    return ordered[len(ordered) // 2]
