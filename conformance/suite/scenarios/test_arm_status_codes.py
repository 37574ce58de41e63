"""The status codes of the ARM resource-provider contract: 201 / 200 on PUT, 404 on reads of
what is missing, 204 on deletes of what is missing.

SDKs branch on these codes (a 404 is "does not exist", a 204 DELETE is "already gone"), so
a target that answers 200 with an empty body or 500 instead breaks every client.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.arm_checks import assert_cloud_error


@pytest.mark.requirements("ARM-001")
def test_a_put_creating_a_peering_answers_201(pair):
    a, b = pair()
    created = a.peer(b)
    assert created.initial.status == 201, created.initial.describe()
    created.ensure_succeeded()


@pytest.mark.requirements("ARM-002")
def test_a_put_of_an_existing_peering_answers_200_with_and_without_sync(pair):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    updated = a.peer(b, allowForwardedTraffic=True)
    assert updated.initial.status == 200, updated.initial.describe()
    updated.ensure_succeeded()
    synced = a.peer(b, allowForwardedTraffic=True, sync=True)
    assert synced.initial.status == 200, synced.initial.describe()
    synced.ensure_succeeded()


@pytest.mark.requirements("ARM-003")
def test_a_vnet_put_answers_201_on_create_and_200_on_update(api, names):
    name = names.new("fresh")
    created = api.put_vnet(name, ["10.40.0.0/16"])
    assert created.initial.status == 201, created.initial.describe()
    created.ensure_succeeded()
    updated = api.put_vnet(name, ["10.40.0.0/16", "10.41.0.0/16"])
    assert updated.initial.status == 200, updated.initial.describe()
    updated.ensure_succeeded()
    assert api.delete_vnet(name).succeeded


@pytest.mark.requirements("ARM-004")
def test_get_of_a_missing_peering_on_an_existing_vnet_answers_404(vnet, names):
    a = vnet()
    missing = a.get_peering(names.new("missing"))
    assert missing.status == 404, missing.describe()


@pytest.mark.requirements("ARM-005")
def test_the_404_of_a_missing_peering_has_code_not_found(vnet, names):
    a = vnet()
    missing = a.get_peering(names.new("missing"))
    assert missing.status == 404, missing.describe()
    assert assert_cloud_error(missing)["code"] == "NotFound", missing.describe()


@pytest.mark.requirements("ARM-006")
def test_get_of_a_missing_vnet_and_of_a_peering_under_it_answers_404(api, names):
    vnet_name = names.new("missing")
    for response in (api.get_vnet(vnet_name), api.get_peering(vnet_name, names.new("peering"))):
        assert response.status == 404, response.describe()


@pytest.mark.requirements("ARM-007")
def test_the_404_of_a_missing_vnet_has_code_resource_not_found(api, names):
    missing = api.get_vnet(names.new("missing"))
    assert missing.status == 404, missing.describe()
    assert assert_cloud_error(missing)["code"] == "ResourceNotFound", missing.describe()


@pytest.mark.requirements("ARM-008")
def test_delete_of_a_missing_peering_answers_204(vnet, names):
    a = vnet()
    deleted = a.delete_peering(names.new("missing"))
    assert deleted.initial.status == 204, deleted.initial.describe()


@pytest.mark.requirements("ARM-009")
def test_delete_of_a_missing_vnet_answers_204(api, names):
    deleted = api.delete_vnet(names.new("missing"))
    assert deleted.initial.status == 204, deleted.initial.describe()


@pytest.mark.requirements("ARM-010")
def test_delete_of_an_existing_peering_answers_200_202_or_204_and_removes_it(pair):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    deleted = a.delete_peering(b)
    assert deleted.initial.status in (200, 202, 204), deleted.initial.describe()
    assert deleted.succeeded, f"the delete did not finish: {deleted.initial.describe()}"
    gone = a.get_peering(b)
    assert gone.status == 404, gone.describe()


@pytest.mark.requirements("ARM-011")
def test_a_peering_put_under_a_missing_vnet_answers_404_and_creates_nothing(api, vnet, names):
    remote = vnet()
    missing_vnet, peering = names.new("missing"), names.new("peering")
    refused = api.put_peering(missing_vnet, peering, remote.name)
    assert refused.initial.status == 404, refused.initial.describe()
    for after in (api.get_peering(missing_vnet, peering), api.get_vnet(missing_vnet)):
        assert after.status == 404, f"the refused PUT left something behind: {after.describe()}"
