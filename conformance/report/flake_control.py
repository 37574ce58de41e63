"""Confirmed versus flaky failures, from a second run of the failing checks.

The runner re-runs every failed or errored check once (`failing_test_ids`) and hands
both results here. A check that fails again is *confirmed*; one that passes is *flaky*;
anything else (target error, skipped, not re-run) is *inconclusive*. A flaky failure is
still a failure: its requirement keeps the verdict `fail`, marked flaky, and still blocks
certification — a target that fails intermittently does not conform.

By convention the runner writes the second run's results.json to `recheck/` inside the
report directory, so `report render` finds it again without being told.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from conformance.results.outcomes import RunResults
from conformance.results.results_file import RESULTS_FILE, load_results

RECHECK_DIR = "recheck"
FAILING_OUTCOMES = frozenset({"failed", "error"})


@dataclass(frozen=True)
class RecheckClassification:
    """test id -> confirmed | flaky | inconclusive, for the checks that failed first time."""

    states: Mapping[str, str] = field(default_factory=dict)
    performed: bool = False

    def state_of(self, test_id: str) -> str:
        if not self.performed:
            return "not-rechecked"
        return self.states.get(test_id, "not-rechecked")


def failing_test_ids(results: RunResults) -> list[str]:
    """The checks to re-run: every one that failed or errored, in run order."""
    return [check.test_id for check in results.checks if check.outcome in FAILING_OUTCOMES]


def classify_rechecks(first: RunResults, second: RunResults) -> RecheckClassification:
    again = {check.test_id: check.outcome for check in second.checks}
    states: dict[str, str] = {}
    for test_id in failing_test_ids(first):
        outcome = again.get(test_id)
        if outcome in FAILING_OUTCOMES:
            states[test_id] = "confirmed"
        elif outcome == "passed":
            states[test_id] = "flaky"
        else:
            states[test_id] = "inconclusive"
    return RecheckClassification(states=states, performed=True)


def find_recheck_results(report_dir: Path) -> Path | None:
    """The conventional place of the second run's results, if the runner wrote one."""
    candidate = report_dir / RECHECK_DIR / RESULTS_FILE
    return candidate if candidate.is_file() else None


def load_recheck(source: RunResults | Path | None, report_dir: Path) -> RunResults | None:
    """The second run's results: given, read from a path, or found in `recheck/`."""
    if isinstance(source, RunResults):
        return source
    path = source if source is not None else find_recheck_results(report_dir)
    return load_results(path) if path is not None else None
