"""The shapes of peering and VNet bodies in every kind of answer: PUT, GET and list.

SDKs deserialize these bodies into typed models; a missing property or a wrong type
surfaces as a crash far from the target. Every check collects the bodies of one pair's
life (created, connected, synced, read, listed) and judges one rule on all of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from conformance.spec.validation import validate_response

PEERING_TYPE = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"


@dataclass(frozen=True)
class PeeringAnswer:
    """A peering body as some answer showed it, with what it should describe."""

    label: str
    body: Any
    expected_id: str
    remote_id: str


@dataclass(frozen=True)
class Answer:
    """A whole response body with the operation and status to validate it against."""

    label: str
    operation_id: str
    status: int
    body: Any


def peering_life(api, pair) -> tuple[list[Answer], list[PeeringAnswer]]:
    """Create a -> b, connect b -> a, sync a -> b, read both and list both VNets' peerings."""
    a, b = pair()
    answers: list[Answer] = []
    peerings: list[PeeringAnswer] = []

    def keep(label, operation_id, response, local, remote):
        is_list = operation_id == "VirtualNetworkPeerings_List"
        listed = pages(api, response) if is_list else [response]
        expected = api.peering_id(local.name, local.peering_name(remote))
        for number, page in enumerate(listed):
            shown = label if number == 0 else f"{label}, page {number + 1}"
            answers.append(Answer(shown, operation_id, page.status, page.json()))
            items = page.json().get("value", []) if is_list else [page.json()]
            peerings.extend(PeeringAnswer(shown, item, expected, remote.id) for item in items)

    for label, local, remote, options in (
        ("PUT create a->b", a, b, {}),
        ("PUT create b->a", b, a, {}),
        ("PUT sync a->b", a, b, {"sync": True}),
    ):
        written = local.peer(remote, **options).ensure_succeeded()
        keep(label, "VirtualNetworkPeerings_CreateOrUpdate", written.initial, local, remote)
        if written.final.method == "GET":
            keep(f"{label}, read after the operation", "VirtualNetworkPeerings_Get", written.final, local, remote)
    for local, remote in ((a, b), (b, a)):
        keep(f"GET {local.role}->{remote.role}", "VirtualNetworkPeerings_Get", local.get_peering(remote), local, remote)
        keep(f"list of {local.role}", "VirtualNetworkPeerings_List", api.list_peerings(local.name), local, remote)
    return answers, peerings


def pages(api, first):
    result = [first]
    while isinstance(result[-1].body, dict) and result[-1].body.get("nextLink") and len(result) < 100:
        result.append(api.client.get(result[-1].body["nextLink"]))
    return result


def schema_problems(answers: list[Answer]) -> list[str]:
    return [
        f"{answer.label} ({answer.operation_id} {answer.status}): {problem}"
        for answer in answers
        for problem in validate_response(answer.operation_id, answer.status, answer.body)
    ]


@pytest.mark.requirements("SHAPE-001")
def test_every_peering_answer_validates_against_the_response_schema(api, pair):
    answers, _ = peering_life(api, pair)
    problems = schema_problems(answers)
    assert not problems, "peering bodies the generated schema refuses:\n" + "\n".join(problems)


@pytest.mark.requirements("SHAPE-002")
def test_a_peering_type_is_the_peering_resource_type(api, pair):
    _, peerings = peering_life(api, pair)
    wrong = [f"{p.label}: {p.body.get('type')!r}" for p in peerings if p.body.get("type") != PEERING_TYPE]
    assert not wrong, f"type other than {PEERING_TYPE}:\n" + "\n".join(wrong)


@pytest.mark.requirements("SHAPE-003")
def test_a_peering_id_is_its_full_path_and_its_name_the_last_segment(api, pair):
    _, peerings = peering_life(api, pair)
    wrong = []
    for p in peerings:
        peering_id, name = str(p.body.get("id")), p.body.get("name")
        if peering_id.lower() != p.expected_id.lower():
            wrong.append(f"{p.label}: id {peering_id!r}, expected {p.expected_id!r}")
        if name != peering_id.rsplit("/", 1)[-1]:
            wrong.append(f"{p.label}: name {name!r} is not the last segment of {peering_id!r}")
    assert not wrong, "\n".join(wrong)


def properties_of(answer: PeeringAnswer) -> dict:
    properties = answer.body.get("properties")
    return properties if isinstance(properties, dict) else {}


@pytest.mark.requirements("SHAPE-004")
def test_every_peering_answer_carries_provisioning_state(api, pair):
    _, peerings = peering_life(api, pair)
    lacking = [p.label for p in peerings if not isinstance(properties_of(p).get("provisioningState"), str)]
    assert not lacking, f"no properties.provisioningState in: {lacking}"


@pytest.mark.requirements("SHAPE-005")
def test_every_peering_answer_carries_sync_level_and_remote_vnet_address_space(api, pair):
    _, peerings = peering_life(api, pair)
    lacking = [
        f"{p.label}: {member}"
        for p in peerings
        for member in ("peeringSyncLevel", "remoteVirtualNetworkAddressSpace")
        if member not in properties_of(p)
    ]
    assert not lacking, "missing members:\n" + "\n".join(lacking)


@pytest.mark.requirements("SHAPE-006")
def test_remote_virtual_network_id_designates_the_remote_given_at_creation(api, pair):
    _, peerings = peering_life(api, pair)
    wrong = []
    for p in peerings:
        remote = properties_of(p).get("remoteVirtualNetwork")
        seen = remote.get("id") if isinstance(remote, dict) else None
        if not isinstance(seen, str) or seen.lower() != p.remote_id.lower():
            wrong.append(f"{p.label}: {seen!r}, expected {p.remote_id!r}")
    assert not wrong, "remoteVirtualNetwork.id not the remote VNet:\n" + "\n".join(wrong)


@pytest.mark.requirements("SHAPE-007")
def test_every_vnet_answer_validates_against_the_response_schema(api, pair, names):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    name = names.new("shape")
    created = api.put_vnet(name, ["10.80.0.0/16"], subnets={"default": "10.80.0.0/24"}).ensure_succeeded()
    updated = api.put_vnet(name, ["10.80.0.0/16", "10.81.0.0/16"]).ensure_succeeded()
    answers = [
        Answer("VNet PUT create", "VirtualNetworks_CreateOrUpdate", created.initial.status, created.initial.json()),
        Answer("VNet PUT update", "VirtualNetworks_CreateOrUpdate", updated.initial.status, updated.initial.json()),
        Answer("GET of a peered VNet", "VirtualNetworks_Get", 200, a.get().json()),
        Answer("GET of a VNet with a subnet", "VirtualNetworks_Get", 200, api.get_vnet(name).json()),
    ]
    for page in pages(api, api.list_vnets()):
        answers.append(Answer("VNet list page", "VirtualNetworks_List", page.status, page.json()))
    problems = schema_problems(answers)
    assert api.delete_vnet(name).succeeded
    assert not problems, "VNet bodies the generated schema refuses:\n" + "\n".join(problems)


@pytest.mark.requirements("SHAPE-008")
def test_a_peering_list_is_an_object_whose_value_is_an_array_of_peerings(api, pair):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    for first in (api.list_peerings(a.name), api.list_peerings(b.name)):
        for page in pages(api, first):
            body = page.json()
            assert isinstance(body, dict), f"a list page is not an object: {page.describe()}"
            assert isinstance(body.get("value"), list), f"value is not an array: {page.describe()}"
            for item in body["value"]:
                assert isinstance(item, dict) and "/virtualnetworkpeerings/" in str(item.get("id")).lower(), (
                    f"not a peering in the list: {item!r:.300}"
                )
            problems = validate_response("VirtualNetworkPeerings_List", page.status, body)
            assert not problems, f"list page refused by the schema: {problems}"
