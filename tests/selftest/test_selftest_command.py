"""`peering-conformance selftest` end to end on one fast variant, and how it narrows each
variant's run (`run --requirement ID --no-shrink --format json`, failures re-checked once).

CI's selftest step runs every variant; this only proves the command's plumbing."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conformance.selftest.check_selection import requirement_filter
from conformance.selftest.markdown_table import markdown
from conformance.selftest.variant_runs import RunRequest, runner_command

FAST_VARIANT = "no-request-id"  # ARM-014: one header check, a few seconds


def test_a_variant_run_is_narrowed_to_its_requirement_and_the_unmutated_run_is_whole():
    assert requirement_filter("SYNC-005", full_suite=False) == ("SYNC-005",)
    assert requirement_filter("SYNC-005", full_suite=True) == ()
    assert requirement_filter(None, full_suite=False) == ()


def test_a_variant_run_asks_for_results_json_only_rechecked_but_not_shrunk(tmp_path):
    command = runner_command(RunRequest(mutant="x", report_dir=tmp_path, requirements=("ARM-014",)),
                              "http://127.0.0.1:9", None)
    assert command[command.index("--requirement") + 1] == "ARM-014"
    assert command[command.index("--format") + 1] == "json"
    assert {"--no-shrink", "--insecure"} <= set(command) and "--no-recheck" not in command
    assert command[command.index("--subscription2") + 1] != command[command.index("--target") + 1]
    whole = runner_command(RunRequest(mutant=None, report_dir=tmp_path), "https://127.0.0.1:9", "ca.pem")
    assert "--requirement" not in whole and whole[whole.index("--ca-cert") + 1] == "ca.pem"


@pytest.mark.slow
def test_selftest_of_one_variant_detects_it_by_the_check_naming_its_requirement(tmp_path):
    json_path, markdown_path = tmp_path / "selftest.json", tmp_path / "selftest.md"
    completed = subprocess.run(
        [sys.executable, "-m", "conformance", "selftest", "--variant", FAST_VARIANT, "-n", "2",
         "--report-dir", str(tmp_path / "reports"), "--json", str(json_path), "--markdown", str(markdown_path)],
        capture_output=True, text=True, timeout=240,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    document = json.loads(json_path.read_text())
    (variant,) = document["variants"]
    assert (variant["variant"], variant["requirement"], variant["verdict"]) == (FAST_VARIANT, "ARM-014", "detected")
    assert variant["checks"] == [
        "conformance/suite/scenarios/test_arm_headers.py::test_every_response_carries_x_ms_request_id"
    ]
    assert document["unmutated"] == {**document["unmutated"], "false_failures": [], "runner_exit": 0, "problem": None}
    assert document["passed"] is True and "planted bugs caught 1/1" in completed.stdout
    assert markdown_path.read_text() == markdown(document)
    assert f"| `{FAST_VARIANT}` | ARM-014 | MUST | detected |" in markdown_path.read_text()
