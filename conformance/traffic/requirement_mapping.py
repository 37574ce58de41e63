"""Which catalog requirement an observed peering field is evidence for.

A peering's state or sync level at one moment proves the requirement that describes how
it got there: Connected is LIFE-002, a LocalNotInSync pair side is SYNC-005, a one-sided
peering in sync is SYNC-002, and so on. The expected value decides, not the one seen,
so a wrong answer fails the requirement that demanded the right one.
"""

from __future__ import annotations

from conformance.model.sync_level import (
    FULLY_IN_SYNC,
    LOCAL_AND_REMOTE_NOT_IN_SYNC,
    LOCAL_NOT_IN_SYNC,
    REMOTE_NOT_IN_SYNC,
)
from conformance.suite.scenarios.peering_expectations import ONE_SIDED_IN_SYNC, ONE_SIDED_REMOTE_CHANGED

INITIATED, CONNECTED, DISCONNECTED = "Initiated", "Connected", "Disconnected"
LOCAL_STALE_LEVELS = (LOCAL_NOT_IN_SYNC, LOCAL_AND_REMOTE_NOT_IN_SYNC)
LOCAL_FRESH_LEVELS = (FULLY_IN_SYNC, REMOTE_NOT_IN_SYNC)


def state_requirement(expected_state: str, *, remote_vnet_deleted: bool = False) -> str:
    if expected_state == CONNECTED:
        return "LIFE-002"
    if expected_state == DISCONNECTED:
        return "LIFE-004" if remote_vnet_deleted else "LIFE-003"
    return "LIFE-001"


def accepted_levels(state: str, local_stale: bool, remote_stale: bool) -> tuple[str, ...]:
    """Every level the sources allow: a pair side has exactly one; a one-sided peering
    may say the remote part is in sync (the docs) or not (the live service)."""
    if state != CONNECTED:
        return ONE_SIDED_REMOTE_CHANGED if local_stale else ONE_SIDED_IN_SYNC
    if local_stale:
        return (LOCAL_AND_REMOTE_NOT_IN_SYNC,) if remote_stale else (LOCAL_NOT_IN_SYNC,)
    return (REMOTE_NOT_IN_SYNC,) if remote_stale else (FULLY_IN_SYNC,)


def level_requirement(state: str, local_stale: bool, remote_stale: bool, *, after_sync: bool) -> str:
    """The requirement demanding the level a peering in this situation must report."""
    if state != CONNECTED:
        return "SYNC-020" if local_stale else "SYNC-002"
    if local_stale and remote_stale:
        return "SYNC-008"
    if local_stale:
        return "SYNC-005"
    if remote_stale:
        return "SYNC-004"
    return "SYNC-013" if after_sync else "SYNC-003"


def level_parts(level: str) -> tuple[bool, bool]:
    """(local stale, remote stale) as a reported level says them."""
    return level in LOCAL_STALE_LEVELS, level in (REMOTE_NOT_IN_SYNC, LOCAL_AND_REMOTE_NOT_IN_SYNC)


def remote_space_requirement(local_stale: bool, *, after_sync: bool) -> str:
    if local_stale:
        return "SYNC-009"
    return "SYNC-012" if after_sync else "SYNC-001"
