"""`peering-conformance report render`: every artefact from results, views again from report.json."""

from __future__ import annotations

import json

from click.testing import CliRunner

from conformance.cli import main
from conformance.report.evidence import verify_bundle

ARTEFACTS = ("report.json", "junit.xml", "report.html", "summary.md", "evidence.zip")


def render(*args):
    return CliRunner().invoke(main, ["report", "render", *map(str, args)])


def test_render_from_results_writes_every_artefact(run, tmp_path):
    out = tmp_path / "out"
    result = render(run.report_dir / "results.json", "--out", out)
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in out.iterdir()) == sorted(ARTEFACTS)
    assert "certification: NOT conformant to profile core" in result.output
    assert verify_bundle(out / "evidence.zip").ok


def test_render_of_a_report_dir_writes_next_to_the_results(run):
    result = render(run.report_dir)
    assert result.exit_code == 0, result.output
    assert all((run.report_dir / name).is_file() for name in ARTEFACTS)


def test_render_from_report_json_rebuilds_the_views_without_the_results(run, tmp_path):
    assert render(run.report_dir).exit_code == 0
    alone = tmp_path / "alone"
    alone.mkdir()
    (alone / "report.json").write_bytes((run.report_dir / "report.json").read_bytes())
    result = render(alone / "report.json", "--out", tmp_path / "views")
    assert result.exit_code == 0, result.output
    views = tmp_path / "views"
    assert sorted(path.name for path in views.iterdir()) == ["junit.xml", "report.html", "report.json", "summary.md"]
    assert (views / "junit.xml").read_text() == (run.report_dir / "junit.xml").read_text()
    assert "NOT conformant to profile core" in (views / "summary.md").read_text()


def test_render_from_report_json_next_to_its_run_rebuilds_the_evidence(run):
    assert render(run.report_dir).exit_code == 0
    (run.report_dir / "evidence.zip").unlink()
    assert render(run.report_dir / "report.json").exit_code == 0
    assert verify_bundle(run.report_dir / "evidence.zip").ok


def test_waivers_cannot_be_applied_to_a_finished_report(run, tmp_path):
    assert render(run.report_dir).exit_code == 0
    waivers = tmp_path / "w.yaml"
    waivers.write_text("waivers: []\n")
    result = render(run.report_dir / "report.json", "--waivers", waivers)
    assert result.exit_code == 2 and "need results.json" in result.output


def test_unusable_inputs_exit_2_with_a_message(tmp_path):
    broken = tmp_path / "results.json"
    broken.write_text(json.dumps({"run": {}}))
    result = render(broken)
    assert result.exit_code == 2 and "is not a results.json of this suite" in result.output
    assert "Traceback" not in result.output
    invalid_report = tmp_path / "report.json"
    invalid_report.write_text(json.dumps({"report_format": 1}))
    result = render(invalid_report)
    assert result.exit_code == 2 and "report.schema.json" in result.output
    assert render(tmp_path / "missing").exit_code == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    result = render(empty)
    assert result.exit_code == 2 and "holds neither results.json nor report.json" in result.output


def test_a_broken_transcript_exits_2_with_a_message(run):
    (run.report_dir / "transcript.jsonl").write_text('{"id": "gw0-00001", "surprise": true}\n')
    result = render(run.report_dir)
    assert result.exit_code == 2 and "is not a transcript of this suite" in result.output
