"""What changed since a baseline run: the comparison behind `run --baseline` and `report diff`.

A regression is a requirement that passed in the baseline and fails now, whatever its
level: that alone decides the exit code of a regression run. The other lists explain
the rest: new failures (fail now, did not before; regressions included), fixed (failed
before, pass now), still failing, and new requirements (in this run's catalog, not in
the baseline's).
"""

from __future__ import annotations

import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from conformance.results.outcomes import RunResults
from conformance.results.results_file import RESULTS_FILE, load_results

FAIL, PASS = "fail", "pass"


class RunResultsError(ValueError):
    """A run that cannot be read: not a results.json, report directory or evidence.zip."""


@dataclass
class RequirementChange:
    id: str
    level: str
    statement: str
    before: str | None  # the baseline's verdict; None: not in the baseline
    now: str


@dataclass
class BaselineRun:
    """Which run the comparison is against."""

    source: str  # the file name given (results.json, a report directory, evidence.zip)
    run_id: str
    target_url: str
    suite_version: str
    started: str


@dataclass
class BaselineComparison:
    baseline: BaselineRun
    regressions: list[RequirementChange] = field(default_factory=list)
    new_failures: list[RequirementChange] = field(default_factory=list)
    fixed: list[RequirementChange] = field(default_factory=list)
    still_failing: list[RequirementChange] = field(default_factory=list)
    new_requirements: list[RequirementChange] = field(default_factory=list)

    @property
    def regressed(self) -> bool:
        return bool(self.regressions)


def load_run_results(path: Path) -> RunResults:
    """A finished run's results from its results.json, its report directory or its evidence.zip."""
    path = Path(path)
    try:
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as bundle:
                return RunResults.from_dict(json.loads(bundle.read(RESULTS_FILE).decode("utf-8")))
        return load_results(path)
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        raise RunResultsError(f"cannot read the run {path}: {exc.__class__.__name__}: {exc}") from exc


def compare(baseline: RunResults, current: RunResults, source: str = "") -> BaselineComparison:
    """Every requirement of `current` set against its verdict in `baseline`, in catalog order."""
    before = {item.id: item.verdict for item in baseline.requirements}
    comparison = BaselineComparison(
        baseline=BaselineRun(
            source=source, run_id=baseline.run.run_id, target_url=baseline.run.target_url,
            suite_version=baseline.run.suite_version, started=baseline.run.started,
        )
    )
    for item in current.requirements:
        change = RequirementChange(item.id, item.level, item.statement, before.get(item.id), item.verdict)
        if change.before is None:
            comparison.new_requirements.append(change)
        elif change.now == FAIL and change.before == FAIL:
            comparison.still_failing.append(change)
        elif change.now == FAIL:
            comparison.new_failures.append(change)
            if change.before == PASS:
                comparison.regressions.append(change)
        elif change.before == FAIL and change.now == PASS:
            comparison.fixed.append(change)
    return comparison


def regression_exit_code(comparison: BaselineComparison, interrupted: bool) -> int:
    """`run --baseline`: 3 when the run was cut short (its silence proves nothing), else 1 on
    a regression and 0 without one, whatever else fails."""
    if interrupted:
        return 3
    return 1 if comparison.regressed else 0


def comparison_line(comparison: BaselineComparison) -> str:
    """One line for the terminal: the regressions by ID, then the other counts."""
    found = (
        f"{len(comparison.regressions)} regression(s): {', '.join(c.id for c in comparison.regressions)}"
        if comparison.regressed else "no regression"
    )
    return (
        f"since the baseline (run {comparison.baseline.run_id}): {found}; {len(comparison.new_failures)} new "
        f"failure(s), {len(comparison.fixed)} fixed, {len(comparison.still_failing)} still failing, "
        f"{len(comparison.new_requirements)} new requirement(s)"
    )
