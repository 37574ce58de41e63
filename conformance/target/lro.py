"""Driving an ARM long-running operation to its end, within a deadline.

Order of preference, as ARM clients do: the Azure-AsyncOperation status resource, then
the Location header, then the resource's own provisioningState. A positive Retry-After is
honoured exactly (capped); `Retry-After: 0` or none means poll again now, for the first
few polls only, then back off exponentially so a target answering 0 forever is not
hammered. A deadline turns a never-finishing operation into `LroTimeout`, a failed check,
instead of a hung run.

A target whose operations never finish would otherwise cost the whole deadline on every
write of the run. The `OperationBreaker` of the client counts operations that ran out
their deadline: once BREAKER_TRIP_AFTER have, with none finishing in between, later waits
poll once and, still unfinished, raise `OperationsStalled` (a target error) at once. An
operation seen to finish closes the breaker again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from conformance.target.errors import LroProtocolError, LroTimeout, OperationsStalled
from conformance.target.responses import ArmResponse

if TYPE_CHECKING:
    from conformance.target.client import TargetClient

TERMINAL_STATES = ("Succeeded", "Failed", "Canceled")
# Without a positive Retry-After the first polls go at once (a fast target is done in one
# or two), later ones back off from the first to the slowest value, so `Retry-After: 0`
# forever is not a tight loop. Per operation that is at most IMMEDIATE_POLLS + ~log2(40)
# polls in the first few seconds, then one per 2 s.
IMMEDIATE_POLLS = 3
_FIRST_BACKOFF_SECONDS = 0.05
_SLOWEST_BACKOFF_SECONDS = 2.0
# Operations that ran out their deadline, none finishing in between, before waits fail fast.
BREAKER_TRIP_AFTER = 2


def poll_wait(advised: float | None, polls_so_far: int) -> float:
    """Seconds to wait before the next poll, before the cap and the deadline apply.

    A positive `advised` (the Retry-After of the last answer) is taken as is: ARM sends
    whole seconds, so it cannot make a tight loop. Zero or no advice gets the bounded
    schedule: IMMEDIATE_POLLS at once, then 50 ms doubling up to 2 s.
    """
    if advised is not None and advised > 0:
        return advised
    beyond = polls_so_far - IMMEDIATE_POLLS
    if beyond < 0:
        return 0.0
    return min(_FIRST_BACKOFF_SECONDS * 2 ** min(beyond, 16), _SLOWEST_BACKOFF_SECONDS)


class OperationBreaker:
    """Whether this process has seen the target's operations never finish (thread-safe)."""

    def __init__(self, trip_after: int = BREAKER_TRIP_AFTER) -> None:
        self.trip_after = trip_after
        self._unfinished = 0
        self._last = ""
        self._lock = threading.Lock()

    @property
    def open(self) -> bool:
        with self._lock:
            return self._unfinished >= self.trip_after

    def finished(self) -> None:
        """An operation reached a terminal state: the target's operations do finish."""
        with self._lock:
            self._unfinished = 0

    def ran_out(self, what: str) -> None:
        """An operation did not finish within its deadline."""
        with self._lock:
            self._unfinished += 1
            self._last = what

    def stalled(self, what: str) -> OperationsStalled:
        """The error a wait raises while the breaker is open."""
        with self._lock:
            count, last = self._unfinished, self._last
        return OperationsStalled(
            f"{what}: not finished, and not waited for: {count} operations of this target in a row "
            f"never finished within the deadline (the last: {last})"
        )


@dataclass(frozen=True)
class LroResult:
    """How an operation ended: the initial response, every poll, and the final response.

    `final` is the resource read after success (PUT/PATCH), the Location answer that
    ended the operation, or None when nothing further was read (failure, DELETE via
    Azure-AsyncOperation).
    """

    initial: ArmResponse
    status: str
    polls: tuple[ArmResponse, ...]
    final: ArmResponse | None

    @property
    def succeeded(self) -> bool:
        return self.status == "Succeeded"

    @property
    def error(self) -> Any:
        """`error` of the last operation-status body, if it carried one."""
        for response in reversed(self.polls):
            body = response.body
            if isinstance(body, dict) and "error" in body:
                return body["error"]
        return None


def _terminal(status: Any, where: str) -> bool:
    if status in TERMINAL_STATES:
        return True
    if isinstance(status, str) and status.lower() in {s.lower() for s in TERMINAL_STATES}:
        raise LroProtocolError(f"{where}: status {status!r} is not spelled as one of {TERMINAL_STATES}")
    return False


class LroPoller:
    """Polls one operation started by `initial` until it is terminal or the deadline passes."""

    def __init__(
        self,
        client: "TargetClient",
        initial: ArmResponse,
        *,
        resource_path: str | None = None,
        deadline: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client = client
        self.initial = initial
        self.resource_path = resource_path or initial.url
        self.deadline = deadline if deadline is not None else client.config.lro_deadline
        self.clock = clock
        self._polls: list[ArmResponse] = []
        self._ends_at = 0.0
        self.breaker = client.operation_breaker
        # open breaker: one poll, then give up (see the module's docstring)
        self._fail_fast = False

    def wait(self) -> LroResult:
        self._ends_at = self.clock() + self.deadline
        self._fail_fast = self.breaker.open
        try:
            result = self._wait()
        except LroTimeout:
            self.breaker.ran_out(f"{self.initial.method} {self.initial.url}")
            raise
        if result.polls:
            self.breaker.finished()
        return result

    def _wait(self) -> LroResult:
        initial = self.initial
        if not 200 <= initial.status < 300:
            return self._result("Failed", None)
        async_url = initial.headers.get("Azure-AsyncOperation")
        location = initial.headers.get("Location")
        if async_url:
            return self._follow_status_resource(async_url)
        if location and initial.status in (201, 202):
            return self._follow_location(location)
        if initial.method == "DELETE" and initial.status == 202:
            return self._follow_resource_until_gone()
        state = self._provisioning_state(initial)
        if initial.method in ("PUT", "PATCH") and state is not None and not _terminal(state, initial.url):
            return self._follow_provisioning_state()
        return self._result(state if state in TERMINAL_STATES else "Succeeded", initial)

    def _follow_status_resource(self, url: str) -> LroResult:
        previous = self.initial
        while True:
            self._pause(previous)
            response = self._poll(url)
            if response.status != 200:
                raise LroProtocolError(
                    f"operation status {url} answered {response.status}, expected 200: {response.text[:200]}"
                )
            body = response.json()
            status = body.get("status") if isinstance(body, dict) else None
            if status is None:
                raise LroProtocolError(f"operation status {url} has no 'status': {response.text[:200]}")
            if _terminal(status, url):
                final = None
                if status == "Succeeded" and self.initial.method in ("PUT", "PATCH"):
                    final = self.client.get(self.resource_path)
                return self._result(status, final)
            previous = response

    def _follow_location(self, url: str) -> LroResult:
        previous = self.initial
        while True:
            self._pause(previous)
            response = self._poll(url)
            if response.status != 202:
                return self._result("Succeeded" if response.status < 400 else "Failed", response)
            previous = response

    def _follow_resource_until_gone(self) -> LroResult:
        previous = self.initial
        while True:
            self._pause(previous)
            response = self._poll(self.resource_path)
            if response.status == 404:
                return self._result("Succeeded", response)
            previous = response

    def _follow_provisioning_state(self) -> LroResult:
        previous = self.initial
        while True:
            self._pause(previous)
            response = self._poll(self.resource_path)
            if response.status != 200:
                raise LroProtocolError(f"GET {self.resource_path} answered {response.status} while provisioning")
            state = self._provisioning_state(response)
            if state is not None and _terminal(state, response.url):
                return self._result(state, response)
            previous = response

    def _poll(self, url: str) -> ArmResponse:
        response = self.client.get(url)
        self._polls.append(response)
        return response

    def _pause(self, previous: ArmResponse) -> None:
        """Sleep as advised (capped), or raise LroTimeout when the deadline has passed
        (OperationsStalled after the one poll an open breaker allows)."""
        if self._fail_fast and self._polls:
            raise self.breaker.stalled(f"{self.initial.method} {self.initial.url}")
        remaining = self._ends_at - self.clock()
        if remaining <= 0:
            last = self._polls[-1].text[:200] if self._polls else self.initial.text[:200]
            raise LroTimeout(
                f"{self.initial.method} {self.initial.url}: operation not finished after "
                f"{self.deadline:g} s ({len(self._polls)} polls); last answer: {last}"
            )
        wait = min(poll_wait(previous.retry_after, len(self._polls)), self.client.config.retry_after_cap, remaining)
        if wait > 0:
            self.client.sleep(wait)

    @staticmethod
    def _provisioning_state(response: ArmResponse) -> str | None:
        body = response.body
        if isinstance(body, dict) and isinstance(body.get("properties"), dict):
            state = body["properties"].get("provisioningState")
            return state if isinstance(state, str) else None
        return None

    def _result(self, status: str, final: ArmResponse | None) -> LroResult:
        return LroResult(initial=self.initial, status=status, polls=tuple(self._polls), final=final)
