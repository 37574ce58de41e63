"""The status codes of the ARM resource-provider contract: 201 / 200 on PUT, 404 on reads of
what is missing, 204 on deletes of what is missing.

SDKs branch on these codes (a 404 is "does not exist", a 204 DELETE is "already gone"), so
a target that answers 200 with an empty body or 500 instead breaks every client. Each
check judges answers of the ARM-contract journey (arm_journey.py).
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.arm_checks import assert_cloud_error
from conformance.suite.scenarios.arm_journey import JOURNEY, arm_journey
from conformance.suite.scenarios.journey_record import JourneyRecord, expect_status, fail, judging

pytestmark = pytest.mark.xdist_group(JOURNEY)


def expect_code(record: JourneyRecord, key: str, requirement: str, code: str) -> None:
    seen = expect_status(record, key, requirement, (404,))
    with judging(requirement, seen):
        found = assert_cloud_error(seen.response, seen.what)["code"]
    fail(requirement, seen, [] if found == code else [f"code {found!r}, expected {code}"])


@pytest.mark.requirements("ARM-001")
def test_a_put_creating_a_peering_answers_201(journeys):
    expect_status(arm_journey(journeys), "create:a->b", "ARM-001", (201,))


@pytest.mark.requirements("ARM-002")
def test_a_put_of_an_existing_peering_answers_200_with_and_without_sync(journeys):
    record = arm_journey(journeys)
    for key in ("update:a->b", "sync:a->b"):
        expect_status(record, key, "ARM-002", (200,))


@pytest.mark.requirements("ARM-003")
def test_a_vnet_put_answers_201_on_create_and_200_on_update(journeys):
    record = arm_journey(journeys)
    expect_status(record, "vnet-create", "ARM-003", (201,))
    expect_status(record, "vnet-update", "ARM-003", (200,))


@pytest.mark.requirements("ARM-004")
def test_get_of_a_missing_peering_on_an_existing_vnet_answers_404(journeys):
    expect_status(arm_journey(journeys), "missing-peering", "ARM-004", (404,))


@pytest.mark.requirements("ARM-005")
def test_the_404_of_a_missing_peering_has_code_not_found(journeys):
    expect_code(arm_journey(journeys), "missing-peering", "ARM-005", "NotFound")


@pytest.mark.requirements("ARM-006")
def test_get_of_a_missing_vnet_and_of_a_peering_under_it_answers_404(journeys):
    record = arm_journey(journeys)
    for key in ("missing-vnet", "missing-vnet-peering"):
        expect_status(record, key, "ARM-006", (404,))


@pytest.mark.requirements("ARM-007")
def test_the_404_of_a_missing_vnet_has_code_resource_not_found(journeys):
    expect_code(arm_journey(journeys), "missing-vnet", "ARM-007", "ResourceNotFound")


@pytest.mark.requirements("ARM-008")
def test_delete_of_a_missing_peering_answers_204(journeys):
    expect_status(arm_journey(journeys), "missing-peering-delete", "ARM-008", (204,))


@pytest.mark.requirements("ARM-009")
def test_delete_of_a_missing_vnet_answers_204(journeys):
    expect_status(arm_journey(journeys), "missing-vnet-delete", "ARM-009", (204,))


@pytest.mark.requirements("ARM-010")
def test_delete_of_an_existing_peering_answers_200_202_or_204_and_removes_it(journeys):
    record = arm_journey(journeys)
    expect_status(record, "delete:b->a", "ARM-010", (200, 202, 204))
    expect_status(record, "delete:gone", "ARM-010", (404,))


@pytest.mark.requirements("ARM-011")
def test_a_peering_put_under_a_missing_vnet_answers_404_and_creates_nothing(journeys):
    record = arm_journey(journeys)
    for key in ("put-under-missing", "put-under-missing:peering", "put-under-missing:vnet"):
        expect_status(record, key, "ARM-011", (404,))
