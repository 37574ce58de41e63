"""The ARM resource-provider contract: ids on every response, errors, etags, api-versions, names."""

from __future__ import annotations

import uuid

import pytest

from conformance.reference import ReferenceServer
from conformance.reference.api_versions import NETWORK_API_VERSIONS, RESOURCE_GROUP_API_VERSIONS
from tests.reference.arm_session import ArmSession, assert_cloud_error


def test_every_response_carries_a_request_id_and_echoes_the_correlation_id(peered: ArmSession) -> None:
    correlation = str(uuid.uuid4())
    headers = {"x-ms-correlation-request-id": correlation, "x-ms-client-request-id": "client-1"}
    responses = [
        peered.get(peered.peering_path("vnet1", "p12"), headers=headers),
        peered.get(peered.peering_path("vnet1", "missing"), headers=headers),
        peered.get("/no/such/route", headers=headers),
        peered.request("POST", peered.vnet_path("vnet1"), headers=headers),
        peered.get(peered.vnet_path("vnet1"), api_version=None, headers=headers),
        peered.delete(peered.vnet_path("missing"), headers=headers),
    ]
    assert [r.status_code for r in responses] == [200, 404, 404, 405, 400, 204]
    request_ids = [r.headers["x-ms-request-id"] for r in responses]
    assert all(request_ids) and len(set(request_ids)) == len(request_ids)
    assert all(r.headers["x-ms-correlation-request-id"] == correlation for r in responses)
    assert all(r.headers["x-ms-client-request-id"] == "client-1" for r in responses)


def test_a_correlation_id_is_generated_when_the_client_sends_none(arm: ArmSession) -> None:
    response = arm.get(arm.vnet_path("missing"))
    assert response.headers["x-ms-correlation-request-id"]


def test_unknown_route_and_wrong_method_are_cloud_errors(arm: ArmSession) -> None:
    assert_cloud_error(arm.get("/subscriptions"), 404)
    response = arm.request("PATCH", arm.peering_path("vnet1", "p"))
    assert_cloud_error(response, 405)
    assert response.headers["Allow"] == "GET, PUT, DELETE"


def test_missing_peering_is_not_found_with_the_recorded_shape(arm: ArmSession) -> None:
    arm.put_vnet("vnet1", ["10.1.0.0/16"])
    path = arm.peering_path("vnet1", "absent")
    error = assert_cloud_error(arm.get(path), 404, "NotFound")
    assert error["message"] == f"Resource {path} not found."
    assert error["details"] == []


def test_missing_vnet_is_resource_not_found(arm: ArmSession) -> None:
    assert_cloud_error(arm.get(arm.vnet_path("absent")), 404, "ResourceNotFound")
    assert_cloud_error(arm.get(arm.peering_path("absent", "p")), 404, "ResourceNotFound")
    assert_cloud_error(arm.get(f"{arm.vnet_path('absent')}/virtualNetworkPeerings"), 404, "ResourceNotFound")
    assert_cloud_error(arm.put_peering("absent", "p", "vnet2"), 404, "ResourceNotFound")


def test_delete_of_a_missing_resource_is_204(arm: ArmSession) -> None:
    assert arm.delete(arm.vnet_path("absent")).status_code == 204
    assert arm.delete(arm.peering_path("absent", "p")).status_code == 204
    arm.put_vnet("vnet1", ["10.1.0.0/16"])
    assert arm.delete(arm.peering_path("vnet1", "absent")).status_code == 204


def test_put_answers_201_on_create_and_200_on_update(arm: ArmSession) -> None:
    assert arm.put_vnet("vnet1", ["10.1.0.0/16"]).status_code == 201
    assert arm.put_vnet("vnet1", ["10.1.0.0/16"]).status_code == 200
    arm.put_vnet("vnet2", ["10.2.0.0/16"])
    assert arm.put_peering("vnet1", "p", "vnet2").status_code == 201
    assert arm.put_peering("vnet1", "p", "vnet2").status_code == 200


class TestEtags:
    def test_weak_etags_change_on_every_write_and_match_the_header(self, arm: ArmSession) -> None:
        first = arm.put_vnet("vnet1", ["10.1.0.0/16"])
        second = arm.put_vnet("vnet1", ["10.1.0.0/16"])
        etags = [first.json()["etag"], second.json()["etag"]]
        assert all(etag.startswith('W/"') and etag.endswith('"') for etag in etags)
        assert etags[0] != etags[1]
        assert second.headers["ETag"] == etags[1]
        got = arm.get(arm.vnet_path("vnet1"))
        assert got.headers["ETag"] == got.json()["etag"] == etags[1]

    def test_if_match_and_if_none_match(self, arm: ArmSession) -> None:
        path = arm.vnet_path("vnet1")
        body = {"location": "westus", "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}}
        assert_cloud_error(arm.put(path, body, headers={"If-Match": "*"}), 412, "PreconditionFailed")
        etag = arm.put(path, body, headers={"If-None-Match": "*"}).json()["etag"]
        assert_cloud_error(arm.put(path, body, headers={"If-None-Match": "*"}), 412, "PreconditionFailed")
        assert_cloud_error(arm.put(path, body, headers={"If-Match": 'W/"stale"'}), 412, "PreconditionFailed")
        assert_cloud_error(arm.delete(path, headers={"If-Match": 'W/"stale"'}), 412, "PreconditionFailed")
        assert arm.put(path, body, headers={"If-Match": etag}).status_code == 200
        assert arm.get(path).json()["etag"] != etag
        assert_cloud_error(arm.delete(arm.vnet_path("absent"), headers={"If-Match": "*"}), 412)

    def test_peering_preconditions(self, arm: ArmSession) -> None:
        arm.put_vnet("vnet1", ["10.1.0.0/16"])
        arm.put_vnet("vnet2", ["10.2.0.0/16"])
        body = {"properties": {"remoteVirtualNetwork": {"id": arm.vnet_id("vnet2")}}}
        path = arm.peering_path("vnet1", "p")
        assert_cloud_error(arm.put(path, body, headers={"If-Match": "*"}), 412)
        etag = arm.put(path, body).json()["etag"]
        assert_cloud_error(arm.put(path, body, headers={"If-None-Match": "*"}), 412)
        assert arm.put(path, body, headers={"If-Match": etag}).status_code == 200
        assert_cloud_error(arm.put(path, body, headers={"If-Match": etag}), 412)


class TestApiVersions:
    def test_missing_api_version(self, arm: ArmSession) -> None:
        assert_cloud_error(arm.get(arm.vnet_path("v"), api_version=None), 400, "MissingApiVersionParameter")
        assert_cloud_error(arm.get(arm.group_path(), api_version=None), 400, "MissingApiVersionParameter")

    @pytest.mark.parametrize("version", ["2099-01-01", "2025-05-01-preview", "latest", ""])
    def test_unknown_api_version(self, arm: ArmSession, version: str) -> None:
        code = "NoRegisteredProviderFound" if version else "MissingApiVersionParameter"
        assert_cloud_error(arm.get(arm.vnet_path("v"), api_version=version), 400, code)

    def test_unknown_resource_group_api_version(self, arm: ArmSession) -> None:
        assert_cloud_error(arm.get(arm.group_path(), api_version="2099-01-01"), 400, "InvalidApiVersionParameter")

    def test_every_documented_version_is_served(self, arm: ArmSession) -> None:
        required = {"2023-11-01", "2024-01-01", "2024-03-01", "2024-05-01", "2024-07-01", "2024-10-01",
                    "2025-01-01", "2025-03-01", "2025-05-01", "2025-07-01", "2026-01-01", "2026-03-01",
                    "2021-02-01", "2022-07-01", "2023-02-01", "2023-04-01", "2023-05-01", "2023-06-01",
                    "2023-09-01"}  # fmt: skip
        assert required <= set(NETWORK_API_VERSIONS)
        for version in NETWORK_API_VERSIONS:
            response = arm.get(f"{arm.group_path()}/providers/Microsoft.Network/virtualNetworks", api_version=version)
            assert response.status_code == 200, (version, response.text)
        for version in RESOURCE_GROUP_API_VERSIONS:
            assert arm.get(arm.group_path(), api_version=version).status_code == 200, version


class TestNames:
    def test_names_are_case_insensitive_and_keep_the_first_casing(self, arm: ArmSession) -> None:
        assert arm.put_vnet("VNet-One", ["10.1.0.0/16"], group="Group-A").status_code == 201
        assert arm.put_vnet("vnet-one", ["10.1.0.0/16"], group="GROUP-a").status_code == 200
        arm.put_vnet("vnet2", ["10.2.0.0/16"], group="group-a")
        assert arm.put_peering("VNET-ONE", "Peer-X", "vnet2", group="group-A").status_code == 201
        assert arm.put_peering("vnet-one", "peer-x", "vnet2", group="group-a").status_code == 200
        vnet = arm.get(arm.vnet_path("VNET-ONE", group="GROUP-A")).json()
        assert vnet["name"] == "VNet-One"
        assert vnet["id"].endswith("/resourceGroups/Group-A/providers/Microsoft.Network/virtualNetworks/VNet-One")
        peering = arm.get(arm.peering_path("vnet-one", "PEER-X", group="group-a")).json()
        assert peering["name"] == "Peer-X"
        assert peering["id"] == f"{vnet['id']}/virtualNetworkPeerings/Peer-X"
        remote = peering["properties"]["remoteVirtualNetwork"]["id"]
        assert remote == arm.get(arm.vnet_path("VNET2", group="group-a")).json()["id"]
        assert remote.endswith("/resourceGroups/Group-A/providers/Microsoft.Network/virtualNetworks/vnet2")

    def test_path_segments_are_case_insensitive(self, arm: ArmSession) -> None:
        arm.put_vnet("vnet1", ["10.1.0.0/16"])
        path = f"/SUBSCRIPTIONS/{arm.subscription}/resourcegroups/rg1/PROVIDERS/microsoft.network/VIRTUALNETWORKS/vnet1"
        assert arm.get(path).status_code == 200
        assert arm.get(f"{path}/VirtualNetworkPeerings").json() == {"value": []}

    def test_extra_query_parameters_on_get_are_tolerated(self, peered: ArmSession) -> None:
        path = peered.peering_path("vnet1", "p12")
        for extra in ({"syncRemoteAddressSpace": "true"}, {"unknown": "x"}, {"syncRemoteAddressSpace": "bogus"}):
            assert peered.get(path, params=extra).status_code == 200

    @pytest.mark.parametrize("value", ["true", "True", "TRUE"])
    def test_sync_flag_accepts_true_in_any_case(self, peered: ArmSession, value: str) -> None:
        body = {"properties": {"remoteVirtualNetwork": {"id": peered.vnet_id("vnet2")}}}
        response = peered.put(peered.peering_path("vnet1", "p12"), body, params={"syncRemoteAddressSpace": value})
        assert response.status_code == 200


class TestResourceGroups:
    def test_groups_exist_implicitly_and_answer_minimally(self, arm: ArmSession) -> None:
        version = "2024-03-01"
        implicit = arm.get(arm.group_path("never-created"), api_version=version)
        assert implicit.status_code == 200
        assert implicit.json()["name"] == "never-created"
        assert arm.request("HEAD", arm.group_path("never-created"), api_version=version).status_code == 204
        created = arm.put(arm.group_path("Made"), {"location": "East US"}, api_version=version)
        assert created.status_code == 201
        assert created.json() == {
            "id": f"/subscriptions/{arm.subscription}/resourceGroups/Made",
            "name": "Made",
            "type": "Microsoft.Resources/resourceGroups",
            "location": "eastus",
            "properties": {"provisioningState": "Succeeded"},
        }
        assert arm.put(arm.group_path("made"), {"location": "eastus"}, api_version=version).status_code == 200
        assert arm.get(arm.group_path("MADE"), api_version=version).json()["name"] == "Made"
        assert_cloud_error(arm.put(arm.group_path("x"), {}, api_version=version), 400, "LocationRequired")

    def test_deleting_a_group_deletes_its_vnets_and_disconnects_peerings_toward_them(self, peered: ArmSession) -> None:
        peered.put_vnet("elsewhere", ["10.9.0.0/16"], group="rg2")
        body = {"properties": {"remoteVirtualNetwork": {"id": peered.vnet_id("vnet1")}}}
        assert peered.put(peered.peering_path("elsewhere", "to-vnet1", group="rg2"), body).status_code == 201
        assert peered.delete(peered.group_path(), api_version="2024-03-01").status_code == 200
        assert peered.get(peered.vnet_path("vnet1")).status_code == 404
        listed = peered.get(f"/subscriptions/{peered.subscription}/providers/Microsoft.Network/virtualNetworks")
        assert [v["name"] for v in listed.json()["value"]] == ["elsewhere"]
        survivor = peered.get(peered.peering_path("elsewhere", "to-vnet1", group="rg2")).json()
        assert survivor["properties"]["peeringState"] == "Disconnected"


def test_subscriptions_are_isolated(sync_server: ReferenceServer, arm: ArmSession) -> None:
    other = ArmSession(sync_server.url, sync_server.ca_cert, str(uuid.uuid4()))
    try:
        arm.put_vnet("vnet1", ["10.1.0.0/16"])
        other.put_vnet("vnet1", ["10.1.0.0/16"])
        other.put_vnet("only-other", ["10.3.0.0/16"])
        mine = arm.get(f"/subscriptions/{arm.subscription}/providers/Microsoft.Network/virtualNetworks").json()
        assert [v["name"] for v in mine["value"]] == ["vnet1"]
        assert all(arm.subscription in v["id"] for v in mine["value"])
        assert arm.get(arm.vnet_path("only-other")).status_code == 404
        assert arm.delete(arm.vnet_path("vnet1")).status_code == 200
        assert other.get(other.vnet_path("vnet1")).status_code == 200
    finally:
        other.close()
