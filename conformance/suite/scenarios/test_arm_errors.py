"""The CloudError shape of every failed answer.

Clients read `error.code` to decide what to do next (retry, re-create, give up), so every
4xx and 5xx the check sees - missing resources, bad bodies, api-version problems, semantic
refusals, failed preconditions, and anything met on the way - must carry one. The checks
judge every failed answer of the ARM-contract journey (arm_journey.py), its tour of
refusals included.
"""

from __future__ import annotations

import pytest

from conformance.suite.check_findings import not_applicable
from conformance.suite.scenarios.arm_checks import (
    cloud_error_problems,
    describe_exchange,
    error_body_detail_problems,
    exchange_body,
)
from conformance.suite.scenarios.arm_journey import JOURNEY, arm_journey, journey_exchanges
from conformance.suite.scenarios.journey_record import fail_findings

pytestmark = pytest.mark.xdist_group(JOURNEY)


def refused_exchanges(journeys, target, requirement: str) -> list:
    """The journey's error answers; none at all leaves nothing to judge (not-applicable:
    the requests that should have been refused fail their own requirements)."""
    failed = [e for e in journey_exchanges(arm_journey(journeys), target, requirement) if e.status >= 400]
    if not failed:
        not_applicable("no request of the journey was refused, so no error body could be judged")
    return failed


@pytest.mark.requirements("ARM-012")
def test_every_4xx_and_5xx_carries_a_cloud_error(journeys, target):
    fail_findings("ARM-012", "error answers without a CloudError body", [
        (f"{describe_exchange(exchange)}: {'; '.join(found)}", exchange.id)
        for exchange in refused_exchanges(journeys, target, "ARM-012")
        if (found := cloud_error_problems(exchange_body(exchange)))
    ])


@pytest.mark.requirements("ARM-013")
def test_cloud_error_details_are_error_bodies_and_target_a_string(journeys, target):
    problems = []
    for exchange in refused_exchanges(journeys, target, "ARM-013"):
        body = exchange_body(exchange)
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            problems += [(f"{describe_exchange(exchange)}: {problem}", exchange.id)
                         for problem in error_body_detail_problems(body["error"])]
    fail_findings("ARM-013", "malformed CloudError members", problems)
