"""Checks hold under `python -O`: suite helpers pytest does not rewrite raise instead of
asserting, and `run` does not hand PYTHONOPTIMIZE to the suite.

The planted bug used: a PUT whose body is not JSON answers 500 with a CloudError. ROB-001's
check judges it only through `arm_checks.assert_refused`, so a bare assert there would let
the bug pass under -O."""

import ast
import json
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conformance.paths import PACKAGE_DIR
from conformance.reference import ReferenceServer
from conformance.runner.commands import run
from conformance.runner.pytest_invocation import SuiteInvocation
from conformance.selftest.variants import VARIANTS
from conformance.target.config import TargetConfig

VARIANT = "malformed-json-answers-500"
SELECTION = "test_a_body_that_is_not_json_answers_400_cloud_error"


def verdict(report_dir: Path, requirement_id: str) -> str:
    results = json.loads((report_dir / "results.json").read_text())
    return next(item["verdict"] for item in results["requirements"] if item["id"] == requirement_id)


def test_no_module_of_the_suite_that_pytest_does_not_rewrite_holds_an_assert():
    offenders = []
    for path in sorted((PACKAGE_DIR / "suite").rglob("*.py")):
        if path.name.startswith("test_"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Assert):
                offenders.append(f"{path.relative_to(PACKAGE_DIR)}:{node.lineno}")
    assert not offenders, "bare asserts vanish under python -O: " + ", ".join(offenders)


def test_a_refusal_helper_still_fails_under_python_o():
    probe = (
        "import sys\n"
        "from requests.structures import CaseInsensitiveDict\n"
        "from conformance.suite.scenarios.arm_checks import assert_refused\n"
        "from conformance.target.errors import NonConformance\n"
        "body = '{\"error\": {\"code\": \"InternalServerError\", \"message\": \"boom\"}}'\n"
        "from conformance.target.responses import ArmResponse\n"
        "answer = ArmResponse('PUT', 'http://127.0.0.1:9/x', 500, CaseInsensitiveDict(), body, 'x1', 1.0)\n"
        "assert sys.flags.optimize\n"
        "try:\n"
        "    assert_refused(answer, (400,))\n"
        "except NonConformance as failure:\n"
        "    print('failed:', failure)\n"
        "else:\n"
        "    print('passed')\n"
    )
    shown = subprocess.run([sys.executable, "-O", "-c", probe], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.startswith("failed: expected 400"), shown.stdout


@pytest.mark.slow
def test_the_suite_under_python_o_still_fails_a_broken_endpoint(tmp_path):
    with ReferenceServer(http=True, lro="sync", mutant=VARIANTS[VARIANT]) as server, \
            tempfile.TemporaryDirectory() as workdir:
        ini_file = Path(workdir) / "pytest.ini"
        ini_file.write_text("[pytest]\n")
        invocation = SuiteInvocation(target=TargetConfig(server.url), profile="core", report_dir=tmp_path,
                                     seed=1, select=SELECTION)
        shown = subprocess.run([sys.executable, "-O", "-m", "pytest", *invocation.pytest_args(ini_file)],
                               capture_output=True, text=True, timeout=300, env=invocation.environment())
    assert shown.returncode == 1, shown.stdout[-3000:]
    assert verdict(tmp_path, "ROB-001") == "fail", shown.stdout[-3000:]


@pytest.mark.slow
def test_run_with_pythonoptimize_set_still_fails_a_broken_endpoint(tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONOPTIMIZE", "1")
    with ReferenceServer(http=True, lro="sync", mutant=VARIANTS[VARIANT]) as server:
        result = CliRunner().invoke(run, ["--target", server.url, "--select", SELECTION, "--seed", "1",
                                          "--report-dir", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert verdict(tmp_path, "ROB-001") == "fail"
