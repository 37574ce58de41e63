"""Waiting for an eventually consistent target to show what a write implies.

On real ARM the other half of a pair may show a write's effect (Connected, a sync
level, remoteVirtualNetworkAddressSpace) a little after the write's operation ended.
A check that reads the other side re-reads until what it expects is shown, for at most
the settle timeout (`--settle-timeout`), and then fails with what it saw last. How long
each convergence took is kept per check (user property `convergence_seconds`, a list
of seconds) so the report can show, per requirement, how long the target took.

A "nothing changes" check cannot wait for an outcome; it looks again after a quiet
window sized by the lag this process has measured (twice the worst convergence so far,
at least QUIET_FLOOR_SECONDS): short against a target that converges at once, long
enough to see a late change against one that lags.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from conformance.target.errors import NonConformance

DEFAULT_SETTLE_TIMEOUT = 15.0
QUIET_FLOOR_SECONDS = 0.1
CONVERGENCE_PROPERTY = "convergence_seconds"
_FIRST_REREAD_SECONDS = 0.1
_SLOWEST_REREAD_SECONDS = 1.0

T = TypeVar("T")


@dataclass
class Convergence:
    """The settle timeout of this process, the worst convergence seen, and the current check's times."""

    timeout: float = DEFAULT_SETTLE_TIMEOUT
    worst_seconds: float = 0.0
    check_seconds: list[float] = field(default_factory=list)
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def converged(self, seconds: float) -> None:
        with self._lock:
            self.check_seconds.append(round(seconds, 3))
            self.worst_seconds = max(self.worst_seconds, seconds)

    @property
    def quiet_seconds(self) -> float:
        return min(self.timeout, max(QUIET_FLOOR_SECONDS, 2 * self.worst_seconds))

    def start_check(self) -> None:
        with self._lock:
            self.check_seconds = []

    def finish_check(self) -> list[float]:
        with self._lock:
            seconds, self.check_seconds = self.check_seconds, []
        return seconds


CONVERGENCE = Convergence()


def await_shown(read: Callable[[], T], problems_of: Callable[[T], list[str]], what: str) -> T:
    """`read()` until `problems_of(value)` is empty; NonConformance after the settle timeout.

    The time it took is recorded for the check (0 when the first read showed it)."""
    value, problems = _reread(read, problems_of)
    if problems:
        raise NonConformance(
            f"{what}: did not converge within {CONVERGENCE.timeout:g} s, last seen: " + "; ".join(problems)
        )
    return value


def settle(read: Callable[[], T], shown: Callable[[T], bool]) -> T:
    """Like await_shown, for a scenario's setup: returns the last read when the settle
    timeout passes without failing, so the check itself judges what the target shows."""
    value, _ = _reread(read, lambda seen: [] if shown(seen) else ["not shown"])
    return value


def _reread(read: Callable[[], T], problems_of: Callable[[T], list[str]]) -> tuple[T, list[str]]:
    """Read at once, then again after 0.1 s, 0.2 s, ... (at most 1 s apart) until no problem
    remains or the settle timeout has passed; returns the last value and its problems."""
    began = CONVERGENCE.clock()
    wait = _FIRST_REREAD_SECONDS
    while True:
        value = read()
        problems = problems_of(value)
        elapsed = CONVERGENCE.clock() - began
        if not problems:
            CONVERGENCE.converged(elapsed)
            return value, problems
        if elapsed >= CONVERGENCE.timeout:
            return value, problems
        CONVERGENCE.sleep(min(wait, CONVERGENCE.timeout - elapsed))
        wait = min(wait * 2, _SLOWEST_REREAD_SECONDS)


def quiet_window() -> None:
    """Wait long enough for a late change to show, by what this process has measured."""
    CONVERGENCE.sleep(CONVERGENCE.quiet_seconds)
