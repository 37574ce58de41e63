"""A suite module that fails to load must not leave a run that looks whole."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

CHECK = '''
import pytest

@pytest.mark.requirements("ARM-014")
def test_answers_carry_a_request_id():
    pass
'''


@pytest.mark.slow
@pytest.mark.parametrize("workers", [[], ["-n", "2"]])
def test_a_module_that_fails_to_import_makes_the_run_partial(tmp_path, workers):
    checks = tmp_path / "checks"
    checks.mkdir()
    (checks / "test_fine.py").write_text(CHECK)
    (checks / "test_broken.py").write_text("import a_module_that_does_not_exist\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    report_dir = tmp_path / "reports"
    subprocess.run(
        [sys.executable, "-m", "pytest", str(checks), "-c", str(tmp_path / "pytest.ini"), "-p", "no:cacheprovider",
         "--embedded", "--report-dir", str(report_dir), "-q", *workers],
        capture_output=True, text=True, timeout=300,
    )
    results = json.loads((report_dir / "results.json").read_text())
    scope, certification = results["run"]["scope"], results["summary"]["certification"]
    assert any("failed to load" in reason and "test_broken.py" in reason for reason in scope["narrowed_by"])
    assert not certification["conformant"] and certification["status"] in ("partial", "interrupted")
