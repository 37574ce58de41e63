"""`run --dry-run`: what a run would send, computed without sending anything.

The checks are counted by collecting the suite in a pytest process pointed at a closed
loopback port (the discard port), so even a plugin that reached out during collection
could not touch the real target.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from conformance.runner.pytest_invocation import SuiteInvocation, run_suite
from conformance.suite.naming import SUITE_NAME_PREFIX
from conformance.target.peering_api import PROVIDER

PLACEHOLDER_TARGET = "http://127.0.0.1:9"


def collected_line(invocation: SuiteInvocation) -> str:
    """The suite's own 'collected N checks: scenarios …' line for this profile and selection."""
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="peering-conformance-plan-") as workdir:
        offline = replace(
            invocation,
            target=replace(invocation.target, base_url=PLACEHOLDER_TARGET, token=None, azure_credential=False,
                           ca_cert=None, insecure=False),
            report_dir=Path(workdir), workers=None, extra_args=(*invocation.extra_args, "--collect-only"),
        )
        run_suite(offline, lines.append)
    return next((line for line in lines if line.startswith("collected")), "collected: unknown (collection failed)")


def plan_lines(invocation: SuiteInvocation, max_rps: float | None, recheck: bool = True) -> list[str]:
    config = invocation.target
    group = config.resource_group_path
    pacing = f"at most {max_rps:g} requests per second in all" if max_rps else "unlimited (loopback target)"
    return [
        f"dry run: nothing is sent to {config.base_url}",
        f"target: {config.base_url}  subscription {config.subscription}  resource group {config.resource_group}",
        f"profile {invocation.profile}: {collected_line(invocation)}",
        "phases, in order:",
        f"  1. preflight: GET {group}/{PROVIDER}/virtualNetworks (reachability; the group must hold "
        f"only {SUITE_NAME_PREFIX}* VNets unless --force)",
        f"  2. cleanup of earlier runs: DELETE every {SUITE_NAME_PREFIX}* peering, then every {SUITE_NAME_PREFIX}* "
        "VNet, each driven to its end",
        "  3. checks (scenarios, fuzzing, stateful): PUT/GET/PATCH/DELETE of VNets and peerings, polling of "
        "long-running operations (Azure-AsyncOperation / Location)",
        ("  4. re-check of failing checks once, then teardown deleting what the run created" if recheck
         else "  4. teardown deleting what the run created (no re-check: --no-recheck)"),
        f"resource names: {SUITE_NAME_PREFIX}<run id>-<worker>-<serial>-<role>, e.g. {SUITE_NAME_PREFIX}3fa9c1-w0-17-hub",
        f"write pacing: {pacing}; Retry-After honoured (429/503 retried at most {config.max_retries} times)",
    ]
