"""Who can reach a resource: only through its own subscription and resource group, and only
with a valid token when the target requires one.

Subscriptions and resource groups are Azure's access boundaries; a target that resolves a
peering by name alone leaks it across tenants, and one that ignores a missing token lets
anyone write. The checks judge reads and writes of the ARM-contract journey (arm_journey.py).
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.arm_journey import JOURNEY, arm_journey, token_is_required
from conformance.suite.scenarios.journey_record import expect_status, fail

pytestmark = pytest.mark.xdist_group(JOURNEY)


@pytest.mark.requirements("ARM-036")
def test_a_resource_cannot_be_read_through_another_subscription_or_resource_group(journeys):
    record = arm_journey(journeys)
    keys = [key for key in record.seen if key.startswith("elsewhere:")]
    if not keys:
        record.observation("elsewhere:VNet through another resource group", "ARM-036")
    for key in keys:
        seen = record.observation(key, "ARM-036")
        fail("ARM-036", seen, [] if 400 <= seen.status < 500 else [f"reachable: {seen.response.describe()}"])


@pytest.mark.requirements("ARM-037")
def test_a_request_without_or_with_a_wrong_token_answers_401_and_changes_nothing(journeys, api):
    if not token_is_required(api.config):
        pytest.skip("no token given (--token / --azure-credential): the target is not declared to require one")
    record = arm_journey(journeys)
    keys = [key for key in record.seen if key.startswith("unauthorized:") and " with " in key]
    if not keys:
        record.observation("unauthorized:GET with no token", "ARM-037")
    for key in keys:
        expect_status(record, key, "ARM-037", (401,))
    expect_status(record, "unauthorized:new", "ARM-037", (404,))
    before = record.observation("unauthorized:before", "ARM-037")
    after = record.observation("unauthorized:after", "ARM-037")
    fail("ARM-037", after, [] if after.response.body == before.response.body else
         ["an unauthenticated write changed the peering"])
