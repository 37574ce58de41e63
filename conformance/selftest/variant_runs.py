"""One self-test run: a `serve` subprocess (the variant, or the unmutated endpoint) and a
`peering-conformance run` subprocess against it, each bounded in time, reduced to what
results.json says failed.

The runner re-checks every failing check once (as a vendor's run does): a requirement
failed in both results.json and recheck/results.json is *confirmed*; one that failed
first and not again is *flaky*. Target errors are kept apart: they judge nothing."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from conformance.reference.server import ServeProcess
from conformance.report.flake_control import RECHECK_DIR
from conformance.results import RESULTS_FILE, RunResults, load_results
from conformance.runner.pytest_invocation import INTERRUPT_GRACE_SECONDS
from conformance.selftest.check_selection import RUN_PROFILE

# Every endpoint (the unmutated one included) pages by 2, so paging is exercised by a few items.
SERVE_OPTIONS = ("--retry-after", "0", "--page-size", "2")
FAILED, TARGET_ERROR, NOT_COVERED = "fail", "target-error", "not-covered"
FAILED_CHECK_OUTCOMES = ("failed", "error", "target-error")
# The subscription the cross-subscription check (SYNC-023) uses: any id serves.
SECOND_SUBSCRIPTION = "11111111-1111-1111-1111-111111111111"
# Beyond the runner's own grace for its pytest, for the runner itself to exit.
STOP_MARGIN_SECONDS = 15.0


@dataclass(frozen=True)
class RunRequest:
    """What to run: `mutant` None is the unmutated endpoint."""

    mutant: str | None
    report_dir: Path
    # `run --requirement` IDs; empty: every check of the profile
    requirements: tuple[str, ...] = ()
    timeout: float = 10.0
    run_deadline: float = 600.0
    seed: int = 1
    max_examples: int = 5
    profile: str = RUN_PROFILE


@dataclass
class RunFindings:
    """What one run found: requirement IDs failed or hit by a target error, with their checks."""

    exit_code: int | None
    seconds: float
    # requirement ID -> its failing checks, for every requirement judged fail or target-error
    failed_requirements: dict[str, list[str]] = field(default_factory=dict)
    problem: str | None = None  # the run could not judge: no results, hung, endpoint did not start
    # requirements of the run's scope that no check judged (results.json verdict not-covered)
    not_covered: list[str] = field(default_factory=list)
    # of failed_requirements: those judged target-error (nothing concluded)
    target_errors: list[str] = field(default_factory=list)
    # of failed_requirements: those failing again when their checks were re-run
    confirmed: list[str] = field(default_factory=list)
    # requirement ID -> its level, for every failed requirement
    levels: dict[str, str] = field(default_factory=dict)

    def failed_at(self, level: str) -> list[str]:
        """Requirements of this level judged fail (target errors apart)."""
        return sorted(r for r, lvl in self.levels.items() if lvl == level and r not in self.target_errors)


def run_suite_against(request: RunRequest) -> RunFindings:
    started = time.monotonic()
    request.report_dir.mkdir(parents=True, exist_ok=True)
    serve_args = [*SERVE_OPTIONS, *(["--mutant", request.mutant] if request.mutant else [])]
    try:
        with ServeProcess(serve_args, request.report_dir) as endpoint:
            exit_code, problem = _run_runner(request, endpoint.url, endpoint.ca_cert)
    except RuntimeError as exc:
        return RunFindings(None, time.monotonic() - started, problem=f"endpoint did not start: {exc}")
    findings = RunFindings(exit_code, time.monotonic() - started, problem=problem)
    if (request.report_dir / RESULTS_FILE).exists():
        results = load_results(request.report_dir)
        findings.failed_requirements = failed_requirements(results)
        findings.not_covered = [verdict.id for verdict in results.requirements if verdict.verdict == NOT_COVERED]
        findings.target_errors = [verdict.id for verdict in results.requirements if verdict.verdict == TARGET_ERROR]
        findings.levels = {v.id: v.level for v in results.requirements if v.id in findings.failed_requirements}
        recheck = request.report_dir / RECHECK_DIR / RESULTS_FILE
        findings.confirmed = confirmed_failures(results, load_results(recheck) if recheck.exists() else None)
    elif findings.problem is None:
        findings.problem = f"no results.json (runner exit {exit_code}); see {request.report_dir / 'runner.log'}"
    return findings


def runner_command(request: RunRequest, url: str, ca_cert: str | None) -> list[str]:
    """The `peering-conformance run` command line of one self-test run."""
    command = [
        sys.executable, "-m", "conformance", "run", "--target", url, "--report-dir", str(request.report_dir),
        "--profile", request.profile, "--timeout", f"{request.timeout:g}", "--seed", str(request.seed),
        "--max-examples", str(request.max_examples),
        # The served endpoint is consistent at once: a short settle timeout keeps a caught
        # variant's failing expectation from waiting the default for a real target.
        "--settle-timeout", "2",
        # Only results.json is read. Failures are re-checked once (a catch must be confirmed),
        # never shrunk (the failure itself is the finding).
        "--format", "json", "--no-shrink", "--subscription2", SECOND_SUBSCRIPTION,
        # One process per run: the self-test runs several at once already.
        "-n", "0",
    ]
    command += ["--ca-cert", ca_cert] if ca_cert else ["--insecure"]
    for requirement_id in request.requirements:
        command += ["--requirement", requirement_id]
    return command


def _run_runner(request: RunRequest, url: str, ca_cert: str | None) -> tuple[int | None, str | None]:
    command = runner_command(request, url, ca_cert)
    with (request.report_dir / "runner.log").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            return process.wait(timeout=request.run_deadline), None
        except subprocess.TimeoutExpired:
            _stop(process)
            return None, f"the run did not finish within {request.run_deadline:g} s"


def _stop(process: subprocess.Popen) -> None:
    """Ctrl-C to the runner, which hands it to its pytest (in a session of its own, out of
    reach of a kill) so the run cleans up; a kill once that grace is over."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(INTERRUPT_GRACE_SECONDS + STOP_MARGIN_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def failed_requirements(results: RunResults) -> dict[str, list[str]]:
    """Requirement ID -> its failing checks, for every requirement judged fail or target-error."""
    outcomes = {check.test_id: check.outcome for check in results.checks}
    return {
        verdict.id: [test_id for test_id in verdict.checks if outcomes.get(test_id) in FAILED_CHECK_OUTCOMES]
        for verdict in results.requirements
        if verdict.verdict in (FAILED, TARGET_ERROR)
    }


def confirmed_failures(first: RunResults, recheck: RunResults | None) -> list[str]:
    """Requirements judged fail in the run and again in its re-check of the failing checks
    (None: no re-check ran, so nothing is confirmed)."""
    if recheck is None:
        return []
    again = {verdict.id for verdict in recheck.requirements if verdict.verdict == FAILED}
    return sorted(verdict.id for verdict in first.requirements if verdict.verdict == FAILED and verdict.id in again)
