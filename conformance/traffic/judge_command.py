"""`peering-conformance judge FILE...`: judge recorded traffic without sending anything.

Each file is judged on its own (a recording is one session; state does not carry from
one file to the next) and the findings of all of them go into one report set.
Exit codes: 0 no MUST requirement failed, 1 a MUST requirement failed, 2 a file could
not be read. A judge run never certifies: it checks only what the traffic exercised.
"""

from __future__ import annotations

from pathlib import Path

import click

from conformance.exchanges.transcript import Transcript
from conformance.traffic.findings import FAILED, SKIPPED, Finding
from conformance.traffic.judged_results import JudgeSession, covered_requirements, write_judged_reports
from conformance.traffic.recorded_traffic import TrafficRecord, to_records
from conformance.traffic.recording_formats import TrafficFormatError, read_recording
from conformance.traffic.traffic_judge import judge_records

EXIT_USAGE = 2


def judge_files(paths: list[Path], show=click.echo) -> tuple[list[Finding], list[TrafficRecord]]:
    """Read, redact and judge every file; returns all findings and the judged records."""
    transcript = Transcript(id_prefix="rec")
    findings: list[Finding] = []
    judged: list[TrafficRecord] = []
    for path in paths:
        recording = read_recording(path)
        records = to_records(recording.exchanges, transcript, reordered=recording.reordered)
        judge, found = judge_records(records)
        findings += found
        judged += judge.judged
        order = ", order rebuilt from Date headers" if recording.reordered else ""
        show(
            f"{path.name}: {recording.format}, {len(records)} exchange(s), {len(judge.judged)} of the VNet and "
            f"peering API judged, {len(judge.ignored)} of other APIs left aside{order}"
        )
    return findings, judged


@click.command("judge")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, help="Where to write results.json, report.json, report.html, junit.xml, ...")
@click.option("--show-skipped", is_flag=True, help="Also print what could not be judged, and why.")
def judge(files: tuple[Path, ...], report_dir: Path, show_skipped: bool) -> None:
    """Judge recorded traffic (HAR, Azure SDK session records, VCR cassettes, transcript.jsonl)."""
    session = JudgeSession.begin("recorded: " + ", ".join(path.name for path in files))
    try:
        findings, records = judge_files(list(files))
    except (TrafficFormatError, UnicodeDecodeError, OSError) as exc:
        click.echo(f"error: {exc}", err=True)
        raise SystemExit(EXIT_USAGE) from None
    for finding in findings:
        if finding.outcome == FAILED or (show_skipped and finding.outcome == SKIPPED):
            click.echo(finding.console_line())
    results, paths = write_judged_reports(report_dir, findings, records, session)
    finish(results, paths)


def finish(results, paths) -> None:
    """The closing lines of `judge` and `proxy`; the exit code is the certification's (a
    judged recording is a partial run: 0 when what it exercised passed, 1 when a MUST
    failed or nothing could be judged)."""
    covered = covered_requirements(results)
    click.echo(f"requirements covered ({len(covered)}): {', '.join(covered) or 'none'}")
    click.echo(f"certification: {paths.certification.verdict}")
    for reason in paths.certification.reasons:
        click.echo(f"  {reason}")
    click.echo(f"report: {paths.report_html}")
    if paths.certification.exit_code:
        raise SystemExit(paths.certification.exit_code)
