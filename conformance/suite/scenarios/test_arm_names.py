"""Names in the URL compare case-insensitively, and the casing first given is the one kept.

Clients and people re-type names (the portal, scripts, `az` with a name from a ticket); a
target that treats `Peer1` and `peer1` as two resources creates duplicates or answers 404
for a peering that exists, and one that re-cases names breaks clients comparing ids.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.arm_checks import other_casing, peering_path, vnet_path
from conformance.target.peering_api import vnet_body


def peering_names_listed(api, vnet_name: str) -> list[str]:
    return [item.get("name", "") for item in api.list_all(api.list_peerings(vnet_name))]


@pytest.mark.requirements("ARM-016")
def test_get_put_and_delete_under_other_casing_reach_the_same_peering(pair):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    name = a.peering_name(b)
    recased = other_casing(name)

    found = a.get_peering(recased)
    assert found.status == 200, f"GET under other casing: {found.describe()}"
    assert found.json()["id"].lower() == a.peering(b)["id"].lower(), found.describe()

    updated = a.peer(b, name=recased, allowForwardedTraffic=True)
    assert updated.initial.status == 200, f"a PUT under other casing must update: {updated.initial.describe()}"
    updated.ensure_succeeded()
    assert a.peering(b)["properties"]["allowForwardedTraffic"] is True, "the PUT under other casing changed nothing"
    listed = peering_names_listed(a.api, a.name)
    assert [n.lower() for n in listed] == [name.lower()], f"expected one peering, listed {listed}"

    deleted = a.delete_peering(recased)
    assert deleted.succeeded, f"DELETE under other casing: {deleted.initial.describe()}"
    gone = a.get_peering(name)
    assert gone.status == 404, f"the peering survived a DELETE under other casing: {gone.describe()}"


@pytest.mark.requirements("ARM-017")
def test_a_re_put_under_other_casing_keeps_the_first_casing(pair, names):
    a, b = pair()
    first = names.new("MixedCase")
    a.peer(b, name=first).ensure_succeeded()
    recased = other_casing(first)

    updated = a.peer(b, name=recased, allowForwardedTraffic=True)
    assert updated.initial.status == 200, updated.initial.describe()
    updated.ensure_succeeded()
    expected_id = a.api.peering_id(a.name, first)
    for label, body in (
        ("PUT answer", updated.initial.json()),
        ("GET under the first casing", a.peering(first)),
        ("GET under the other casing", a.peering(recased)),
    ):
        assert body.get("name") == first, f"{label}: name {body.get('name')!r}, first given as {first!r}"
        assert body.get("id", "").endswith(f"/virtualNetworkPeerings/{first}"), f"{label}: id {body.get('id')!r}"
        assert body["id"].lower() == expected_id.lower(), f"{label}: id {body['id']!r}"


@pytest.mark.requirements("ARM-018")
def test_resource_group_and_vnet_names_compare_case_insensitively(api, pair):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    config = api.config
    group = config.resource_group.swapcase()
    if group == config.resource_group:
        pytest.skip(f"the resource group name {config.resource_group!r} has no letters to re-case")
    vnet = other_casing(a.name)
    client = api.client

    found_vnet = client.get(vnet_path(config, vnet, resource_group=group))
    assert found_vnet.status == 200, f"VNet under other casing: {found_vnet.describe()}"
    assert found_vnet.json()["id"].lower() == a.id.lower(), found_vnet.describe()
    found_peering = client.get(peering_path(config, vnet, a.peering_name(b), resource_group=group))
    assert found_peering.status == 200, f"peering under other casing: {found_peering.describe()}"
    listed = client.get(f"{vnet_path(config, vnet, resource_group=group)}/virtualNetworkPeerings")
    assert [item.get("name", "").lower() for item in api.list_all(listed)] == [a.peering_name(b).lower()]

    path = vnet_path(config, vnet, resource_group=group)
    updated = client.put(path, json=vnet_body(a.prefixes, location=config.location))
    assert updated.status == 200, f"VNet PUT under other casing must update, not create: {updated.describe()}"
    assert api.wait(updated, path).succeeded
    vnets = [item.get("name", "").lower() for item in api.list_all(api.list_vnets())]
    assert vnets.count(a.name.lower()) == 1, f"{a.name} listed {vnets.count(a.name.lower())} times"
