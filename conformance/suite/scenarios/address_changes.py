"""The address-space changes the sync scenarios apply, as literal prefixes.

Four kinds of change (a prefix added, a prefix removed, a prefix grown, a prefix shrunk),
each with a layout for VNet `a` and one for VNet `b`. The layouts of `a` and `b` never
overlap, before or after, so either VNet or both can change. A scenario starts from a
Connected pair in full sync and changes one side (`a`, `b`) or both.

On an eventually consistent target the peerings learn of a change a little later, so a
change returns once both peerings of the pair show it (within the settle timeout; a
target that never shows it is left to the checks to judge): what a check reads first is
then the settled state, not a stale one that would later "change by itself".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from conformance.suite.convergence import settle
from conformance.suite.scenarios.peering_expectations import address_prefixes, check_succeeded, prefix_set, shown
from conformance.suite.vnets import VnetHandle, VnetPair
from conformance.target.responses import ArmResponse


@dataclass(frozen=True)
class Layout:
    """One VNet's prefixes before and after the change."""

    before: tuple[str, ...]
    after: tuple[str, ...]


@dataclass(frozen=True)
class ChangeKind:
    name: str
    a: Layout
    b: Layout
    # The requirement the sync level of each peering proves after a one-sided change.
    own_level_requirement: str
    toward_level_requirement: str

    def layout(self, side: str) -> Layout:
        return self.a if side == "a" else self.b


CHANGE_KINDS = (
    ChangeKind(
        "add",
        Layout(("10.1.0.0/16",), ("10.1.0.0/16", "10.99.0.0/16")),
        Layout(("10.2.0.0/16",), ("10.2.0.0/16", "10.98.0.0/16")),
        own_level_requirement="SYNC-004",
        toward_level_requirement="SYNC-005",
    ),
    ChangeKind(
        "remove",
        Layout(("10.1.0.0/16", "10.11.0.0/16"), ("10.1.0.0/16",)),
        Layout(("10.2.0.0/16", "10.12.0.0/16"), ("10.2.0.0/16",)),
        own_level_requirement="SYNC-006",
        toward_level_requirement="SYNC-006",
    ),
    ChangeKind(
        "grow",
        Layout(("10.1.0.0/16",), ("10.0.0.0/15",)),
        Layout(("10.2.0.0/16",), ("10.2.0.0/15",)),
        own_level_requirement="SYNC-007",
        toward_level_requirement="SYNC-007",
    ),
    ChangeKind(
        "shrink",
        Layout(("10.1.0.0/16",), ("10.1.0.0/17",)),
        Layout(("10.2.0.0/16",), ("10.2.0.0/17",)),
        own_level_requirement="SYNC-007",
        toward_level_requirement="SYNC-007",
    ),
)
ADD = CHANGE_KINDS[0]
SIDES = ("a", "b")


def journey_group(kind: ChangeKind) -> str:
    """The xdist group of the checks judging this kind's sync journey: one worker takes
    the journey and runs all of them."""
    return f"sync-{kind.name}"


def one_side_cases(requirement_of: Callable[[ChangeKind], str] | None = None, kinds=CHANGE_KINDS) -> list:
    """pytest params (kind, side) for every kind and side, `add-a`, `add-b`, ...; with
    `requirement_of`, each case is marked with the requirement that kind proves. Each
    case is in its kind's journey group."""
    cases = []
    for kind in kinds:
        marks = [pytest.mark.xdist_group(journey_group(kind))]
        if requirement_of:
            marks.append(pytest.mark.requirements(requirement_of(kind)))
        for side in SIDES:
            cases.append(pytest.param(kind, side, id=f"{kind.name}-{side}", marks=marks))
    return cases


def kind_cases(kinds=CHANGE_KINDS) -> list:
    return [pytest.param(kind, id=kind.name, marks=[pytest.mark.xdist_group(journey_group(kind))]) for kind in kinds]


@dataclass(frozen=True)
class OneSideChange:
    """A Connected pair whose `changed` VNet went from `before` to `after`; `peer` kept `peer_prefixes`."""

    changed: VnetHandle
    peer: VnetHandle
    before: tuple[str, ...]
    after: tuple[str, ...]
    peer_prefixes: tuple[str, ...]

    @property
    def when(self) -> str:
        return f"after vnet {self.changed.role} went from {shown(self.before)} to {shown(self.after)}"


def connected_in_sync(pair: Callable[..., VnetPair], kind: ChangeKind) -> tuple[VnetHandle, VnetHandle]:
    """A fresh pair with the kind's `before` prefixes, peered both ways."""
    vnets = pair(kind.a.before, kind.b.before)
    vnets.connect()
    return vnets.a, vnets.b


def set_prefixes(vnet: VnetHandle, prefixes: tuple[str, ...]) -> None:
    """PUT the VNet with new prefixes; the change must succeed (it is the scenario's premise)."""
    check_succeeded(vnet.put(prefixes), f"changing the prefixes of vnet {vnet.role} to {shown(prefixes)}")


def settle_change(changed: VnetHandle, peer: VnetHandle, after: tuple[str, ...]) -> None:
    """Wait until the peer's peering toward `changed` shows its new prefixes and changed's
    own peering no longer reads FullyInSync (what a change implies on every target)."""
    settle(lambda: peer.get_peering(changed), lambda read: _remote_space_is(read, after))
    settle(lambda: changed.get_peering(peer), _reads_out_of_sync)


def _remote_space_is(read: ArmResponse, prefixes: tuple[str, ...]) -> bool:
    if read.status != 200:
        return False
    seen = address_prefixes(read.properties, "remoteVirtualNetworkAddressSpace")
    return isinstance(seen, list) and prefix_set(seen) == prefix_set(prefixes)


def _reads_out_of_sync(read: ArmResponse) -> bool:
    return read.status == 200 and read.properties.get("peeringSyncLevel") not in (None, "FullyInSync")


def change_one_side(pair: Callable[..., VnetPair], kind: ChangeKind, side: str) -> OneSideChange:
    a, b = connected_in_sync(pair, kind)
    changed, peer = (a, b) if side == "a" else (b, a)
    layout = kind.layout(side)
    set_prefixes(changed, layout.after)
    settle_change(changed, peer, layout.after)
    other = "b" if side == "a" else "a"
    return OneSideChange(changed, peer, layout.before, layout.after, kind.layout(other).before)


def change_both_sides(pair: Callable[..., VnetPair], kind: ChangeKind) -> tuple[VnetHandle, VnetHandle, str]:
    """A Connected pair after both VNets changed; returns a, b and the `when` of messages."""
    a, b = connected_in_sync(pair, kind)
    set_prefixes(a, kind.a.after)
    set_prefixes(b, kind.b.after)
    settle(lambda: b.get_peering(a), lambda read: _remote_space_is(read, kind.a.after))
    settle(lambda: a.get_peering(b), lambda read: _remote_space_is(read, kind.b.after))
    when = (
        f"after vnet a went from {shown(kind.a.before)} to {shown(kind.a.after)} "
        f"and vnet b from {shown(kind.b.before)} to {shown(kind.b.after)}"
    )
    return a, b, when
