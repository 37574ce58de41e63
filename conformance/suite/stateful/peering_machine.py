"""A Hypothesis state machine that drives the target and conformance.model side by side.

Three VNet slots, shared by the runs of one check (standing_vnets.py): a run starts from
them without peerings, each at its drawn starting space. Address spaces are drawn from a
small pool in which some ranges overlap (10.0.0.0/15 covers two of the /16s), so refusals
happen as well as successes; `change_space` grows, shrinks or resizes the space of peered
VNets, which is what sync is about. Each rule sends at most one write to the target -
none when it would judge nothing new or the run has spent its writes (redundant_writes.py)
- and applies the same write to the model; after every step that wrote, the invariant reads every peering a VNet of
the run could have and compares it with the model's view (observation.py); peerings
that disagree are re-read until they agree or the settle timeout passes (convergence.py:
the other half of a pair may learn of a write a little after the write's operation ends).

Every disagreement names the one requirement behind it (mismatch_requirements.py). A
MUST one fails the check with the steps so far as requests to replay (Hypothesis
shrinks the sequence first); a SHOULD one is recorded as a finding, the machine follows
the target's answer - the model adopts the write the target accepted, forgets the one
it refused, or stops comparing that field of that peering until it is written again -
and exploring goes on, so one debatable point never masks the rest.
"""

from __future__ import annotations

import ipaddress
import itertools
from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from conformance.exchanges.redaction import redact_text
from conformance.model import Network, PeeringSettings, Refusal, VirtualNetwork, VnetId
from conformance.model.address_space import overlap_within, same_space
from conformance.model.network import DISCONNECTED
from conformance.suite.convergence import settle
from conformance.suite.stateful import mismatch_requirements as rq
from conformance.suite.stateful.machine_context import MachineContext, StepLog
from conformance.suite.stateful.model_following import adopt_peering, adopt_vnet
from conformance.suite.stateful.observation import (
    PEERING_STATE,
    REMOTE_ADDRESS_SPACE,
    REMOTE_VNET_ADDRESS_SPACE,
    SYNC_LEVEL,
    Deviation,
    deviations,
)
from conformance.suite.stateful.redundant_writes import RunWrites, changes_no_overlap, predict
from conformance.suite.stateful.situations import MachineHistory, Pair
from conformance.target.peering_api import peering_body, vnet_body
from conformance.target.responses import ArmResponse

SLOTS = ("v1", "v2", "v3")
PREFIX_POOL = ("10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.0.0.0/15")
# Ranges only `change_space` adds; two VNets growing into the same one overlap.
EXTRA_PREFIXES = ("10.100.0.0/16", "10.101.0.0/16", "10.102.0.0/16")
ADDRESS_SPACES = st.lists(st.sampled_from(PREFIX_POOL), min_size=1, max_size=2, unique=True)
# Where a run starts: each VNet at its own /16 of the pool (so the first peerings can
# connect), or at a drawn space that a VNet without peerings may hold (no range of it
# overlapping another), which a PUT then sets.
DISJOINT_START = {"v1": ["10.0.0.0/16"], "v2": ["10.1.0.0/16"], "v3": ["10.2.0.0/16"]}
STARTING_SPACES = st.tuples(
    *(st.one_of(st.just(DISJOINT_START[slot]), ADDRESS_SPACES.filter(lambda space: not overlap_within(space)))
      for slot in ("v1", "v2", "v3"))
)
# Comparing the existence of a peering at all (masked when the target keeps one the
# model cannot predict).
EXISTENCE = "existence"
_slots = st.sampled_from(SLOTS)
# (local, remote) of a peering between two VNets.
_pairs = st.permutations(SLOTS).map(lambda slots: (slots[0], slots[1]))
# A peering PUT goes between two VNets, or (one in four) toward its own VNet: a refusal.
_peerings = st.sampled_from([*itertools.permutations(SLOTS, 2), (SLOTS[0], SLOTS[0]), (SLOTS[1], SLOTS[1])])


def _outcome(initial: ArmResponse, succeeded: bool) -> str:
    if succeeded:
        return "success"
    if 400 <= initial.status < 500:
        return "refusal"
    # Accepted, then the operation failed: the write did not happen, code and status unjudged.
    return "failed-operation" if 200 <= initial.status < 300 else "error"


def machine_for(context: MachineContext) -> type[RuleBasedStateMachine]:
    """A machine class bound to one target (Hypothesis instantiates it once per run)."""

    class PeeringStateMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.api = context.api
            self.network = Network()
            self.network.load([
                VirtualNetwork(self.vnet_id(slot), self.api.config.location, prefixes)
                for slot, prefixes in context.standing.spaces.items()
            ])
            self.prefix = context.next_run_prefix()
            self.log = StepLog(context.seed)
            self.history = MachineHistory(self.vnet_id, self.peering_name, SLOTS)
            # Fields not compared until the peering (or its reverse) is written again.
            self.masked: dict[Pair, set[str]] = {}
            # Outcomes judging nothing new this run has sent once (redundant_writes.py).
            self.run_writes = RunWrites()
            # Whether a write was sent since the peerings were last compared.
            self.unread = False

        # ----- names ---------------------------------------------------------------

        def vnet_name(self, slot: str) -> str:
            return context.standing.names[slot]

        def vnet_id(self, slot: str) -> VnetId:
            config = self.api.config
            return VnetId(config.subscription, config.resource_group, self.vnet_name(slot))

        def peering_name(self, local: str, remote: str) -> str:
            return f"{self.prefix}-{local}-{remote}"

        def has_vnets(self) -> bool:
            return any(self.network.vnet(self.vnet_id(slot)) is not None for slot in SLOTS)

        # ----- rules ---------------------------------------------------------------

        @initialize(spaces=STARTING_SPACES)
        def start_from_the_vnets(self, spaces: tuple[list[str], ...]) -> None:
            """Start every run with its three VNets, so most steps reach the peering rules; a
            VNet the previous run left at this space is not written again. Either way the run
            goes on from the same model state, whatever ran before (Hypothesis replays runs),
            and these writes are not held against the run's budget (redundant_writes.py)."""
            for slot, prefixes in zip(SLOTS, spaces):
                standing = context.standing.spaces.get(slot)
                if standing is None or not same_space(standing, prefixes):
                    self._put_vnet(slot, prefixes, economize=False)
                    continue
                body = vnet_body(prefixes, location=self.api.config.location)
                url = self.api.client.url(self.api.vnet_id(self.vnet_name(slot)))
                self.log.standing(f"{url}?api-version={self.api.config.api_version}", body)
                self.history.begin(self.network)
                adopt_vnet(self.network, VirtualNetwork(self.vnet_id(slot), self.api.config.location, tuple(prefixes)))
                self.history.vnet_written(slot, None)

        @rule(slot=_slots, prefixes=ADDRESS_SPACES)
        def put_vnet(self, slot: str, prefixes: list[str]) -> None:
            self._put_vnet(slot, prefixes)

        def _put_vnet(self, slot: str, prefixes: list[str], *, economize: bool = True) -> None:
            body = vnet_body(prefixes, location=self.api.config.location)
            situation = self.history.vnet_write(self.network, slot, "put_vnet", tuple(prefixes))
            vnet = VirtualNetwork(self.vnet_id(slot), self.api.config.location, tuple(prefixes))
            apply_to_model = lambda: self.network.put_vnet(vnet)  # noqa: E731
            others = [self.vnet_id(other) for other in SLOTS if other != slot]
            if economize and (
                changes_no_overlap(self.network, self.vnet_id(slot), others, situation, prefixes)
                or self._not_sent(situation, apply_to_model)
            ):
                return
            self.history.begin(self.network)
            result = self.api.put_vnet(self.vnet_name(slot), body=body)
            self._log(result.initial, body)
            applied, _, _ = self._agree(
                result.initial, result.succeeded, situation, apply_to_model, lambda: adopt_vnet(self.network, vnet)
            )
            self.history.vnet_written(slot, situation.space_change if applied else None)
            if applied and not situation.existed:
                self.history.space_changed_at[slot] = self.history.step_number

        @precondition(has_vnets)
        @rule(slot=_slots, change=st.sampled_from(("grow", "shrink", "resize")), extra=st.sampled_from(EXTRA_PREFIXES))
        def change_space(self, slot: str, change: str, extra: str) -> None:
            """The address-space changes peerings must sync: add a range outside the pool, drop
            the last range (of a VNet with more than one), or resize the first range (widen it
            to the one twice its size that holds it, or narrow a wider one to its first half)."""
            vnet = self.network.vnet(self.vnet_id(slot))
            if vnet is None:
                return
            prefixes = list(vnet.address_prefixes)
            if change == "grow":
                self._put_vnet(slot, [*prefixes, extra])
            elif change == "shrink" and len(prefixes) > 1:
                self._put_vnet(slot, prefixes[:-1])
            elif change == "resize":
                first = ipaddress.ip_network(prefixes[0])
                resized = first.supernet() if first.prefixlen >= 16 else next(first.subnets())
                self._put_vnet(slot, [str(resized), *prefixes[1:]])

        @rule(slot=_slots)
        def delete_vnet(self, slot: str) -> None:
            situation = self.history.vnet_write(self.network, slot, "delete_vnet")
            apply_to_model = lambda: self.network.delete_vnet(self.vnet_id(slot))  # noqa: E731
            if self._not_sent(situation, apply_to_model):
                return
            self.history.begin(self.network)
            result = self.api.delete_vnet(self.vnet_name(slot))
            self._log(result.initial, None)
            applied, _, _ = self._agree(result.initial, result.succeeded, situation, apply_to_model)
            self.history.vnet_deleted(slot, applied)
            if applied:
                self._unmask(lambda pair: slot in pair)

        @precondition(has_vnets)
        @rule(pair=_peerings, sync=st.booleans())
        def peer(self, pair: tuple[str, str], sync: bool) -> None:
            self.put_peering(*pair, sync)

        def put_peering(self, local: str, remote: str, sync: bool) -> None:
            pair = (local, remote)
            body = peering_body(self.api.vnet_id(self.vnet_name(remote)))
            situation = self.history.peering_write(self.network, pair, "put_peering", sync)
            settings = PeeringSettings(remote_vnet=self.vnet_id(remote))
            local_id, name = self.vnet_id(local), self.peering_name(local, remote)
            apply_to_model = lambda: self.network.put_peering(local_id, name, settings, sync=sync)  # noqa: E731
            if self._not_sent(situation, apply_to_model):
                return
            self.history.begin(self.network)
            result = self.api.put_peering(self.vnet_name(local), name, body=body, sync=sync)
            self._log(result.initial, body)
            applied, refused_by, adopted = self._agree(
                result.initial,
                result.succeeded,
                situation,
                apply_to_model,
                lambda: adopt_peering(self.network, local_id, name, settings, sync=sync) or self._undo_peering(pair),
            )
            self.history.peering_written(pair, sync, applied, refused_by)
            if applied:
                self._unmask(lambda other: set(other) == set(pair))
            if adopted:
                # What the target shows of a pair it built against the model's rules (e.g. over
                # a Disconnected reverse) is not the model's to predict until it is written again.
                for side in (pair, (remote, local)):
                    self.masked[side] = {PEERING_STATE, SYNC_LEVEL, REMOTE_ADDRESS_SPACE, REMOTE_VNET_ADDRESS_SPACE}

        @precondition(has_vnets)
        @rule(pair=_pairs, sync=st.booleans())
        def peer_both_ways(self, pair: tuple[str, str], sync: bool) -> None:
            """Both sides in one step: without it, random single PUTs rarely meet as a Connected
            pair. Compared after each PUT, so a disagreement is put down to the PUT that made it."""
            first, second = pair
            self.put_peering(first, second, sync)
            self._compare_all()
            self.put_peering(second, first, sync)

        @precondition(has_vnets)
        @rule(pair=_pairs)
        def unpeer(self, pair: tuple[str, str]) -> None:
            self.delete_peering(*pair)

        def delete_peering(self, local: str, remote: str) -> None:
            pair = (local, remote)
            situation = self.history.peering_write(self.network, pair, "delete_peering")
            apply_to_model = lambda: self.network.delete_peering(  # noqa: E731
                self.vnet_id(local), self.peering_name(local, remote)
            )
            if self._not_sent(situation, apply_to_model):
                return
            self.history.begin(self.network)
            result = self.api.delete_peering(self.vnet_name(local), self.peering_name(local, remote))
            self._log(result.initial, None)
            applied, _, _ = self._agree(result.initial, result.succeeded, situation, apply_to_model)
            self.history.peering_deleted(pair, applied)
            if applied:
                self._unmask(lambda other: set(other) == set(pair))

        # ----- writes: the target's answer against the model's ---------------------

        def _not_sent(self, situation: rq.WriteSituation, apply_to_model: Callable[[], Any]) -> bool:
            return self.run_writes.skips(situation, predict(self.network, apply_to_model))

        def _agree(
            self,
            initial: ArmResponse,
            succeeded: bool,
            situation: rq.WriteSituation,
            apply_to_model: Callable[[], Any],
            adopt: Callable[[], Any] | None = None,
        ) -> tuple[bool, str | None, bool]:
            """Compare the write's outcome; returns whether the write took effect, the
            requirement of the model's refusal if any, and whether the model adopted a write
            it refuses."""
            saved = self.network.records()
            try:
                apply_to_model()
                refusal = None
            except Refusal as refused:
                refusal = refused
            seen = _outcome(initial, succeeded)
            said = f"target: {seen} {initial.status} {initial.error_code or ''}".rstrip()
            if refusal is None:
                if seen == "success":
                    context.judged(rq.success_requirement(situation))
                    return True, None, False
                self._judge_write(rq.success_requirement(situation), f"{said}, model: success", initial)
                self.network.load(saved)  # follow the target: the write did not happen
                return False, None, False
            requirement = rq.refusal_requirement(situation, refusal.code)
            if seen == "success":
                self._judge_write(requirement, f"{said}, model: refusal {refusal.status} ({refusal.code})", initial)
                if adopt is not None:
                    adopt()
                return True, requirement, True
            if requirement and seen != "failed-operation":
                context.judged(requirement)
                self._judge_refusal(requirement, refusal, initial, said)
            return False, requirement, False

        def _judge_refusal(self, requirement: str, refusal: Refusal, initial: ArmResponse, said: str) -> None:
            expected = f"model: refusal {refusal.status} ({refusal.code})"
            if not rq.refusal_status_accepted(requirement, refusal.status, initial.status):
                self._judge_write(requirement, f"{said}, {expected}", initial)
                return
            fixed = rq.code_requirement(requirement, initial.status, initial.error_code)
            if fixed:
                self._judge_write(fixed, f"{said}, {expected}", initial)
            else:
                context.judged(rq.fixed_code_requirement(requirement))

        def _judge_write(self, requirement: str | None, problem: str, initial: ArmResponse) -> None:
            if requirement is None:
                return  # no requirement covers it: follow the target without a verdict
            if context.stops(requirement):
                self._fail("the target's answer differs from the model's", [(requirement, problem)])
            context.record(requirement, self.log.finding(f"the target's answer differs from the model's: {problem}"),
                           initial.exchange_id)

        def _undo_peering(self, pair: Pair) -> None:
            """A peering the model cannot hold (toward its own VNet): removed from the target again."""
            self.api.delete_peering(self.vnet_name(pair[0]), self.peering_name(*pair))

        # ----- reads: every peering against the model's view -------------------------

        @invariant()
        def target_shows_what_the_model_predicts(self) -> None:
            self._compare_all()

        def _compare_all(self) -> None:
            if not self.unread:
                return  # nothing written since the last comparison
            self.unread = False
            pairs = [p for p in self.history.pairs() if self.network.vnet(self.vnet_id(p[0])) is not None]
            found = {pair: problems for pair in pairs if (problems := self._compare_peering(pair))}
            if found:
                disagreeing = list(found)
                found = settle(
                    lambda: {pair: problems for pair in disagreeing if (problems := self._compare_peering(pair))},
                    lambda still: not still,
                )
            stopping = []
            for pair, problems in found.items():
                for requirement, problem, exchange_id, field_name in problems:
                    if context.stops(requirement):
                        stopping.append((requirement, problem))
                        continue
                    context.record(requirement, self.log.finding(problem), exchange_id)
                    self.masked.setdefault(pair, set()).add(field_name)
            if stopping:
                self._fail("the peerings read back differ from the model", stopping)

        def _compare_peering(self, pair: Pair) -> list[tuple[str, str, str, str]]:
            """(requirement, message, exchange id, field) of every disagreement on this peering."""
            masked = self.masked.get(pair, set())
            if EXISTENCE in masked:
                return []
            local, remote = pair
            expected = self.history.peering(self.network, pair)
            response = self.api.get_peering(self.vnet_name(local), self.peering_name(local, remote))
            where = f"{local}->{remote} (GET {redact_text(response.url)})"
            if expected is None:
                if response.status == 404:
                    absent_because = self.history.of(pair).absent_because
                    if absent_because is not None:
                        context.judged(rq.unexpected_peering_requirement(absent_because))
                    return []
                requirement = (
                    rq.unexpected_peering_requirement(self.history.of(pair).absent_because)
                    if response.status == 200 else "ARM-004"
                )
                return [(requirement, f"{where}: {response.status}, model: no such peering (404)",
                         response.exchange_id, EXISTENCE)]
            situation = self.history.peering_situation(self.network, pair)
            if response.status != 200:
                return [(rq.missing_peering_requirement(situation),
                         f"{where}: {response.status} {response.text[:200]}, model: the peering exists",
                         response.exchange_id, EXISTENCE)]
            remote_exists = self.network.vnet(self.vnet_id(remote)) is not None
            found = deviations(self.network.view(expected), response.properties,
                               remote_vnet_exists=remote_exists, skip=masked)
            self._judged_fields(situation, response.properties, masked, remote_exists, found)
            return [(self._requirement_of(deviation, situation), f"{where}: {deviation.describe()}",
                     response.exchange_id, deviation.field) for deviation in found]

        def _judged_fields(self, situation, properties, masked, remote_exists, found) -> None:
            """The requirements behind the fields that agreed with the model."""
            deviating = {deviation.field for deviation in found}
            compared = [PEERING_STATE, REMOTE_ADDRESS_SPACE]
            if situation.state != DISCONNECTED:
                compared.append(SYNC_LEVEL)
            if remote_exists:
                compared.append(REMOTE_VNET_ADDRESS_SPACE)
            for name in compared:
                if name in masked or name in deviating:
                    continue
                if name == SYNC_LEVEL:
                    for requirement in rq.agreeing_sync_level_requirements(situation):
                        context.judged(requirement)
                else:
                    context.judged(self._requirement_of(Deviation(name, properties.get(name), ""), situation))

        @staticmethod
        def _requirement_of(deviation: Deviation, situation: rq.PeeringSituation) -> str:
            if deviation.field == PEERING_STATE:
                return rq.peering_state_requirement(situation)
            if deviation.field == SYNC_LEVEL:
                return rq.sync_level_requirement(situation, deviation.seen)
            if deviation.field == REMOTE_ADDRESS_SPACE:
                return rq.remote_address_space_requirement(situation)
            if deviation.field != REMOTE_VNET_ADDRESS_SPACE:
                raise ValueError(f"no requirement judges a deviation in {deviation.field!r}")
            return rq.remote_vnet_address_space_requirement(situation)

        def _unmask(self, touches: Callable[[Pair], bool]) -> None:
            for pair in [p for p in self.masked if touches(p)]:
                del self.masked[pair]

        # ----- reporting -------------------------------------------------------------

        def _log(self, response: ArmResponse, body: Any) -> None:
            self.unread = True
            self.log.sent(response, body)

        def _fail(self, headline: str, problems: list[tuple[str, str]]) -> None:
            raise self.log.mismatch(headline, problems)

        def teardown(self) -> None:
            """Delete every peering of the VNets, which the next run starts from."""
            context.standing.clear_peerings()

    return PeeringStateMachine
