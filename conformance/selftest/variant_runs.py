"""One self-test run: a `serve` subprocess (the variant, or the unmutated endpoint) and a
`peering-conformance run` subprocess against it, each bounded in time, reduced to what
results.json says failed."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from conformance.reference.server import ServeProcess
from conformance.selftest.check_selection import RUN_PROFILE

# Every endpoint (the unmutated one included) pages by 2, so paging is exercised by a few items.
SERVE_OPTIONS = ("--retry-after", "0", "--page-size", "2")
FAILED_VERDICTS = ("fail", "target-error")
FAILED_CHECK_OUTCOMES = ("failed", "error", "target-error")


@dataclass(frozen=True)
class RunRequest:
    """What to run: `mutant` None is the unmutated endpoint."""

    mutant: str | None
    report_dir: Path
    unsupported: tuple[str, ...] = ()
    timeout: float = 10.0
    run_deadline: float = 600.0
    seed: int = 1
    max_examples: int = 5
    profile: str = RUN_PROFILE
    # A pytest -k expression handed to `run --select`, to narrow a run to the checks that matter.
    select: str | None = None


@dataclass
class RunFindings:
    """What one run found: requirement IDs failed (or hit a target error) with their checks."""

    exit_code: int | None
    seconds: float
    failed_requirements: dict[str, list[str]] = field(default_factory=dict)
    problem: str | None = None  # the run could not judge: no results, hung, endpoint did not start


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
    results = request.report_dir / "results.json"
    if results.exists():
        findings.failed_requirements = failed_requirements(json.loads(results.read_text(encoding="utf-8")))
    elif findings.problem is None:
        findings.problem = f"no results.json (runner exit {exit_code}); see {request.report_dir / 'runner.log'}"
    return findings


def _run_runner(request: RunRequest, url: str, ca_cert: str | None) -> tuple[int | None, str | None]:
    command = [
        sys.executable, "-m", "conformance", "run", "--target", url, "--report-dir", str(request.report_dir),
        "--profile", request.profile, "--timeout", f"{request.timeout:g}", "--seed", str(request.seed),
        "--max-examples", str(request.max_examples),
    ]
    command += ["--ca-cert", ca_cert] if ca_cert else ["--insecure"]
    for feature in request.unsupported:
        command += ["--unsupported", feature]
    if request.select:
        command += ["--select", request.select]
    with (request.report_dir / "runner.log").open("w", encoding="utf-8") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            return process.wait(timeout=request.run_deadline), None
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return None, f"the run did not finish within {request.run_deadline:g} s"


def failed_requirements(results: dict) -> dict[str, list[str]]:
    """Requirement ID -> its failing checks, for every requirement judged fail or target-error."""
    failing_checks = [c for c in results.get("checks", []) if c.get("outcome") in FAILED_CHECK_OUTCOMES]
    return {
        entry["id"]: [c["test_id"] for c in failing_checks if entry["id"] in c.get("requirement_ids", [])]
        for entry in results.get("requirements", [])
        if entry.get("verdict") in FAILED_VERDICTS
    }
