"""`run --requirement`, `--no-recheck`, `--no-shrink` and `--format json`: what each
changes, observed in results.json, the report directory and pytest's deselection."""

from __future__ import annotations

import json
import socket

import pytest
from click.testing import CliRunner

from conformance.reference.server import ServeProcess
from conformance.runner.commands import run
from conformance.runner.pytest_invocation import SuiteInvocation
from conformance.target.config import TargetConfig
from tests.runner.suite_process import results_of, run_pytest, verdict_of, write_checks

CHECKS = """
    import pytest

    @pytest.mark.requirements("LIFE-001")
    def test_life_001_only():
        pass

    @pytest.mark.requirements("LIFE-002", "LIFE-001")
    def test_life_002_and_001():
        pass

    @pytest.mark.requirements("LIFE-002")
    def test_life_002_only():
        raise AssertionError("deselected: must not run")

    @pytest.mark.requirements("LIFE-003")
    def test_sees_the_shrink_option(run_options):
        assert run_options.shrink is False, "--no-shrink did not reach the checks"
"""


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_the_requirement_option_keeps_only_checks_naming_one_of_the_ids(tmp_path):
    write_checks(tmp_path, CHECKS)
    result = run_pytest(tmp_path, "--target", closed_port_url(), "--requirement", "LIFE-001")
    assert result.returncode == 0, result.stdout
    assert "2 deselected" in result.stdout
    results = results_of(tmp_path)
    assert sorted(check["test_id"] for check in results["checks"]) == [
        "test_checks.py::test_life_001_only", "test_checks.py::test_life_002_and_001",
    ]
    assert verdict_of(results, "LIFE-001")["verdict"] == "pass"
    narrowed = verdict_of(results, "LIFE-002")
    assert narrowed["verdict"] == "skipped-by-profile" and "--requirement" in narrowed["messages"][0]


def test_an_unknown_requirement_id_is_a_usage_error_of_the_suite(tmp_path):
    write_checks(tmp_path, CHECKS)
    result = run_pytest(tmp_path, "--target", closed_port_url(), "--requirement", "LIFE-999")
    assert result.returncode == 4, result.stdout
    assert "unknown requirement ID(s) for --requirement: LIFE-999" in result.stderr


def test_no_shrink_reaches_the_checks_run_options(tmp_path):
    write_checks(tmp_path, CHECKS)
    shrinking = run_pytest(tmp_path, "--target", closed_port_url(), "--requirement", "LIFE-003")
    assert verdict_of(results_of(tmp_path), "LIFE-003")["verdict"] == "fail", shrinking.stdout
    not_shrinking = run_pytest(tmp_path, "--target", closed_port_url(), "--requirement", "LIFE-003", "--no-shrink")
    assert verdict_of(results_of(tmp_path), "LIFE-003")["verdict"] == "pass", not_shrinking.stdout


def test_the_invocation_forwards_requirements_and_no_shrink_to_pytest(tmp_path):
    invocation = SuiteInvocation(TargetConfig("http://127.0.0.1:9"), "core", tmp_path, seed=1,
                                 requirements=("SYNC-005", "ARM-014"), shrink=False)
    args = invocation.pytest_args(tmp_path / "pytest.ini")
    assert args.count("--requirement") == 2 and "SYNC-005" in args and "ARM-014" in args
    assert "--no-shrink" in args
    default = SuiteInvocation(TargetConfig("http://127.0.0.1:9"), "core", tmp_path, seed=1).pytest_args(tmp_path)
    assert "--requirement" not in default and "--no-shrink" not in default


def test_a_dry_run_counts_the_narrowed_checks_and_says_there_is_no_recheck():
    result = CliRunner().invoke(run, ["--dry-run", "--requirement", "ARM-014", "--no-recheck"])
    assert result.exit_code == 0, result.output
    collected = next(line for line in result.output.splitlines() if "collected" in line)
    assert "collected 1 check" in collected, collected
    assert "no re-check" in result.output


@pytest.mark.slow
def test_a_narrowed_json_only_run_without_recheck_writes_results_json_alone(tmp_path):
    report_dir = tmp_path / "reports"
    report_dir.mkdir()
    (report_dir / "report.html").write_text("stale")  # an earlier run's report must go
    with ServeProcess(["--mutant", "no-request-id", "--retry-after", "0"], tmp_path) as endpoint:
        result = CliRunner().invoke(run, [
            "--target", endpoint.url, "--ca-cert", endpoint.ca_cert, "--seed", "1", "--report-dir", str(report_dir),
            "--requirement", "ARM-014", "--no-recheck", "--no-shrink", "--format", "json",
        ])
    assert result.exit_code == 1, result.output
    results = json.loads((report_dir / "results.json").read_text())
    assert results["checks"] and all("ARM-014" in check["requirement_ids"] for check in results["checks"])
    assert results["summary"]["certification"]["failing_must"] == ["ARM-014"]
    assert sorted(path.name for path in report_dir.iterdir()) == ["pytest.log", "results.json", "transcript.jsonl"]
    assert "re-checking" not in result.output and "writing reports" not in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["--requirement", "NOPE-001"], "unknown requirement ID(s) for --requirement: NOPE-001"),
        (["--format", "json", "--waivers", __file__], "--format json writes results.json only"),
        (["--format", "pdf"], "'pdf' is not one of 'all', 'json'"),
    ],
)
def test_narrowing_usage_errors_exit_2(tmp_path, args, message):
    result = CliRunner().invoke(run, [*args, "--report-dir", str(tmp_path)])
    assert result.exit_code == 2, result.output
    assert message in result.output and not (tmp_path / "results.json").exists()


def test_the_suite_pytest_loads_only_its_own_plugins(tmp_path):
    invocation = SuiteInvocation(TargetConfig("http://127.0.0.1:9"), "core", tmp_path, seed=1)
    args = invocation.pytest_args(tmp_path / "pytest.ini")
    loaded = [args[index + 1] for index, arg in enumerate(args) if arg == "-p"]
    assert {"conformance.suite.plugin", "xdist.plugin"} <= set(loaded)
    assert invocation.environment()["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] == "1"
