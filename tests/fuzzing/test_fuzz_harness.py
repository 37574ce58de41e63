"""A target error during fuzzing ends the operation at once: reported as itself (a target
error, not a failure), after one case, without Hypothesis shrinking against a dead target."""

from __future__ import annotations

import pytest
from schemathesis import GenerationMode

from conformance.faults import Fault, FaultPlan, FaultProxy
from conformance.reference import ReferenceServer
from conformance.suite.fuzzing.arm_checks import fuzz_checks
from conformance.suite.fuzzing.case_scope import FuzzScope
from conformance.suite.fuzzing.fuzz_harness import FuzzHarness
from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.errors import TargetOverloaded
from conformance.target.peering_api import PeeringApi


def test_an_overloaded_target_stops_the_fuzzing_of_an_operation_unshrunk():
    with ReferenceServer(http=True, lro="sync", retry_after=0) as server, \
            FaultProxy(server.url, None, FaultPlan(Fault.THROTTLE, every=1, retry_after=0)) as proxy:
        api = PeeringApi(TargetClient(TargetConfig(proxy.url, max_retries=1)))
        config = api.config
        scope = FuzzScope(subscription=config.subscription, resource_group=config.resource_group,
                          name_prefix="pc-test", home_vnet="pc-test-home", remote_vnet_id=api.vnet_id("pc-test-remote"))
        harness = FuzzHarness(api=api, scope=scope, checks=fuzz_checks(), seed=1, max_examples=10)
        with pytest.raises(TargetOverloaded, match="still HTTP 429 after 1 retries"):
            harness.fuzz("VirtualNetworks_List", GenerationMode.POSITIVE)
    assert [exchange.status for exchange in api.client.transcript.exchanges()] == [429, 429]


def test_a_write_operation_gets_a_quarter_of_the_examples_of_a_read():
    with ReferenceServer(http=True, lro="sync", retry_after=0) as server:
        api = PeeringApi(TargetClient(TargetConfig(server.url)))
        config = api.config
        scope = FuzzScope(subscription=config.subscription, resource_group=config.resource_group,
                          name_prefix="pc-test", home_vnet="pc-test-home", remote_vnet_id=api.vnet_id("pc-test-remote"))
        harness = FuzzHarness(api=api, scope=scope, checks=fuzz_checks(), seed=1, max_examples=8)
        assert [harness.examples_for(method) for method in ("GET", "PUT", "DELETE")] == [8, 2, 2]
        assert FuzzHarness(api=api, scope=scope, checks=[], seed=1, max_examples=3).examples_for("PUT") == 1
        harness.fuzz("VirtualNetworks_Delete", GenerationMode.NEGATIVE)
        harness.fuzz("VirtualNetworks_Get", GenerationMode.NEGATIVE)
    methods = [exchange.method for exchange in api.client.transcript.exchanges()]
    assert 1 <= methods.count("DELETE") <= 2
    assert methods.count("GET") > 2
