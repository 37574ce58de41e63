"""`peering-conformance selftest`: the suite against the unmutated endpoint, every
planted-bug variant and every legal variant, in parallel; a table, both scores
("planted bugs caught X/Y", "legal variants passed Z/W"), selftest.json.

Exit codes: 0 every MUST-level planted bug caught (confirmed, by a check naming its
requirement), every legal variant passed and no failure on the unmutated endpoint;
1 otherwise (a false failure included); 2 usage error.
"""

from __future__ import annotations

from pathlib import Path

import click

from conformance.selftest.markdown_table import markdown
from conformance.selftest.scoring import SELFTEST_FILE, table, write_document
from conformance.selftest.selftest_run import RUNS_SUBDIR, SelftestPlan, run_selftest
from conformance.selftest.variants import LEGAL_VARIANTS, VARIANTS


def _say(text: str) -> None:
    click.echo(f"selftest: {text}", err=True)


@click.command()
@click.option("-n", "workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Runs at once (each is a serve and a runner process).")
@click.option("--json", "json_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the table and score as JSON here.")
@click.option("--markdown", "markdown_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the table and score as Markdown here (e.g. docs/selftest.md).")
@click.option("--profile", type=click.Choice(["full"]), default="full", show_default=True,
              help="Run profile of every run (variants are narrowed within it, see --full-suite).")
@click.option("--variant", "variant_names", multiple=True, metavar="NAME",
              help="Only this variant, planted or legal (repeatable); all when omitted.")
@click.option("--full-suite", is_flag=True,
              help="Run every check against each variant instead of the checks naming its requirement.")
@click.option("--list", "list_only", is_flag=True, help="List the variants and exit.")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, help=f"Where {SELFTEST_FILE} and each run's report directory go.")
@click.option("--timeout", type=click.FloatRange(min=1), default=5.0, show_default=True,
              help="The runner's --timeout (one request or LRO); below the slow variant's delay.")
@click.option("--run-deadline", type=click.FloatRange(min=10), default=600.0, show_default=True,
              help="Seconds after which one run is stopped and reported not judged.")
def selftest(workers, json_path, markdown_path, profile, variant_names, full_suite, list_only, report_dir, timeout,
             run_deadline) -> None:
    """Measure which planted bugs the conformance suite catches, and that it passes every legal variant."""
    if list_only:
        for variant in VARIANTS.values():
            click.echo(f"{variant.name}\t{variant.requirement}\t{variant.level}\t{variant.summary}")
        for legal in LEGAL_VARIANTS.values():
            click.echo(f"{legal.name}\tlegal\t{legal.summary}\t{legal.reason}")
        return
    unknown = [name for name in variant_names if name not in VARIANTS and name not in LEGAL_VARIANTS]
    if unknown:
        raise click.UsageError(f"unknown variant(s) {', '.join(unknown)}; known: "
                               f"{', '.join([*VARIANTS, *LEGAL_VARIANTS])}")
    chosen = variant_names or (*VARIANTS, *LEGAL_VARIANTS)
    plan = SelftestPlan(
        variants=tuple(VARIANTS[name] for name in chosen if name in VARIANTS),
        legal_variants=tuple(LEGAL_VARIANTS[name] for name in chosen if name in LEGAL_VARIANTS),
        workers=workers,
        runs_dir=report_dir.resolve() / RUNS_SUBDIR,
        full_suite=full_suite,
        timeout=timeout,
        run_deadline=run_deadline,
        profile=profile,
    )
    document = run_selftest(plan, _say)
    write_document(document, report_dir / SELFTEST_FILE)
    if json_path is not None:
        write_document(document, json_path)
    if markdown_path is not None:
        markdown_path.write_text(markdown(document), encoding="utf-8")
    click.echo(table(document))
    click.get_current_context().exit(0 if document["passed"] else 1)

