"""Generated requests for every operation: conforming ones (positive) and ones that break
the request schema (negative). Neither may get a 5xx; a 4xx must be a CloudError; every
response must match the spec's schema for its status.

Bounded by --max-examples (cases per read operation and mode, default 20; a write
operation gets a quarter: fuzz_harness.py); --seed repeats a run. Every check runs on one
worker (xdist group "fuzzing"), so one pair of fuzzing VNets serves them all.
"""

from __future__ import annotations

import pytest
from schemathesis import GenerationMode

from conformance.suite.fuzzing.fuzz_fixtures import fuzz_harness  # noqa: F401  (the fixture)
from conformance.suite.fuzzing.operations import operation_ids, requirement_ids


def _per_operation(mode: GenerationMode) -> list:
    return [
        pytest.param(
            operation_id,
            id=operation_id,
            marks=[pytest.mark.requirements(*requirement_ids(operation_id, mode)), pytest.mark.xdist_group("fuzzing")],
        )
        for operation_id in operation_ids()
    ]


@pytest.mark.parametrize("operation_id", _per_operation(GenerationMode.POSITIVE))
def test_conforming_requests_get_no_5xx_and_spec_valid_answers(operation_id, fuzz_harness):  # noqa: F811
    fuzz_harness.fuzz(operation_id, GenerationMode.POSITIVE)


@pytest.mark.parametrize("operation_id", _per_operation(GenerationMode.NEGATIVE))
def test_nonconforming_requests_get_cloud_errors_never_5xx(operation_id, fuzz_harness):  # noqa: F811
    fuzz_harness.fuzz(operation_id, GenerationMode.NEGATIVE)
