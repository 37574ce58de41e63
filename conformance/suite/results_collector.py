"""The controller's side of a run: check results from pytest reports, then results.json.

Runs in the only process, or in the xdist controller, which receives every worker's
reports (with the evidence CheckRecorder attached) and, when a worker ends, what it
could not clean up. At session end it merges the workers' transcripts and writes
results.json, also after a failure or Ctrl-C (then marked interrupted).
"""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path
from datetime import datetime, timezone

import pytest

from conformance import __version__
from conformance.results import (
    CheckResult,
    FindingRecord,
    RunMetadata,
    RunResults,
    TRANSCRIPT_FILE,
    aggregate,
    merge_transcripts,
    summarize,
    write_results,
)
from conformance.suite import check_recorder as props
from conformance.suite.convergence import CONVERGENCE_PROPERTY
from conformance.suite.progress import say
from conformance.suite.run_state import RunState, partial_dir

# What an xdist worker could not clean up, in its workeroutput (set by plugin.py).
LEFTOVERS_KEY = "conformance_leftovers"
_ABORTED = (pytest.ExitCode.INTERRUPTED, pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


class ResultsCollector:
    def __init__(self, state: RunState) -> None:
        self.state = state
        self.checks: dict[str, CheckResult] = {}
        # Checks whose outcome is known: the call reported, or setup failed or skipped.
        # One cut short by Ctrl-C is left out: it proved nothing either way.
        self.concluded: set[str] = set()
        self.workers = 0
        # Suite modules that failed to load: their checks never ran, so the run is partial.
        self.broken_modules: list[str] = []
        self.started = _now()
        self._began = time.monotonic()

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodeready(self, node: object) -> None:
        self.workers += 1

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: object, error: object) -> None:
        output = getattr(node, "workeroutput", None) or {}
        self.state.leftovers.extend(output.get(LEFTOVERS_KEY, []))

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed and report.nodeid not in self.broken_modules:
            self.broken_modules.append(report.nodeid)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        evidence = dict(
            (key, value) for key, value in report.user_properties if key.startswith(props.PROPERTY_PREFIX)
        )
        check = self.checks.get(report.nodeid)
        if check is None:
            check = CheckResult(
                test_id=report.nodeid,
                requirement_ids=list(evidence.get(props.REQUIREMENTS, [])),
                outcome="passed",
                worker=evidence.get(props.WORKER),
            )
            self.checks[report.nodeid] = check
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.concluded.add(report.nodeid)
        check.duration_s = round(check.duration_s + report.duration, 3)
        check.exchange_ids += evidence.get(props.EXCHANGES, [])
        check.findings += [FindingRecord(**item) for item in evidence.get(props.FINDINGS, [])]
        if props.JUDGED in evidence:
            check.judged_requirement_ids = sorted(set(check.judged_requirement_ids or []) | set(evidence[props.JUDGED]))
        convergence = dict(report.user_properties).get(CONVERGENCE_PROPERTY)
        if convergence:  # item properties accumulate: the latest report has them all
            check.convergence_s = [float(seconds) for seconds in convergence]
        if report.failed:
            self._failed(check, report, evidence)
        elif report.skipped and check.outcome == "passed":
            check.outcome = "not-applicable" if evidence.get(props.NOT_APPLICABLE) else "skipped"
            check.message = evidence.get(props.MESSAGE, "")

    @staticmethod
    def _failed(check: CheckResult, report: pytest.TestReport, evidence: dict) -> None:
        if check.outcome not in ("passed", "skipped", "not-applicable"):
            return  # the first failure of a check is the one that explains it
        if evidence.get(props.TARGET_ERROR):
            check.outcome = "target-error"
        else:
            check.outcome = "failed" if report.when == "call" else "error"
            check.failed_requirement_ids = list(evidence.get(props.FAILED_REQUIREMENTS, []))
        message = evidence.get(props.MESSAGE, "")
        check.message = message if report.when == "call" else f"{report.when}: {message}"
        check.curl = evidence.get(props.CURL)
        check.failing_exchange_id = evidence.get(props.FAILING_EXCHANGE)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        options = self.state.options
        say(session.config, f"writing results to {options.report_dir}")
        partials = partial_dir(options)
        merge_transcripts(partials.glob("transcript-*.jsonl"), options.report_dir / TRANSCRIPT_FILE)
        shutil.rmtree(partials, ignore_errors=True)
        checks = [check for check in self.checks.values() if check.test_id in self.concluded]
        verdicts = aggregate(self.state.scope.scoped_requirements(), checks)
        config = self.state.target_config
        interrupted = exitstatus in _ABORTED
        scope = self.state.scope.record(
            select=_selection(session.config),
            max_examples=options.max_examples,
            shard=getattr(options, "shard", None),
            catalog_sha256=_catalog_digest(),
            other_reasons=[f"suite part(s) failed to load, their checks did not run: {', '.join(self.broken_modules)}"]
            if self.broken_modules else [],
        )
        run = RunMetadata(
            suite_version=__version__,
            run_id=options.run_id,
            target_url=config.base_url,
            api_version=config.api_version,
            profile=options.profile,
            unsupported=list(options.unsupported),
            seed=options.seed,
            max_examples=options.max_examples,
            started=self.started,
            ended=_now(),
            duration_s=round(time.monotonic() - self._began, 2),
            workers=self.workers,
            interrupted=interrupted,
            pytest_exit_status=int(exitstatus),
            leftovers=sorted(set(self.state.leftovers)),
            scope=scope,
        )
        summary = summarize(verdicts, checks, scope=scope, interrupted=interrupted)
        results = RunResults(run=run, summary=summary, requirements=verdicts, checks=checks)
        write_results(options.report_dir, results)


def _selection(config: pytest.Config) -> str | None:
    """How the pytest command line narrowed the suite beyond the run's own scope: -k, -m,
    or named tests (the runner's --select is -k)."""
    parts = []
    if config.option.keyword:
        parts.append(f"-k {config.option.keyword}")
    if config.option.markexpr:
        parts.append(f"-m {config.option.markexpr}")
    named = [arg for arg in config.args if "::" in arg]
    if named:
        parts.append(f"{len(named)} named test(s)")
    return "; ".join(parts) or None


def _catalog_digest() -> str | None:
    """Of the catalog file the run loaded: shards of one run must share it."""
    from conformance.paths import REQUIREMENTS_FILE

    try:
        return hashlib.sha256(Path(REQUIREMENTS_FILE).read_bytes()).hexdigest()
    except OSError:
        return None
