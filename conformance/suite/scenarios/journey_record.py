"""What a scenario journey saw, kept so that many checks can judge one sequence of writes.

On a real target every write is a long-running operation of seconds, so a journey
(create a pair, connect, change one side, observe, sync, observe, ...) is done once and
every observation is recorded with the exchange that showed it. Each check then judges
its own requirement from the record: a mismatch fails that requirement only
(RequirementFailure) and names the exchange, even though it was sent before the check ran.

A journey stops at the first step it cannot take (a write a MUST needs refused, the
target unreachable; a write only a SHOULD expects is kept by Journey.attempted and
judged by its own check instead); a check whose observation lies beyond that point fails with the reason
the journey stopped (a TargetError stays a TargetError: target-error, not non-conformance).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from conformance.suite.check_findings import RequirementFailure
from conformance.suite.convergence import CONVERGENCE
from conformance.suite.scenarios.peering_expectations import (
    address_prefixes,
    check_refused,
    prefix_set,
    property_mismatches,
    shown,
)
from conformance.target.errors import NonConformance, TargetError
from conformance.target.responses import ArmResponse


@dataclass(frozen=True)
class Seen:
    """One observation: what was read (peering properties, or comparable fields) and from which exchange."""

    what: str
    exchange_id: str | None
    status: int | None = None
    properties: dict[str, Any] = field(default_factory=dict)
    # How long the target took to show what the journey waited for (empty: it never did).
    converged_seconds: tuple[float, ...] = ()
    # The answer itself, for checks that judge it with peering_expectations' functions.
    response: ArmResponse | None = None


@dataclass(frozen=True)
class Stop:
    """Why the journey went no further."""

    message: str
    exchange_id: str | None
    target_error: bool


class JourneyStopped(Exception):
    """Raised inside a journey to end it; the journey keeps the Stop."""

    def __init__(self, stop: Stop) -> None:
        super().__init__(stop.message)
        self.stop = stop


@dataclass
class JourneyRecord:
    """Observations of one journey by key, and where it stopped (None: it went to the end)."""

    name: str
    seen: dict[str, Seen] = field(default_factory=dict)
    stopped: Stop | None = None

    def keep(self, key: str, seen: Seen) -> Seen:
        if key in self.seen:
            raise ValueError(f"journey {self.name} observed {key!r} twice")
        self.seen[key] = seen
        return seen

    def observation(self, key: str, requirement: str) -> Seen:
        """The observation `key`, counted toward the current check's convergence times;
        fails `requirement` with the journey's stop when the journey never got there."""
        if key in self.seen:
            seen = self.seen[key]
            for seconds in seen.converged_seconds:
                CONVERGENCE.converged(seconds)
            return seen
        if self.stopped is None:
            raise KeyError(f"journey {self.name} has no observation {key!r}")
        message = f"the {self.name} journey stopped before this step: {self.stopped.message}"
        if self.stopped.target_error:
            raise TargetError(message)
        raise RequirementFailure(message, [requirement], exchange_id=self.stopped.exchange_id)


def fail(requirement: str, seen: Seen, problems: list[str], what: str | None = None) -> None:
    """Fail `requirement` with the problems seen, naming the observation's exchange."""
    if problems:
        where = f" (exchange {seen.exchange_id})" if seen.exchange_id else ""
        raise RequirementFailure(
            f"{what or seen.what}: " + "; ".join(problems) + where, [requirement], exchange_id=seen.exchange_id
        )


def fail_findings(requirement: str, heading: str, problems: Sequence[tuple[str, str | None]]) -> None:
    """Fail `requirement` with every (problem, exchange id) found, naming the first one's exchange."""
    if problems:
        lines = [f"{text} (exchange {exchange})" if exchange else text for text, exchange in problems]
        raise RequirementFailure(f"{heading}:\n" + "\n".join(lines), [requirement], exchange_id=problems[0][1])


def expect_peering(record: JourneyRecord, key: str, requirement: str, **expected: Any) -> dict[str, Any]:
    """The peering observed as `key` must have been read (200) with `expected` (ARM names,
    as peering_expectations.property_mismatches takes them); returns its properties."""
    seen = record.observation(key, requirement)
    if seen.status != 200:
        fail(requirement, seen, [f"expected 200 on GET, got {seen.status}"])
    fail(requirement, seen, property_mismatches(seen.properties, **expected))
    return seen.properties


def expect_unchanged(record: JourneyRecord, before_key: str, after_key: str, requirement: str) -> None:
    """The fields observed as `after_key` (and its read after a quiet window) must equal
    those observed as `before_key`."""
    before = record.observation(before_key, requirement)
    for key in (after_key, after_key + ":later"):
        after = record.observation(key, requirement)
        changed = [
            f"{field} was {before.properties[field]} before, {after.properties.get(field)} after"
            for field in before.properties
            if before.properties[field] != after.properties.get(field)
        ]
        fail(requirement, after, changed, f"{after.what}: expected it to change nothing, but")


def expect_succeeded(record: JourneyRecord, key: str, requirement: str) -> Seen:
    """The write kept by Journey.attempted as `key` must have succeeded."""
    seen = record.observation(key, requirement)
    failure = seen.properties.get("failure")
    if failure:
        raise RequirementFailure(f"{failure} (exchange {seen.exchange_id})", [requirement],
                                 exchange_id=seen.exchange_id)
    return seen


def expect_status(record: JourneyRecord, key: str, requirement: str, statuses: tuple[int, ...]) -> Seen:
    """The answer kept as `key` must have one of `statuses`."""
    seen = record.observation(key, requirement)
    wanted = " or ".join(str(status) for status in statuses)
    fail(requirement, seen, [] if seen.status in statuses else [f"expected {wanted}, got {seen.status}"])
    return seen


@contextmanager
def judging(requirement: str, seen: Seen) -> Iterator[Seen]:
    """Judge `seen` with a function that raises NonConformance (check_refused, ...): its
    failure fails `requirement` and names the observation's exchange."""
    try:
        yield seen
    except NonConformance as exc:
        where = f" (exchange {seen.exchange_id})" if seen.exchange_id else ""
        raise RequirementFailure(f"{exc}{where}", [requirement], exchange_id=seen.exchange_id) from None


def expect_refused(record: JourneyRecord, key: str, requirement: str, *, status: int | None = 400,
                   code: str | None = None, absent: bool = True) -> None:
    """The write kept by Journey.refusal as `key` was refused (check_refused's rules) and,
    when `absent`, the read after it answered 404."""
    seen = record.observation(f"{key}:put", requirement)
    with judging(requirement, seen):
        check_refused(seen.response, seen.what, status=status, code=code)
    if absent:
        expect_status(record, f"{key}:after", requirement, (404,))


def expect_vnet_prefixes(record: JourneyRecord, key: str, requirement: str, expected: Sequence[str]) -> Seen:
    """The VNet read kept as `key` must have answered 200 with `expected` as its addressSpace."""
    seen = record.observation(key, requirement)
    if seen.status != 200:
        fail(requirement, seen, [f"expected 200 on GET, got {seen.status}"])
    held = address_prefixes(seen.properties.get("properties") or {}, "addressSpace")
    same = isinstance(held, list) and prefix_set(held) == prefix_set(expected)
    fail(requirement, seen, [] if same else [f"addressSpace expected {shown(list(expected))}, saw {shown(held)}"])
    return seen
