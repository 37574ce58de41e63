"""Starting, timing and measuring the processes a benchmark drives.

Everything runs as a subprocess, as a user would run it: the numbers then include
interpreter start-up and imports, which is what a CI job pays.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from conformance.runner.pytest_invocation import SuiteInvocation

READY_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 15.0


def console_script(name: str) -> str:
    """The venv's own script when the benchmark runs from the venv, else the one on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} is not installed (pip install -e . in the venv)")
    return found


def read_status_kb(pid: int, field_name: str) -> int | None:
    """A `VmHWM`/`VmRSS` line of /proc/<pid>/status in kB; None once the process is gone."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def command_line(pid: int, limit: int = 80) -> str:
    """The process's command line, shortened: enough to tell the runner, pytest and the endpoint apart."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
            words = cmdline.read().decode(errors="replace").split("\0")
    except OSError:
        return "?"
    words = [Path(words[0]).name, *(Path(w).name if w.startswith("/") else w for w in words[1:] if w)]
    return " ".join(words)[:limit]


def descendants(root: int) -> list[int]:
    """The root and every process below it, from /proc/*/stat parent ids."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as stat:
                text = stat.read()
        except OSError:
            continue
        parent = int(text.rsplit(")", 1)[1].split()[1])
        children.setdefault(parent, []).append(int(entry))
    tree, pending = [], [root]
    while pending:
        pid = pending.pop()
        tree.append(pid)
        pending.extend(children.get(pid, []))
    return tree


@dataclass
class TreeMemorySampler:
    """Samples a process tree's memory, because a child's VmHWM vanishes when it exits.

    `peak_rss_sum_mb`, the largest RSS sum seen at one sample, is the tree's simultaneous
    peak (to the sampling interval); `sum_of_peaks_mb` adds each process's own high-water
    mark, an upper bound that also adds processes that never ran at the same time.
    """

    root_pid: int
    interval_s: float = 0.1
    peaks_kb: dict[int, int] = field(default_factory=dict)
    commands: dict[int, str] = field(default_factory=dict)
    peak_rss_sum_kb: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> "TreeMemorySampler":
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def _loop(self) -> None:
        while not self._stop.is_set():
            rss_sum = 0
            for pid in descendants(self.root_pid):
                high_water = read_status_kb(pid, "VmHWM")
                if high_water is not None:
                    self.peaks_kb[pid] = max(self.peaks_kb.get(pid, 0), high_water)
                    if pid not in self.commands:
                        self.commands[pid] = command_line(pid)
                rss_sum += read_status_kb(pid, "VmRSS") or 0
            self.peak_rss_sum_kb = max(self.peak_rss_sum_kb, rss_sum)
            self._stop.wait(self.interval_s)

    def summary(self) -> dict:
        return {
            "processes": len(self.peaks_kb),
            "sum_of_peaks_mb": round(sum(self.peaks_kb.values()) / 1024, 1),
            "largest_process_peak_mb": round(max(self.peaks_kb.values(), default=0) / 1024, 1),
            "peak_rss_sum_mb": round(self.peak_rss_sum_kb / 1024, 1),
            "per_process": [{"command": self.commands.get(pid, "?"), "peak_mb": round(kb / 1024, 1)}
                            for pid, kb in sorted(self.peaks_kb.items())],
            "method": f"/proc/<pid>/status of the process tree sampled every {self.interval_s:g} s: "
            "VmRSS summed per sample (peak_rss_sum_mb), VmHWM per process (sum_of_peaks_mb)",
        }


@dataclass
class TimedRun:
    """A finished subprocess: wall time, exit status and its output lines with arrival times."""

    command: list[str]
    returncode: int
    started: float
    ended: float
    lines: list[tuple[float, str]]
    memory: dict | None = None

    @property
    def wall_s(self) -> float:
        return self.ended - self.started

    def first_line_time(self, fragment: str) -> float | None:
        return next((at for at, line in self.lines if fragment in line), None)

    def output(self) -> str:
        return "".join(line for _, line in self.lines)


def run_timed(command: list[str], *, cwd: Path | None = None, timeout_s: float = 900.0,
              sample_memory: bool = False, env: dict[str, str] | None = None) -> TimedRun:
    """Run to completion, stamping each output line (stdout and stderr merged) as it arrives."""
    started = time.time()
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        text=True, errors="replace", env={**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})},
        start_new_session=True,
    )
    sampler = TreeMemorySampler(process.pid).start() if sample_memory else None
    lines: list[tuple[float, str]] = []
    timer = threading.Timer(timeout_s, lambda: _kill_group(process))
    timer.start()
    try:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append((time.time(), line))
        returncode = process.wait()
    finally:
        timer.cancel()
        _kill_group(process)
    ended = time.time()
    if sampler is not None:
        sampler.stop()
    return TimedRun(command, returncode, started, ended, lines, sampler.summary() if sampler else None)


def run_suite_timed(invocation: SuiteInvocation) -> TimedRun:
    """The suite's pytest as `peering-conformance run` starts it (arguments, plugins,
    environment), with an empty pytest.ini in the invocation's report directory."""
    invocation.report_dir.mkdir(parents=True, exist_ok=True)
    ini = invocation.report_dir / "pytest.ini"
    ini.write_text("[pytest]\n")
    return run_timed([sys.executable, "-m", "pytest", *invocation.pytest_args(ini)], env=invocation.environment())


def _kill_group(process: subprocess.Popen) -> None:
    """Stop a run we started (alone in its session) and whatever it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


@dataclass
class ReferenceEndpoint:
    """`peering-conformance serve` in its own process, for as long as the `with` block."""

    workdir: Path
    latency_ms: int = 0
    url: str = ""
    ca_cert: str = ""
    process: subprocess.Popen | None = None

    def __enter__(self) -> "ReferenceEndpoint":
        self.workdir.mkdir(parents=True, exist_ok=True)
        ready = self.workdir / f"ready-{time.monotonic_ns()}.json"
        command = [console_script("peering-conformance"), "serve", "--port", "0", "--retry-after", "0",
                   "--latency-ms", str(self.latency_ms), "--ready-file", str(ready)]
        log = (self.workdir / "serve.log").open("a")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        deadline = time.monotonic() + READY_TIMEOUT_S
        while not ready.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError(f"the reference endpoint did not start; see {self.workdir / 'serve.log'}")
            time.sleep(0.1)
        info = json.loads(ready.read_text())
        self.url, self.ca_cert = info["url"], info["ca_cert"]
        return self

    def peak_memory_mb(self) -> float | None:
        kb = read_status_kb(self.process.pid, "VmHWM") if self.process else None
        return round(kb / 1024, 1) if kb is not None else None

    def __exit__(self, *exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
