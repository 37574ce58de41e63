"""Sizing a run for a target whose writes take seconds, and the embedded endpoint made slow.

Waiting for a long-running operation costs no CPU, so against a slow target the number
of workers is set by how many operations should be in flight, not by the cores: before
the suite, `run` times one VNet create (a `pc-` VNet, deleted at once) and, when the
operation took SLOW_OPERATION_SECONDS or more and no `-n` was given, runs
SLOW_TARGET_WORKERS workers. --max-rps still bounds the requests of them all together.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

from conformance.suite.naming import SUITE_NAME_PREFIX
from conformance.target.client import TargetClient
from conformance.target.errors import NonConformance, TargetError
from conformance.target.peering_api import PeeringApi
from conformance.target.resource_tracker import delete_confirmed

SLOW_OPERATION_SECONDS = 0.5
SLOW_TARGET_WORKERS = 8
# Default settle timeout against the embedded endpoint without lag: it is consistent at once.
EMBEDDED_SETTLE_SECONDS = 2.0


@dataclass(frozen=True)
class EmbeddedTiming:
    """`run --embedded-operation-ms` / `--embedded-remote-lag-ms`: the embedded endpoint's
    operations last this long, and other peerings show a write's effects this much later."""

    operation_ms: int = 0
    remote_lag_ms: int = 0

    def settle_timeout(self) -> float:
        """A settle timeout that a correct embedded endpoint meets with room to spare."""
        return EMBEDDED_SETTLE_SECONDS + 3 * (self.operation_ms + self.remote_lag_ms) / 1000


def operation_seconds(client: TargetClient) -> float | None:
    """How long one VNet create took to finish, driven like the suite drives it; None
    when it could not be measured (the suite will find out why)."""
    api = PeeringApi(client)
    name = f"{SUITE_NAME_PREFIX}probe-{secrets.token_hex(3)}"
    try:
        began = time.monotonic()
        created = api.put_vnet(name, ["10.254.0.0/16"])
        took = time.monotonic() - began
        delete_confirmed(client, [api.vnet_id(name)])
        return took if created.succeeded else None
    except (TargetError, NonConformance):
        return None


def workers_for(seconds: float | None, default: str | None) -> str | None:
    """SLOW_TARGET_WORKERS when operations are slow, else the default."""
    if seconds is not None and seconds >= SLOW_OPERATION_SECONDS:
        return str(SLOW_TARGET_WORKERS)
    return default
