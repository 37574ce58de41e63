"""The shapes of peering and VNet bodies in every kind of answer: PUT, GET and list.

SDKs deserialize these bodies into typed models; a missing property or a wrong type
surfaces as a crash far from the target. Every check judges one rule on all the bodies of
one pair's life (created, connected, synced, read, listed, a VNet grown), taken once per
process as a journey (journeys.py); a failure names the exchange of the first offending body.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from conformance.spec.validation import validate_response
from conformance.suite.scenarios.journey_record import JourneyRecord, fail_findings
from conformance.suite.scenarios.journeys import Journey

PEERING_TYPE = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"
JOURNEY = "response-shapes"

pytestmark = pytest.mark.xdist_group(JOURNEY)


@dataclass(frozen=True)
class PeeringAnswer:
    """A peering body as some answer showed it, with what it should describe."""

    label: str
    body: Any
    expected_id: str
    remote_id: str
    exchange_id: str


@dataclass(frozen=True)
class Answer:
    """A whole response body with the operation and status to validate it against."""

    label: str
    operation_id: str
    status: int
    body: Any
    exchange_id: str


def shapes_journey(journeys) -> JourneyRecord:
    return journeys.take(JOURNEY, _walk)


def _walk(journey: Journey) -> None:
    """vnet b (with a subnet) and a created together; a -> b, b -> a, a sync of a -> b,
    reads and lists of both; then vnet b grows; reads of both VNets and the VNet list."""
    api = journey.vnets.api
    (a, _), (b, b_created) = journey.vnets.several_answered(
        [(("10.1.0.0/16",), None, "a"), (("10.80.0.0/16",), {"default": "10.80.0.0/24"}, "b")]
    )
    answers: list[Answer] = []
    peerings: list[PeeringAnswer] = []

    def keep(label, operation_id, response, local, remote):
        is_list = operation_id == "VirtualNetworkPeerings_List"
        listed = pages(api, response) if is_list else [response]
        expected = api.peering_id(local.name, local.peering_name(remote))
        for number, page in enumerate(listed):
            shown = label if number == 0 else f"{label}, page {number + 1}"
            answers.append(Answer(shown, operation_id, page.status, page.json(), page.exchange_id))
            items = page.json().get("value", []) if is_list else [page.json()]
            peerings.extend(PeeringAnswer(shown, item, expected, remote.id, page.exchange_id) for item in items)

    for label, local, remote, options in (
        ("PUT create a->b", a, b, {}),
        ("PUT create b->a", b, a, {}),
        ("PUT sync a->b", a, b, {"sync": True}),
    ):
        written = journey.wrote(None, local.peer(remote, **options), label)
        keep(label, "VirtualNetworkPeerings_CreateOrUpdate", written.initial, local, remote)
        if written.final.method == "GET":
            keep(f"{label}, read after the operation", "VirtualNetworkPeerings_Get", written.final, local, remote)
    for local, remote in ((a, b), (b, a)):
        keep(f"GET {local.role}->{remote.role}", "VirtualNetworkPeerings_Get", local.get_peering(remote), local, remote)
        keep(f"list of {local.role}", "VirtualNetworkPeerings_List", api.list_peerings(local.name), local, remote)
    journey.note("peerings", "the peering answers", answers=answers, peerings=peerings)
    updated = journey.wrote(None, b.put(["10.80.0.0/16", "10.81.0.0/16"]), "growing vnet b")
    vnet_answers = [
        Answer(label, "VirtualNetworks_CreateOrUpdate", response.status, response.json(), response.exchange_id)
        for label, response in (("VNet PUT create", b_created.initial), ("VNet PUT update", updated.initial))
    ]
    reads = [("GET of a peered VNet", "VirtualNetworks_Get", a.get()),
             ("GET of a VNet with a subnet", "VirtualNetworks_Get", b.get())]
    reads += [("VNet list page", "VirtualNetworks_List", page) for page in pages(api, api.list_vnets())]
    for label, operation_id, response in reads:
        vnet_answers.append(Answer(label, operation_id, response.status, response.json(), response.exchange_id))
    journey.note("vnets", "the VNet answers", answers=vnet_answers)
    journey.note("peering-lists", "the peering list pages", pages=[
        page for vnet in (a, b) for page in pages(api, api.list_peerings(vnet.name))
    ])


def pages(api, first):
    result = [first]
    while isinstance(result[-1].body, dict) and result[-1].body.get("nextLink") and len(result) < 100:
        result.append(api.client.get(result[-1].body["nextLink"]))
    return result


def peering_answers(journeys, requirement: str) -> list[PeeringAnswer]:
    return shapes_journey(journeys).observation("peerings", requirement).properties["peerings"]


def schema_problems(answers: list[Answer]) -> list[tuple[str, str]]:
    return [
        (f"{answer.label} ({answer.operation_id} {answer.status}): {problem}", answer.exchange_id)
        for answer in answers
        for problem in validate_response(answer.operation_id, answer.status, answer.body)
    ]


@pytest.mark.requirements("SHAPE-001")
def test_every_peering_answer_validates_against_the_response_schema(journeys):
    answers = shapes_journey(journeys).observation("peerings", "SHAPE-001").properties["answers"]
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
    answers = shapes_journey(journeys).observation("vnets", "SHAPE-007").properties["answers"]
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
    listed = shapes_journey(journeys).observation("peering-lists", "SHAPE-008").properties["pages"]
    fail_findings("SHAPE-008", "peering list pages", [
        (problem, page.exchange_id) for page in listed for problem in list_page_problems(page)
    ])
