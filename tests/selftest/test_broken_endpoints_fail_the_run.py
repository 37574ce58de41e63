"""Issue 4: hand-made broken endpoints (planted-bug variants in a `serve` subprocess)
each make `peering-conformance run --profile core` exit 1 naming the broken requirement,
and the never-finishing operation does not hang the run.

Each run is narrowed to the checks of the broken requirement's area (the other features
declared --unsupported), the smallest selection that still drives the runner end to end.
"""

from __future__ import annotations

import json

import pytest

from conformance.requirements import load_catalog
from conformance.selftest.check_selection import unsupported_features
from conformance.selftest.variant_runs import RunRequest, run_suite_against
from conformance.selftest.variants import VARIANTS

# Bounds one whole run; a run that needs longer is reported as hung by the test.
RUN_DEADLINE_SECONDS = 900.0
OPERATION_TIMEOUT_SECONDS = 5.0
# The scripted scenarios suffice to name each of these requirements; leaving out the
# model-based machine (which shrinks against a broken target) and fuzzing keeps CI short.
SCENARIOS_ONLY = "not model_predicts and not fuzzing"

BROKEN_ENDPOINTS = (
    "sync-flag-ignored",
    "never-local-not-in-sync",
    "missing-peering-answers-500",
    "no-request-id",
    "operation-never-finishes",
)


@pytest.mark.slow
@pytest.mark.parametrize("name", BROKEN_ENDPOINTS)
def test_run_against_a_broken_endpoint_exits_1_naming_its_requirement(tmp_path, name):
    variant = VARIANTS[name]
    request = RunRequest(
        mutant=name,
        report_dir=tmp_path / name,
        unsupported=tuple(unsupported_features(load_catalog(), variant.requirement, False, "core")),
        timeout=OPERATION_TIMEOUT_SECONDS,
        run_deadline=RUN_DEADLINE_SECONDS,
        profile="core",
        select=SCENARIOS_ONLY,
    )
    findings = run_suite_against(request)
    assert findings.problem is None, findings.problem
    assert findings.exit_code == 1, (request.report_dir / "runner.log").read_text()
    assert variant.requirement in findings.failed_requirements, sorted(findings.failed_requirements)
    results = json.loads((request.report_dir / "results.json").read_text())
    assert variant.requirement in results["summary"]["failing_must"] + results["summary"]["target_error_must"]
