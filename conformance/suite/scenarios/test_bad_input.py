"""Bad input is refused with a 4xx CloudError - never a 5xx - and leaves the state as it was.

A 5xx tells a client to retry what will never succeed, and a half-applied refusal leaves
a peering nobody asked for. The bad requests are sent by the ARM-contract journey
(bad_input_walk.py says which and how), each to a resource path that is otherwise valid,
so only the named defect can be the reason for the refusal; requests aimed at the existing
peering a->b or vnet a are read back before and after (ROB-010), requests creating a new
peering or VNet are read back after (it must still be missing).
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.arm_checks import ReadBack, assert_refused
from conformance.suite.scenarios.arm_journey import JOURNEY, arm_journey
from conformance.suite.scenarios.bad_input_walk import INVALID_PREFIXES, MALFORMED_JSON
from conformance.suite.scenarios.journey_record import JourneyRecord, fail, judging

pytestmark = pytest.mark.xdist_group(JOURNEY)


def refused(record: JourneyRecord, requirement: str, prefix: str) -> None:
    """Every bad request of `prefix` was refused as its probe demands."""
    keys = [key[: -len(":put")] for key in record.seen if key.startswith(prefix) and key.endswith(":put")]
    if not keys:
        record.observation(f"{prefix}:put", requirement)
    for key in keys:
        seen = record.observation(f"{key}:put", requirement)
        statuses = STATUSES.get(requirement)
        with judging(requirement, seen):
            assert_refused(seen.response, statuses, what=seen.what)


# The refusal each requirement demands (None: any 4xx).
STATUSES = {"ROB-001": (400,), "ROB-003": (400,), "ROB-004": (400, 413), "ROB-007": (400,), "ROB-008": (400,)}


def still_missing(record: JourneyRecord, requirement: str, prefix: str) -> None:
    for key in [key for key in record.seen if key.startswith(prefix) and key.endswith(":after")]:
        seen = record.observation(key, requirement)
        missing = seen.status == 404 if requirement in ("ROB-003", "ROB-007", "ROB-008") else seen.status >= 400
        fail(requirement, seen, [] if missing else [f"the refused request left it behind: {seen.response.describe()}"])


@pytest.mark.requirements("ROB-001")
@pytest.mark.parametrize("text", list(MALFORMED_JSON))
def test_a_body_that_is_not_json_answers_400_cloud_error(journeys, text):
    refused(arm_journey(journeys), "ROB-001", f"rob-001:{text}:")


@pytest.mark.requirements("ROB-002")
def test_properties_of_the_wrong_json_type_answer_4xx_cloud_error(journeys):
    refused(arm_journey(journeys), "ROB-002", "rob-002:")


@pytest.mark.requirements("ROB-003")
@pytest.mark.parametrize("prefix", INVALID_PREFIXES)
def test_an_invalid_cidr_answers_400_and_the_vnet_is_unchanged(journeys, prefix):
    record = arm_journey(journeys)
    refused(record, "ROB-003", f"rob-003:{prefix}:")
    unchanged(record, "ROB-003", f"rob-003:{prefix}:existing")
    still_missing(record, "ROB-003", f"rob-003:{prefix}:fresh")


@pytest.mark.requirements("ROB-004")
def test_an_oversized_body_answers_400_or_413_cloud_error(journeys):
    refused(arm_journey(journeys), "ROB-004", "rob-004")


@pytest.mark.requirements("ROB-005")
def test_names_out_of_the_rules_answer_4xx_cloud_error(journeys):
    record = arm_journey(journeys)
    refused(record, "ROB-005", "rob-005:")
    still_missing(record, "ROB-005", "rob-005:")


@pytest.mark.requirements("ROB-006")
def test_a_subscription_id_that_is_not_a_uuid_answers_4xx_cloud_error(journeys):
    record = arm_journey(journeys)
    refused(record, "ROB-006", "rob-006:")
    for key in [key for key in record.seen if key.startswith("rob-006-read:")]:
        seen = record.observation(key, "ROB-006")
        with judging("ROB-006", seen):
            assert_refused(seen.response, what=seen.what)


@pytest.mark.requirements("ROB-007")
def test_a_remote_id_that_is_not_a_vnet_id_answers_400_and_creates_nothing(journeys):
    record = arm_journey(journeys)
    refused(record, "ROB-007", "rob-007:")
    still_missing(record, "ROB-007", "rob-007:")


@pytest.mark.requirements("ROB-008")
def test_a_peering_without_remote_virtual_network_answers_400_and_creates_nothing(journeys):
    record = arm_journey(journeys)
    refused(record, "ROB-008", "rob-008:")
    still_missing(record, "ROB-008", "rob-008:")


@pytest.mark.requirements("ROB-009")
def test_an_empty_body_or_a_non_json_content_type_answers_4xx_cloud_error(journeys):
    refused(arm_journey(journeys), "ROB-009", "rob-009:")


def unchanged(record: JourneyRecord, requirement: str, key: str) -> None:
    """Peering a->b and vnet a read the same (status, etag, body) before and after the request `key`."""
    for what in ("peering", "vnet"):
        before = ReadBack.of(record.observation(f"{key}:before-{what}", requirement).response)
        after_seen = record.observation(f"{key}:after-{what}", requirement)
        after = ReadBack.of(after_seen.response)
        fail(requirement, after_seen, [] if after == before else [f"was {before}, is {after}"],
             f"{after_seen.what}: the refused request changed it:")


@pytest.mark.requirements("ROB-010")
def test_a_refused_write_leaves_the_resources_as_they_were(journeys):
    """Every bad request of the journey: refused with a 4xx, and the peering and VNet it
    aimed at read as before (or what it would have created is still missing)."""
    record = arm_journey(journeys)
    record.observation("rob-010:VNet PUT with an empty body:put", "ROB-010")
    for key in [key[: -len(":put")] for key in record.seen if key.startswith("rob-") and key.endswith(":put")]:
        seen = record.observation(f"{key}:put", "ROB-010")
        fail("ROB-010", seen, [] if 400 <= seen.status < 500 else [f"expected a refusal: {seen.response.describe()}"])
        if f"{key}:before-peering" in record.seen:
            unchanged(record, "ROB-010", key)
    still_missing(record, "ROB-010", "rob-")
