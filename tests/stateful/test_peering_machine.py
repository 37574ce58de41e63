"""A run of the state machine sends no more writes than redundant_writes.WRITES_PER_RUN
(the starting VNets and the teardown aside): a run that spent them goes on without
writing or reading."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.stateful import run_state_machine_as_test

from conformance.reference import ReferenceServer
from conformance.requirements import load_catalog
from conformance.suite.stateful import redundant_writes
from conformance.suite.stateful.machine_context import MachineContext
from conformance.suite.stateful.peering_machine import SLOTS, machine_for
from conformance.suite.stateful.standing_vnets import StandingVnets
from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.peering_api import PeeringApi

RUNS = 3


@pytest.fixture
def api():
    with ReferenceServer(http=True, lro="async", retry_after=0) as server:
        yield PeeringApi(TargetClient(TargetConfig(server.url)))


def writes_per_run(api: PeeringApi, seed: int) -> list[int]:
    """Rule writes of each run: the writes between a run's start and its teardown's list."""
    standing = StandingVnets(api, {slot: f"pc-budget-{slot}" for slot in SLOTS})
    levels = {requirement.id: requirement.level for requirement in load_catalog()}
    context = MachineContext(api=api, standing=standing, name_prefix="pc-budget", seed=seed, levels=levels)
    machine = machine_for(context)
    counted: list[int] = []
    teardown = machine.teardown

    def counting_teardown(self) -> None:
        counted.append(self.run_writes.writes)
        teardown(self)

    machine.teardown = counting_teardown
    run_state_machine_as_test(
        hypothesis_seed(seed)(machine),
        settings=settings(max_examples=RUNS, stateful_step_count=30, deadline=None, database=None,
                          phases=[Phase.generate], suppress_health_check=list(HealthCheck)),
    )
    standing.delete()
    return counted


@pytest.mark.parametrize("seed", [3, 7])
def test_a_run_sends_no_more_writes_than_its_budget(api, seed, monkeypatch):
    unbounded = writes_per_run(api, seed)
    monkeypatch.setattr(redundant_writes, "WRITES_PER_RUN", 2)
    bounded = writes_per_run(api, seed)
    assert len(bounded) == RUNS
    assert all(count <= 2 for count in bounded)
    # The budget binds: with the default, the same seed's runs send more.
    assert max(unbounded) > 2
