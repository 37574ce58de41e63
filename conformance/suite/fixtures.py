"""The fixtures checks are written with; registered by the plugin only when the suite is active.

    @pytest.mark.requirements("LIFE-001")
    def test_one_sided_peering_is_initiated(pair):
        a, b = pair()
        assert a.peer(b).properties["peeringState"] == "Initiated"

Session fixtures: `run_options`, `target_config`, `target` (TargetClient), `api`
(PeeringApi; deletes everything the process created when the session ends, also after
failures and Ctrl-C). Per test: `names` (unique resource names), `vnet` (factory of
fresh VNets) and `pair` (factory of two fresh, non-overlapping VNets); what they create
is deleted after the test. `journeys` (session): scenario journeys taken once and
judged by many checks.

On a slow target most of a check's time is spent waiting for operations, so the writes
that do not depend on each other go out together: the two VNets of a pair are created
concurrently, and teardown deletes every VNet of the check at once (ResourceTracker).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest

from conformance.suite.check_findings import FindingLog
from conformance.suite.convergence import CONVERGENCE, CONVERGENCE_PROPERTY
from conformance.suite.naming import ResourceNames
from conformance.suite.run_options import RunOptions, option
from conformance.suite.run_state import run_state
from conformance.suite.scenarios.journeys import JourneyBook
from conformance.suite.vnets import VnetHandle, VnetPair
from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.peering_api import PeeringApi, PutResult, SubnetSpec
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
def findings(request: pytest.FixtureRequest) -> FindingLog:
    """Deviations on single requirements a check records while it goes on (check_findings.py)."""
    return run_state(request.config).findings


@pytest.fixture(autouse=True)
def convergence_times(request: pytest.FixtureRequest) -> Iterator[None]:
    """Every check re-reads for at most --settle-timeout; the convergence times it measured
    go to its user property `convergence_seconds` (a list of seconds) for the report."""
    CONVERGENCE.timeout = option(request.config, "settle-timeout")
    CONVERGENCE.start_check()
    yield
    seconds = CONVERGENCE.finish_check()
    if seconds:
        request.node.user_properties.append((CONVERGENCE_PROPERTY, seconds))


@pytest.fixture
def names(request: pytest.FixtureRequest) -> ResourceNames:
    return run_state(request.config).names_for_next_test()


@dataclass
class VnetFactory:
    """`vnet(prefixes=None, subnets=None, role=None)` creates a fresh VNet and returns its handle;
    `vnet.several(specs)` creates several at once (each spec: prefixes, subnets, role).

    Without prefixes each VNet of the test gets its own /16 (10.1.0.0/16, 10.2.0.0/16, ...).
    A VNet that cannot be created errors the check (the target's failure, recorded).
    """

    api: PeeringApi
    names: ResourceNames
    created: list[VnetHandle] = field(default_factory=list)
    gone: set[str] = field(default_factory=set)

    def __call__(
        self, prefixes: Sequence[str] | None = None, *, subnets: SubnetSpec | None = None, role: str | None = None
    ) -> VnetHandle:
        (handle,) = self.several([(prefixes, subnets, role)])
        return handle

    def several(
        self, specs: Sequence[tuple[Sequence[str] | None, SubnetSpec | None, str | None]]
    ) -> list[VnetHandle]:
        return [handle for handle, _ in self.several_answered(specs)]

    def several_answered(
        self, specs: Sequence[tuple[Sequence[str] | None, SubnetSpec | None, str | None]]
    ) -> list[tuple[VnetHandle, PutResult]]:
        """`several`, with the answer of each create (for checks that judge those answers)."""
        handles = [self._handle(prefixes, subnets, role) for prefixes, subnets, role in specs]
        if len(handles) == 1:
            results = [handles[0].put()]
        else:
            with ThreadPoolExecutor(max_workers=len(handles)) as pool:
                results = list(pool.map(lambda handle: handle.put(), handles))
        for result in results:
            result.ensure_succeeded()
        return list(zip(handles, results))

    def _handle(self, prefixes: Sequence[str] | None, subnets: SubnetSpec | None, role: str | None) -> VnetHandle:
        number = len(self.created) + 1
        role = role or f"v{number}"
        handle = VnetHandle(
            api=self.api,
            names=self.names,
            role=role,
            name=self.names.new(role),
            prefixes=list(prefixes or [f"10.{number}.0.0/16"]),
            subnets=dict(subnets or {}),
        )
        self.created.append(handle)
        return handle

    def deleted(self, handle: VnetHandle) -> None:
        """A VNet the check deleted itself: no longer the cleanup's to delete."""
        self.gone.add(handle.name)

    def standing(self) -> list[VnetHandle]:
        """The VNets created and not deleted by the check, newest first."""
        return [handle for handle in reversed(self.created) if handle.name not in self.gone]

    def delete_created(self) -> None:
        """Delete every VNet of the check at once; what stays is left to the session's
        cleanup, which reports it."""
        self.api.tracker.delete_vnets(self.api, [handle.name for handle in self.standing()])


@pytest.fixture
def vnet(api: PeeringApi, names: ResourceNames) -> Iterator[VnetFactory]:
    factory = VnetFactory(api, names)
    yield factory
    factory.delete_created()


@pytest.fixture(scope="session")
def journeys(request: pytest.FixtureRequest, api: PeeringApi) -> Iterator[JourneyBook]:
    """Scenario journeys, each taken once per process and judged by many checks
    (scenarios/journeys.py); their VNets are deleted when the session ends."""
    state = run_state(request.config)
    book = JourneyBook(state.transcript, lambda: VnetFactory(api, state.names_for_next_test()))
    yield book
    book.delete_vnets()


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
        a, b = vnet.several([(prefixes_a, subnets_a, "a"), (prefixes_b, subnets_b, "b")])
        return VnetPair(a, b)

    return make
