"""Rules a peering body must satisfy on its own or beside its reverse's latest body,
whatever happened before the recording: judgeable in any recording, in any order.

- Its sync level agrees with its own address-space fields: remoteAddressSpace (what was
  peered) differs from remoteVirtualNetworkAddressSpace (the remote VNet now) exactly
  when the local part of the level is "not in sync".
- The two sides of a Connected pair read with no write in between agree: this side's
  remote part is the reverse's local part, and they share one resourceGuid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.model import VnetId
from conformance.suite.scenarios.peering_expectations import address_prefixes, prefix_set, shown
from conformance.target.lro import TERMINAL_STATES
from conformance.traffic.findings import Finding, verdict
from conformance.traffic.requirement_mapping import (
    CONNECTED,
    LOCAL_FRESH_LEVELS,
    LOCAL_STALE_LEVELS,
    accepted_levels,
    level_parts,
    level_requirement,
)

@dataclass(frozen=True)
class PeeringSighting:
    """One peering body as observed, and where in the recording."""

    position: int  # index of the exchange in the judged sequence
    exchange_id: str
    vnet: VnetId
    name: str
    remote: VnetId | None
    properties: dict[str, Any]

    @property
    def state(self) -> Any:
        return self.properties.get("peeringState")

    @property
    def level(self) -> Any:
        return self.properties.get("peeringSyncLevel")

    @property
    def settled(self) -> bool:
        return self.properties.get("provisioningState") in TERMINAL_STATES


def sighting(position: int, exchange_id: str, vnet: VnetId, name: str, body: dict[str, Any]) -> PeeringSighting:
    properties = body.get("properties") if isinstance(body.get("properties"), dict) else {}
    remote_id = (properties.get("remoteVirtualNetwork") or {}).get("id")
    try:
        remote = VnetId.parse(remote_id) if isinstance(remote_id, str) else None
    except ValueError:
        remote = None
    return PeeringSighting(position, exchange_id, vnet, str(body.get("name") or name), remote, properties)


def own_spaces_finding(seen: PeeringSighting) -> Finding | None:
    """The level's local part against the body's own two remote address-space fields."""
    rule = "semantic.sync-level-vs-own-address-spaces"
    level, state = seen.level, seen.state
    peered = address_prefixes(seen.properties, "remoteAddressSpace")
    current = address_prefixes(seen.properties, "remoteVirtualNetworkAddressSpace")
    if level is None or not isinstance(peered, list) or not isinstance(current, list):
        return None  # older api-versions have neither field; SHAPE-005 says so where it matters
    if state not in ("Initiated", CONNECTED):
        return None  # the sources tie a Disconnected peering's level to nothing it shows
    local_stale = prefix_set(peered) != prefix_set(current)
    allowed = LOCAL_STALE_LEVELS if local_stale else LOCAL_FRESH_LEVELS
    _, remote_part = level_parts(level) if isinstance(level, str) else (False, False)
    requirement = level_requirement(state, local_stale, remote_part, after_sync=False)
    if state != CONNECTED:
        allowed = accepted_levels(state, local_stale, False)
    problems = []
    if level not in allowed:
        problems.append(
            f"peering {seen.name} reports {level!r} while remoteAddressSpace {shown(peered)} "
            f"{'differs from' if local_stale else 'equals'} remoteVirtualNetworkAddressSpace {shown(current)}: "
            f"expected one of {', '.join(allowed)}"
        )
    return verdict(rule, requirement, seen.exchange_id, problems)


def pair_findings(seen: PeeringSighting, reverse: PeeringSighting | None, last_write: int) -> list[Finding]:
    """This side against the reverse's latest body, when nothing was written since then."""
    if reverse is None or seen.state != CONNECTED or reverse.state != CONNECTED:
        return []
    if reverse.position < last_write or not (seen.settled and reverse.settled):
        return []
    findings = []
    guid, other_guid = seen.properties.get("resourceGuid"), reverse.properties.get("resourceGuid")
    if guid and other_guid:
        findings.append(
            verdict(
                "semantic.pair-resource-guid",
                "RO-011",
                seen.exchange_id,
                [] if guid == other_guid else [
                    f"peering {seen.name} has resourceGuid {guid}, its reverse {reverse.name} "
                    f"({reverse.exchange_id}) {other_guid}"
                ],
            )
        )
    if isinstance(seen.level, str) and isinstance(reverse.level, str):
        local_part, remote_part = level_parts(seen.level)
        reverse_local, _ = level_parts(reverse.level)
        requirement = level_requirement(CONNECTED, local_part, reverse_local, after_sync=False)
        problem = [] if remote_part == reverse_local else [
            f"peering {seen.name} reports {seen.level} while its reverse {reverse.name} reported "
            f"{reverse.level} ({reverse.exchange_id}) with nothing written in between: the remote part "
            f"of one side is the local part of the other"
        ]
        findings.append(verdict("semantic.pair-sync-levels", requirement, seen.exchange_id, problem))
    return findings

