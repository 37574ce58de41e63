"""What the runs of the state machine share (MachineContext), and how one run tells its
steps: as requests to replay in order, in a finding and in a failure (StepLog)."""

from __future__ import annotations

import itertools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from conformance.exchanges.redaction import redact_text
from conformance.suite.check_findings import FindingLog, RequirementFailure
from conformance.suite.stateful.standing_vnets import StandingVnets
from conformance.target.peering_api import PeeringApi
from conformance.target.responses import ArmResponse


class ModelMismatch(RequirementFailure):
    """The target and the model disagree on a MUST; the message lists the steps as requests."""


@dataclass
class MachineContext:
    """What every run of the machine shares: the API, the standing VNets, a name prefix,
    the seed to report, the level of each requirement, and where SHOULD findings go (each
    requirement once)."""

    api: PeeringApi
    standing: StandingVnets
    name_prefix: str
    seed: int
    levels: Mapping[str, str] = field(default_factory=dict)
    findings: FindingLog = field(default_factory=FindingLog)
    recorded: set[str] = field(default_factory=set)
    _runs: itertools.count = field(default_factory=lambda: itertools.count(1))

    def next_run_prefix(self) -> str:
        return f"{self.name_prefix}-s{next(self._runs)}"

    def stops(self, requirement_id: str) -> bool:
        """A MUST disagreement stops the check; anything else is a finding."""
        return self.levels.get(requirement_id, "MUST") == "MUST"

    def judged(self, requirement_id: str | None) -> None:
        """An observation under this requirement agreed with the model: the check's pass
        counts for it (and only for what it reached)."""
        if requirement_id is not None:
            self.findings.judge(requirement_id)

    def record(self, requirement_id: str, message: str, exchange_id: str | None) -> None:
        if requirement_id not in self.recorded:
            self.recorded.add(requirement_id)
            self.findings.record(requirement_id, message, exchange_id)


@dataclass
class StepLog:
    """The writes of one run, redacted, as a user would replay them."""

    seed: int
    steps: list[str] = field(default_factory=list)

    def sent(self, response: ArmResponse, body: Any) -> None:
        self.steps.append(f"{response.method} {redact_text(response.url)}{_body_text(body)}")

    def standing(self, url: str, body: Any) -> None:
        """A VNet the run starts from as the previous run left it: the PUT that makes it so."""
        self.steps.append(f"PUT {redact_text(url)}{_body_text(body)}  (left so by the previous run: not sent again)")

    def text(self) -> str:
        return "\n".join(f"  {number}. {step}" for number, step in enumerate(self.steps, 1)) or "  (none)"

    def finding(self, problem: str) -> str:
        return (
            f"{problem}\nthe machine followed the target and went on; steps so far, as requests to replay "
            f"in order:\n{self.text()}\nseed {self.seed}: repeat with --seed {self.seed}"
        )

    def mismatch(self, headline: str, problems: list[tuple[str, str]]) -> ModelMismatch:
        details = "\n".join(f"  - [{requirement}] {problem}" for requirement, problem in problems)
        return ModelMismatch(
            f"{headline} after {len(self.steps)} step(s):\n{details}\n"
            f"steps (shrunk), as requests to replay in order:\n{self.text()}\n"
            f"seed {self.seed}: repeat with --seed {self.seed}",
            sorted({requirement for requirement, _ in problems}),
        )


def _body_text(body: Any) -> str:
    return f" {json.dumps(body, separators=(',', ':'))}" if body is not None else ""
