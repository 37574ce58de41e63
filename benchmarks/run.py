"""Benchmarks of a certification run: `python benchmarks/run.py [--quick] [--out PATH]`.

Measures, in one invocation, the core run and its time split, fuzz throughput against
the schemathesis CLI, the reference endpoint under load, latency-bound scaling with -n,
peak memory, and core and full runs against 1-second operations (writes counted, a
10-second projection); prints the tables and writes JSON. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import signal
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks.core_run import measure_core_run  # noqa: E402
from benchmarks.fuzz import measure_fuzz  # noqa: E402
from benchmarks.load import measure_endpoint_load  # noqa: E402
from benchmarks.scaling import measure_scaling  # noqa: E402
from benchmarks.slow_operations import PROFILES, measure_slow_operations  # noqa: E402
from benchmarks.table import evaluate_targets, render_report, results_document, write_results  # noqa: E402,F401

DEFAULT_OUT = REPO_ROOT / "benchmarks" / "results.json"
# --only names -> keys of the results
SECTIONS = {"core": "core_run", "fuzz": "fuzz", "load": "endpoint_load", "scaling": "scaling",
            "slow": "slow_operations"}


def machine_facts() -> dict:
    return {
        "nproc": os.cpu_count(),
        "loadavg_start": [round(v, 2) for v in os.getloadavg()],
        "platform": platform.platform(),
        "python": platform.python_version(),
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="one core run instead of three, fewer examples, shorter load, -n 1 and 8 only")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON file (default {DEFAULT_OUT})")
    parser.add_argument("--only", choices=tuple(SECTIONS), action="append",
                        help="measure only this section (repeatable; default all)")
    parser.add_argument("--latency-ms", type=int, default=1000, help="endpoint delay of PUT/DELETE when scaling")
    return parser.parse_args(argv)


def measure(args: argparse.Namespace, workdir: Path) -> dict:
    sections = {SECTIONS[name] for name in (args.only or SECTIONS)}
    results: dict = {"machine": machine_facts(), "quick": args.quick}

    def step(name: str, label: str, action) -> None:
        if name not in sections:
            return
        print(f"benchmark: {label} ...", file=sys.stderr, flush=True)
        started = time.monotonic()
        try:
            results[name] = action()
        except (RuntimeError, OSError) as exc:
            results[name] = {"error": str(exc)}
        print(f"benchmark: {label} took {time.monotonic() - started:.1f} s", file=sys.stderr, flush=True)

    step("core_run", "core run", lambda: measure_core_run(1 if args.quick else 3, workdir))
    step("fuzz", "fuzz throughput", lambda: measure_fuzz(10 if args.quick else 50, workdir))
    step("endpoint_load", "endpoint under load", lambda: measure_endpoint_load(3 if args.quick else 10, workdir))
    step("scaling", "latency-bound scaling",
         lambda: measure_scaling((1, 8) if args.quick else (1, 2, 4, 8), args.latency_ms, workdir))
    step("slow_operations", "runs at 1-second operations",
         lambda: measure_slow_operations(PROFILES[:1] if args.quick else PROFILES, workdir,
                                         _get_wall(results)))
    results["machine"]["loadavg_end"] = [round(v, 2) for v in os.getloadavg()]
    return results


def _get_wall(results: dict) -> float | None:
    """The instant core run's median wall time, when it was measured in this invocation."""
    core = results.get("core_run")
    return core.get("median", {}).get("wall_s") if isinstance(core, dict) else None


def main(argv: list[str] | None = None) -> int:
    args = parse_arguments(argv)
    # SIGTERM unwinds like Ctrl-C, so the endpoints and runs this script started are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="peering-benchmark-") as workdir:
        results = measure(args, Path(workdir))
    write_results(results, args.out)
    print(render_report(results))
    print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
