"""Long-running operation records and the URLs clients poll them at.

The model applies a write at once; the operation only plays the ARM polling protocol
around it. A PUT or DELETE in async mode starts an operation that answers `InProgress`
to its first poll and `Succeeded` afterwards, so every client sees at least one
non-terminal status and then a terminal one. A client that never polls still sees the
resource settle: an operation older than SETTLE_SECONDS counts as done. With
`serve --operation-ms N` an operation also stays InProgress (and its resource Updating)
until N ms have passed, however often it is polled, as a slow real target's would.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace
from urllib.parse import quote

IN_PROGRESS = "InProgress"
SUCCEEDED = "Succeeded"
SETTLE_SECONDS = 10.0
# Operation records kept for polling; the oldest are forgotten beyond this.
MAX_OPERATIONS = 10_000


@dataclass(frozen=True)
class Operation:
    """One long-running write: `resource_key` names the resource it changes (lower case)."""

    id: str
    subscription: str
    location: str
    kind: str  # "put" | "delete"
    resource_key: tuple[str, ...]
    started_at: float
    polls: int = 0
    # the least time it stays InProgress (`serve --operation-ms`)
    min_seconds: float = 0.0

    def status(self, now: float) -> str:
        elapsed = now - self.started_at
        if self.min_seconds > 0:
            return SUCCEEDED if elapsed >= self.min_seconds else IN_PROGRESS
        if self.polls > 0 or elapsed >= SETTLE_SECONDS:
            return SUCCEEDED
        return IN_PROGRESS


def new_operation(
    subscription: str, location: str, kind: str, resource_key: tuple[str, ...], min_seconds: float = 0.0
) -> Operation:
    return Operation(
        id=str(uuid.uuid4()),
        subscription=subscription,
        location=location,
        kind=kind,
        resource_key=resource_key,
        started_at=time.time(),
        min_seconds=min_seconds,
    )


class OperationBook:
    """The operations the endpoint remembers, with the latest one per resource."""

    def __init__(self, operations: list[Operation]) -> None:
        self._by_id: dict[str, Operation] = {}
        self._latest: dict[tuple[str, ...], Operation] = {}
        for operation in sorted(operations, key=lambda op: op.started_at):
            self.add(operation)

    def add(self, operation: Operation) -> list[str]:
        """Remember an operation; returns the ids of the oldest ones forgotten to stay bounded."""
        self._by_id[operation.id.lower()] = operation
        self._latest[operation.resource_key] = operation
        forgotten: list[str] = []
        while len(self._by_id) > MAX_OPERATIONS:
            oldest = next(iter(self._by_id))
            forgotten.append(self._by_id.pop(oldest).id)
        return forgotten

    def find(self, subscription: str, operation_id: str) -> Operation | None:
        operation = self._by_id.get(operation_id.lower())
        if operation is None or operation.subscription.lower() != subscription.lower():
            return None
        return operation

    def polled(self, operation: Operation) -> Operation:
        """The operation after one more poll (its status is read before this)."""
        updated = replace(operation, polls=operation.polls + 1)
        self._by_id[operation.id.lower()] = updated
        if self._latest.get(operation.resource_key, updated).id == operation.id:
            self._latest[operation.resource_key] = updated
        return updated

    def provisioning_state(self, resource_key: tuple[str, ...], now: float) -> str:
        """`Updating` while the latest PUT on the resource is in progress, else `Succeeded`."""
        operation = self._latest.get(resource_key)
        if operation is not None and operation.kind == "put" and operation.status(now) == IN_PROGRESS:
            return "Updating"
        return "Succeeded"


@dataclass(frozen=True)
class OperationUrls:
    azure_async_operation: str
    location: str


def operation_urls(base_url: str, operation: Operation, api_version: str) -> OperationUrls:
    """Absolute polling URLs on the host the client reached us at (never a fixed host)."""
    prefix = (
        f"{base_url.rstrip('/')}/subscriptions/{quote(operation.subscription)}"
        f"/providers/Microsoft.Network/locations/{quote(operation.location)}"
    )
    query = f"?api-version={quote(api_version)}"
    return OperationUrls(
        azure_async_operation=f"{prefix}/operations/{operation.id}{query}",
        location=f"{prefix}/operationResults/{operation.id}{query}",
    )
