"""The suite's pytest gets a clean environment: no -O from the caller, no user pytest options."""

from conformance.runner.pytest_invocation import SuiteInvocation
from conformance.target.config import TargetConfig


def test_the_suite_environment_carries_no_pythonoptimize(monkeypatch):
    monkeypatch.setenv("PYTHONOPTIMIZE", "2")
    monkeypatch.setenv("PYTEST_ADDOPTS", "-p no:conformance")
    invocation = SuiteInvocation(target=TargetConfig("http://127.0.0.1:9"), profile="core", report_dir=None, seed=1)
    environment = invocation.environment()
    assert "PYTHONOPTIMIZE" not in environment
    assert "PYTEST_ADDOPTS" not in environment
    assert environment["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] == "1"



def test_a_second_subscription_reaches_the_suite_only_when_given(tmp_path):
    """SYNC-023 runs with --subscription2 and is not-applicable without it (never a silent pass)."""
    target = TargetConfig("http://127.0.0.1:9")
    given = SuiteInvocation(target=target, profile="core", report_dir=tmp_path, seed=1, subscription2="sub-2")
    args = given.pytest_args(tmp_path / "pytest.ini")
    assert args[args.index("--subscription2") + 1] == "sub-2"
    absent = SuiteInvocation(target=target, profile="core", report_dir=tmp_path, seed=1)
    assert "--subscription2" not in absent.pytest_args(tmp_path / "pytest.ini")
