"""From the runner's results and transcript to the report document.

Everything a reader needs to judge a verdict is gathered here once (waivers applied,
re-checks classified, failing exchanges excerpted, reproductions built), so the
renderers only lay the document out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from conformance.report.digests import sha256_file
from conformance.report.document import (
    LEVELS,
    REPORT_FORMAT,
    VERDICTS,
    CheckEntry,
    CheckRef,
    ExchangeExcerpt,
    Failure,
    FileDigest,
    Report,
    ReportSummary,
    RequirementEntry,
    Reproduction,
    RunInfo,
    SelftestRecord,
    TargetInfo,
    WaiverEntry,
)
from conformance.report.flake_control import FAILING_OUTCOMES, RecheckClassification
from conformance.report.server_identity import server_identity
from conformance.report.sync_timeline import build_timeline
from conformance.report.waivers import Waiver, WaiverSet, judgement_day
from conformance.requirements.catalog import Catalog
from conformance.results.certification import RunScopeRecord, certify
from conformance.results.outcomes import CheckResult, FindingRecord, RequirementVerdict, RunResults
from conformance.exchanges.curl import curl_command
from conformance.exchanges.redaction import redact_headers, redact_text
from conformance.exchanges.transcript import Exchange

# An excerpt shows what went wrong; the whole body stays in transcript.jsonl.
EXCERPT_BODY_CHARS = 4000


@dataclass(frozen=True)
class ReportInputs:
    """What a report is made from, besides the results themselves."""

    exchanges: Sequence[Exchange]
    catalog: Catalog
    catalog_path: Path
    spec_path: Path
    waivers: WaiverSet | None = None
    rechecks: RecheckClassification = RecheckClassification()
    selftest: SelftestRecord | None = None


def assemble_report(results: RunResults, inputs: ReportInputs, *, generated: str | None = None) -> Report:
    exchanges = {exchange.id: exchange for exchange in inputs.exchanges}
    checks = {check.test_id: check for check in results.checks}
    judged_on = judgement_day(results.run.started)
    requirements = [
        _requirement(verdict, checks, exchanges, inputs, judged_on) for verdict in results.requirements
    ]
    run_profile = inputs.catalog.run_profiles.get(results.run.profile)
    run = results.run
    scope = run.scope or RunScopeRecord(kind="run", profile=run.profile, other_reasons=["results.json records no scope"])
    return Report(
        report_format=REPORT_FORMAT,
        suite_version=run.suite_version,
        generated=generated or dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        spec=FileDigest(name=inputs.spec_path.name, sha256=sha256_file(inputs.spec_path)),
        catalog=FileDigest(name=inputs.catalog_path.name, sha256=sha256_file(inputs.catalog_path)),
        target=TargetInfo(
            url=run.target_url,
            api_version=run.api_version,
            profile=run.profile,
            unsupported=list(run.unsupported),
            server_identity=server_identity(inputs.exchanges),
        ),
        run=RunInfo(
            run_id=run.run_id,
            seed=run.seed,
            max_examples=run.max_examples,
            started=run.started,
            ended=run.ended,
            duration_s=run.duration_s,
            workers=run.workers,
            interrupted=run.interrupted,
            pytest_exit_status=run.pytest_exit_status,
            rechecked=inputs.rechecks.performed,
            leftovers=list(run.leftovers),
            scope=scope,
        ),
        summary=_summary(requirements, results.checks, inputs.rechecks),
        certification=certify(
            requirements,
            scope=scope,
            interrupted=run.interrupted,
            waivers_allowed=bool(run_profile and run_profile.allow_waivers),
            flaky=[item.id for item in requirements if item.verdict == "fail" and item.failure_kind == "flaky"],
        ),
        requirements=requirements,
        checks=[_check(check, exchanges, inputs.rechecks) for check in results.checks],
        waivers=_waiver_entries(inputs.waivers, requirements, judged_on),
        timeline=build_timeline(results.checks, inputs.exchanges),
        selftest=inputs.selftest,
    )


def _requirement(
    verdict: RequirementVerdict,
    checks: dict[str, CheckResult],
    exchanges: dict[str, Exchange],
    inputs: ReportInputs,
    judged_on: dt.date,
) -> RequirementEntry:
    own = [checks[test_id] for test_id in verdict.checks if test_id in checks]
    if verdict.verdict == "fail":
        failures = [_failure(check, exchanges, inputs.rechecks) for check in own if check.disproves(verdict.id)]
        failures += [
            _finding_failure(check, finding, exchanges)
            for check in own
            for finding in check.findings
            if finding.requirement_id == verdict.id
        ]
    elif verdict.verdict == "target-error":
        failures = [_failure(check, exchanges, inputs.rechecks) for check in own if check.outcome == "target-error"]
    else:
        failures = []
    decision = (
        inputs.waivers.decide(verdict.id, verdict.verdict, judged_on)
        if inputs.waivers is not None
        else None
    )
    return RequirementEntry(
        id=verdict.id,
        level=verdict.level,
        profile=verdict.feature,
        run_profiles=list(verdict.profiles),
        statement=verdict.statement,
        verdict=decision.verdict if decision else verdict.verdict,
        result_verdict=verdict.verdict,
        failure_kind=_failure_kind(failures) if verdict.verdict == "fail" else None,
        checks=[CheckRef(test_id=check.test_id, outcome=check.outcome) for check in own],
        messages=list(verdict.messages),
        failures=failures,
        waiver=_waiver_entry(decision.waiver, decision.status) if decision and decision.waiver else None,
        in_profile=verdict.in_profile,
        source=verdict.source,
        provenance=list(verdict.provenance),
        convergence=verdict.convergence,
    )


def _failure_kind(failures: list[Failure]) -> str:
    states = {failure.recheck for failure in failures if failure.outcome in FAILING_OUTCOMES}
    if "confirmed" in states:
        return "confirmed"
    if states == {"flaky"}:
        return "flaky"
    return "unconfirmed"


def _replay_id(check: CheckResult) -> str | None:
    """The exchange that shows the failure: the one the check blamed, else its last one."""
    return check.failing_exchange_id or (check.exchange_ids[-1] if check.exchange_ids else None)


def _curl(check: CheckResult, exchanges: dict[str, Exchange]) -> str | None:
    replay_id = _replay_id(check)
    exchange = exchanges.get(replay_id) if replay_id else None
    return redact_text(check.curl or (curl_command(exchange) if exchange is not None else None))


def _failure(check: CheckResult, exchanges: dict[str, Exchange], rechecks: RecheckClassification) -> Failure:
    replay_id = _replay_id(check)
    exchange = exchanges.get(replay_id) if replay_id else None
    return Failure(
        test_id=check.test_id,
        outcome=check.outcome,
        message=check.message,
        recheck=rechecks.state_of(check.test_id) if check.outcome in FAILING_OUTCOMES else "not-rechecked",
        reproduction=Reproduction(replay_id=replay_id, curl=_curl(check, exchanges)),
        exchange=excerpt(exchange) if exchange is not None else None,
    )


def _finding_failure(check: CheckResult, finding: FindingRecord, exchanges: dict[str, Exchange]) -> Failure:
    """A deviation the check recorded and went on from: not re-checked, shown with its exchange."""
    exchange = exchanges.get(finding.exchange_id) if finding.exchange_id else None
    return Failure(
        test_id=check.test_id,
        outcome="failed",
        message=finding.message,
        recheck="not-rechecked",
        reproduction=Reproduction(
            replay_id=finding.exchange_id,
            curl=redact_text(curl_command(exchange)) if exchange is not None else None,
        ),
        exchange=excerpt(exchange) if exchange is not None else None,
    )


def excerpt(exchange: Exchange) -> ExchangeExcerpt:
    """The exchange as a report shows it: redacted again (a transcript may come from
    anywhere), bodies cut to EXCERPT_BODY_CHARS."""
    return ExchangeExcerpt(
        id=exchange.id,
        check=exchange.check,
        method=exchange.method,
        url=redact_text(exchange.url) or "",
        status=exchange.status,
        request_headers=redact_headers(exchange.request_headers),
        request_body=_cut(redact_text(exchange.request_body)),
        response_headers=redact_headers(exchange.response_headers),
        response_body=_cut(redact_text(exchange.response_body)),
        error=redact_text(exchange.error),
        started=exchange.started,
    )


def _cut(text: str | None) -> str | None:
    if text is None or len(text) <= EXCERPT_BODY_CHARS:
        return text
    return text[:EXCERPT_BODY_CHARS] + f"... [{len(text) - EXCERPT_BODY_CHARS} more characters in transcript.jsonl]"


def _check(check: CheckResult, exchanges: dict[str, Exchange], rechecks: RecheckClassification) -> CheckEntry:
    failing = check.outcome in FAILING_OUTCOMES or check.outcome == "target-error"
    return CheckEntry(
        test_id=check.test_id,
        requirement_ids=list(check.requirement_ids),
        outcome=check.outcome,
        message=check.message,
        duration_s=check.duration_s,
        recheck=rechecks.state_of(check.test_id) if check.outcome in FAILING_OUTCOMES else None,
        worker=check.worker,
        failing_exchange_id=_replay_id(check) if failing else check.failing_exchange_id,
        curl=_curl(check, exchanges) if failing else None,
    )


def _waiver_entry(waiver: Waiver, status: str) -> WaiverEntry:
    return WaiverEntry(
        id=waiver.requirement_id,
        reason=waiver.reason,
        owner=waiver.owner,
        expires=waiver.expires.isoformat(),
        status=status,
    )


def _waiver_entries(
    waivers: WaiverSet | None, requirements: Sequence[RequirementEntry], judged_on: dt.date
) -> list[WaiverEntry]:
    """Every waiver of the file with what it did; one whose requirement was not in the
    run is unused (or expired)."""
    if waivers is None:
        return []
    attached = {item.id: item.waiver for item in requirements if item.waiver is not None}
    entries = []
    for waiver in waivers.waivers:
        status = "unused" if waiver.is_active(judged_on) else "expired"
        entries.append(attached.get(waiver.requirement_id) or _waiver_entry(waiver, status))
    return entries


def _summary(
    requirements: Sequence[RequirementEntry], checks: Iterable[CheckResult], rechecks: RecheckClassification
) -> ReportSummary:
    by_level = {level: {verdict: 0 for verdict in VERDICTS} for level in LEVELS}
    by_profile: dict[str, dict[str, int]] = {}
    for item in requirements:
        by_level.setdefault(item.level, {verdict: 0 for verdict in VERDICTS})[item.verdict] += 1
        by_profile.setdefault(item.profile, {verdict: 0 for verdict in VERDICTS})[item.verdict] += 1
    check_counts: dict[str, int] = {}
    for check in checks:
        check_counts[check.outcome] = check_counts.get(check.outcome, 0) + 1

    def failing(kind: str) -> list[str]:
        return [item.id for item in requirements if item.verdict == "fail" and item.failure_kind == kind]

    return ReportSummary(
        by_level=by_level,
        by_profile=by_profile,
        checks=check_counts,
        confirmed_failures=failing("confirmed"),
        flaky_failures=failing("flaky"),
        unconfirmed_failures=failing("unconfirmed"),
    )
