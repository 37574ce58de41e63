"""`report merge`: the suite run in 3 shards against the embedded endpoint, merged, judges
exactly as the same run unsharded; a missing or mismatched shard refuses to certify."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.cli import main
from tests.results.synthetic_results import CHECKS, shard_results, written

pytestmark = pytest.mark.slow

# A narrowed selection keeps the four runs quick; every shard still gets checks of its own.
SELECT = "lifecycle"
SEED = "7"


def suite_run(report_dir: Path, *extra: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "conformance", "run", "--format", "json", "--no-recheck", "-n", "0",
               "--seed", SEED, "--select", SELECT, "--report-dir", str(report_dir), *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("sharded")
    directories = {"whole": root / "whole", **{f"{k}/3": root / f"shard{k}" for k in (1, 2, 3)}}
    for name, directory in directories.items():
        finished = suite_run(directory, *(["--shard", name] if "/" in name else []))
        assert (directory / "results.json").is_file(), finished.stdout + finished.stderr
    return directories


def results(directory: Path) -> dict:
    return json.loads((directory / "results.json").read_text(encoding="utf-8"))


def verdicts(directory: Path) -> dict[str, str]:
    return {item["id"]: item["verdict"] for item in results(directory)["requirements"]}


def merge(*arguments: str):
    return CliRunner().invoke(main, ["report", "merge", *arguments])


def test_each_shard_runs_a_part_and_together_they_run_everything_once(runs):
    shard_tests = [sorted(check["test_id"] for check in results(runs[f"{k}/3"])["checks"]) for k in (1, 2, 3)]
    assert all(shard_tests), "every shard should hold some of the selected checks"
    whole = sorted(check["test_id"] for check in results(runs["whole"])["checks"])
    assert sorted(sum(shard_tests, [])) == whole


def test_three_shards_merged_judge_as_the_unsharded_run(runs, tmp_path):
    merged = merge(*(str(runs[f"{k}/3"]) for k in (1, 2, 3)), "--output", str(tmp_path / "merged"))
    assert "cannot certify" not in merged.output, merged.output
    assert verdicts(tmp_path / "merged") == verdicts(runs["whole"])
    document, whole = results(tmp_path / "merged"), results(runs["whole"])
    assert document["run"]["scope"]["kind"] == "merge" and document["run"]["scope"]["shard"] is None
    assert document["run"]["scope"]["narrowed_by"] == whole["run"]["scope"]["narrowed_by"]
    assert document["summary"]["certification"]["status"] == whole["summary"]["certification"]["status"]
    assert merged.exit_code == whole["summary"]["certification"]["exit_code"]
    for name in ("report.json", "report.html", "summary.md", "junit.xml", "evidence.zip"):
        assert (tmp_path / "merged" / name).is_file()
    assert CliRunner().invoke(main, ["verify", str(tmp_path / "merged" / "evidence.zip")]).exit_code == 0


def test_a_missing_shard_refuses_to_certify(runs, tmp_path):
    merged = merge(str(runs["1/3"]), str(runs["3/3"]), "--output", str(tmp_path / "merged"))
    assert merged.exit_code == 1
    assert "cannot certify: shard(s) missing: 2/3" in merged.output
    scope = results(tmp_path / "merged")["run"]["scope"]
    assert "merge: shard(s) missing: 2/3" in scope["narrowed_by"]
    assert not results(tmp_path / "merged")["summary"]["certification"]["conformant"]


def test_a_shard_of_another_seed_refuses_to_certify(runs, tmp_path):
    odd = tmp_path / "odd"
    shutil.copytree(runs["2/3"], odd)
    document = results(odd)
    document["run"]["seed"] = int(SEED) + 1
    (odd / "results.json").write_text(json.dumps(document), encoding="utf-8")
    merged = merge(str(runs["1/3"]), str(odd), str(runs["3/3"]), "--output", str(tmp_path / "merged"))
    assert merged.exit_code == 1
    assert "shards ran with different seed" in merged.output


def test_a_directory_without_results_is_a_usage_error(tmp_path):
    merged = merge(str(tmp_path), "--output", str(tmp_path / "merged"))
    assert merged.exit_code == 2


def test_the_shards_rechecks_are_merged_so_a_flaky_failure_stays_flaky(tmp_path):
    tests = sorted(CHECKS)
    first = written(tmp_path / "s1", shard_results("1/2", tests[:2]))
    second = written(tmp_path / "s2", shard_results("2/2", tests[2:], outcome="failed"))
    written(second / "recheck", shard_results("2/2", tests[2:]))
    merged = merge(str(first), str(second), "--output", str(tmp_path / "merged"))
    report = json.loads((tmp_path / "merged" / "report.json").read_text(encoding="utf-8"))
    assert report["certification"]["flaky_must"] == ["LIFE-002"], merged.output
    assert merged.exit_code == 1
