"""The CloudError shape of every failed answer.

Clients read `error.code` to decide what to do next (retry, re-create, give up), so every
4xx and 5xx the check sees - missing resources, bad bodies, api-version problems, semantic
refusals, failed preconditions, and anything met on the way - must carry one.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.arm_checks import (
    cloud_error_problems,
    describe_exchange,
    error_body_detail_problems,
    exchange_body,
    exchanges_of_this_check,
    provoke_refusals,
)


def refused_exchanges(request, target, api, pair, names):
    """Run the tour of refusals and return every 4xx/5xx exchange the check has seen."""
    a, b = pair()
    provoke_refusals(api, a, b, names.new("unused"))
    failed = [exchange for exchange in exchanges_of_this_check(request, target) if exchange.status >= 400]
    assert failed, "no request of the tour was refused, so no error body could be judged"
    return failed


@pytest.mark.requirements("ARM-012")
def test_every_4xx_and_5xx_carries_a_cloud_error(request, target, api, pair, names):
    problems = [
        f"{describe_exchange(exchange)}: {'; '.join(found)}"
        for exchange in refused_exchanges(request, target, api, pair, names)
        if (found := cloud_error_problems(exchange_body(exchange)))
    ]
    assert not problems, "error answers without a CloudError body:\n" + "\n".join(problems)


@pytest.mark.requirements("ARM-013")
def test_cloud_error_details_are_error_bodies_and_target_a_string(request, target, api, pair, names):
    problems = []
    for exchange in refused_exchanges(request, target, api, pair, names):
        body = exchange_body(exchange)
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            found = error_body_detail_problems(body["error"])
            problems += [f"{describe_exchange(exchange)}: {problem}" for problem in found]
    assert not problems, "malformed CloudError members:\n" + "\n".join(problems)
