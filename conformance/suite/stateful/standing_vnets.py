"""The three VNets every run of the state machine starts from, kept from one run to the next.

Creating three VNets for each run and deleting them after it cost six of a run's ~17
writes, each a long-running operation on a real target, and judged nothing the runs'
own steps do not. The runs of one check share them instead: a run ends by deleting every
peering the target shows on them (listed from the target, not taken from the model, so
one the model did not expect goes too) and noting the space each VNet is left with; the
next run starts from those VNets, without peerings, and PUTs only the ones whose drawn
starting space differs. Every run so starts from the same target state whatever ran
before it, which Hypothesis needs to replay and shrink a failing run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from conformance.target.errors import NonConformance
from conformance.target.peering_api import PeeringApi
from conformance.target.resource_tracker import delete_confirmed


@dataclass
class StandingVnets:
    """The shared VNets by slot, and the address space the target holds for each that exists."""

    api: PeeringApi
    names: dict[str, str]
    spaces: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def clear_peerings(self) -> None:
        """Delete every peering on the VNets (all at once) and note each VNet's space.

        A VNet whose peerings cannot be listed or deleted is deleted itself: the next run
        then creates it again instead of starting from a state it does not know."""
        doomed: dict[str, list[str]] = {}
        stuck: set[str] = set()
        for slot, name in self.names.items():
            answer = self.api.get_vnet(name)
            if answer.status != 200:
                self.spaces.pop(slot, None)
                continue
            space = answer.properties.get("addressSpace") or {}
            self.spaces[slot] = tuple(str(prefix) for prefix in space.get("addressPrefixes") or ())
            try:
                listed = self.api.list_all(self.api.list_peerings(name))
            except NonConformance:
                stuck.add(slot)
                continue
            doomed[slot] = [self.api.peering_id(name, str(item.get("name"))) for item in listed]
        paths = [path for slot_paths in doomed.values() for path in slot_paths]
        gone = dict(zip(paths, delete_confirmed(self.api.client, paths)))
        stuck |= {slot for slot, slot_paths in doomed.items() if not all(gone[path] for path in slot_paths)}
        if stuck:
            self.api.tracker.delete_vnets(self.api, [self.names[slot] for slot in sorted(stuck)])
            for slot in stuck:
                self.spaces.pop(slot, None)

    def delete(self) -> list[str]:
        """Delete the VNets that stand (with whatever peerings remain); returns the names still there."""
        standing = [self.names[slot] for slot in self.spaces]
        self.spaces.clear()
        return self.api.tracker.delete_vnets(self.api, standing)
