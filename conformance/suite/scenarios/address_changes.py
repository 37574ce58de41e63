"""The address-space changes the sync scenarios apply, as literal prefixes.

Four kinds of change (a prefix added, a prefix removed, a prefix grown, a prefix shrunk),
each with a layout for VNet `a` and one for VNet `b`. The layouts of `a` and `b` never
overlap, before or after, so either VNet or both can change. A scenario starts from a
Connected pair in full sync and changes one side (`a`, `b`) or both.

The kinds are walked in chains (SYNC_CHAINS), one pair per chain: a kind after the first
starts from the prefixes the one before it left (`grow` and `shrink` both start from and
end in their `before` prefixes; `remove` changes both sides first, from its `after`
prefixes, which are the others' `before`, to its `before` ones, then each side back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest


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
# The kinds walked one after another on one pair, in order; each chain is one journey.
SYNC_CHAINS = (("add",), ("grow", "shrink", "remove"))
# The kinds that change both sides first (from `after` to `before`), then each side.
BOTH_SIDES_FIRST = ("remove",)


def chain_of(kind: ChangeKind) -> tuple[str, ...]:
    return next(chain for chain in SYNC_CHAINS if kind.name in chain)


def journey_group(kind: ChangeKind) -> str:
    """The name of the journey that walks this kind, and the xdist group of the checks
    judging it: one worker takes the journey and runs all of them."""
    return "sync-" + "-".join(chain_of(kind))


def starts_from(kind: ChangeKind, side: str) -> tuple[str, ...]:
    """The prefixes VNet `side` holds, in full sync, when the kind's steps begin (and end)."""
    layout = kind.layout(side)
    return layout.after if kind.name in BOTH_SIDES_FIRST else layout.before


def opens_a_chain(kind: ChangeKind) -> bool:
    """Whether the kind's journey creates and connects its pair (the first kind of a chain)."""
    return chain_of(kind)[0] == kind.name


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
    """pytest params, one per kind (`add`, `remove`, ...), each in its kind's journey group."""
    return [pytest.param(kind, id=kind.name, marks=[pytest.mark.xdist_group(journey_group(kind))]) for kind in kinds]
