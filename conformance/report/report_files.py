"""Writing every report artefact of a run: the one entry point the runner calls.

    paths = write_reports(report_dir, waivers_path=..., recheck=...)

reads `<report_dir>/results.json` and its transcript and writes report.json (checked
against its schema first), junit.xml, report.html, summary.md and evidence.zip into the
same directory (or `out_dir`). `render_from_report` re-renders the human and CI views
from an existing report.json. Every byte written goes through the redaction module.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from conformance.paths import OPENAPI_FILE, REQUIREMENTS_FILE
from conformance.report.assembly import ReportInputs, assemble_report
from conformance.report.digests import sha256_bytes
from conformance.report.document import Certification, Report, SelftestRecord
from conformance.report.evidence import CATALOG_MEMBER, SPEC_MEMBER, write_bundle
from conformance.report.file_names import EVIDENCE_ZIP, JUNIT_XML, REPORT_HTML, REPORT_JSON, SUMMARY_MD
from conformance.report.flake_control import RecheckClassification, classify_rechecks, load_recheck
from conformance.report.html_page import report_html
from conformance.report.junit_xml import junit_text
from conformance.report.markdown_summary import summary_markdown
from conformance.report.redacted_output import (
    redacted_json_lines,
    redacted_json_text,
    write_redacted_json,
    write_redacted_text,
)
from conformance.report.report_schema import ReportSchemaError, schema_problems, validate_report
from conformance.report.selftest_record import SELFTEST_MEMBER, SelftestInputError, read_selftest
from conformance.report.waivers import load_waivers
from conformance.requirements.catalog import load_catalog
from conformance.results.baseline_diff import BaselineComparison, RunResultsError, compare, load_run_results
from conformance.results.outcomes import RunResults
from conformance.results.results_file import RESULTS_FILE, TRANSCRIPT_FILE
from conformance.exchanges.redaction import redact_text, register_secret
from conformance.exchanges.transcript import Exchange, read_transcript



class ReportInputError(ValueError):
    """The inputs cannot be read (missing or malformed results, report or transcript)."""


@dataclass(frozen=True)
class ReportPaths:
    """The files written, and the certification verdict they carry (for the exit code)."""

    report_json: Path
    junit_xml: Path
    report_html: Path
    summary_md: Path
    evidence_zip: Path | None
    certification: Certification


def write_reports(
    report_dir: Path,
    *,
    waivers_path: Path | None = None,
    recheck: RunResults | Path | None = None,
    out_dir: Path | None = None,
    catalog_path: Path = REQUIREMENTS_FILE,
    spec_path: Path = OPENAPI_FILE,
    secrets: Iterable[str] = (),
    selftest_path: Path | None = None,
    baseline_path: Path | None = None,
) -> ReportPaths:
    """Render every artefact from a run's results without re-running anything.

    report_dir: the run's report directory, or its results.json.
    waivers_path: a waiver file (waivers.py); WaiverError when it is malformed.
    recheck: the results of re-running the failing checks once (a RunResults, or a
        report directory / results.json); by default `<report_dir>/recheck/results.json`
        when it exists. Without it, failures are reported as not re-checked.
    secrets: values to redact besides the ones already registered in this process.
    selftest_path: a selftest.json (`run --selftest`) to record in report.json and the bundle.
    baseline_path: a previous run (results.json, report directory or evidence.zip) whose
        verdicts report.json, report.html and summary.md compare with (`run --baseline`).
    """
    for secret in secrets:
        register_secret(secret)
    report_dir = Path(report_dir)
    results_dir = report_dir if report_dir.is_dir() else report_dir.parent
    results, results_text = _read_results(report_dir)
    transcript_text, exchanges = _read_transcript(results_dir / results.transcript)
    catalog = load_catalog(catalog_path)
    waivers = load_waivers(Path(waivers_path), catalog) if waivers_path is not None else None
    second = _read_recheck(recheck, results_dir)
    rechecks = classify_rechecks(results, second) if second is not None else RecheckClassification()
    selftest, selftest_bytes = _read_selftest(selftest_path)
    inputs = ReportInputs(
        exchanges=exchanges, catalog=catalog, catalog_path=Path(catalog_path), spec_path=Path(spec_path),
        waivers=waivers, rechecks=rechecks, selftest=selftest,
    )
    report = assemble_report(results, inputs)
    if baseline_path is not None:
        report.baseline = _compare_with_baseline(Path(baseline_path), results)
    out = Path(out_dir) if out_dir is not None else results_dir
    report_text = redacted_json_text(report.to_dict())
    validate_report(json.loads(report_text))
    report_json = write_redacted_json(out / REPORT_JSON, report.to_dict())
    members = {
        REPORT_JSON: report_text.encode("utf-8"),
        RESULTS_FILE: redacted_json_text(json.loads(results_text)).encode("utf-8"),
        TRANSCRIPT_FILE: redacted_json_lines(transcript_text).encode("utf-8"),
        SPEC_MEMBER: Path(spec_path).read_bytes(),
        CATALOG_MEMBER: Path(catalog_path).read_bytes(),
    }
    if waivers is not None:
        members["waivers.yaml"] = (redact_text(waivers.text) or "").encode("utf-8")
    if selftest_bytes is not None:
        members[SELFTEST_MEMBER] = selftest_bytes
    if second is not None:
        members["recheck-results.json"] = redacted_json_text(second.to_dict()).encode("utf-8")
    evidence = write_bundle(out / EVIDENCE_ZIP, members, suite_version=report.suite_version, run_id=report.run.run_id)
    return _write_views(report, out, report_json, evidence)


def render_from_report(report_path: Path, *, out_dir: Path | None = None) -> ReportPaths:
    """Re-render junit.xml, report.html and summary.md from a report.json.

    The evidence bundle is rebuilt only when results.json and the transcript sit next to
    the report and the current spec and catalog are the ones the report names; otherwise
    `evidence_zip` is None (the run's own bundle stays the evidence).
    """
    report_path = Path(report_path)
    try:
        document = json.loads(report_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportInputError(f"cannot read {report_path}: {exc}") from exc
    problems = schema_problems(document)
    if problems:
        raise ReportInputError(str(ReportSchemaError(problems)))
    report = Report.from_dict(document)
    out = Path(out_dir) if out_dir is not None else report_path.parent
    report_json = out / REPORT_JSON
    if report_json.resolve() != report_path.resolve():
        write_redacted_json(report_json, document)
    return _write_views(report, out, report_json, _rebundle(report, report_path.parent, report_json))


def _rebundle(report: Report, source_dir: Path, report_json: Path) -> Path | None:
    results, transcript = source_dir / RESULTS_FILE, source_dir / TRANSCRIPT_FILE
    spec, catalog = OPENAPI_FILE.read_bytes(), REQUIREMENTS_FILE.read_bytes()
    if not (results.is_file() and transcript.is_file()):
        return None
    if sha256_bytes(spec) != report.spec.sha256 or sha256_bytes(catalog) != report.catalog.sha256:
        return None
    selftest = source_dir / SELFTEST_MEMBER
    if report.selftest is not None and not (
        selftest.is_file() and sha256_bytes(selftest.read_bytes()) == report.selftest.source.sha256
    ):
        return None
    members = {
        REPORT_JSON: report_json.read_bytes(),
        RESULTS_FILE: redacted_json_text(json.loads(results.read_text(encoding="utf-8"))).encode("utf-8"),
        TRANSCRIPT_FILE: redacted_json_lines(transcript.read_text(encoding="utf-8")).encode("utf-8"),
        SPEC_MEMBER: spec,
        CATALOG_MEMBER: catalog,
    }
    if report.selftest is not None:
        members[SELFTEST_MEMBER] = selftest.read_bytes()
    return write_bundle(
        report_json.parent / EVIDENCE_ZIP, members, suite_version=report.suite_version, run_id=report.run.run_id
    )


def _write_views(report: Report, out: Path, report_json: Path, evidence: Path | None) -> ReportPaths:
    return ReportPaths(
        report_json=report_json,
        junit_xml=write_redacted_text(out / JUNIT_XML, junit_text(report)),
        report_html=write_redacted_text(out / REPORT_HTML, report_html(report)),
        summary_md=write_redacted_text(out / SUMMARY_MD, summary_markdown(report)),
        evidence_zip=evidence,
        certification=report.certification,
    )


def _read_results(path: Path) -> tuple[RunResults, str]:
    file = path / RESULTS_FILE if path.is_dir() else path
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise ReportInputError(f"cannot read results: {file}: {exc.strerror or exc}") from exc
    try:
        return RunResults.from_dict(json.loads(text)), text
    except (ValueError, KeyError, TypeError) as exc:
        raise ReportInputError(f"{file} is not a results.json of this suite: {exc.__class__.__name__}: {exc}") from exc


def _read_transcript(path: Path) -> tuple[str, list[Exchange]]:
    """The transcript's text and exchanges; a run that sent nothing has none."""
    if not path.is_file():
        return "", []
    try:
        return path.read_text(encoding="utf-8"), read_transcript(path)
    except (ValueError, TypeError, KeyError) as exc:
        raise ReportInputError(f"{path} is not a transcript of this suite: {exc.__class__.__name__}: {exc}") from exc


def _compare_with_baseline(path: Path, results: RunResults) -> BaselineComparison:
    try:
        return compare(load_run_results(path), results, source=path.name)
    except RunResultsError as exc:
        raise ReportInputError(str(exc)) from exc


def _read_selftest(path: Path | None) -> tuple[SelftestRecord | None, bytes | None]:
    if path is None:
        return None, None
    try:
        return read_selftest(path)
    except SelftestInputError as exc:
        raise ReportInputError(str(exc)) from exc


def _read_recheck(recheck: RunResults | Path | None, results_dir: Path) -> RunResults | None:
    try:
        if recheck is not None and not isinstance(recheck, RunResults):
            recheck = Path(recheck)
        return load_recheck(recheck, results_dir)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ReportInputError(f"cannot read the re-check results {recheck}: {exc}") from exc
