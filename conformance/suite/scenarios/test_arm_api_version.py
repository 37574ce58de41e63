"""api-version: required, checked, and the versions clients really send are served.

Genuine clients cannot be told which version to send (the Azure CLI pins its own), so a
target serving only the documented one locks them out; one ignoring the parameter hides
version mistakes until they reach Azure.

The ARM-contract journey sends what these checks judge (api_version_walk.py): reads and
writes without api-version and with unserved ones (the writes refused, a->b and vnet a
read after), GETs with extra query parameters, and every VNet and peering operation with
the versions each client sends.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.api_version_walk import (
    CLIENT_VERSIONS,
    EXTRA_GET_PARAMETERS,
    UNSERVED_CODES,
    UNSERVED_VERSIONS,
    client_key,
)
from conformance.suite.scenarios.arm_checks import assert_refused
from conformance.suite.scenarios.arm_journey import JOURNEY, arm_journey
from conformance.suite.scenarios.journey_record import JourneyRecord, expect_status, expect_vnet_prefixes, fail, judging

pytestmark = pytest.mark.xdist_group(JOURNEY)


def refused_with(record: JourneyRecord, prefix: str, requirement: str, codes: tuple[str, ...]) -> None:
    keys = [key for key in record.seen if key.startswith(prefix) and key.count(":") == 1
            and not key.endswith((":a->b", ":list", ":vnet", ":expected"))]
    if not keys:
        record.observation(f"{prefix}VNet GET", requirement)
    for key in keys:
        seen = record.observation(key, requirement)
        with judging(requirement, seen):
            error = assert_refused(seen.response, (400,), what=seen.what)
        fail(requirement, seen, [] if error["code"] in codes else [f"code {error['code']!r}, expected one of {codes}"])


def nothing_written(record: JourneyRecord, key: str, requirement: str, what: str) -> None:
    expect_status(record, f"{key}:a->b", requirement, (200,))
    listed = record.observation(f"{key}:list", requirement)
    fail(requirement, listed, [] if len(listed.properties["names"]) == 1 else
         [f"{what} created a peering: {listed.properties['names']}"])


@pytest.mark.requirements("ARM-031")
def test_a_request_without_api_version_answers_400_missing_api_version(journeys):
    record = arm_journey(journeys)
    refused_with(record, "unversioned:", "ARM-031", ("MissingApiVersionParameter",))
    nothing_written(record, "unversioned", "ARM-031", "a PUT without api-version")


@pytest.mark.requirements("ARM-032")
@pytest.mark.parametrize("version", UNSERVED_VERSIONS)
def test_an_unserved_api_version_answers_400_with_a_provider_or_version_code(journeys, version):
    record = arm_journey(journeys)
    refused_with(record, f"unserved-{version}:", "ARM-032", UNSERVED_CODES)
    nothing_written(record, f"unserved-{version}", "ARM-032", f"a PUT with api-version {version}")
    expected = record.observation(f"unserved-{version}:expected", "ARM-032").properties["prefixes"]
    expect_vnet_prefixes(record, f"unserved-{version}:vnet", "ARM-032", expected)


def served(record: JourneyRecord, client: str, requirement: str) -> None:
    """Every operation sent with the client's versions was answered, and its write succeeded."""
    prefix = f"{client_key(client)}:"
    keys = [key for key in record.seen if key.startswith(prefix)]
    if not keys:
        record.observation(f"{prefix}VNet PUT", requirement)
    for key in keys:
        seen = record.observation(key, requirement)
        refused = seen.status is None or seen.status >= 400
        answer = seen.response.describe() if seen.response is not None else f"{seen.status}"
        fail(requirement, seen, [f"refused: {answer}"] if refused else
             [seen.properties["failure"]] if seen.properties.get("failure") else [])


@pytest.mark.requirements("ARM-033")
def test_the_documented_api_version_is_served_for_every_operation(journeys):
    served(arm_journey(journeys), "documented", "ARM-033")


@pytest.mark.requirements("ARM-034")
@pytest.mark.parametrize("client", [client for client in CLIENT_VERSIONS if client != "documented"])
def test_the_api_versions_genuine_clients_send_are_served(journeys, client):
    served(arm_journey(journeys), client, "ARM-034")


@pytest.mark.requirements("ARM-035")
def test_a_get_tolerates_extra_query_parameters(journeys):
    record = arm_journey(journeys)
    plain = expect_status(record, "extra:plain", "ARM-035", (200,))
    for number in range(len(EXTRA_GET_PARAMETERS)):
        seen = expect_status(record, f"extra:{number}", "ARM-035", (200,))
        fail("ARM-035", seen, [] if seen.response.body == plain.response.body else ["answered otherwise than without"])
    vnet_plain = expect_status(record, "extra:vnet-plain", "ARM-035", (200,))
    vnet = expect_status(record, "extra:vnet", "ARM-035", (200,))
    fail("ARM-035", vnet, [] if vnet.response.body == vnet_plain.response.body else ["answered otherwise than without"])
