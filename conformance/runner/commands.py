"""`peering-conformance run`: the suite against a target, or against the embedded endpoint.

Exit codes: 0 every MUST requirement of the profile passed; 1 a MUST requirement failed;
2 usage or configuration error; 3 target unreachable or run aborted (Ctrl-C included).
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
from contextlib import ExitStack, closing
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import click

from conformance.results import RESULTS_FILE, RunResults, certification_of, load_results, write_results
from conformance.report.flake_control import RECHECK_DIR
from conformance.report.file_names import REPORT_FILES
from conformance.report.waivers import WaiverError
from conformance.runner import report_stage, run_summary
from conformance.runner.cleanup_command import cleanup, remove_leftovers_before_run
from conformance.runner.dry_run import plan_lines
from conformance.runner.target_safety import (
    REAL_TARGET_DEFAULT_MAX_RPS,
    foreign_vnets,
    real_target_refusal,
    shared_group_refusal,
)
from conformance.runner.pytest_invocation import SuiteInvocation, run_suite
from conformance.runner.reachability import probe
from conformance.runner.slow_targets import EmbeddedTiming, operation_seconds, workers_for
from conformance.suite.convergence import DEFAULT_SETTLE_TIMEOUT
from conformance.suite.run_options import TOKEN_ENVIRONMENT_VARIABLE
from conformance.results.shards import Shard, ShardError
from conformance.results.baseline_diff import (
    RunResultsError,
    compare,
    comparison_line,
    load_run_results,
    regression_exit_code,
)
from conformance.target.config import (
    DEFAULT_API_VERSION,
    DEFAULT_LOCATION,
    DEFAULT_RESOURCE_GROUP,
    DEFAULT_SUBSCRIPTION,
    DEFAULT_TIMEOUT,
    InvalidTargetConfig,
    TargetConfig,
)
from conformance.target.client import TargetClient
from conformance.target.embedded import EmbeddedEndpoint
from conformance.target.errors import NonConformance, TargetError, TargetUnreachable
from conformance.target.loopback import is_loopback

__all__ = ["cleanup", "run"]


class Workers(click.ParamType):
    """pytest-xdist's -n: a number of worker processes, or `auto`."""

    name = "WORKERS"

    def convert(self, value, param, ctx):
        text = str(value).strip().lower()
        if text == "auto" or (text.isdigit() and int(text) >= 0):
            return text
        self.fail(f"{value!r} is neither a number of workers nor 'auto'", param, ctx)


# Without -n: this many workers at most, one per core. Two halve a core run against the
# embedded endpoint on 2 cores (41 s -> 27 s); more only contend with the endpoint for CPU,
# and a real target is paced to a few requests per second whatever the number.
DEFAULT_MAX_WORKERS = 2
# The embedded endpoint accepts any subscription id: its runs check SYNC-023 in this one.
EMBEDDED_SECOND_SUBSCRIPTION = "11111111-1111-1111-1111-111111111111"


def default_workers() -> str | None:
    cores = os.cpu_count() or 1
    return str(min(cores, DEFAULT_MAX_WORKERS)) if cores > 1 else None


def say(text: str) -> None:
    click.echo(f"peering-conformance: {text}", err=True)


class RunAborted(Exception):
    """The run cannot go on; the message says why (exit 3)."""


ALL_REPORTS, JSON_ONLY = "all", "json"
REPORT_FORMATS = (ALL_REPORTS, JSON_ONLY)


@dataclass(frozen=True)
class ReportStage:
    """What follows the suite: a re-check of failing checks, and which report files."""

    recheck: bool = True
    report_format: str = ALL_REPORTS
    # run the self-test too and record its score in report.json (--selftest)
    selftest: bool = False
    # a previous run to compare with; the exit code then follows regressions (--baseline)
    baseline: Path | None = None


@click.command()
@click.option("--target", metavar="URL", help="Base URL of the implementation (http or https). "
              "Without it the embedded reference endpoint is started and tested.")
@click.option("--subscription", metavar="ID", default=DEFAULT_SUBSCRIPTION, show_default=True)
@click.option("--subscription2", metavar="ID",
              help="A second subscription the target accepts, for the cross-subscription check (SYNC-023; "
              "not-applicable without it). The embedded endpoint uses "
              f"{EMBEDDED_SECOND_SUBSCRIPTION} unless told otherwise.")
@click.option("--resource-group", metavar="NAME", default=DEFAULT_RESOURCE_GROUP, show_default=True,
              help="A resource group dedicated to the suite.")
@click.option("--location", metavar="L", default=DEFAULT_LOCATION, show_default=True)
@click.option("--api-version", metavar="V", default=DEFAULT_API_VERSION, show_default=True)
@click.option("--token", metavar="T", envvar=TOKEN_ENVIRONMENT_VARIABLE,
              help=f"Bearer token (or set {TOKEN_ENVIRONMENT_VARIABLE}); never written to any file.")
@click.option("--azure-credential", is_flag=True, help="Get tokens from azure-identity (extra 'azure').")
@click.option("--ca-cert", metavar="PATH", type=click.Path(exists=True, dir_okay=False),
              help="CA certificate file of the target's TLS certificate.")
@click.option("--insecure", is_flag=True, help="Do not verify the target's TLS certificate.")
@click.option("--profile", metavar="core|full|…", default="core", show_default=True,
              help="Run profile of the requirement catalog.")
@click.option("--report-dir", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              default=Path("reports"), show_default=True)
@click.option("-n", "workers", type=Workers(),
              help="Parallel workers (pytest-xdist): a number, 'auto', or 0 for none. Default: "
              f"{DEFAULT_MAX_WORKERS} on a machine with {DEFAULT_MAX_WORKERS} cores or more, else none.")
@click.option("--seed", metavar="S", type=click.IntRange(min=0), help="Seed of generated checks (random if omitted, printed).")
@click.option("--max-examples", metavar="N", type=click.IntRange(min=1), help="Examples per generated check.")
@click.option("--timeout", metavar="SECONDS", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_TIMEOUT, show_default=True,
              help="The longest wait for one operation: a request, or a long-running operation to its end.")
@click.option("--unsupported", metavar="FEATURE", multiple=True,
              help="A feature the target does not support (e.g. subnet-peering); its requirements are "
              "reported skipped-by-profile. Repeatable.")
@click.option("--waivers", "waivers_path", metavar="PATH", type=click.Path(dir_okay=False, path_type=Path),
              help="Waiver file (YAML): accepted failures with owner and expiry date.")
@click.option("--select", metavar="EXPR", help="Run only the checks matching this pytest -k expression.")
@click.option("--requirement", "requirements", metavar="ID", multiple=True,
              help="Run only the checks naming this requirement ID (e.g. SYNC-005); the other requirements "
              "are reported skipped-by-profile. Repeatable.")
@click.option("--shard", metavar="K/N",
              help="Run only shard K of N: a deterministic 1/N of the checks, for spreading one run over N "
              "machines; `report merge` joins the shards. A shard alone certifies nothing.")
@click.option("--baseline", metavar="PATH", type=click.Path(exists=True, path_type=Path),
              help="A previous run (its results.json, report directory or evidence.zip): the exit code then "
              "follows regressions only (passed then, fails now); the reports add what changed since.")
@click.option("--no-recheck", is_flag=True, help="Do not run failing checks a second time (no flaky/confirmed split).")
@click.option("--no-shrink", is_flag=True,
              help="Report a failure of a generated check as found, without shrinking it (bounds the time "
              "spent on a broken target).")
@click.option("--format", "report_format", type=click.Choice(REPORT_FORMATS), default="all", show_default=True,
              help="all: every report (html, json, junit, summary, evidence); json: results.json only "
              "(quicker; the exit code then follows results.json, without waivers).")
@click.option("--selftest", "with_selftest", is_flag=True,
              help="Also run the self-test (the suite against every planted-bug variant of the reference "
              "endpoint) and record its score and table in report.json, report.html and summary.md. "
              "It judges the suite, not the target: it does not change the exit code.")
@click.option("--allow-real-target", is_flag=True,
              help="Allow a target that is not loopback (e.g. management.azure.com: a real subscription).")
@click.option("--force", is_flag=True, help="Run even if the resource group holds VNets the suite did not create.")
@click.option("--dry-run", is_flag=True, help="Print the planned requests and exit without sending any.")
@click.option("--max-rps", metavar="N", type=click.FloatRange(min=0, min_open=True),
              help=f"Requests per second in all (default: unlimited on loopback, "
              f"{REAL_TARGET_DEFAULT_MAX_RPS:g} for a real target).")
@click.option("--settle-timeout", metavar="SECONDS", type=click.FloatRange(min=0),
              help="How long a check re-reads an eventually consistent target until it shows what a write "
              f"implies (default {DEFAULT_SETTLE_TIMEOUT:g}; against the embedded endpoint, by its lag).")
@click.option("--max-duration", metavar="SECONDS", type=click.FloatRange(min=0, min_open=True),
              help="Stop the run after this long as Ctrl-C does: delete what it created, write a partial "
              "report marked interrupted, exit 3.")
@click.option("--embedded-operation-ms", metavar="MS", type=click.IntRange(min=0), default=0,
              help="Embedded endpoint only: every operation stays InProgress this long (a slow target).")
@click.option("--embedded-remote-lag-ms", metavar="MS", type=click.IntRange(min=0), default=0,
              help="Embedded endpoint only: the other half of a pair shows a write's effects this much later "
              "(an eventually consistent target).")
def run(target, subscription, subscription2, resource_group, location, api_version, token, azure_credential, ca_cert,
        insecure, profile, report_dir, workers, seed, max_examples, timeout, unsupported, waivers_path,
        select, requirements, no_recheck, no_shrink, report_format, with_selftest, allow_real_target, force,
        dry_run, max_rps, shard, settle_timeout, max_duration, embedded_operation_ms,
        embedded_remote_lag_ms, baseline) -> None:
    """Run the conformance suite and write results to the report directory."""
    from conformance.suite.requirement_scope import RunScope, ScopeError

    # SIGTERM (`timeout`, CI runners) ends the run as Ctrl-C does: cleanup, partial report, exit 3.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    timing = EmbeddedTiming(embedded_operation_ms, embedded_remote_lag_ms)
    if target and timing != EmbeddedTiming():
        raise click.UsageError("--embedded-operation-ms and --embedded-remote-lag-ms apply to the embedded endpoint")
    if settle_timeout is None and not target:
        settle_timeout = timing.settle_timeout()
    workers_given = workers is not None

    if token and azure_credential:
        raise click.UsageError("give either --token or --azure-credential, not both")
    if ca_cert and insecure:
        raise click.UsageError("give either --ca-cert or --insecure, not both")
    if workers is None:
        workers = default_workers()
    try:
        RunScope.build(profile, unsupported, selected=requirements)
    except (ScopeError, ValueError) as exc:
        raise click.UsageError(str(exc)) from None
    if shard is not None:
        try:
            shard = str(Shard.parse(shard))
        except ShardError as exc:
            raise click.UsageError(str(exc)) from None
    if baseline is not None:
        try:
            load_run_results(baseline)
        except RunResultsError as exc:
            raise click.UsageError(str(exc)) from None
        baseline = baseline.resolve()
    if waivers_path is not None and report_format == JSON_ONLY:
        raise click.UsageError("--waivers applies to the reports; --format json writes results.json only")
    if waivers_path is not None:
        try:
            report_stage.check_waivers(waivers_path)
        except WaiverError as exc:
            raise click.UsageError(str(exc)) from None
        waivers_path = waivers_path.resolve()
    real_target = bool(target) and urlsplit(target).scheme in ("http", "https") and not is_loopback(target)
    if real_target and not allow_real_target and not dry_run:
        raise click.UsageError(real_target_refusal(target))
    if max_rps is None and real_target:
        max_rps = REAL_TARGET_DEFAULT_MAX_RPS
    settings = dict(
        subscription=subscription, resource_group=resource_group, location=location, api_version=api_version,
        token=token, azure_credential=azure_credential, ca_cert=ca_cert, insecure=insecure,
        timeout=timeout, lro_deadline=timeout, max_rps=max_rps,
    )
    seed = seed if seed is not None else secrets.randbelow(2**31)
    if not target and subscription2 is None:
        subscription2 = EMBEDDED_SECOND_SUBSCRIPTION
    report_dir = report_dir.resolve()
    try:
        with ExitStack() as stack:
            if dry_run:
                invocation = SuiteInvocation(
                    target=TargetConfig(base_url=target or "https://127.0.0.1:0", **settings), profile=profile,
                    report_dir=report_dir, seed=seed, workers=workers, unsupported=tuple(unsupported), select=select,
                    requirements=tuple(requirements), shrink=not no_shrink, subscription2=subscription2,
                    shard=shard,
                )
                for line in plan_lines(invocation, max_rps, recheck=not no_recheck):
                    click.echo(line)
                click.get_current_context().exit(0)
            config = _target_config(target, settings, stack, timing)
            # One session for everything the runner sends itself (pacing, retries, guard).
            client = stack.enter_context(closing(TargetClient(config)))
            _check_reachable(client)
            _check_dedicated_group(client, force)
            remove_leftovers_before_run(client, say)
            if not workers_given:
                workers = _workers_for_target(client, workers)
            say(f"seed {seed} (repeat with --seed {seed})")
            invocation = SuiteInvocation(
                target=config, profile=profile, report_dir=report_dir, seed=seed, workers=workers,
                max_examples=max_examples, unsupported=tuple(unsupported), select=select,
                requirements=tuple(requirements), shrink=not no_shrink, subscription2=subscription2,
                shard=shard, settle_timeout=settle_timeout, max_duration=max_duration,
            )
            code = _run_and_summarize(
                invocation, waivers_path, ReportStage(not no_recheck, report_format, with_selftest, baseline)
            )
    except InvalidTargetConfig as exc:
        raise click.UsageError(str(exc)) from None
    except RunAborted as exc:
        say(str(exc))
        code = run_summary.EXIT_UNREACHABLE_OR_ABORTED
    except KeyboardInterrupt:
        say("interrupted")
        code = run_summary.EXIT_UNREACHABLE_OR_ABORTED
    click.get_current_context().exit(code)


def _workers_for_target(client: TargetClient, default: str | None) -> str | None:
    """More workers than cores when the target's operations take seconds (slow_targets.py)."""
    seconds = operation_seconds(client)
    workers = workers_for(seconds, default)
    if workers != default:
        say(f"one operation took {seconds:.1f} s: {workers} workers, to keep operations in flight (-n to choose)")
    return workers


def _target_config(target: str | None, settings: dict, stack: ExitStack, timing: EmbeddedTiming) -> TargetConfig:
    if target:
        return TargetConfig(base_url=target, **settings)
    if settings["ca_cert"] or settings["insecure"]:
        raise click.UsageError("--ca-cert and --insecure apply to --target; the embedded endpoint brings its own CA")
    say("starting the embedded reference endpoint")
    endpoint = EmbeddedEndpoint(
        https=True, lro="async", retry_after=1 if timing.operation_ms else 0, require_token=settings["token"],
        operation_ms=timing.operation_ms, remote_lag_ms=timing.remote_lag_ms,
    )
    try:
        stack.enter_context(endpoint)
    except TargetUnreachable as exc:
        raise RunAborted(str(exc)) from None
    say(f"embedded reference endpoint at {endpoint.url}")
    return TargetConfig(base_url=endpoint.url, **{**settings, "ca_cert": endpoint.ca_cert})


def _check_reachable(client: TargetClient) -> None:
    say(f"checking that {client.config.base_url} answers")
    try:
        status = probe(client)
    except TargetUnreachable as exc:
        raise RunAborted(f"the target is unreachable: {exc}") from None
    say(f"target answered HTTP {status}")


def _check_dedicated_group(client: TargetClient, force: bool) -> None:
    try:
        foreign = foreign_vnets(client)
    except (TargetError, NonConformance) as exc:
        raise RunAborted(f"cannot list the resource group's VNets: {exc}") from None
    if foreign and not force:
        raise click.UsageError(shared_group_refusal(client.config.resource_group, foreign))
    if foreign:
        say(f"--force: running beside {len(foreign)} VNets the suite did not create")


def _run_and_summarize(invocation: SuiteInvocation, waivers_path: Path | None, stage: ReportStage) -> int:
    results_path = invocation.report_dir / RESULTS_FILE
    results_path.unlink(missing_ok=True)  # a stale file must not pass for this run's results
    outcome = run_suite(invocation, say)
    if not results_path.exists():
        raise RunAborted(
            f"run aborted: pytest exited {outcome.pytest_status} without writing results; see {outcome.log}"
            + "\n" + _tail(outcome.log)
        )
    results = load_results(results_path)
    if outcome.interrupted and not results.run.interrupted:
        results.run.interrupted = True
        results.summary.certification = certification_of(results)
        write_results(invocation.report_dir, results)
    if results.run.interrupted and not outcome.interrupted:
        click.echo(_tail(outcome.log), err=True)
    for line in run_summary.summary_lines(results, invocation.report_dir):
        click.echo(line)
    if stage.recheck:
        recheck = report_stage.recheck_failures(invocation, results, say)
    else:
        recheck = None
        shutil.rmtree(invocation.report_dir / RECHECK_DIR, ignore_errors=True)
    selftest = report_stage.run_selftest_stage(invocation, say) if stage.selftest else None
    if stage.report_format == JSON_ONLY:
        for name in REPORT_FILES:  # an earlier run's reports must not pass for this run's
            (invocation.report_dir / name).unlink(missing_ok=True)
        return _regression_exit(results, stage.baseline, results.summary.certification.exit_code)
    say("writing reports")
    paths = report_stage.write_run_reports(
        invocation.report_dir, waivers_path, recheck, invocation.target.token, selftest, stage.baseline
    )
    for line in report_stage.report_lines(paths):
        click.echo(line)
    return _regression_exit(results, stage.baseline, paths.certification.exit_code)


def _regression_exit(results: RunResults, baseline: Path | None, code: int) -> int:
    """Without a baseline, the certification's exit code; with one, the regressions decide."""
    if baseline is None:
        return code
    comparison = compare(load_run_results(baseline), results, source=baseline.name)
    click.echo(comparison_line(comparison))
    return regression_exit_code(comparison, results.run.interrupted)


def _tail(log: Path, lines: int = 25) -> str:
    try:
        return "\n".join(log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
