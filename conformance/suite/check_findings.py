"""How a check says more than pass or fail, precisely enough for one verdict per requirement.

A check names every requirement it can speak to (`@pytest.mark.requirements`); what it
observed may concern only some of them:

- `RequirementFailure(message, ["SYNC-005"], exchange_id=None)`: the check fails, and
  only the named requirements are disproved (`exchange_id`: the exchange that shows it,
  when that is not the check's last one). The check's other requirements are neither passed nor
  failed by it (it stopped before judging them).
- `not_applicable(reason)`: the target gave the check nothing to judge (no long-running
  operation seen, an option not given). Never a pass: the requirement is reported
  not-applicable with the reason, and certification decides what that means.
- `FindingLog.judge(requirement_id)`: a check whose markers name more than it may
  reach (the stateful check names every requirement a disagreement could concern) says
  which requirements it actually judged; its pass then counts for those only.
- `FindingLog.record(requirement_id, message)`: a debatable or SHOULD-level deviation
  seen while the check carries on (the stateful check follows the target's answer and
  keeps exploring). The named requirement fails; the check's outcome is not changed.

The CheckRecorder turns each into properties of the pytest report, the ResultsCollector
into fields of CheckResult, and `results.verdicts` into the verdicts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NoReturn

import pytest

# The prefix of the skip reason a not-applicable check carries (visible in pytest's output).
NOT_APPLICABLE_PREFIX = "not-applicable: "


class RequirementFailure(AssertionError):
    """A failed check that disproves only `requirement_ids` among the IDs it names."""

    def __init__(self, message: str, requirement_ids: Sequence[str], exchange_id: str | None = None) -> None:
        super().__init__(message)
        if not requirement_ids:
            raise ValueError("a RequirementFailure names at least one requirement")
        self.requirement_ids = tuple(requirement_ids)
        # The exchange that shows the failure, when it is not the check's last one (a
        # scenario journey sent it before the check ran).
        self.exchange_id = exchange_id


class NotApplicable(pytest.skip.Exception):
    """The target offered nothing this check could judge; the reason says what was missing."""


def not_applicable(reason: str) -> NoReturn:
    raise NotApplicable(NOT_APPLICABLE_PREFIX + reason, allow_module_level=False)


@dataclass(frozen=True)
class Finding:
    """A deviation on one requirement, recorded while the check went on."""

    requirement_id: str
    message: str
    exchange_id: str | None = None


@dataclass
class FindingLog:
    """Findings of the check running now (fixture `findings`); emptied per check."""

    findings: list[Finding] = field(default_factory=list)
    # None: the check does not say what it judged (its pass covers every ID it names).
    judged: set[str] | None = None

    def judge(self, requirement_id: str) -> None:
        """The check compared an observation under this requirement (and it held)."""
        if self.judged is None:
            self.judged = set()
        self.judged.add(requirement_id)

    def judging(self) -> None:
        """The check will say what it judged, even if that ends up being nothing."""
        if self.judged is None:
            self.judged = set()

    def take_judged(self) -> list[str] | None:
        judged, self.judged = self.judged, None
        return sorted(judged) if judged is not None else None

    def record(self, requirement_id: str, message: str, exchange_id: str | None = None) -> None:
        if not any(f.requirement_id == requirement_id and f.message == message for f in self.findings):
            self.findings.append(Finding(requirement_id, message, exchange_id))

    def take(self) -> list[Finding]:
        taken, self.findings = self.findings, []
        return taken
