"""Findings on recorded traffic -> the report set `run` writes: results.json and
transcript.jsonl, then report.json, HTML, JUnit, summary and evidence by the report stage.

Every finding becomes one check naming its requirements, pointing at its exchange. A
judge run is a partial scope by nature (it checks what the traffic exercised, the rest
is not-covered) and never certifies: the scope says kind "judge" and why it is narrowed.
`judged_run_results` is the one place that builds the run's verdicts and summary.
"""

from __future__ import annotations

import json
import time
import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING

from conformance import __version__
from conformance.exchanges.curl import curl_command
from conformance.exchanges.redaction import redact_text
from conformance.results import TRANSCRIPT_FILE, CheckResult, RunMetadata, RunResults, aggregate, summarize, write_results
from conformance.suite.requirement_scope import RunScope
from conformance.traffic.findings import FAILED, Finding
from conformance.traffic.recorded_traffic import TrafficRecord

if TYPE_CHECKING:
    from conformance.report.report_files import ReportPaths

JUDGE_PROFILE = "full"
JUDGE_SCOPE_REASON = "judged recorded traffic: only the requirements the exchanges exercised are checked"


@dataclass(frozen=True)
class JudgeSession:
    """What was judged and when, for the run metadata."""

    target: str  # "recorded: a.json, b.har" or the proxied target URL
    started: str
    began_monotonic: float
    interrupted: bool = False

    @classmethod
    def begin(cls, target: str) -> "JudgeSession":
        return cls(target, datetime.now(timezone.utc).isoformat(), time.monotonic())


def finding_checks(findings: list[Finding], records: dict[str, TrafficRecord]) -> list[CheckResult]:
    """One check per finding; failures carry the exchange and a curl to repeat it."""
    seen: Counter[str] = Counter()
    checks = []
    for finding in findings:
        base = f"traffic::{finding.rule}::{finding.exchange_id}"
        seen[base] += 1
        test_id = base if seen[base] == 1 else f"{base}#{seen[base]}"
        record = records.get(finding.exchange_id)
        is_failure = finding.outcome == FAILED
        checks.append(
            CheckResult(
                test_id=test_id,
                requirement_ids=list(finding.requirement_ids),
                outcome=finding.outcome,
                message=_message(finding, record),
                exchange_ids=[finding.exchange_id],
                curl=curl_command(record.exchange) if is_failure and record is not None else None,
                failing_exchange_id=finding.exchange_id if is_failure else None,
            )
        )
    return checks


def _message(finding: Finding, record: TrafficRecord | None) -> str:
    where = f" [{record.source}]" if record is not None else ""
    return f"{redact_text(finding.message) or ''}{where}".strip()


def judged_run_results(findings: list[Finding], records: list[TrafficRecord], session: JudgeSession) -> RunResults:
    """The run's results: verdicts per requirement (not-covered where nothing was judged)."""
    by_id = {record.id: record for record in records}
    checks = finding_checks(findings, by_id)
    scope = RunScope.build(JUDGE_PROFILE)
    verdicts = aggregate(scope.scoped_requirements(), checks)
    scope_record = scope.record(kind="judge", other_reasons=[JUDGE_SCOPE_REASON])
    versions = sorted({record.api_version for record in records if record.api_version})
    run = RunMetadata(
        suite_version=__version__,
        run_id=uuid.uuid4().hex[:6],
        target_url=session.target,
        api_version=", ".join(versions) or "unknown",
        profile=JUDGE_PROFILE,
        unsupported=[],
        seed=None,
        max_examples=None,
        started=session.started,
        ended=datetime.now(timezone.utc).isoformat(),
        duration_s=round(time.monotonic() - session.began_monotonic, 2),
        workers=0,
        interrupted=session.interrupted,
        scope=scope_record,
    )
    summary = summarize(verdicts, checks, scope=scope_record, interrupted=session.interrupted)
    return RunResults(run=run, summary=summary, requirements=verdicts, checks=checks)


def write_transcript(report_dir: Path, records: list[TrafficRecord]) -> Path:
    """The judged exchanges (already redacted when read) as transcript.jsonl."""
    report_dir.mkdir(parents=True, exist_ok=True)
    path = report_dir / TRANSCRIPT_FILE
    with path.open("w", encoding="utf-8") as sink:
        for record in records:
            sink.write((redact_text(json.dumps(record.exchange.to_dict(), sort_keys=True)) or "") + "\n")
    return path


def write_judged_reports(
    report_dir: Path, findings: list[Finding], records: list[TrafficRecord], session: JudgeSession
) -> tuple[RunResults, ReportPaths]:
    """results.json and transcript.jsonl, then every report `run` writes."""
    from conformance.report.report_files import write_reports  # Jinja2, jsonschema: only now

    results = judged_run_results(findings, records, session)
    write_transcript(report_dir, records)
    write_results(report_dir, results)
    return results, write_reports(report_dir)


def covered_requirements(results: RunResults) -> list[str]:
    """The requirements the traffic gave a verdict of their own (pass or fail)."""
    return [item.id for item in results.requirements if item.verdict in ("pass", "fail")]
