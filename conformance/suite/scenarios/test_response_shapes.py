"""The shapes of peering and VNet bodies in every kind of answer: PUT, GET and list.

SDKs deserialize these bodies into typed models; a missing property or a wrong type
surfaces as a crash far from the target. Every check judges one rule on all the bodies of
one pair's life (created, synced, connected, read, listed, a VNet grown), collected by
the pair-lifecycle journey (pair_journey.py); a failure names the exchange of the first
offending body.
"""

from __future__ import annotations

import pytest

from conformance.spec.validation import validate_response
from conformance.suite.scenarios.journey_record import fail_findings
from conformance.suite.scenarios.pair_journey import JOURNEY, Answer, PeeringAnswer, pair_journey

PEERING_TYPE = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"

pytestmark = pytest.mark.xdist_group(JOURNEY)


def peering_answers(journeys, requirement: str) -> list[PeeringAnswer]:
    return pair_journey(journeys).observation("peerings", requirement).properties["peerings"]


def schema_problems(answers: list[Answer]) -> list[tuple[str, str]]:
    return [
        (f"{answer.label} ({answer.operation_id} {answer.status}): {problem}", answer.exchange_id)
        for answer in answers
        for problem in validate_response(answer.operation_id, answer.status, answer.body)
    ]


@pytest.mark.requirements("SHAPE-001")
def test_every_peering_answer_validates_against_the_response_schema(journeys):
    answers = pair_journey(journeys).observation("peerings", "SHAPE-001").properties["answers"]
    fail_findings("SHAPE-001", "peering bodies the generated schema refuses", schema_problems(answers))


@pytest.mark.requirements("SHAPE-002")
def test_a_peering_type_is_the_peering_resource_type(journeys):
    fail_findings("SHAPE-002", f"type other than {PEERING_TYPE}", [
        (f"{p.label}: {p.body.get('type')!r}", p.exchange_id)
        for p in peering_answers(journeys, "SHAPE-002")
        if p.body.get("type") != PEERING_TYPE
    ])


@pytest.mark.requirements("SHAPE-003")
def test_a_peering_id_is_its_full_path_and_its_name_the_last_segment(journeys):
    wrong = []
    for p in peering_answers(journeys, "SHAPE-003"):
        peering_id, name = str(p.body.get("id")), p.body.get("name")
        if peering_id.lower() != p.expected_id.lower():
            wrong.append((f"{p.label}: id {peering_id!r}, expected {p.expected_id!r}", p.exchange_id))
        if name != peering_id.rsplit("/", 1)[-1]:
            wrong.append((f"{p.label}: name {name!r} is not the last segment of {peering_id!r}", p.exchange_id))
    fail_findings("SHAPE-003", "peering ids and names", wrong)


def properties_of(answer: PeeringAnswer) -> dict:
    properties = answer.body.get("properties")
    return properties if isinstance(properties, dict) else {}


@pytest.mark.requirements("SHAPE-004")
def test_every_peering_answer_carries_provisioning_state(journeys):
    fail_findings("SHAPE-004", "no properties.provisioningState in", [
        (p.label, p.exchange_id)
        for p in peering_answers(journeys, "SHAPE-004")
        if not isinstance(properties_of(p).get("provisioningState"), str)
    ])


@pytest.mark.requirements("SHAPE-005")
def test_every_peering_answer_carries_sync_level_and_remote_vnet_address_space(journeys):
    fail_findings("SHAPE-005", "missing members", [
        (f"{p.label}: {member}", p.exchange_id)
        for p in peering_answers(journeys, "SHAPE-005")
        for member in ("peeringSyncLevel", "remoteVirtualNetworkAddressSpace")
        if member not in properties_of(p)
    ])


@pytest.mark.requirements("SHAPE-006")
def test_remote_virtual_network_id_designates_the_remote_given_at_creation(journeys):
    wrong = []
    for p in peering_answers(journeys, "SHAPE-006"):
        remote = properties_of(p).get("remoteVirtualNetwork")
        seen = remote.get("id") if isinstance(remote, dict) else None
        if not isinstance(seen, str) or seen.lower() != p.remote_id.lower():
            wrong.append((f"{p.label}: {seen!r}, expected {p.remote_id!r}", p.exchange_id))
    fail_findings("SHAPE-006", "remoteVirtualNetwork.id not the remote VNet", wrong)


@pytest.mark.requirements("SHAPE-007")
def test_every_vnet_answer_validates_against_the_response_schema(journeys):
    answers = pair_journey(journeys).observation("vnets", "SHAPE-007").properties["answers"]
    fail_findings("SHAPE-007", "VNet bodies the generated schema refuses", schema_problems(answers))


def list_page_problems(page) -> list[str]:
    body = page.body
    if not isinstance(body, dict):
        return [f"a list page is not an object: {page.describe()}"]
    if not isinstance(body.get("value"), list):
        return [f"value is not an array: {page.describe()}"]
    problems = [
        f"not a peering in the list: {item!r:.300}"
        for item in body["value"]
        if not (isinstance(item, dict) and "/virtualnetworkpeerings/" in str(item.get("id")).lower())
    ]
    schema = validate_response("VirtualNetworkPeerings_List", page.status, body)
    return problems + ([f"list page refused by the schema: {schema}"] if schema else [])


@pytest.mark.requirements("SHAPE-008")
def test_a_peering_list_is_an_object_whose_value_is_an_array_of_peerings(journeys):
    listed = pair_journey(journeys).observation("peering-lists", "SHAPE-008").properties["pages"]
    fail_findings("SHAPE-008", "peering list pages", [
        (problem, page.exchange_id) for page in listed for problem in list_page_problems(page)
    ])
