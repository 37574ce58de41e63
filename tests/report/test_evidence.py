"""evidence.zip and `verify`: intact bundles pass, any altered, missing or extra byte fails."""

from __future__ import annotations

import json
import zipfile

import pytest
from click.testing import CliRunner

from conformance.cli import main
from conformance.report.digests import sha256_bytes
from conformance.report.evidence import MANIFEST, verify_bundle
from conformance.report.report_files import write_reports


@pytest.fixture
def bundle(run):
    return write_reports(run.report_dir).evidence_zip


def members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rewrite(path, contents: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in contents.items():
            archive.writestr(name, data)


def verify(path):
    return CliRunner().invoke(main, ["verify", str(path)])


def test_the_bundle_holds_the_run_the_spec_the_catalog_and_a_manifest(bundle, run):
    contents = members(bundle)
    assert set(contents) == {MANIFEST, "report.json", "results.json", "transcript.jsonl", "openapi.json", "requirements.yaml"}
    manifest = json.loads(contents[MANIFEST])
    assert {item["name"]: item["sha256"] for item in manifest["files"]} == {
        name: sha256_bytes(data) for name, data in contents.items() if name != MANIFEST
    }
    assert contents["report.json"] == (run.report_dir / "report.json").read_bytes()
    assert len(contents["transcript.jsonl"].splitlines()) == len(run.exchanges)


def test_an_intact_bundle_verifies(bundle):
    result = verify(bundle)
    assert result.exit_code == 0, result.output
    assert result.output.rstrip().endswith(": OK")


def test_one_altered_byte_in_a_member_is_caught(bundle):
    contents = members(bundle)
    transcript = bytearray(contents["transcript.jsonl"])
    transcript[40] ^= 0x01
    contents["transcript.jsonl"] = bytes(transcript)
    rewrite(bundle, contents)
    result = verify(bundle)
    assert result.exit_code == 1
    assert "transcript.jsonl: sha256" in result.output and "FAILED" in result.output


def test_one_altered_byte_of_the_zip_itself_is_caught(bundle):
    raw = bytearray(bundle.read_bytes())
    raw[len(raw) // 3] ^= 0xFF
    bundle.write_bytes(bytes(raw))
    assert verify(bundle).exit_code == 1


def test_missing_and_extra_members_are_caught(bundle):
    contents = members(bundle)
    del contents["openapi.json"]
    contents["notes.txt"] = b"added later"
    rewrite(bundle, contents)
    problems = verify_bundle(bundle).problems
    assert "openapi.json: listed in the manifest but missing from the bundle" in problems
    assert "notes.txt: in the bundle but not in the manifest" in problems


def test_a_consistently_resealed_report_must_still_match_its_schema_and_spec(bundle):
    contents = members(bundle)
    report = json.loads(contents["report.json"])
    report["certification"]["conformant"] = True
    contents["report.json"] = json.dumps(report).encode()
    contents["openapi.json"] += b"\n"
    manifest = json.loads(contents[MANIFEST])
    for item in manifest["files"]:
        item["sha256"], item["size"] = sha256_bytes(contents[item["name"]]), len(contents[item["name"]])
    contents[MANIFEST] = json.dumps(manifest).encode()
    rewrite(bundle, contents)
    problems = verify_bundle(bundle).problems
    assert any(problem.startswith("report.json: schema: certification") for problem in problems)
    assert any("bundled openapi.json differs" in problem for problem in problems)


def test_verify_of_a_missing_file_is_a_usage_error(tmp_path):
    result = verify(tmp_path / "nope.zip")
    assert result.exit_code == 2 and "Traceback" not in result.output


def reseal(bundle, contents):
    manifest = json.loads(contents[MANIFEST])
    for item in manifest["files"]:
        item["sha256"], item["size"] = sha256_bytes(contents[item["name"]]), len(contents[item["name"]])
    contents[MANIFEST] = json.dumps(manifest).encode()
    rewrite(bundle, contents)


def test_a_report_edited_to_say_conformant_and_resealed_is_rejected(bundle):
    contents = members(bundle)
    report = json.loads(contents["report.json"])
    report["certification"].update(
        status="conformant", conformant=True, exit_code=0, verdict="conformant to profile core",
        failing_must=[], target_error_must=[], not_covered_must=[], narrowed_by=[],
    )
    for item in report["requirements"]:
        if item["verdict"] in ("fail", "target-error", "not-covered"):
            item.update(verdict="pass", result_verdict="pass", failures=[], failure_kind=None)
    contents["report.json"] = json.dumps(report).encode()
    reseal(bundle, contents)
    problems = verify_bundle(bundle).problems
    assert not any("schema" in problem for problem in problems), problems
    assert any(p.startswith("report.json: certification status is 'conformant'") for p in problems), problems
    assert any(p.startswith("report.json: SYNC-004 is 'pass'") for p in problems)
    assert verify(bundle).exit_code == 1


def test_results_edited_to_pass_a_failed_requirement_are_rejected(bundle):
    contents = members(bundle)
    results = json.loads(contents["results.json"])
    for item in results["requirements"]:
        if item["id"] == "SYNC-004":
            item["verdict"] = "pass"
    results["run"]["scope"]["narrowed_by"] = []
    contents["results.json"] = json.dumps(results).encode()
    reseal(bundle, contents)
    problems = verify_bundle(bundle).problems
    assert "results.json: SYNC-004 is 'pass', but its checks give 'fail'" in problems
    assert any("claims a whole-profile run, but it was narrowed" in problem for problem in problems)


def test_an_untouched_bundle_recomputes_to_the_same_verdicts(bundle):
    assert verify_bundle(bundle).problems == []
