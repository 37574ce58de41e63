"""Merging shards: the checks of every shard judged together, certified only when the set is
complete and consistent."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from conformance.results import RunResults
from conformance.results.shard_merge import (
    ShardInputError,
    merge_shards,
    read_shard,
    target_identity,
    write_merged,
)
from tests.results.synthetic_results import CHECKS, shard_results, written

@pytest.fixture
def two_shards(tmp_path) -> list[Path]:
    tests = sorted(CHECKS)
    return [
        written(tmp_path / "s1", shard_results("1/2", tests[:2], run_id="111111")),
        written(tmp_path / "s2", shard_results("2/2", tests[2:], run_id="222222",
                                               target="https://127.0.0.1:40002")),
    ]


def verdicts(results: RunResults) -> dict[str, str]:
    return {item.id: item.verdict for item in results.requirements}


def test_a_complete_set_judges_like_one_run_and_certifies(two_shards):
    merged = merge_shards([read_shard(path) for path in two_shards])
    whole = shard_results(None, sorted(CHECKS))
    assert merged.problems == []
    assert verdicts(merged.results) == verdicts(whole)
    assert merged.results.run.scope.kind == "merge" and merged.results.run.scope.narrowed_by == []
    assert merged.results.summary.certification.status == "conformant"
    assert merged.results.run.run_id == "111111+222222"


def test_a_shard_alone_does_not_certify(two_shards):
    alone = read_shard(two_shards[0]).results
    assert alone.summary.certification.status == "partial"


def test_a_failure_in_any_shard_fails_the_merged_run(tmp_path, two_shards):
    tests = sorted(CHECKS)
    failing = written(tmp_path / "f2", shard_results("2/2", tests[2:], outcome="failed"))
    merged = merge_shards([read_shard(two_shards[0]), read_shard(failing)])
    assert verdicts(merged.results)["LIFE-002"] == "fail"  # passed in shard 1, failed in shard 2
    assert merged.results.summary.certification.status == "not-conformant"


def test_a_missing_shard_refuses_to_certify(two_shards):
    merged = merge_shards([read_shard(two_shards[0])])
    assert merged.problems == ["shard(s) missing: 2/2"]
    certification = merged.results.summary.certification
    assert certification.status == "partial" and not certification.conformant
    assert "merge: shard(s) missing: 2/2" in merged.results.run.scope.narrowed_by


def test_a_repeated_shard_refuses_to_certify(two_shards):
    merged = merge_shards([read_shard(path) for path in (*two_shards, two_shards[1])])
    assert "shard(s) given more than once: 2/2" in merged.problems
    assert any("ran in more than one shard" in problem for problem in merged.problems)
    assert not merged.results.summary.certification.conformant


@pytest.mark.parametrize(("change", "named"), [
    (lambda r: replace(r, run=replace(r.run, seed=6)), "seed"),
    (lambda r: replace(r, run=replace(r.run, suite_version="0.2.0")), "suite version"),
    (lambda r: replace(r, run=replace(r.run, profile="full", scope=replace(r.run.scope, profile="full"))), "profile"),
    (lambda r: replace(r, run=replace(r.run, target_url="https://peering.example.net")), "target"),
    (lambda r: replace(r, run=replace(r.run, scope=replace(r.run.scope, catalog_sha256="d" * 64))), "catalog digest"),
])
def test_a_mismatched_shard_refuses_to_certify(tmp_path, two_shards, change, named):
    other = change(read_shard(two_shards[1]).results)
    mismatched = written(tmp_path / "odd", other)
    merged = merge_shards([read_shard(two_shards[0]), read_shard(mismatched)])
    assert any(f"different {named}" in problem for problem in merged.problems), merged.problems
    assert merged.results.summary.certification.status != "conformant"


def test_an_unsharded_run_is_not_a_shard(tmp_path, two_shards):
    plain = written(tmp_path / "plain", shard_results(None, sorted(CHECKS)[2:]))
    merged = merge_shards([read_shard(two_shards[0]), read_shard(plain)])
    assert any("not a shard" in problem for problem in merged.problems)


def test_exchange_ids_stay_unique_and_match_the_transcript(tmp_path, two_shards):
    merged = merge_shards([read_shard(path) for path in two_shards])
    out = tmp_path / "merged"
    write_merged(merged, out)
    ids = [json.loads(line)["id"] for line in (out / "transcript.jsonl").read_text().splitlines()]
    assert ids == ["s1-gw0-00001", "s2-gw0-00001"]
    referenced = {item for check in merged.results.checks for item in check.exchange_ids}
    assert referenced == set(ids)


def test_loopback_targets_match_across_ports_real_ones_do_not():
    assert target_identity("https://127.0.0.1:40001/") == target_identity("https://127.0.0.1:40002")
    assert target_identity("https://peering.example.net:8443") != target_identity("https://peering.example.net")


def test_an_unreadable_shard_is_an_input_error(tmp_path):
    with pytest.raises(ShardInputError):
        read_shard(tmp_path)
