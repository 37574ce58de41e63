"""Running the suite in its own pytest process and relaying its progress.

A subprocess rather than `pytest.main`: a run leaves no imported checks, Hypothesis
state or plugins behind in the caller; xdist works as on the command line; the token
travels in the environment, not on a command line `ps` can show; and Ctrl-C can be
handed to pytest exactly once, so its session teardown (which deletes what the run
created and writes results.json) is not cut short by a second signal.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from conformance.paths import PACKAGE_DIR
from conformance.suite.progress import PROGRESS_PREFIX
from conformance.suite.run_options import TOKEN_ENVIRONMENT_VARIABLE, option_flag
from conformance.target.config import TargetConfig
from conformance.target.pacing import MAX_RPS_ENVIRONMENT_VARIABLE
from conformance.exchanges.redaction import redact_text

PYTEST_LOG = "pytest.log"
# The suite's pytest loads these plugins and no other installed one: entry-point loading of
# every plugin in the environment (schemathesis', Hypothesis', anyio's) cost about 2 s of
# start-up per run, and a user's own plugins could change how the checks run.
SUITE_PLUGINS = ("-p", "conformance.suite.plugin", "-p", "xdist.plugin")
# Never handed to the suite's pytest: the user's pytest options, and -O / -OO given as
# an environment variable (the command line below never carries them).
SCRUBBED_ENVIRONMENT = frozenset({"PYTEST_ADDOPTS", "PYTHONOPTIMIZE"})
# How long an interrupted run may take to clean up before it is stopped harder.
INTERRUPT_GRACE_SECONDS = 120.0


@dataclass(frozen=True)
class SuiteInvocation:
    """What `run` asks of the suite; `pytest_args` are the resulting command-line arguments."""

    target: TargetConfig
    profile: str
    report_dir: Path
    seed: int
    workers: str | None = None
    max_examples: int | None = None
    unsupported: tuple[str, ...] = ()
    extra_args: tuple[str, ...] = field(default=())
    # pytest node ids (relative to the package's parent) to run instead of the whole suite
    node_ids: tuple[str, ...] = ()
    # a pytest -k expression narrowing the checks
    select: str | None = None
    # requirement IDs narrowing the checks to those naming one of them (--requirement)
    requirements: tuple[str, ...] = ()
    # False: generated checks report a failure as found, without shrinking it (--no-shrink)
    shrink: bool = True
    # "K/N": only shard K of N of the checks (--shard)
    shard: str | None = None
    # a second subscription the target accepts (--subscription2), for SYNC-023
    subscription2: str | None = None
    # how long checks re-read an eventually consistent target (--settle-timeout); None: the suite's default
    settle_timeout: float | None = None
    # seconds after which the run is stopped as by Ctrl-C: cleanup, partial report (--max-duration)
    max_duration: float | None = None

    def pytest_args(self, ini_file: Path) -> list[str]:
        target = self.target
        if self.node_ids:
            args = [str(PACKAGE_DIR.parent / node_id) for node_id in self.node_ids]
        else:
            args = ["--pyargs", "conformance.suite"]
        args += [
            "-c", str(ini_file),
            # nodeids read conformance/suite/..., the same in every process of a run
            "--rootdir", str(PACKAGE_DIR.parent),
            "-p", "no:cacheprovider",
            *SUITE_PLUGINS,
            "-q", "--tb=short", "-rfE", "--color=no",
            option_flag("target"), target.base_url,
            option_flag("subscription"), target.subscription,
            option_flag("resource-group"), target.resource_group,
            option_flag("location"), target.location,
            option_flag("api-version"), target.api_version,
            option_flag("profile"), self.profile,
            option_flag("report-dir"), str(self.report_dir),
            option_flag("timeout"), f"{target.timeout:g}",
            option_flag("seed"), str(self.seed),
        ]
        if target.ca_cert:
            args += [option_flag("ca-cert"), target.ca_cert]
        if target.insecure:
            args.append(option_flag("insecure"))
        if target.azure_credential:
            args.append(option_flag("azure-credential"))
        if self.max_examples is not None:
            args += [option_flag("max-examples"), str(self.max_examples)]
        for feature in self.unsupported:
            args += [option_flag("unsupported"), feature]
        for requirement_id in self.requirements:
            args += [option_flag("requirement"), requirement_id]
        if not self.shrink:
            args.append(option_flag("no-shrink"))
        if self.shard:
            args += [option_flag("shard"), self.shard]
        if self.subscription2:
            args += [option_flag("subscription2"), self.subscription2]
        if self.settle_timeout is not None:
            args += [option_flag("settle-timeout"), f"{self.settle_timeout:g}"]
        if self.workers is not None:
            args += ["-n", self.workers]
        if self.select:
            args += ["-k", self.select]
        return args + list(self.extra_args)

    def environment(self) -> dict[str, str]:
        # PYTHONOPTIMIZE would strip every assert pytest does not rewrite: checks must not
        # pass because of how the caller's interpreter was configured.
        env = {key: value for key, value in os.environ.items() if key not in SCRUBBED_ENVIRONMENT}
        env["PYTHONUNBUFFERED"] = "1"
        env["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"  # SUITE_PLUGINS only
        if self.target.token:
            env[TOKEN_ENVIRONMENT_VARIABLE] = self.target.token
        env.pop(MAX_RPS_ENVIRONMENT_VARIABLE, None)
        if self.target.max_rps:
            env[MAX_RPS_ENVIRONMENT_VARIABLE] = f"{self.target.max_rps / self.processes():g}"
        return env

    def processes(self) -> int:
        """Processes sending requests, among which --max-rps is shared."""
        if self.workers == "auto":
            return max(1, os.cpu_count() or 1)
        return max(1, int(self.workers or 0))


@dataclass(frozen=True)
class SuiteOutcome:
    pytest_status: int
    interrupted: bool
    log: Path


def run_suite(invocation: SuiteInvocation, show: Callable[[str], None]) -> SuiteOutcome:
    """Run pytest on the suite; progress lines go to `show`, everything (redacted) to pytest.log."""
    invocation.report_dir.mkdir(parents=True, exist_ok=True)
    log_path = invocation.report_dir / PYTEST_LOG
    interrupted = False
    with tempfile.TemporaryDirectory(prefix="peering-conformance-") as workdir:
        ini_file = Path(workdir) / "pytest.ini"
        ini_file.write_text("[pytest]\n")  # the user's own pytest configuration stays out of the run
        with log_path.open("w", encoding="utf-8") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "pytest", *invocation.pytest_args(ini_file)],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                text=True,
                errors="replace",
                env=invocation.environment(),
                start_new_session=True,
            )
            relay = threading.Thread(target=_relay, args=(process, log, show), daemon=True)
            relay.start()
            try:
                status = process.wait(invocation.max_duration)
            except subprocess.TimeoutExpired:
                interrupted = True
                show(f"--max-duration {invocation.max_duration:g} s reached: stopping, deleting what the run created")
                status = _interrupt(process)
            except KeyboardInterrupt:
                interrupted = True
                show("interrupted: deleting what the run created (Ctrl-C again to stop at once)")
                status = _interrupt(process)
            relay.join(timeout=10)
    return SuiteOutcome(pytest_status=status, interrupted=interrupted, log=log_path)


def _relay(process: subprocess.Popen, log: TextIO, show: Callable[[str], None]) -> None:
    assert process.stdout is not None
    for line in process.stdout:
        line = redact_text(line) or ""
        log.write(line)
        log.flush()
        position = line.find(PROGRESS_PREFIX)
        if position >= 0:
            show(line[position + len(PROGRESS_PREFIX) :].rstrip())


def _interrupt(process: subprocess.Popen) -> int:
    """One SIGINT to pytest (alone in its session), a bounded wait, then SIGKILL to its group."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        return process.wait(INTERRUPT_GRACE_SECONDS)
    except (KeyboardInterrupt, subprocess.TimeoutExpired):
        os.killpg(process.pid, signal.SIGKILL)
        return process.wait()
