"""--shard K/N: every check in exactly one shard, the same one wherever pytest starts."""

from __future__ import annotations

import subprocess
import sys

import pytest
from click.testing import CliRunner

from conformance.runner.commands import run
from conformance.results.shards import Shard, ShardError, check_key, shard_of

NODE_IDS = [f"conformance/suite/scenarios/test_x.py::test_{n}[case-{n % 7}]" for n in range(300)]


@pytest.mark.parametrize("text", ["1/1", "2/3", " 3 / 3 "])
def test_k_of_n_parses(text):
    shard = Shard.parse(text)
    assert str(shard) == text.replace(" ", "")


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "3", "a/b", "1/2/3", ""])
def test_anything_else_is_refused(text):
    with pytest.raises(ShardError):
        Shard.parse(text)


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_the_shards_partition_the_checks(count):
    held = [[node for node in NODE_IDS if Shard(k, count).holds(node)] for k in range(1, count + 1)]
    assert sorted(node for part in held for node in part) == sorted(NODE_IDS)
    assert sum(len(part) for part in held) == len(NODE_IDS)
    if count > 1:
        assert all(len(part) > len(NODE_IDS) / count / 2 for part in held), [len(p) for p in held]


def test_a_check_keeps_its_shard_whatever_the_rootdir():
    node = "conformance/suite/scenarios/test_lifecycle.py::test_create"
    elsewhere = "../../venv/lib/python3.11/site-packages/" + node
    assert check_key(elsewhere) == node
    assert shard_of(elsewhere, 4) == shard_of(node, 4)


def test_assignment_is_fixed_not_per_process():
    """A stable digest, not Python's per-process salted hash(): machines agree on these."""
    ids = [
        "conformance/suite/scenarios/test_lifecycle.py::test_create",
        "conformance/suite/stateful/test_model_based.py::test_model",
        "conformance/suite/scenarios/test_sync_levels.py::test_a[1]",
    ]
    assert [shard_of(node, 5) for node in ids] == [3, 2, 1]
    assert [shard_of(node, 3) for node in ids] == [2, 2, 2]


def test_run_refuses_a_bad_shard_as_a_usage_error(tmp_path):
    result = CliRunner().invoke(run, ["--shard", "4/3", "--report-dir", str(tmp_path)])
    assert result.exit_code == 2
    assert "K must be between 1 and N" in result.output


def test_the_suite_under_plain_pytest_refuses_a_bad_shard(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--pyargs", "conformance.suite", "--embedded",
         "--shard", "three", "--report-dir", str(tmp_path), "--collect-only", "-q"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert finished.returncode == 4, finished.stdout[-2000:] + finished.stderr[-2000:]
    assert "expected K/N" in finished.stdout + finished.stderr
