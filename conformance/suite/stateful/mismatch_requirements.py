"""Which one catalog requirement a disagreement between the model and the target disproves.

The state machine compares many things after every step; each kind of disagreement is
the business of one requirement, chosen from what the machine just did and what the
model says of the peering (the situation). A wrong sync level right after a prefix was
added is SYNC-004 or SYNC-005, after a sync PUT SYNC-013, after a change and a change
back SYNC-019; a refused write names the rule that refused it (ADDR-005 for an overlap
at creation, ADDR-010 for a VNet whose own prefixes overlap) and, when both sides
refused, a differing error code names the separate code requirement.

None means no requirement of the catalog covers the observation: the machine then
follows the target without a verdict.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from conformance.model.network import CONNECTED, DISCONNECTED, INITIATED
from conformance.model.sync_level import (
    FULLY_IN_SYNC,
    LOCAL_AND_REMOTE_NOT_IN_SYNC,
    LOCAL_NOT_IN_SYNC,
    REMOTE_NOT_IN_SYNC,
)

# What the last step was to the peering judged (P on VNet A toward VNet B; Q its reverse).
CREATED, REVERSE_CREATED = "created", "reverse-created"
SYNCED, REVERSE_SYNCED = "synced", "reverse-synced"
UPDATED, REVERSE_UPDATED = "updated", "reverse-updated"
LOCAL_VNET_PUT, REMOTE_VNET_PUT = "local-vnet-put", "remote-vnet-put"
OTHER_STEP = "other"

# How a VNet's space now differs from a snapshot of it.
ADDED, REMOVED, RESIZED = "added", "removed", "resized"

# (local stale, remote stale) of each sync level.
_HALVES = {
    FULLY_IN_SYNC: (False, False),
    LOCAL_NOT_IN_SYNC: (True, False),
    REMOTE_NOT_IN_SYNC: (False, True),
    LOCAL_AND_REMOTE_NOT_IN_SYNC: (True, True),
}

# The model's refusal code of a peering PUT -> the requirement of that refusal.
PEERING_REFUSALS = {
    "ResourceNotFound": "ARM-011",
    "CannotPeerVirtualNetworkWithItself": "LIFE-012",
    "RemoteVirtualNetworkNotFound": "LIFE-011",
    "RemotePeeringIsDisconnected": "LIFE-005",
    "VnetAddressSpacesOverlap": "ADDR-005",
    "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet": "ADDR-009",
}
# The model's refusal code of a VNet PUT -> its requirement (the overlap with a peer is
# ADDR-006 or ADDR-007, depending on whose peering links the two VNets).
VNET_REFUSALS = {
    "NetcfgInvalidAddressPrefix": "ADDR-010",
    "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet": "ADDR-009",
}
# A refusal requirement -> (the requirement fixing the status 400 and error code of that
# refusal, the code). A refusal whose code no requirement fixes may carry any code.
REFUSAL_CODES = {
    "ADDR-005": ("ADDR-013", "VnetAddressSpacesOverlap"),
    "ADDR-006": ("ADDR-008", "VnetAddressSpacesOverlap"),
    "ADDR-007": ("ADDR-008", "VnetAddressSpacesOverlap"),
    "LIFE-005": ("LIFE-005", "RemotePeeringIsDisconnected"),
}
CODE_STATUS = 400
# Refusals whose requirement accepts any 4xx; the others name their status (400; ARM-011 404).
ANY_CLIENT_ERROR = frozenset({"LIFE-011", "ADDR-005", "ADDR-006", "ADDR-007"})


@dataclass(frozen=True)
class PeeringSituation:
    """What the machine knows of one peering P (A->B) when its GET is compared.

    `level`/`before_level`: the model's sync level of P now / before the last step;
    `reverse_before_level`: the same for Q (None: Q did not exist). `*_change`: how B's
    space (remote) / A's space (local) now differs from what P / Q peered, None when
    the same set. `*_changed_back`: that half is in sync only because the VNet went back
    to the peered space after a change. `*_by_sync`: P's / Q's snapshot was last taken
    by a sync PUT rather than at creation.
    """

    state: str
    level: str
    last_step: str = OTHER_STEP
    before_level: str | None = None
    reverse_before_level: str | None = None
    remote_change: str | None = None
    local_change: str | None = None
    remote_changed_back: bool = False
    local_changed_back: bool = False
    snapshot_by_sync: bool = False
    reverse_snapshot_by_sync: bool = False
    revived: bool = False
    disconnected_by: str | None = None
    vnet_put_added: bool = False


def space_change(peered: tuple[str, ...] | frozenset, now: tuple[str, ...] | frozenset) -> str | None:
    """How `now` differs from `peered` (sets of prefixes): added, removed, resized, or None."""
    before, after = _networks(peered), _networks(now)
    added, removed = after - before, before - after
    if not added and not removed:
        return None
    if added and removed and len(after) == len(before) and all(
        any(_overlap(a, r) for r in removed) for a in added
    ):
        return RESIZED
    return ADDED if added else REMOVED


def _networks(prefixes) -> frozenset:
    found = set()
    for prefix in prefixes:
        try:
            found.add(ipaddress.ip_network(str(prefix), strict=False))
        except ValueError:
            found.add(str(prefix).lower())
    return frozenset(found)


def _overlap(a, b) -> bool:
    return not isinstance(a, str) and not isinstance(b, str) and a.version == b.version and a.overlaps(b)


# ----- reads ------------------------------------------------------------------------------


def peering_state_requirement(s: PeeringSituation) -> str:
    """The requirement behind the peeringState the model predicts for P."""
    if s.state == INITIATED:
        return "LIFE-007" if s.revived else "LIFE-001"
    if s.state == DISCONNECTED:
        return s.disconnected_by or "LIFE-003"
    if s.revived:
        return "LIFE-008"
    if s.last_step in (UPDATED, REVERSE_UPDATED):
        return "LIFE-015"
    if s.last_step in (LOCAL_VNET_PUT, REMOTE_VNET_PUT) and s.vnet_put_added:
        return "ADDR-001"
    return "LIFE-002"


def missing_peering_requirement(s: PeeringSituation) -> str:
    """P exists in the model, the target answers no peering: a VNet PUT that dropped it
    (ADDR-012), otherwise the requirement saying what state P is in."""
    if s.last_step == LOCAL_VNET_PUT:
        return "ADDR-012"
    return peering_state_requirement(s)


def sync_level_requirement(s: PeeringSituation, seen: object) -> str:
    """The requirement behind the sync level the model predicts for P, given the level seen."""
    if s.state != CONNECTED:
        return "SYNC-020" if _HALVES.get(s.level, (False, False))[0] else "SYNC-002"
    expected = _HALVES[s.level]
    observed = _HALVES.get(seen) if isinstance(seen, str) else None
    wrong = [half for half in (0, 1) if observed is None or observed[half] != expected[half]]
    after_write = _after_write_requirement(s)
    if after_write:
        return after_write
    return _half_requirement(s, wrong[0] if wrong else 0)


def agreeing_sync_level_requirements(s: PeeringSituation) -> tuple[str, ...]:
    """The requirements a sync level seen as the model predicts bears out: of a connected
    pair, the one behind each half (the local half's and the remote half's), unless a PUT
    of the pair just set the level."""
    if s.state != CONNECTED or _after_write_requirement(s):
        return (sync_level_requirement(s, s.level),)
    return tuple(dict.fromkeys(_half_requirement(s, half) for half in (0, 1)))


def _half_requirement(s: PeeringSituation, half: int) -> str:
    """The requirement behind one half of a connected peering's sync level (0: local, 1: remote)."""
    expected = _HALVES[s.level]
    if expected[half]:
        if expected == (True, True):
            return "SYNC-008"
        change = s.remote_change if half == 0 else s.local_change
        return {ADDED: "SYNC-005" if half == 0 else "SYNC-004", REMOVED: "SYNC-006", RESIZED: "SYNC-007"}.get(
            change or ADDED, "SYNC-005" if half == 0 else "SYNC-004"
        )
    if (s.remote_changed_back if half == 0 else s.local_changed_back):
        return "SYNC-019"
    return "SYNC-013" if (s.snapshot_by_sync if half == 0 else s.reverse_snapshot_by_sync) else "SYNC-003"


def _after_write_requirement(s: PeeringSituation) -> str | None:
    """The sync requirement of a peering PUT of P or Q just made, by the level before it."""
    if s.last_step in (SYNCED, REVERSE_SYNCED):
        before = s.before_level if s.last_step == SYNCED else s.reverse_before_level
        return {
            LOCAL_AND_REMOTE_NOT_IN_SYNC: "SYNC-016",
            LOCAL_NOT_IN_SYNC: "SYNC-013",
            REMOTE_NOT_IN_SYNC: "SYNC-015",
            FULLY_IN_SYNC: "SYNC-018",
        }.get(before or "")
    if s.last_step in (UPDATED, REVERSE_UPDATED):
        before = s.before_level if s.last_step == UPDATED else s.reverse_before_level
        if before in (LOCAL_NOT_IN_SYNC, LOCAL_AND_REMOTE_NOT_IN_SYNC):
            return "SYNC-014"
    return None


def remote_address_space_requirement(s: PeeringSituation) -> str:
    """remoteAddressSpace is the snapshot taken at creation or at the last sync."""
    local_stale, remote_stale = _HALVES.get(s.level, (False, False))
    if s.last_step == SYNCED:
        if s.before_level == FULLY_IN_SYNC:
            return "SYNC-018"
        return "SYNC-011" if s.before_level == REMOTE_NOT_IN_SYNC else "SYNC-012"
    if s.last_step == UPDATED and s.before_level in (LOCAL_NOT_IN_SYNC, LOCAL_AND_REMOTE_NOT_IN_SYNC):
        return "SYNC-014"
    if local_stale:
        return "SYNC-009"
    if remote_stale and s.state == CONNECTED:
        return "SYNC-011"
    if s.last_step == CREATED:
        return "SYNC-001"
    return "SYNC-012" if s.snapshot_by_sync else "SYNC-001"


def remote_vnet_address_space_requirement(s: PeeringSituation) -> str:
    """remoteVirtualNetworkAddressSpace is the remote VNet's space now."""
    local_stale, remote_stale = _HALVES.get(s.level, (False, False))
    if s.last_step == CREATED:
        return "SYNC-001"
    if remote_stale and not local_stale and s.state == CONNECTED:
        return "SYNC-011"
    return "SYNC-010"


def unexpected_peering_requirement(absent_because: str | None) -> str:
    """The target shows a peering the model does not hold: the requirement that said it
    must be gone (deleted LIFE-009, VNet deleted LIFE-010, or the refusal that kept it out)."""
    return absent_because or "LIFE-009"


# ----- writes -----------------------------------------------------------------------------


@dataclass(frozen=True)
class WriteSituation:
    """What the machine knows of a write when the target's answer is compared with the model's.

    `existed`: the resource written existed in the model before; `vnet_exists`: the VNet
    of a peering write exists; `disconnected`: the peering written was Disconnected;
    `reverse_exists`/`reverse_revived`: the reverse of a peering written; `others_peer_remote`:
    other VNets already peer with the remote; `linked`: a VNet written has live peerings in
    either direction; `own_link_overlaps`: its new space overlaps a VNet its own peerings
    reach; `space_change`: the VNet's new space against its old one (space_change()).
    """

    kind: str  # put_vnet | delete_vnet | put_peering | delete_peering
    existed: bool = False
    vnet_exists: bool = True
    sync: bool = False
    level_before: str | None = None
    disconnected: bool = False
    reverse_exists: bool = False
    reverse_revived: bool = False
    others_peer_remote: bool = False
    linked: bool = False
    has_own_peerings: bool = False
    own_link_overlaps: bool = False
    space_change: str | None = None


def refusal_requirement(w: WriteSituation, code: str) -> str | None:
    """The requirement of the refusal the model predicts (`code`), which the target did not give."""
    if w.kind == "put_peering":
        return PEERING_REFUSALS.get(code)
    if w.kind == "put_vnet":
        if code == "VnetAddressSpacesOverlap":
            return "ADDR-006" if w.own_link_overlaps else "ADDR-007"
        return VNET_REFUSALS.get(code)
    return None


def success_requirement(w: WriteSituation) -> str | None:
    """The requirement saying the write the model accepts must succeed."""
    if w.kind == "put_peering":
        if not w.existed:
            if w.reverse_exists:
                return "LIFE-008" if w.reverse_revived else "LIFE-002"
            return "DUP-004" if w.others_peer_remote else "LIFE-001"
        if w.disconnected:
            return "LIFE-007"
        if w.sync:
            return {FULLY_IN_SYNC: "SYNC-018", REMOTE_NOT_IN_SYNC: "SYNC-015"}.get(w.level_before or "", "SYNC-012")
        return "DUP-003"
    if w.kind == "delete_peering":
        if not w.existed:
            return "ARM-008" if w.vnet_exists else None
        return "LIFE-003" if w.reverse_exists else "LIFE-009"
    if w.kind == "delete_vnet":
        if not w.existed:
            return "ARM-009"
        return "LIFE-010" if w.has_own_peerings else ("LIFE-004" if w.linked else None)
    if w.kind == "put_vnet" and w.existed and w.linked:
        return {ADDED: "ADDR-001", REMOVED: "ADDR-002", RESIZED: "ADDR-003"}.get(w.space_change or "", None)
    return None


def refusal_status_accepted(requirement_id: str, expected_status: int, status: int) -> bool:
    if requirement_id in ANY_CLIENT_ERROR:
        return 400 <= status < 500
    return status == expected_status


def fixed_code_requirement(refusal_requirement_id: str) -> str | None:
    """The requirement that fixes status and code of this refusal, if one does."""
    fixed = REFUSAL_CODES.get(refusal_requirement_id)
    return fixed[0] if fixed else None


def code_requirement(refusal_requirement_id: str, status: int, code: str | None) -> str | None:
    """The requirement that fixes status and code of this refusal, when the target's differ."""
    fixed = REFUSAL_CODES.get(refusal_requirement_id)
    if fixed is None or (status == CODE_STATUS and code == fixed[1]):
        return None
    return fixed[0]
