"""What judging one exchange against one rule concluded: the unit every judge produces
and every output (results.json, the proxy's console) consumes."""

from __future__ import annotations

from dataclasses import dataclass

PASSED = "passed"
FAILED = "failed"
SKIPPED = "skipped"  # the rule applies, but the recording cannot tell; `message` says why


@dataclass(frozen=True)
class Finding:
    rule: str  # e.g. "shape.peering-schema", "semantic.sync-level"
    requirement_ids: tuple[str, ...]
    outcome: str  # PASSED | FAILED | SKIPPED
    exchange_id: str
    message: str = ""

    def console_line(self) -> str:
        ids = ",".join(self.requirement_ids)
        text = f" - {self.message}" if self.message else ""
        return f"{self.outcome.upper():7} {ids:<18} {self.exchange_id} {self.rule}{text}"


def passed(rule: str, ids: tuple[str, ...] | str, exchange_id: str, message: str = "") -> Finding:
    return Finding(rule, _ids(ids), PASSED, exchange_id, message)


def failed(rule: str, ids: tuple[str, ...] | str, exchange_id: str, message: str) -> Finding:
    return Finding(rule, _ids(ids), FAILED, exchange_id, message)


def skipped(rule: str, ids: tuple[str, ...] | str, exchange_id: str, reason: str) -> Finding:
    return Finding(rule, _ids(ids), SKIPPED, exchange_id, reason)


def verdict(rule: str, ids: tuple[str, ...] | str, exchange_id: str, problems: list[str], ok: str = "") -> Finding:
    """Failed with the problems joined, or passed when there are none."""
    if problems:
        return failed(rule, ids, exchange_id, "; ".join(problems))
    return passed(rule, ids, exchange_id, ok)


def _ids(ids: tuple[str, ...] | str) -> tuple[str, ...]:
    return (ids,) if isinstance(ids, str) else tuple(ids)
