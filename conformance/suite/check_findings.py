"""How a check says more than pass or fail, precisely enough for one verdict per requirement.

A check names every requirement it can speak to (`@pytest.mark.requirements`); what it
observed may concern only some of them:

- `RequirementFailure(message, ["SYNC-005"])`: the check fails, and only the named
  requirements are disproved. The check's other requirements are neither passed nor
  failed by it (it stopped before judging them).
- `not_applicable(reason)`: the target gave the check nothing to judge (no long-running
  operation seen, an option not given). Never a pass: the requirement is reported
  not-applicable with the reason, and certification decides what that means.
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

    def __init__(self, message: str, requirement_ids: Sequence[str]) -> None:
        super().__init__(message)
        if not requirement_ids:
            raise ValueError("a RequirementFailure names at least one requirement")
        self.requirement_ids = tuple(requirement_ids)


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

    def record(self, requirement_id: str, message: str, exchange_id: str | None = None) -> None:
        if not any(f.requirement_id == requirement_id and f.message == message for f in self.findings):
            self.findings.append(Finding(requirement_id, message, exchange_id))

    def take(self) -> list[Finding]:
        taken, self.findings = self.findings, []
        return taken
