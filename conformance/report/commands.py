"""`peering-conformance report render|merge|diff|compare`, `verify` and `replay`.

Exit codes: 0 done (verify: the bundle is intact); 1 verify found tampering, replay got
no answer, merge was given an incomplete or inconsistent set of shards, or diff found a
regression; 2 usage errors (bad arguments, unreadable or malformed inputs), reported in
one line without a traceback. `report merge` otherwise exits as `run` would for the
merged run.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict
from pathlib import Path

import click

from conformance.report.evidence import verify_bundle
from conformance.report.replay import (
    ReplayError,
    find_exchange,
    real_target_refusal,
    replay_request,
    send,
    side_by_side,
)
from conformance.report.report_files import REPORT_JSON, ReportInputError, render_from_report, write_reports
from conformance.report.report_schema import ReportSchemaError
from conformance.report.waivers import WaiverError
from conformance.requirements.catalog import CatalogError
from conformance.results.results_file import RESULTS_FILE, TRANSCRIPT_FILE
from conformance.exchanges.redaction import register_secret
from conformance.target.config import InvalidTargetConfig, TargetConfig

DEFAULT_REPORT_DIR = "reports"


class InputProblem(click.ClickException):
    """Inputs that cannot be used: exit 2, like other usage errors."""

    exit_code = 2


@click.group()
def report() -> None:
    """Render reports from a finished run."""


@report.command()
@click.argument("results", type=click.Path(exists=True, path_type=Path))
@click.option("--waivers", "waivers_path", type=click.Path(path_type=Path),
              help="waiver file (YAML: id, reason, owner, expires)")
@click.option("--recheck", type=click.Path(exists=True, path_type=Path),
              help="results of re-running the failing checks (default: RESULTS_DIR/recheck/ when present)")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="where to write (default: next to RESULTS)")
def render(results: Path, waivers_path: Path | None, recheck: Path | None, out_dir: Path | None) -> None:
    """(Re)render report.json, junit.xml, report.html, summary.md and evidence.zip.

    RESULTS is a report directory, its results.json, or a report.json (which re-renders
    the HTML, Markdown and JUnit views only; waivers then cannot be re-applied).
    """
    source = _source(results)
    try:
        if source.name == REPORT_JSON:
            if waivers_path is not None or recheck is not None:
                raise InputProblem("--waivers and --recheck need results.json: a report.json is already judged")
            paths = render_from_report(source, out_dir=out_dir)
        else:
            paths = write_reports(source, waivers_path=waivers_path, recheck=recheck, out_dir=out_dir)
    except (ReportInputError, WaiverError, CatalogError, ReportSchemaError) as exc:
        raise InputProblem(str(exc)) from exc
    for path in (paths.report_json, paths.junit_xml, paths.report_html, paths.summary_md, paths.evidence_zip):
        if path is not None:
            click.echo(f"wrote {path}")
    click.echo(f"certification: {paths.certification.verdict}")


def _source(results: Path) -> Path:
    """What RESULTS names: a directory means its results.json."""
    if results.is_dir():
        if (results / RESULTS_FILE).is_file():
            return results
        if (results / REPORT_JSON).is_file():
            return results / REPORT_JSON
        raise InputProblem(f"{results} holds neither {RESULTS_FILE} nor {REPORT_JSON}")
    if results.name == REPORT_JSON:
        return results
    if results.suffix != ".json":
        raise InputProblem(f"{results}: expected a report directory, a {RESULTS_FILE} or a {REPORT_JSON}")
    return results


@report.command()
@click.argument("shard_dirs", metavar="DIR...", nargs=-1, required=True,
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="where the merged results.json, reports and evidence.zip go")
def merge(shard_dirs: tuple[Path, ...], out_dir: Path) -> None:
    """Join the report directories of `run --shard K/N` runs into one run.

    Writes one results.json (the checks of every shard judged together), one report set and
    one evidence.zip. It certifies only when every shard 1..N is there once and all ran the
    same suite version, catalog, profile, seed and target; otherwise it says why, the merged
    run is partial and the exit code is 1. Else the exit code is `run`'s for the merged run.
    """
    from conformance.results.shard_merge import ShardInputError, merge_shards, read_shard, write_merged

    try:
        merged = merge_shards([read_shard(directory) for directory in shard_dirs])
    except ShardInputError as exc:
        raise InputProblem(str(exc)) from exc
    write_merged(merged, out_dir)
    _merge_rechecks(shard_dirs, out_dir)
    try:
        paths = write_reports(out_dir)
    except (ReportInputError, CatalogError, ReportSchemaError) as exc:
        raise InputProblem(str(exc)) from exc
    for path in (out_dir / RESULTS_FILE, paths.report_json, paths.junit_xml, paths.report_html, paths.summary_md,
                 paths.evidence_zip):
        if path is not None:
            click.echo(f"wrote {path}")
    for problem in merged.problems:
        click.echo(f"cannot certify: {problem}", err=True)
    click.echo(f"certification: {paths.certification.verdict}")
    code = 1 if merged.problems else paths.certification.exit_code
    click.get_current_context().exit(code)


def _merge_rechecks(shard_dirs: tuple[Path, ...], out_dir: Path) -> None:
    """The shards' re-runs of their failing checks (`recheck/`), joined, so the merged reports
    tell flaky failures from confirmed ones as a single run's would."""
    from conformance.report.flake_control import RECHECK_DIR
    from conformance.results.shard_merge import merge_shards, read_shard, write_merged

    shutil.rmtree(out_dir / RECHECK_DIR, ignore_errors=True)
    found = [directory / RECHECK_DIR for directory in shard_dirs if (directory / RECHECK_DIR / RESULTS_FILE).is_file()]
    if found:
        write_merged(merge_shards([read_shard(directory) for directory in found]), out_dir / RECHECK_DIR)


@report.command()
@click.argument("old", type=click.Path(exists=True, path_type=Path))
@click.argument("new", type=click.Path(exists=True, path_type=Path))
def diff(old: Path, new: Path) -> None:
    """Print what changed from run OLD to run NEW, as Markdown for a pull-request comment.

    OLD and NEW are results.json files, report directories or evidence.zip bundles. Exits 1
    on a regression (a requirement that passed in OLD fails in NEW), else 0.
    """
    from conformance.report.baseline_section import baseline_markdown
    from conformance.results.baseline_diff import RunResultsError, compare, load_run_results

    try:
        comparison = compare(load_run_results(old), load_run_results(new), source=old.name)
    except RunResultsError as exc:
        raise InputProblem(str(exc)) from exc
    click.echo(baseline_markdown(comparison, heading="##"))
    click.get_current_context().exit(1 if comparison.regressed else 0)


@report.command()
@click.argument("runs", metavar="RUN...", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@click.option("--output", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="where comparison.html and comparison.md go")
@click.option("--label", "labels", metavar="NAME", multiple=True,
              help="a name for each RUN in order (default: run 1, run 2, ...); repeatable")
def compare(runs: tuple[Path, ...], out_dir: Path, labels: tuple[str, ...]) -> None:
    """Put runs side by side: requirements down, runs across, differences highlighted.

    Each RUN is a results.json, a report directory or an evidence.zip. Writes one
    self-contained comparison.html and a Markdown comparison.md, and prints the Markdown.
    """
    from conformance.report.comparison_page import compare_runs, comparison_markdown, load_runs, write_comparison
    from conformance.results.baseline_diff import RunResultsError

    if len(runs) < 2:
        raise InputProblem("give at least two runs to compare")
    if len(labels) > len(runs):
        raise InputProblem(f"{len(labels)} --label for {len(runs)} runs")
    try:
        comparison = compare_runs(load_runs(list(runs)), list(labels))
    except RunResultsError as exc:
        raise InputProblem(str(exc)) from exc
    html, markdown = write_comparison(comparison, out_dir)
    click.echo(comparison_markdown(comparison))
    click.echo(f"wrote {html}")
    click.echo(f"wrote {markdown}")


@click.command()
@click.argument("bundle", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="print the verification as JSON")
def verify(bundle: Path, as_json: bool) -> None:
    """Check an evidence bundle: every digest, the manifest, and report.json's schema.

    Exits 0 when intact, 1 on any missing, extra or altered file.
    """
    result = verify_bundle(bundle)
    if as_json:
        click.echo(json.dumps({
            "bundle": str(bundle), "ok": result.ok, "problems": result.problems,
            "manifest_sha256": result.manifest_sha256,
            "files": [asdict(member) for member in result.members],
        }, indent=2))
    else:
        for member in result.members:
            click.echo(f"{member.sha256}  {member.name}")
        if result.manifest_sha256:
            click.echo(f"{result.manifest_sha256}  manifest.json")
        for problem in result.problems:
            click.echo(f"TAMPERED: {problem}", err=True)
        click.echo(f"{bundle}: {'OK' if result.ok else 'FAILED'}")
    if not result.ok:
        click.get_current_context().exit(1)


@click.command()
@click.argument("exchange_id", metavar="ID")
@click.option("--target", "target_url", required=True, metavar="URL", help="base URL to send the request to")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_REPORT_DIR,
              show_default=True, help="the run's report directory (holds transcript.jsonl)")
@click.option("--token", envvar="PEERING_CONFORMANCE_TOKEN", help="bearer token (or PEERING_CONFORMANCE_TOKEN)")
@click.option("--ca-cert", type=click.Path(exists=True, dir_okay=False), help="CA file the target's certificate chains to")
@click.option("--insecure", is_flag=True, help="do not verify the target's TLS certificate")
@click.option("--timeout", type=float, default=60.0, show_default=True, help="seconds to wait for the answer")
@click.option("--allow-real-target", is_flag=True, help="Allow a target that is not loopback.")
def replay(exchange_id: str, target_url: str, report_dir: Path, token: str | None,
           ca_cert: str | None, insecure: bool, timeout: float, allow_real_target: bool) -> None:
    """Re-send a recorded exchange (e.g. a failure's replay id) and compare the answers."""
    if ca_cert and insecure:
        raise click.UsageError("give either --ca-cert or --insecure, not both")
    refusal = real_target_refusal(target_url)
    if refusal and not allow_real_target:
        raise click.UsageError(refusal)
    register_secret(token)
    try:
        exchange = find_exchange(report_dir / TRANSCRIPT_FILE, exchange_id)
        request = replay_request(exchange, target_url, token)
        target = TargetConfig(target_url, ca_cert=ca_cert, insecure=insecure, timeout=timeout)
    except (ReplayError, InvalidTargetConfig) as exc:
        raise InputProblem(str(exc)) from exc
    response = send(request, target)
    click.echo(side_by_side(exchange, request, response), nl=False)
    if response.status is None:
        click.get_current_context().exit(1)
