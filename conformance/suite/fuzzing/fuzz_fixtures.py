"""The session fixture of the fuzzing phase: one harness per worker, with its two VNets.

The VNets (`<run prefix>-fuzzhome`, `-fuzzremote`) give generated peering cases
something real to peer; they, and everything the cases create, are tracked by the `api`
fixture's ResourceTracker and deleted by it when the session ends.
"""

from __future__ import annotations

import pytest

from conformance.suite.fuzzing.arm_checks import fuzz_checks
from conformance.suite.fuzzing.case_scope import FuzzScope
from conformance.suite.fuzzing.fuzz_harness import DEFAULT_MAX_EXAMPLES, FuzzHarness, fuzz_seed
from conformance.suite.naming import name_prefix
from conformance.suite.run_options import RunOptions
from conformance.target.peering_api import PeeringApi

HOME_PREFIX = "10.250.0.0/16"
REMOTE_PREFIX = "10.251.0.0/16"


@pytest.fixture(scope="session")
def fuzz_harness(api: PeeringApi, run_options: RunOptions) -> FuzzHarness:
    prefix = name_prefix(run_options.run_id, run_options.worker_id)
    home, remote = f"{prefix}-fuzzhome", f"{prefix}-fuzzremote"
    api.put_vnet(home, [HOME_PREFIX]).ensure_succeeded()
    api.put_vnet(remote, [REMOTE_PREFIX]).ensure_succeeded()
    config = api.config
    scope = FuzzScope(
        subscription=config.subscription,
        resource_group=config.resource_group,
        name_prefix=prefix,
        home_vnet=home,
        remote_vnet_id=api.vnet_id(remote),
    )
    return FuzzHarness(
        api=api,
        scope=scope,
        checks=fuzz_checks(),
        seed=fuzz_seed(run_options.run_id, run_options.seed),
        max_examples=run_options.max_examples or DEFAULT_MAX_EXAMPLES,
        phases=run_options.hypothesis_phases(),
    )
