"""After the suite: re-check the failing checks once, write every report, pick the exit code.

The exit code is the report's certification's (waivers and re-checks applied, through the
one `certify`), so `run`'s exit status and report.json never disagree.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from conformance.paths import REQUIREMENTS_FILE
from conformance.report.flake_control import RECHECK_DIR, failing_test_ids
from conformance.report.waivers import WaiverSet, load_waivers
from conformance.requirements.catalog import load_catalog
from conformance.results import RESULTS_FILE, RunResults
from conformance.runner.pytest_invocation import SuiteInvocation, run_suite

if TYPE_CHECKING:
    from conformance.report.report_files import ReportPaths

SELFTEST_MIN_WORKERS = 2


def check_waivers(path: Path) -> WaiverSet:
    """Read the waiver file before anything runs; WaiverError when it cannot be used."""
    return load_waivers(path, load_catalog(REQUIREMENTS_FILE))


def recheck_failures(invocation: SuiteInvocation, results: RunResults, show: Callable[[str], None]) -> Path | None:
    """Run every failed or errored check once more, results into `<report_dir>/recheck/`."""
    recheck_dir = invocation.report_dir / RECHECK_DIR
    shutil.rmtree(recheck_dir, ignore_errors=True)  # a stale re-check must not count for this run
    failing = failing_test_ids(results)
    if not failing or results.run.interrupted:
        return None
    show(f"re-checking {len(failing)} failing check(s) once")
    again = replace(invocation, report_dir=recheck_dir, node_ids=tuple(failing), select=None, workers=None)
    outcome = run_suite(again, show)
    if outcome.interrupted:
        raise KeyboardInterrupt
    path = recheck_dir / RESULTS_FILE
    return path if path.exists() else None


def write_run_reports(
    report_dir: Path, waivers: Path | None, recheck: Path | None, token: str | None, selftest: Path | None = None,
    baseline: Path | None = None,
) -> ReportPaths:
    from conformance.report.report_files import write_reports  # Jinja2, jsonschema: only now

    return write_reports(
        report_dir, waivers_path=waivers, recheck=recheck, secrets=[token] if token else [], selftest_path=selftest,
        baseline_path=baseline,
    )


def run_selftest_stage(invocation: SuiteInvocation, show: Callable[[str], None]) -> Path:
    """`run --selftest`: every planted-bug variant, as many at once as the run's workers
    but at least 2; `<report_dir>/selftest.json`, whose score the reports record."""
    from conformance.selftest.scoring import SELFTEST_FILE, score_lines, write_document
    from conformance.selftest.selftest_run import RUNS_SUBDIR, SelftestPlan, run_selftest
    from conformance.selftest.variants import LEGAL_VARIANTS, VARIANTS

    plan = SelftestPlan(
        variants=tuple(VARIANTS.values()),
        legal_variants=tuple(LEGAL_VARIANTS.values()),
        workers=max(invocation.processes(), SELFTEST_MIN_WORKERS),
        runs_dir=invocation.report_dir.resolve() / RUNS_SUBDIR,
    )
    document = run_selftest(plan, lambda text: show(f"selftest: {text}"))
    for line in score_lines(document):
        show(f"selftest: {line}")
    return write_document(document, invocation.report_dir / SELFTEST_FILE)


def report_lines(paths: ReportPaths) -> list[str]:
    lines = [f"certification: {paths.certification.verdict}"]
    lines += [f"  {reason}" for reason in paths.certification.reasons]
    for label, path in (("report", paths.report_html), ("report.json", paths.report_json),
                        ("junit", paths.junit_xml), ("summary", paths.summary_md),
                        ("evidence", paths.evidence_zip)):
        if path is not None:
            lines.append(f"{label}: {path}")
    return lines
