"""Journeys of refused address-space writes: many refusals tried on one pair, each judged alone.

A refused write changes nothing, so the refusals the address checks need can follow one
another on one Connected pair, each read before (the previous step's last read) and
after (now and after a quiet window):

    refusals: a [10.1.0.0/16, 10.11.0.0/16] with subnets `held` (10.11.0.0/24) and `upper`
              (10.1.200.0/24), b [10.2.0.0/16], Connected; a drops 10.11.0.0/16 (holds
              `held`), a shrinks 10.1.0.0/16 to /17 (leaves `upper` outside), a takes
              10.2.128.0/17 of b, b takes 10.1.128.0/17 of a; then c [10.1.0.0/24], which
              overlaps a, is peered with b each way.
    overlap:  a [10.1.0.0/16] and b [10.2.0.0/16, 10.1.128.0/17] (overlapping): a->b and
              b->a are both tried.
"""

from __future__ import annotations

from conformance.suite.scenarios.journey_record import JourneyRecord
from conformance.suite.scenarios.journeys import Journey, JourneyBook

A_SPACE = ("10.1.0.0/16", "10.11.0.0/16")
B_SPACE = ("10.2.0.0/16",)
A_SUBNETS = {"held": "10.11.0.0/24", "upper": "10.1.200.0/24"}
C_SPACE = ("10.1.0.0/24",)
OVERLAPPING_B_SPACE = ("10.2.0.0/16", "10.1.128.0/17")
REFUSALS = "address-refusals"
OVERLAP = "address-overlap"
# Each refused VNet write: (step, vnet role, prefixes, what it does).
VNET_REFUSALS = (
    ("held-removal", "a", ("10.1.0.0/16",), "removal of 10.11.0.0/16, which holds subnet 10.11.0.0/24, from vnet a"),
    ("shrink-away", "a", ("10.1.0.0/17", "10.11.0.0/16"),
     "shrink of vnet a's 10.1.0.0/16 to 10.1.0.0/17 with subnet 10.1.200.0/24"),
    ("overlap-a", "a", A_SPACE + ("10.2.128.0/17",), "VNet PUT of vnet a taking 10.2.128.0/17 of its peer's space"),
    ("overlap-b", "b", B_SPACE + ("10.1.128.0/17",), "VNet PUT of vnet b taking 10.1.128.0/17 of its peer's space"),
)
PEERING_REFUSALS = (("c-to-b", "c", "b"), ("b-to-c", "b", "c"))
STEPS = tuple(step for step, *_ in VNET_REFUSALS) + tuple(step for step, *_ in PEERING_REFUSALS)


def refusals_journey(journeys: JourneyBook) -> JourneyRecord:
    return journeys.take(REFUSALS, _walk_refusals)


def overlap_journey(journeys: JourneyBook) -> JourneyRecord:
    return journeys.take(OVERLAP, _walk_overlap)


def keys_around(step: str) -> tuple[str, str]:
    """The observation of both peerings before a refusal step, and the one after it."""
    index = STEPS.index(step)
    before = "connected" if index == 0 else f"{STEPS[index - 1]}:after:later"
    return before, f"{step}:after"


def _walk_refusals(journey: Journey) -> None:
    a, b = journey.vnets.several([(A_SPACE, A_SUBNETS, "a"), (B_SPACE, None, "b")])
    journey.wrote(None, a.peer(b), "creating the peering a->b")
    journey.wrote(None, b.peer(a), "creating the peering b->a")
    journey.peering("connected:a->b", a, b, "once both peerings exist", peeringState="Connected")
    journey.pair_fields("connected", a, b, "once both peerings exist")
    vnets = {"a": a, "b": b}
    for step, role, prefixes, doing in VNET_REFUSALS:
        journey.answered(f"{step}:put", vnets[role].put(prefixes).initial, f"the {doing}")
        journey.unchanged_window(f"{step}:after", a, b, f"after the refused {doing}")
        for vnet in (a, b):
            journey.answered(f"{step}:vnet-{vnet.role}", vnet.get(), f"vnet {vnet.role} after the refused {doing}")
    (c,) = journey.vnets.several([(C_SPACE, None, "c")])
    vnets["c"] = c
    for step, local, remote in PEERING_REFUSALS:
        doing = f"peering {local}->{remote} while c overlaps a, already peered with b"
        journey.answered(f"{step}:put", vnets[local].peer(vnets[remote]).initial, doing)
        journey.unchanged_window(f"{step}:after", a, b, f"after the refused {doing}")
        journey.answered(f"{step}:absent", vnets[local].get_peering(vnets[remote]),
                         f"peering {local}->{remote} after its creation was refused")


def _walk_overlap(journey: Journey) -> None:
    a, b = journey.vnets.several([(("10.1.0.0/16",), None, "a"), (OVERLAPPING_B_SPACE, None, "b")])
    for local, remote in ((a, b), (b, a)):
        doing = f"peering {local.role}->{remote.role} between overlapping vnets"
        journey.answered(f"{local.role}:put", local.peer(remote).initial, doing)
        journey.answered(f"{local.role}:absent", local.get_peering(remote),
                         f"peering {local.role}->{remote.role} after its creation was refused")
