"""`peering-conformance selftest`: the suite against the unmutated endpoint and against
every planted-bug variant, in parallel; a table, the mutation score, selftest.json.

Exit codes: 0 every MUST-level variant detected by a check naming its requirement and no
failure on the unmutated endpoint; 1 otherwise; 2 usage error.
"""

from __future__ import annotations

import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click

from conformance.requirements import load_catalog
from conformance.selftest.check_selection import unsupported_features
from conformance.selftest.scoring import SELFTEST_FILE, VariantVerdict, passed, selftest_document, table
from conformance.selftest.variant_runs import RunRequest, run_suite_against
from conformance.selftest.variants import VARIANTS

UNMUTATED = "unmutated"


def _say(text: str) -> None:
    click.echo(f"selftest: {text}", err=True)


@click.command()
@click.option("-n", "workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Runs at once (each is a serve and a runner process).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the table and score as JSON here.")
@click.option("--profile", type=click.Choice(["full"]), default="full", show_default=True,
              help="Run profile of every run (variants are narrowed within it, see --full-suite).")
@click.option("--variant", "variant_names", multiple=True, metavar="NAME",
              help="Only this variant (repeatable); all when omitted.")
@click.option("--full-suite", is_flag=True,
              help="Run every check against each variant instead of the checks of its requirement's area.")
@click.option("--list", "list_only", is_flag=True, help="List the variants and exit.")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, help=f"Where {SELFTEST_FILE} and each run's report directory go.")
@click.option("--timeout", type=click.FloatRange(min=1), default=10.0, show_default=True,
              help="The runner's --timeout (one request or LRO); below the slow variant's delay.")
@click.option("--run-deadline", type=click.FloatRange(min=10), default=600.0, show_default=True,
              help="Seconds after which one run is stopped and reported not judged.")
def selftest(workers, json_path, profile, variant_names, full_suite, list_only, report_dir, timeout,
             run_deadline) -> None:
    """Measure which planted bugs the conformance suite catches."""
    if list_only:
        for variant in VARIANTS.values():
            click.echo(f"{variant.name}\t{variant.requirement}\t{variant.level}\t{variant.summary}")
        return
    unknown = [name for name in variant_names if name not in VARIANTS]
    if unknown:
        raise click.UsageError(f"unknown variant(s) {', '.join(unknown)}; known: {', '.join(VARIANTS)}")
    variants = [VARIANTS[name] for name in (variant_names or VARIANTS)]
    catalog = load_catalog()
    runs_dir = report_dir.resolve() / "selftest-runs"

    def request(name: str, requirement: str | None) -> RunRequest:
        return RunRequest(
            mutant=None if name == UNMUTATED else name,
            report_dir=runs_dir / name,
            unsupported=tuple(unsupported_features(catalog, requirement, full_suite)),
            timeout=timeout,
            run_deadline=run_deadline,
        )

    started = time.monotonic()
    _say(f"{len(variants)} variant(s) and the unmutated endpoint, {workers} at a time; runs in {runs_dir}")
    with ThreadPoolExecutor(max_workers=workers) as pool:
        unmutated_run = pool.submit(run_suite_against, request(UNMUTATED, None))
        variant_runs = [(v, pool.submit(_announced, request(v.name, v.requirement))) for v in variants]
        verdicts = [VariantVerdict(variant, future.result()) for variant, future in variant_runs]
        unmutated = unmutated_run.result()
    selection = "full suite per variant" if full_suite else "checks of the variant requirement's area"
    document = selftest_document(verdicts, unmutated, selection, time.monotonic() - started)
    text = json.dumps(document, indent=2)
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / SELFTEST_FILE).write_text(text + "\n", encoding="utf-8")
    if json_path is not None:
        json_path.write_text(text + "\n", encoding="utf-8")
    click.echo(table(document))
    click.get_current_context().exit(0 if passed(verdicts, unmutated) else 1)


def _announced(run: RunRequest):
    findings = run_suite_against(run)
    _say(f"{run.mutant}: {len(findings.failed_requirements)} requirement(s) failed, {findings.seconds:.0f}s")
    return findings
