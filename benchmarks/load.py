"""The reference endpoint under load: GET and PUT of one VNet at 1, 16 and 64 connections.

wrk (Debian's package) is the load generator when it is installed: a C event loop does
not compete with the endpoint for the GIL the way a Python client in the same machine's
other core would. Without it a threaded requests.Session generator stands in, and the
JSON says which was used.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import requests

from benchmarks.processes import ReferenceEndpoint

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
VNET_PATH = (f"/subscriptions/{SUBSCRIPTION}/resourceGroups/benchmark/providers/Microsoft.Network/"
             "virtualNetworks/bench-vnet?api-version=2025-05-01")
VNET_BODY = {"location": "westus", "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}}
CONNECTIONS = (1, 16, 64)
JSON_MARKER = "BENCHMARK-JSON "

# wrk prints this line from done(); latency is in microseconds.
WRK_SCRIPT = """
wrk.method = os.getenv("BENCH_METHOD") or "GET"
if wrk.method == "PUT" then
  wrk.body = os.getenv("BENCH_BODY")
  wrk.headers["Content-Type"] = "application/json"
end
done = function(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '%s{"requests": %d, "duration_us": %d, "errors": %d, "non_2xx": %d, "p50_us": %d, "p99_us": %d}\\n',
    "BENCHMARK-JSON ", summary.requests, summary.duration, errors, summary.errors.status,
    latency:percentile(50), latency:percentile(99)))
end
"""


@dataclass
class LoadResult:
    method: str
    connections: int
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    errors: int


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(url: str, method: str, connections: int, duration_s: int, script: Path) -> LoadResult:
    threads = min(connections, 2)
    command = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{duration_s}s", "--timeout", "10s",
               "-s", str(script), url]
    env = {"BENCH_METHOD": method, "BENCH_BODY": json.dumps(VNET_BODY), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, timeout=duration_s + 60, check=False)
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith(JSON_MARKER)), None)
    if line is None:
        raise RuntimeError(f"wrk printed no result: {done.stdout[-500:]} {done.stderr[-500:]}")
    data = json.loads(line[len(JSON_MARKER):])
    return LoadResult(method, connections, round(data["requests"] / (data["duration_us"] / 1e6), 1),
                      round(data["p50_us"] / 1000, 2), round(data["p99_us"] / 1000, 2),
                      data["requests"], data["errors"])


def run_python_load(url: str, ca_cert: str, method: str, connections: int, duration_s: int) -> LoadResult:
    """One thread and one requests.Session per connection, each looping until the deadline."""
    latencies: list[list[float]] = [[] for _ in range(connections)]
    errors = [0] * connections
    deadline = time.monotonic() + duration_s

    def worker(index: int) -> None:
        with requests.Session() as session:
            session.verify = ca_cert
            while time.monotonic() < deadline:
                started = time.perf_counter()
                try:
                    response = session.request(method, url, json=VNET_BODY if method == "PUT" else None, timeout=10)
                    ok = response.status_code < 300
                except requests.RequestException:
                    ok = False
                latencies[index].append(time.perf_counter() - started)
                errors[index] += 0 if ok else 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=duration_s + 30)
    elapsed = time.monotonic() - started
    every = sorted(value for per_thread in latencies for value in per_thread)
    return LoadResult(method, connections, round(len(every) / elapsed, 1), round(percentile(every, 50) * 1000, 2),
                      round(percentile(every, 99) * 1000, 2), len(every), sum(errors))


def percentile(ordered: list[float], pct: float) -> float:
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def measure_endpoint_load(duration_s: int, workdir: Path) -> dict:
    """Create the VNet once, then GET it and re-PUT it at each concurrency, one endpoint throughout."""
    generator = "wrk" if wrk_available() else "python-requests-threads"
    results: list[LoadResult] = []
    with ReferenceEndpoint(workdir / "load-endpoint") as endpoint:
        url = endpoint.url + VNET_PATH
        created = requests.put(url, json=VNET_BODY, verify=endpoint.ca_cert, timeout=30)
        created.raise_for_status()
        script = Path(tempfile.mkdtemp(prefix="wrk-", dir=workdir)) / "bench.lua"
        script.write_text(WRK_SCRIPT)
        for method in ("GET", "PUT"):
            for connections in CONNECTIONS:
                if generator == "wrk":
                    results.append(run_wrk(url, method, connections, duration_s, script))
                else:
                    results.append(run_python_load(url, endpoint.ca_cert, method, connections, duration_s))
        peak_mb = endpoint.peak_memory_mb()
    return {"generator": generator, "duration_s": duration_s, "results": [asdict(r) for r in results],
            "endpoint_peak_memory_mb": peak_mb}
