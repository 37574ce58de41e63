"""What a run may leave out and still certify: optional features only, nothing narrowed."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from conformance.runner.commands import run
from conformance.suite.requirement_scope import OPTIONAL_FEATURES, RunScope, ScopeError


@pytest.mark.parametrize("feature", ["core", "arm-contract", "lro", "robustness", "examples"])
def test_a_profiles_own_core_cannot_be_declared_unsupported(feature):
    with pytest.raises(ScopeError, match="cannot be declared away"):
        RunScope.build("core", [feature])


def test_run_refuses_unsupported_core_as_a_usage_error():
    result = CliRunner().invoke(run, ["--unsupported", "core", "--unsupported", "subnet-peering", "--dry-run"])
    assert result.exit_code == 2 and "cannot be declared away" in result.output


def test_optional_features_leave_the_profile_certifiable():
    scope = RunScope.build("full", list(OPTIONAL_FEATURES))
    record = scope.record()
    assert not record.narrowed and record.unsupported == sorted(OPTIONAL_FEATURES)
    subnet = next(item for item in scope.scoped_requirements() if item.feature == "subnet-peering")
    assert not subnet.in_scope and not subnet.in_profile


@pytest.mark.parametrize(
    "options, reason",
    [
        ({"select": "lifecycle"}, "--select"),
        ({"max_examples": 3}, "--max-examples 3"),
        ({"shard": "2/3"}, "shard 2/3"),
    ],
)
def test_every_narrowing_is_recorded_as_a_reason_not_to_certify(options, reason):
    record = RunScope.build("core").record(**options)
    assert record.narrowed and any(reason in item for item in record.narrowed_by)


def test_named_requirements_narrow_but_stay_in_the_profile_denominator():
    scope = RunScope.build("core", selected=["ARM-014"])
    scoped = {item.id: item for item in scope.scoped_requirements()}
    assert scoped["ARM-014"].in_scope and scoped["LIFE-001"].in_profile and not scoped["LIFE-001"].in_scope
    assert scope.record().narrowed_by == ["narrowed to 1 requirement(s) with --requirement"]
