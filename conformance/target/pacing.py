"""Pacing requests under a rate, so a run stays below ARM's throttling limits.

A token bucket with room for one request: `wait()` before each send sleeps just long
enough that no more than `rate` requests leave per second. Each process of a run has its
own bucket; the runner divides its `--max-rps` among the workers and hands each process
its share in `MAX_RPS_ENVIRONMENT_VARIABLE`.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable

MAX_RPS_ENVIRONMENT_VARIABLE = "PEERING_CONFORMANCE_MAX_RPS"


def max_rps_from_environment() -> float | None:
    text = os.environ.get(MAX_RPS_ENVIRONMENT_VARIABLE, "").strip()
    try:
        rate = float(text)
    except ValueError:
        return None
    return rate if rate > 0 else None


class RequestPacer:
    """At most `rate` requests per second (None: unlimited)."""

    def __init__(
        self,
        rate: float | None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.rate = rate
        self.clock = clock
        self.sleep = sleep
        self._next_free = float("-inf")
        self._lock = threading.Lock()

    def wait(self) -> None:
        if not self.rate:
            return
        with self._lock:
            now = self.clock()
            start = max(now, self._next_free)
            self._next_free = start + 1.0 / self.rate
        if start > now:
            self.sleep(start - now)
