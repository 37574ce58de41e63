"""What a run found: per check, per requirement, and for the run as a whole.

These dataclasses are the content of results.json (see `results_file` for the format);
the report stage renders them and the runner derives its exit code from them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

CHECK_OUTCOMES = ("passed", "failed", "error", "skipped", "target-error")
VERDICTS = ("pass", "fail", "skipped-by-profile", "not-covered", "target-error")
LEVELS = ("MUST", "SHOULD", "MAY")


@dataclass
class CheckResult:
    """One pytest test: which requirements it proves and how it went.

    outcome: passed | failed (the target answered wrongly) | error (the check could not
    run: setup or teardown broke) | skipped | target-error (the target could not be
    reached or the connection broke, so nothing is concluded).
    """

    test_id: str
    requirement_ids: list[str]
    outcome: str
    message: str = ""
    duration_s: float = 0.0
    exchange_ids: list[str] = field(default_factory=list)
    curl: str | None = None
    failing_exchange_id: str | None = None
    worker: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CheckResult":
        return cls(**data)


@dataclass
class RequirementVerdict:
    """The verdict on one requirement of the catalog, with the checks behind it."""

    id: str
    level: str
    feature: str  # the catalog's requirement profile, e.g. core, subnet-peering
    profiles: list[str]  # the run profiles that check it
    statement: str
    verdict: str
    checks: list[str] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RequirementVerdict":
        return cls(**data)


@dataclass
class RunMetadata:
    suite_version: str
    run_id: str
    target_url: str
    api_version: str
    profile: str
    unsupported: list[str]
    seed: int | None
    max_examples: int | None
    started: str
    ended: str
    duration_s: float
    workers: int
    interrupted: bool = False
    pytest_exit_status: int | None = None
    # Resources the run created and could not delete (names as given), for `cleanup`.
    leftovers: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunMetadata":
        return cls(**data)


@dataclass
class Summary:
    """Counts per level and verdict, and what decides conformance."""

    by_level: dict[str, dict[str, int]]
    checks: dict[str, int]
    conformant: bool
    failing_must: list[str]
    target_error_must: list[str]
    not_covered_must: list[str]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Summary":
        return cls(**data)


@dataclass
class RunResults:
    run: RunMetadata
    summary: Summary
    requirements: list[RequirementVerdict]
    checks: list[CheckResult]
    transcript: str = "transcript.jsonl"
    format_version: int = 1

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "RunResults":
        return cls(
            run=RunMetadata.from_dict(data["run"]),
            summary=Summary.from_dict(data["summary"]),
            requirements=[RequirementVerdict.from_dict(item) for item in data["requirements"]],
            checks=[CheckResult.from_dict(item) for item in data["checks"]],
            transcript=data.get("transcript", "transcript.jsonl"),
            format_version=data.get("format_version", 1),
        )

    def verdict_of(self, requirement_id: str) -> RequirementVerdict | None:
        return next((item for item in self.requirements if item.id == requirement_id), None)
