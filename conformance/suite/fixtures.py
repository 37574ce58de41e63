"""The fixtures checks are written with; registered by the plugin only when the suite is active.

    @pytest.mark.requirements("LIFE-001")
    def test_one_sided_peering_is_initiated(pair):
        a, b = pair()
        assert a.peer(b).properties["peeringState"] == "Initiated"

Session fixtures: `run_options`, `target_config`, `target` (TargetClient), `api`
(PeeringApi; deletes everything the process created when the session ends, also after
failures and Ctrl-C). Per test: `names` (unique resource names), `vnet` (factory of
fresh VNets) and `pair` (factory of two fresh, non-overlapping VNets); what they create
is deleted after the test.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import pytest

from conformance.suite.naming import ResourceNames
from conformance.suite.run_options import RunOptions
from conformance.suite.run_state import run_state
from conformance.suite.vnets import VnetHandle, VnetPair
from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.errors import NonConformance, TargetError
from conformance.target.peering_api import PeeringApi, SubnetSpec
from conformance.target.resource_tracker import ResourceTracker


@pytest.fixture(scope="session")
def run_options(request: pytest.FixtureRequest) -> RunOptions:
    return run_state(request.config).options


@pytest.fixture(scope="session")
def target_config(request: pytest.FixtureRequest) -> TargetConfig:
    return run_state(request.config).target_config


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Iterator[TargetClient]:
    state = run_state(request.config)
    client = TargetClient(state.target_config, transcript=state.transcript)
    yield client
    client.close()


@pytest.fixture(scope="session")
def api(request: pytest.FixtureRequest, target: TargetClient) -> Iterator[PeeringApi]:
    state = run_state(request.config)
    resource_api = PeeringApi(target, ResourceTracker())
    yield resource_api
    with state.transcript.tagged("session-cleanup", "teardown"):
        state.leftovers.extend(resource_api.tracker.delete_all(resource_api))


@pytest.fixture
def names(request: pytest.FixtureRequest) -> ResourceNames:
    return run_state(request.config).names_for_next_test()


VnetFactory = Callable[..., VnetHandle]


@pytest.fixture
def vnet(api: PeeringApi, names: ResourceNames) -> Iterator[VnetFactory]:
    """`vnet(prefixes=None, subnets=None, role=None)` creates a fresh VNet and returns its handle.

    Without prefixes each VNet of the test gets its own /16 (10.1.0.0/16, 10.2.0.0/16, ...).
    A VNet that cannot be created errors the check (the target's failure, recorded).
    """
    created: list[VnetHandle] = []

    def make(
        prefixes: Sequence[str] | None = None, *, subnets: SubnetSpec | None = None, role: str | None = None
    ) -> VnetHandle:
        number = len(created) + 1
        role = role or f"v{number}"
        handle = VnetHandle(
            api=api,
            names=names,
            role=role,
            name=names.new(role),
            prefixes=list(prefixes or [f"10.{number}.0.0/16"]),
            subnets=dict(subnets or {}),
        )
        created.append(handle)
        handle.put().ensure_succeeded()
        return handle

    yield make
    for handle in reversed(created):
        try:
            handle.delete()
        except (TargetError, NonConformance):
            pass  # left to the session's cleanup, which reports what stays behind


PairFactory = Callable[..., VnetPair]


@pytest.fixture
def pair(vnet: VnetFactory) -> PairFactory:
    """`pair(prefixes_a=("10.1.0.0/16",), prefixes_b=("10.2.0.0/16",), subnets_a=None, subnets_b=None)`
    creates VNets `a` and `b` (not peered) and returns them as a VnetPair."""

    def make(
        prefixes_a: Sequence[str] = ("10.1.0.0/16",),
        prefixes_b: Sequence[str] = ("10.2.0.0/16",),
        *,
        subnets_a: SubnetSpec | None = None,
        subnets_b: SubnetSpec | None = None,
    ) -> VnetPair:
        return VnetPair(vnet(prefixes_a, subnets=subnets_a, role="a"), vnet(prefixes_b, subnets=subnets_b, role="b"))

    return make
