"""Journeys of refused address-space writes: many refusals tried on one pair, each judged alone.

A refused write changes nothing, so the refusals the address checks need can follow one
another on one Connected pair, each read before (the previous step's last read) and
after (now and after a quiet window):

    a [10.1.0.0/16, 10.11.0.0/16] with subnets `held` (10.11.0.0/24) and `upper`
    (10.1.200.0/24), b [10.2.0.0/16], Connected; a drops 10.11.0.0/16 (holds `held`), a
    shrinks 10.1.0.0/16 to /17 (leaves `upper` outside), a takes 10.2.128.0/17 of b, b takes
    10.1.128.0/17 of a; then c [10.1.0.0/24], which overlaps a, is peered with b each way
    (c overlaps a VNet b is peered with), then with a each way (the two overlap).

Last, the writes only a SHOULD refuses (ADDR-010): c is updated to prefixes that overlap
one another (nested, then duplicate), and a VNet is created with such prefixes (each
read back after it). A target that takes one of these writes (or a peering above) is put
back (the peering or the new VNet deleted, c's prefixes restored), so the next step
starts from the state the story implies.
"""

from __future__ import annotations

from conformance.suite.scenarios.journey_record import JourneyRecord
from conformance.suite.scenarios.journeys import Journey, JourneyBook
from conformance.suite.vnets import VnetHandle

A_SPACE = ("10.1.0.0/16", "10.11.0.0/16")
B_SPACE = ("10.2.0.0/16",)
A_SUBNETS = {"held": "10.11.0.0/24", "upper": "10.1.200.0/24"}
C_SPACE = ("10.1.0.0/24",)
REFUSALS = "address-refusals"
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
# Peerings between the overlapping c and a: (step, local, remote).
OVERLAP_REFUSALS = (("a-to-c", "a", "c"), ("c-to-a", "c", "a"))
# Prefix lists that overlap themselves (ADDR-010): for updating c, and for a new VNet.
SELF_OVERLAPS = {
    "nested": (("10.1.0.0/24", "10.1.0.128/25"), ("10.3.0.0/16", "10.3.128.0/17")),
    "duplicate": (("10.1.0.0/24", "10.1.0.0/24"), ("10.3.0.0/16", "10.3.0.0/16")),
}


def refusals_journey(journeys: JourneyBook) -> JourneyRecord:
    return journeys.take(REFUSALS, _walk_refusals)


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
        taken = journey.answered(f"{step}:put", vnets[local].peer(vnets[remote]).initial, doing)
        journey.unchanged_window(f"{step}:after", a, b, f"after the refused {doing}")
        journey.answered(f"{step}:absent", vnets[local].get_peering(vnets[remote]),
                         f"peering {local}->{remote} after its creation was refused")
        if 200 <= taken.status < 300:  # ADDR-009 is a SHOULD: undone, so c is unpeered for the later steps
            vnets[local].delete_peering(vnets[remote])
    for step, local_role, remote_role in OVERLAP_REFUSALS:
        local, remote = vnets[local_role], vnets[remote_role]
        journey.refusal(step, local.peer(remote).initial, f"peering {local_role}->{remote_role} between overlapping vnets",
                        read=lambda: local.get_peering(remote), undo=lambda: local.delete_peering(remote))
    _self_overlaps(journey, c)


def _self_overlaps(journey: Journey, c: VnetHandle) -> None:
    """ADDR-010 is a SHOULD: every write is only answered and read back (never a stopper)."""
    for case, (update, create) in SELF_OVERLAPS.items():
        journey.refusal(f"self-{case}-update", c.put(update).initial,
                        f"updating vnet c to the overlapping prefixes {list(update)}",
                        read=c.get, undo=lambda: c.put(C_SPACE))
        api, name = journey.vnets.api, journey.vnets.names.new(f"self-{case}")
        journey.refusal(f"self-{case}-create", api.put_vnet(name, create).initial,
                        f"creating a vnet with the overlapping prefixes {list(create)}",
                        read=lambda: api.get_vnet(name), undo=lambda: api.delete_vnet(name))
