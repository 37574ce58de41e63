import socket
import subprocess
import sys

import pytest

from tests.runner.suite_process import JsonServer, results_of, run_pytest, verdict_of, write_checks

TOKEN = "plugin-test-token-0123456789abcdef"


def closed_port_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"


def test_without_a_target_the_plugin_is_silent_and_the_suite_is_skipped(tmp_path):
    write_checks(tmp_path, """
        def test_plain():
            assert 1 + 1 == 2
    """)
    plain = run_pytest(tmp_path)
    assert plain.returncode == 0, plain.stdout
    assert "[peering-conformance]" not in plain.stdout + plain.stderr
    assert not (tmp_path / "reports").exists()
    suite = subprocess.run(
        [sys.executable, "-m", "pytest", "--pyargs", "conformance.suite", "-p", "no:cacheprovider", "-rs", "-q"],
        capture_output=True, text=True, timeout=120, cwd=tmp_path,
    )
    assert suite.returncode == 0, suite.stdout
    assert "needs --target URL or --embedded" in suite.stdout and " passed" not in suite.stdout


def test_checks_with_unknown_or_missing_requirement_ids_are_collection_errors(tmp_path):
    write_checks(tmp_path, """
        import pytest

        @pytest.mark.requirements("LIFE-999")
        def test_unknown():
            pass

        def test_untagged():
            pass
    """)
    result = run_pytest(tmp_path, "--target", closed_port_url())
    assert result.returncode == 2, result.stdout
    assert "unknown requirement IDs LIFE-999" in result.stdout
    assert "test_untagged: no @pytest.mark.requirements" in result.stdout
    assert results_of(tmp_path)["run"]["interrupted"] is True


@pytest.mark.parametrize(
    "options, reason",
    [
        (["--profile", "core"], "is not part of run profile 'core'"),
        (["--profile", "full", "--unsupported", "subnet-peering"], "declared 'subnet-peering' unsupported"),
    ],
)
def test_checks_outside_the_profile_are_deselected_and_reported_skipped_by_profile(tmp_path, options, reason):
    write_checks(tmp_path, """
        import pytest

        @pytest.mark.requirements("LIFE-001")
        def test_in_profile():
            pass

        @pytest.mark.requirements("SUBNET-001")
        def test_subnet_only():
            raise AssertionError("must not run")
    """)
    result = run_pytest(tmp_path, "--target", closed_port_url(), *options)
    assert result.returncode == 0, result.stdout
    results = results_of(tmp_path)
    assert [check["test_id"] for check in results["checks"]] == ["test_checks.py::test_in_profile"]
    assert verdict_of(results, "LIFE-001")["verdict"] == "pass"
    subnet = verdict_of(results, "SUBNET-001")
    assert subnet["verdict"] == "skipped-by-profile" and reason in subnet["messages"][0]


def test_unreachable_targets_are_target_errors_and_wrong_answers_failures_with_a_curl(tmp_path):
    write_checks(tmp_path, """
        import pytest

        @pytest.mark.requirements("ARM-004")
        def test_wrong_answer(target):
            assert target.get("/wrong").status == 404

        @pytest.mark.requirements("ARM-006")
        def test_unreachable(target):
            target.get("http://127.0.0.1:9/refused")
    """)
    with JsonServer() as server:
        result = run_pytest(tmp_path, "--target", server.url, "--token", TOKEN)
    assert result.returncode == 1, result.stdout
    results = results_of(tmp_path)
    assert verdict_of(results, "ARM-006")["verdict"] == "target-error"
    wrong = verdict_of(results, "ARM-004")
    assert wrong["verdict"] == "fail" and "assert 200 == 404" in wrong["messages"][0]
    check = next(item for item in results["checks"] if item["test_id"].endswith("test_wrong_answer"))
    assert check["failing_exchange_id"] in check["exchange_ids"]
    assert "${TOKEN}" in check["curl"] and f"{server.url}/wrong" in check["curl"]
    produced = [path.read_text() for path in (tmp_path / "reports").iterdir()]
    assert len(produced) == 2 and not any(TOKEN in text for text in produced)
