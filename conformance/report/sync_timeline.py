"""The sync-state timeline: what each peering looked like after every step of a check.

Derived from the transcript alone: every GET or PUT answered with a peering body (or a
list of them) is a step; each peering seen in the check is a lane. At every step each
lane shows the peering's last known peeringState, peeringSyncLevel, remoteAddressSpace
and remoteVirtualNetworkAddressSpace, marked `observed` when this response showed it.
Repeated identical answers (LRO polling) collapse into one step with a repeat count.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from conformance.report.document import (
    CheckTimeline,
    PeeringSnapshot,
    SyncTimeline,
    TimelineLane,
    TimelineStep,
)
from conformance.results.outcomes import CheckResult
from conformance.exchanges.transcript import Exchange

_PEERING = re.compile(r"/virtualNetworks/(?P<vnet>[^/?#]+)/virtualNetworkPeerings/(?P<peering>[^/?#]+)/?(?:[?#]|$)", re.I)
_PEERING_LIST = re.compile(r"/virtualNetworks/(?P<vnet>[^/?#]+)/virtualNetworkPeerings/?(?:[?#]|$)", re.I)
_VNET_OF_ID = re.compile(r"/virtualNetworks/(?P<vnet>[^/?#]+)", re.I)

# Enough for a scenario; the fuzzers' thousands of steps would only bury it.
MAX_STEPS_PER_CHECK = 40
MAX_CHECKS = 150
_FAILING = ("failed", "error", "target-error")


def build_timeline(checks: Sequence[CheckResult], exchanges: Iterable[Exchange]) -> SyncTimeline:
    """Timelines of the checks that touched peerings, failing checks first."""
    by_check: dict[str, list[Exchange]] = {}
    for exchange in exchanges:
        if exchange.check is not None:
            by_check.setdefault(exchange.check, []).append(exchange)
    ordered = [check for check in checks if check.outcome in _FAILING]
    ordered += [check for check in checks if check.outcome not in _FAILING]
    timelines = []
    for check in ordered:
        timeline = check_timeline(check.test_id, check.outcome, by_check.get(check.test_id, []))
        if timeline is not None:
            timelines.append(timeline)
    return SyncTimeline(checks=timelines[:MAX_CHECKS], omitted_checks=max(0, len(timelines) - MAX_CHECKS))


def check_timeline(test_id: str, outcome: str, exchanges: Sequence[Exchange]) -> CheckTimeline | None:
    """One check's timeline, or None when it never saw a peering body."""
    observations = [(exchange, found) for exchange in _in_order(exchanges) if (found := _observed(exchange))]
    if not observations:
        return None
    lanes: dict[str, TimelineLane] = {}
    for _, found in observations:
        for lane, label, _ in found:
            lanes.setdefault(lane, TimelineLane(key=lane, label=label))
    keys = list(lanes)
    current: dict[str, PeeringSnapshot] = {}
    steps: list[TimelineStep] = []
    for exchange, found in observations:
        for lane, _, snapshot in found:
            current[lane] = snapshot
        snapshots = [_as_seen(current.get(key), key, {lane for lane, _, _ in found}) for key in keys]
        if steps and steps[-1].snapshots == snapshots:
            steps[-1].repeats += 1
            continue
        steps.append(TimelineStep(
            exchange_id=exchange.id, method=exchange.method, status=exchange.status,
            phase=exchange.phase, repeats=1, snapshots=snapshots,
        ))
    return CheckTimeline(
        test_id=test_id,
        outcome=outcome,
        lanes=list(lanes.values()),
        steps=steps[:MAX_STEPS_PER_CHECK],
        omitted_steps=max(0, len(steps) - MAX_STEPS_PER_CHECK),
    )


def _in_order(exchanges: Sequence[Exchange]) -> list[Exchange]:
    """Recording order: a check runs on one worker, whose ids count up."""

    def position(exchange: Exchange) -> tuple[str, int]:
        prefix, _, number = exchange.id.rpartition("-")
        return (prefix, int(number) if number.isdigit() else 0)

    return sorted(exchanges, key=position)


def _observed(exchange: Exchange) -> list[tuple[str, str, PeeringSnapshot]]:
    """(lane key, lane label, snapshot) for every peering this response shows."""
    if exchange.method.upper() not in ("GET", "PUT") or exchange.status is None or not 200 <= exchange.status < 300:
        return []
    body = _json(exchange.response_body)
    if body is None:
        return []
    single = _PEERING.search(exchange.url)
    if single is not None:
        found = _peering(single["vnet"], body)
        return [found] if found else []
    listing = _PEERING_LIST.search(exchange.url)
    if listing is not None and isinstance(body.get("value"), list):
        found = [_peering(listing["vnet"], item) for item in body["value"] if isinstance(item, dict)]
        return [item for item in found if item]
    return []


def _peering(vnet: str, body: dict[str, Any]) -> tuple[str, str, PeeringSnapshot] | None:
    properties = body.get("properties")
    name = body.get("name")
    if not isinstance(properties, dict) or "peeringState" not in properties or not name:
        return None
    remote = _VNET_OF_ID.search(str((properties.get("remoteVirtualNetwork") or {}).get("id", "")))
    lane = f"{vnet}/{name}".lower()
    label = f"{vnet} → {remote['vnet']}" if remote else f"{vnet}/{name}"
    return lane, label, PeeringSnapshot(
        lane=lane,
        peering_state=_text(properties.get("peeringState")),
        sync_level=_text(properties.get("peeringSyncLevel")),
        remote_address_space=_prefixes(properties.get("remoteAddressSpace")),
        remote_vnet_address_space=_prefixes(properties.get("remoteVirtualNetworkAddressSpace")),
        observed=True,
    )


def _as_seen(snapshot: PeeringSnapshot | None, lane: str, observed_now: set[str]) -> PeeringSnapshot | None:
    if snapshot is None:
        return None
    return replace(snapshot, observed=lane in observed_now)


def _json(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _prefixes(space: Any) -> list[str]:
    if not isinstance(space, dict) or not isinstance(space.get("addressPrefixes"), list):
        return []
    return [str(prefix) for prefix in space["addressPrefixes"]]


def _text(value: Any) -> str | None:
    return None if value is None else str(value)
