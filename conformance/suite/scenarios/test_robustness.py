"""Answers in time, and busy answers that pass: the two promises a client's timeout and
bounded retries rest on.

Elsewhere a timeout or a 503 that outlasts the retries is a target error (nothing could be
judged). Here it is the finding: the ARM-contract journey (arm_journey.py) sends every
kind of request a run makes - VNets and peerings written, read, listed across pages,
missing ones deleted, refusals - and these checks fail on the first that was not answered
in time (ROB-013) or stayed busy (ROB-014); they pass once the journey went to its end.
"""

from __future__ import annotations

import pytest

from conformance.suite.check_findings import RequirementFailure
from conformance.suite.scenarios.arm_journey import JOURNEY, WALKED, arm_journey

pytestmark = pytest.mark.xdist_group(JOURNEY)


def kept_promise(journeys, finding: str, requirement: str, promise: str) -> None:
    record = arm_journey(journeys)
    seen = record.seen.get(finding)
    if seen is not None:
        raise RequirementFailure(f"{promise}: {seen.properties['message']}", [requirement])
    record.observation(WALKED, requirement)


@pytest.mark.requirements("ROB-013")
def test_every_kind_of_request_is_answered_within_the_timeout(journeys, api):
    kept_promise(journeys, "timeout", "ROB-013", f"no answer within the per-request timeout ({api.config.timeout:g} s)")


@pytest.mark.requirements("ROB-014")
def test_busy_answers_clear_within_the_client_retries(journeys, api):
    kept_promise(journeys, "overloaded", "ROB-014", f"still busy after {api.config.max_retries} retries")
