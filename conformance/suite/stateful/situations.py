"""What the state machine remembers beyond the model's state, to tell which requirement a
disagreement concerns: the last step, the model's views before it, and per peering how
its snapshot was taken, whether it was revived, and why it is Disconnected or absent.

Slots stand for VNets (`v1`), pairs of slots for the peering local->remote.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from conformance.model import Network, PeeringView, VnetId
from conformance.model.address_space import first_overlap
from conformance.suite.stateful import mismatch_requirements as rq

Pair = tuple[str, str]


@dataclass
class PeeringMemory:
    snapshot_step: int = 0
    snapshot_by_sync: bool = False
    revived: bool = False
    disconnected_by: str | None = None
    absent_because: str | None = None


@dataclass(frozen=True)
class Step:
    kind: str  # put_vnet | delete_vnet | put_peering | delete_peering
    local: str
    remote: str | None = None
    sync: bool = False
    created: bool = False
    space_change: str | None = None


@dataclass
class MachineHistory:
    """Fed by the machine around each write; read when a comparison disagrees."""

    vnet_id: Callable[[str], VnetId]
    peering_name: Callable[[str, str], str]
    slots: tuple[str, ...]
    step_number: int = 0
    last: Step | None = None
    before: dict[Pair, PeeringView] = field(default_factory=dict)
    memory: dict[Pair, PeeringMemory] = field(default_factory=dict)
    space_changed_at: dict[str, int] = field(default_factory=dict)

    def pairs(self) -> list[Pair]:
        return [(a, b) for a in self.slots for b in self.slots if a != b]

    def peering(self, network: Network, pair: Pair):
        return network.peering(self.vnet_id(pair[0]), self.peering_name(*pair))

    def of(self, pair: Pair) -> PeeringMemory:
        return self.memory.setdefault(pair, PeeringMemory())

    # ----- around writes --------------------------------------------------------------------

    def begin(self, network: Network) -> None:
        """Before a write: the model's view of every peering of the run."""
        self.step_number += 1
        self.before = {}
        for pair in self.pairs():
            peering = self.peering(network, pair)
            if peering is not None:
                self.before[pair] = network.view(peering)

    def vnet_written(self, slot: str, change: str | None) -> None:
        self.last = Step("put_vnet", slot, space_change=change)
        if change is not None:
            self.space_changed_at[slot] = self.step_number

    def vnet_deleted(self, slot: str, applied: bool) -> None:
        self.last = Step("delete_vnet", slot)
        if not applied:
            return
        self.space_changed_at[slot] = self.step_number
        for pair in self.pairs():
            if pair[0] == slot:
                self.memory[pair] = PeeringMemory(absent_because="LIFE-010")
            elif pair[1] == slot and pair in self.before and self.before[pair].peering_state != "Disconnected":
                self.of(pair).disconnected_by = "LIFE-004"

    def peering_written(self, pair: Pair, sync: bool, applied: bool, refused_by: str | None) -> None:
        created = pair not in self.before
        self.last = Step("put_peering", pair[0], pair[1], sync=sync, created=created and applied)
        if not applied:
            if created:
                self.of(pair).absent_because = refused_by
            return
        memory = PeeringMemory() if created else self.of(pair)
        if not created and self.before[pair].peering_state == "Disconnected":
            memory.revived, memory.disconnected_by = True, None
        if created or sync:
            memory.snapshot_step, memory.snapshot_by_sync = self.step_number, sync and not created
        self.memory[pair] = memory

    def peering_deleted(self, pair: Pair, applied: bool) -> None:
        self.last = Step("delete_peering", pair[0], pair[1])
        if applied and pair in self.before:
            self.memory[pair] = PeeringMemory(absent_because="LIFE-009")
            reverse = (pair[1], pair[0])
            if reverse in self.before:
                self.of(reverse).disconnected_by = "LIFE-003"

    # ----- situations -------------------------------------------------------------------------

    def last_step_for(self, pair: Pair) -> str:
        step = self.last
        if step is None:
            return rq.OTHER_STEP
        if step.kind == "put_vnet":
            return {pair[0]: rq.LOCAL_VNET_PUT, pair[1]: rq.REMOTE_VNET_PUT}.get(step.local, rq.OTHER_STEP)
        if step.kind != "put_peering" or {step.local, step.remote} != set(pair):
            return rq.OTHER_STEP
        mine = step.local == pair[0]
        if step.created:
            return rq.CREATED if mine else rq.REVERSE_CREATED
        if step.sync:
            return rq.SYNCED if mine else rq.REVERSE_SYNCED
        return rq.UPDATED if mine else rq.REVERSE_UPDATED

    def peering_situation(self, network: Network, pair: Pair) -> rq.PeeringSituation:
        view = network.view(self.peering(network, pair))
        reverse_pair = (pair[1], pair[0])
        reverse = self.peering(network, reverse_pair)
        reverse_view = network.view(reverse) if reverse is not None else None
        remote_change = rq.space_change(view.remote_address_space, view.remote_virtual_network_address_space)
        local_change = (
            rq.space_change(reverse_view.remote_address_space, reverse_view.remote_virtual_network_address_space)
            if reverse_view is not None
            else None
        )
        mine, theirs = self.of(pair), self.of(reverse_pair)
        before, reverse_before = self.before.get(pair), self.before.get(reverse_pair)
        step = self.last
        return rq.PeeringSituation(
            state=view.peering_state,
            level=view.peering_sync_level,
            last_step=self.last_step_for(pair),
            before_level=before.peering_sync_level if before else None,
            reverse_before_level=reverse_before.peering_sync_level if reverse_before else None,
            remote_change=remote_change,
            local_change=local_change,
            remote_changed_back=remote_change is None and self.space_changed_at.get(pair[1], 0) > mine.snapshot_step,
            local_changed_back=(
                reverse_view is not None
                and local_change is None
                and self.space_changed_at.get(pair[0], 0) > theirs.snapshot_step
            ),
            snapshot_by_sync=mine.snapshot_by_sync,
            reverse_snapshot_by_sync=theirs.snapshot_by_sync,
            revived=mine.revived or (reverse is not None and theirs.revived),
            disconnected_by=mine.disconnected_by,
            vnet_put_added=step is not None and step.kind == "put_vnet" and step.space_change == rq.ADDED,
        )

    def vnet_write(self, network: Network, slot: str, kind: str, prefixes: tuple[str, ...] = ()) -> rq.WriteSituation:
        vnet_id: VnetId = self.vnet_id(slot)
        old = network.vnet(vnet_id)
        own = network.peerings(vnet_id)
        toward = network.peerings_toward(vnet_id)
        live_own = [p for p in own if not p.disconnected and network.vnet(p.settings.remote_vnet) is not None]
        overlaps = any(
            first_overlap(prefixes, network.vnet(p.settings.remote_vnet).address_prefixes) for p in live_own
        )
        return rq.WriteSituation(
            kind=kind,
            existed=old is not None,
            linked=bool(live_own) or any(not p.disconnected for p in toward),
            has_own_peerings=bool(own),
            own_link_overlaps=overlaps,
            space_change=rq.space_change(old.address_prefixes, prefixes) if old is not None and prefixes else None,
        )

    def peering_write(self, network: Network, pair: Pair, kind: str, sync: bool = False) -> rq.WriteSituation:
        local_id, remote_id = self.vnet_id(pair[0]), self.vnet_id(pair[1])
        peering = self.peering(network, pair)
        reverse = self.peering(network, (pair[1], pair[0]))
        others = [
            p for p in network.peerings_toward(remote_id) if not p.vnet.same_as(local_id) and not p.disconnected
        ] + [p for p in network.peerings(remote_id) if not p.settings.remote_vnet.same_as(local_id)]
        return rq.WriteSituation(
            kind=kind,
            existed=peering is not None,
            vnet_exists=network.vnet(local_id) is not None,
            sync=sync,
            level_before=network.view(peering).peering_sync_level if peering is not None else None,
            disconnected=peering is not None and peering.disconnected,
            reverse_exists=reverse is not None,
            reverse_revived=reverse is not None and self.of((pair[1], pair[0])).revived,
            others_peer_remote=bool(others),
        )
