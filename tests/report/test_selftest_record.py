"""`run --selftest` records the self-test in every view of the report, and `verify`
holds it to the bundled selftest.json byte for byte."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from conformance.cli import main
from conformance.report.digests import sha256_bytes
from conformance.report.report_files import ReportInputError, render_from_report, write_reports
from conformance.selftest.scoring import LegalVerdict, VariantVerdict, selftest_document
from conformance.selftest.variant_runs import RunFindings
from conformance.selftest.variants import LEGAL_VARIANTS, VARIANTS


def selftest_file(tmp_path, *, detected: bool = True):
    variants = [VARIANTS["no-request-id"], VARIANTS["sync-flag-ignored"]]
    found = {
        "no-request-id": {"ARM-014": ["conformance/suite/scenarios/test_arm_headers.py::t"]},
        "sync-flag-ignored": {"SYNC-012": ["conformance/suite/scenarios/test_sync_flag.py::t"]} if detected else {},
    }
    verdicts = [VariantVerdict(variant, RunFindings(1, 9.0, found[variant.name], confirmed=sorted(found[variant.name])))
                for variant in variants]
    legal = [LegalVerdict(LEGAL_VARIANTS["page-size-1"], RunFindings(0, 9.0))]
    document = selftest_document(verdicts, RunFindings(0, 60.0), "narrowed", 80.0, legal)
    path = tmp_path / "selftest.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    return path


def test_report_json_records_the_score_the_rows_and_the_digest_of_selftest_json(run, tmp_path):
    path = selftest_file(tmp_path, detected=False)
    paths = write_reports(run.report_dir, selftest_path=path)
    recorded = json.loads(paths.report_json.read_text())["selftest"]
    assert recorded["source"] == {"name": "selftest.json", "sha256": sha256_bytes(path.read_bytes())}
    assert (recorded["detected"], recorded["total"], recorded["passed"]) == (1, 2, False)
    assert recorded["by_level"] == {"MUST": {"detected": 1, "total": 2}}
    assert (recorded["legal_passed"], recorded["legal_total"]) == (1, 1)
    assert recorded["must_requirements_planted"] == 2 < recorded["must_requirements_testable"]
    assert [(row["variant"], row["verdict"]) for row in recorded["variants"]] == [
        ("no-request-id", "detected"), ("sync-flag-ignored", "survived")]
    assert "Self-test of this suite: **1/2** planted bugs detected (MUST 1/2), **1/1** legal variants passed" in (
        paths.summary_md.read_text())
    html = paths.report_html.read_text()
    assert 'id="selftest"' in html and "<code>sync-flag-ignored</code>" in html and "FAILED" in html
    with zipfile.ZipFile(paths.evidence_zip) as bundle:
        assert bundle.read("selftest.json") == path.read_bytes()


def test_without_selftest_the_report_says_nothing_of_it(run):
    paths = write_reports(run.report_dir)
    assert json.loads(paths.report_json.read_text())["selftest"] is None
    assert "Self-test" not in paths.summary_md.read_text()
    assert 'id="selftest"' not in paths.report_html.read_text()


def test_verify_fails_when_the_bundled_selftest_json_was_altered(run, tmp_path):
    paths = write_reports(run.report_dir, selftest_path=selftest_file(tmp_path))
    with zipfile.ZipFile(paths.evidence_zip) as bundle:
        contents = {name: bundle.read(name) for name in bundle.namelist()}
    assert CliRunner().invoke(main, ["verify", str(paths.evidence_zip)]).exit_code == 0
    altered = contents["selftest.json"].replace(b'"detected": 2', b'"detected": 1', 1)
    assert altered != contents["selftest.json"]
    contents["selftest.json"] = altered
    with zipfile.ZipFile(paths.evidence_zip, "w") as bundle:
        for name, data in contents.items():
            bundle.writestr(name, data)
    result = CliRunner().invoke(main, ["verify", str(paths.evidence_zip)])
    assert result.exit_code != 0
    assert "selftest.json" in result.output


def test_render_keeps_the_record_and_rebundles_it(run, tmp_path):
    path = selftest_file(tmp_path)
    (run.report_dir / "selftest.json").write_bytes(path.read_bytes())
    write_reports(run.report_dir, selftest_path=run.report_dir / "selftest.json")
    paths = render_from_report(run.report_dir / "report.json", out_dir=tmp_path / "again")
    assert "**2/2** planted bugs detected" in paths.summary_md.read_text()
    assert paths.evidence_zip is not None


def test_a_file_that_is_not_a_selftest_json_is_refused(run, tmp_path):
    bogus = tmp_path / "selftest.json"
    bogus.write_text(json.dumps({"score": {}}))
    with pytest.raises(ReportInputError, match="not a selftest.json"):
        write_reports(run.report_dir, selftest_path=bogus)
