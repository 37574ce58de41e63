"""A Hypothesis state machine that drives the target and conformance.model side by side.

Three VNet slots per run, address spaces drawn from a small pool in which some ranges
overlap (10.0.0.0/15 covers two of the /16s), so refusals happen as well as successes;
`grow_vnet`/`shrink_vnet` change the space of peered VNets, which is what sync is about.
Each rule sends one write to the target and applies the same write to the model; the
two must agree on success versus refusal. After every step the invariant reads every
peering a VNet of the run could have and compares it with the model's view
(observation.py). A disagreement fails with the steps so far as requests to replay;
Hypothesis shrinks the sequence first, so the list reported is the shrunk one.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, field
from typing import Any

from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from conformance.model import Network, PeeringSettings, Refusal, VirtualNetwork, VnetId
from conformance.suite.stateful.observation import differences
from conformance.target.peering_api import PeeringApi, peering_body, vnet_body
from conformance.exchanges.redaction import redact_text
from conformance.target.responses import ArmResponse

SLOTS = ("v1", "v2", "v3")
PREFIX_POOL = ("10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", "10.0.0.0/15")
# Ranges only `grow_vnet` adds; two VNets growing into the same one overlap.
EXTRA_PREFIXES = ("10.100.0.0/16", "10.101.0.0/16", "10.102.0.0/16")
ADDRESS_SPACES = st.lists(st.sampled_from(PREFIX_POOL), min_size=1, max_size=2, unique=True)
_slots = st.sampled_from(SLOTS)


class ModelMismatch(AssertionError):
    """The target and the model disagree; the message lists the steps as requests."""


@dataclass
class MachineContext:
    """What every run of the machine shares: the API, a name prefix, the seed to report."""

    api: PeeringApi
    name_prefix: str
    seed: int
    _runs: itertools.count = field(default_factory=lambda: itertools.count(1))

    def next_run_prefix(self) -> str:
        return f"{self.name_prefix}-s{next(self._runs)}"


def _outcome(status: int, succeeded: bool) -> str:
    if succeeded:
        return "success"
    return "refusal" if 400 <= status < 500 else "error"


def machine_for(context: MachineContext) -> type[RuleBasedStateMachine]:
    """A machine class bound to one target (Hypothesis instantiates it once per run)."""

    class PeeringStateMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.api = context.api
            self.network = Network()
            self.prefix = context.next_run_prefix()
            self.steps: list[str] = []

        # ----- names ---------------------------------------------------------------

        def vnet_name(self, slot: str) -> str:
            return f"{self.prefix}-{slot}"

        def vnet_id(self, slot: str) -> VnetId:
            config = self.api.config
            return VnetId(config.subscription, config.resource_group, self.vnet_name(slot))

        def peering_name(self, local: str, remote: str) -> str:
            return f"{self.prefix}-{local}-{remote}"

        def has_vnets(self) -> bool:
            return any(self.network.vnet(self.vnet_id(slot)) is not None for slot in SLOTS)

        # ----- rules ---------------------------------------------------------------

        @initialize(spaces=st.tuples(ADDRESS_SPACES, ADDRESS_SPACES, ADDRESS_SPACES))
        def create_the_vnets(self, spaces: tuple[list[str], ...]) -> None:
            """Start every run with its three VNets, so most steps reach the peering rules."""
            for slot, prefixes in zip(SLOTS, spaces):
                self.put_vnet(slot, prefixes)

        @rule(slot=_slots, prefixes=ADDRESS_SPACES)
        def put_vnet(self, slot: str, prefixes: list[str]) -> None:
            body = vnet_body(prefixes, location=self.api.config.location)
            result = self.api.put_vnet(self.vnet_name(slot), body=body)
            self._log(result.initial, body)
            vnet = VirtualNetwork(self.vnet_id(slot), self.api.config.location, tuple(prefixes))
            self._agree(result.initial, result.succeeded, lambda: self.network.put_vnet(vnet))

        @precondition(has_vnets)
        @rule(slot=_slots, extra=st.sampled_from(EXTRA_PREFIXES))
        def grow_vnet(self, slot: str, extra: str) -> None:
            """Add a range outside the pool to a VNet: the address-space change peerings must sync."""
            vnet = self.network.vnet(self.vnet_id(slot))
            if vnet is not None:
                self.put_vnet(slot, [*vnet.address_prefixes, extra])

        @precondition(has_vnets)
        @rule(slot=_slots)
        def shrink_vnet(self, slot: str) -> None:
            """Drop a VNet's last range (when it has more than one)."""
            vnet = self.network.vnet(self.vnet_id(slot))
            if vnet is not None and len(vnet.address_prefixes) > 1:
                self.put_vnet(slot, list(vnet.address_prefixes[:-1]))

        @rule(slot=_slots)
        def delete_vnet(self, slot: str) -> None:
            result = self.api.delete_vnet(self.vnet_name(slot))
            self._log(result.initial, None)
            self._agree(result.initial, result.succeeded, lambda: self.network.delete_vnet(self.vnet_id(slot)))

        @precondition(has_vnets)
        @rule(local=_slots, remote=_slots, sync=st.booleans())
        def put_peering(self, local: str, remote: str, sync: bool) -> None:
            body = peering_body(self.api.vnet_id(self.vnet_name(remote)))
            result = self.api.put_peering(self.vnet_name(local), self.peering_name(local, remote), body=body, sync=sync)
            self._log(result.initial, body)
            settings = PeeringSettings(remote_vnet=self.vnet_id(remote))
            self._agree(
                result.initial,
                result.succeeded,
                lambda: self.network.put_peering(self.vnet_id(local), self.peering_name(local, remote), settings, sync=sync),
            )

        @precondition(has_vnets)
        @rule(pair=st.permutations(SLOTS).map(lambda slots: slots[:2]), sync=st.booleans())
        def peer_both_ways(self, pair: list[str], sync: bool) -> None:
            """Both sides in one step: without it, random single PUTs rarely meet as a Connected pair."""
            first, second = pair
            self.put_peering(first, second, sync)
            self.put_peering(second, first, sync)

        @precondition(has_vnets)
        @rule(local=_slots, remote=_slots)
        def delete_peering(self, local: str, remote: str) -> None:
            result = self.api.delete_peering(self.vnet_name(local), self.peering_name(local, remote))
            self._log(result.initial, None)
            self._agree(
                result.initial,
                result.succeeded,
                lambda: self.network.delete_peering(self.vnet_id(local), self.peering_name(local, remote)),
            )

        # ----- comparison ----------------------------------------------------------

        @invariant()
        def target_shows_what_the_model_predicts(self) -> None:
            problems = []
            for local in SLOTS:
                if self.network.vnet(self.vnet_id(local)) is None:
                    continue
                for remote in SLOTS:
                    if remote != local:
                        problems += self._compare_peering(local, remote)
            if problems:
                self._fail("the peerings read back differ from the model", problems)

        def _compare_peering(self, local: str, remote: str) -> list[str]:
            expected = self.network.peering(self.vnet_id(local), self.peering_name(local, remote))
            response = self.api.get_peering(self.vnet_name(local), self.peering_name(local, remote))
            where = f"{local}->{remote} (GET {redact_text(response.url)})"
            if expected is None:
                return [] if response.status == 404 else [f"{where}: {response.status}, model: no such peering (404)"]
            if response.status != 200:
                return [f"{where}: {response.status} {response.text[:200]}, model: the peering exists"]
            found = differences(self.network.view(expected), response.properties)
            return [f"{where}: {difference}" for difference in found]

        def _agree(self, initial: ArmResponse, succeeded: bool, apply_to_model) -> None:
            try:
                apply_to_model()
                predicted, code = "success", ""
            except Refusal as refusal:
                predicted, code = "refusal", f" ({refusal.code})"
            seen = _outcome(initial.status, succeeded)
            if seen != predicted:
                self._fail(
                    "the target's answer differs from the model's",
                    [f"target: {seen} {initial.status} {initial.error_code or ''}, model: {predicted}{code}"],
                )

        def _log(self, response: ArmResponse, body: Any) -> None:
            sent = f" {json.dumps(body, separators=(',', ':'))}" if body is not None else ""
            self.steps.append(f"{response.method} {redact_text(response.url)}{sent}")

        def _fail(self, headline: str, problems: list[str]) -> None:
            steps = "\n".join(f"  {number}. {step}" for number, step in enumerate(self.steps, 1)) or "  (none)"
            details = "\n".join(f"  - {problem}" for problem in problems)
            raise ModelMismatch(
                f"{headline} after {len(self.steps)} step(s):\n{details}\n"
                f"steps (shrunk), as requests to replay in order:\n{steps}\n"
                f"seed {context.seed}: repeat with --seed {context.seed}"
            )

        def teardown(self) -> None:
            """Delete this run's peerings, then its VNets (the session cleanup catches the rest)."""
            for local in SLOTS:
                for remote in SLOTS:
                    if self.network.peering(self.vnet_id(local), self.peering_name(local, remote)) is not None:
                        self.api.delete_peering(self.vnet_name(local), self.peering_name(local, remote))
            for slot in SLOTS:
                self.api.delete_vnet(self.vnet_name(slot))

    return PeeringStateMachine
