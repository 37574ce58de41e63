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

