"""Long-running PUT/DELETE in async mode (the default) and in sync mode."""

from __future__ import annotations

import time
from urllib.parse import parse_qs, urlsplit

import requests

from conformance.reference import ReferenceServer
from tests.reference.arm_session import ArmSession, assert_cloud_error

OPERATION_PATH = "/subscriptions/{sub}/providers/Microsoft.Network/locations/westus/{kind}/{id}"


def _poll(arm: ArmSession, url: str) -> requests.Response:
    return arm.http.get(url, timeout=30, verify=arm.verify)


class TestAsyncMode:
    def test_put_answers_updating_with_absolute_polling_url_then_in_progress_then_succeeded(
        self, async_arm: ArmSession, async_server: ReferenceServer
    ) -> None:
        created = async_arm.put_vnet("vnet1", ["10.1.0.0/16"])
        assert created.status_code == 201
        assert created.json()["properties"]["provisioningState"] == "Updating"
        assert created.headers["Retry-After"] == "0"
        assert "Location" not in created.headers
        url = created.headers["Azure-AsyncOperation"]
        parts = urlsplit(url)
        operation_id = parts.path.rsplit("/", 1)[1]
        assert f"{parts.scheme}://{parts.netloc}" == async_server.url
        assert parts.path == OPERATION_PATH.format(sub=async_arm.subscription, kind="operations", id=operation_id)
        assert parse_qs(parts.query)["api-version"] == ["2025-05-01"]
        assert created.headers["x-ms-request-id"] == operation_id
        assert async_arm.get(async_arm.vnet_path("vnet1")).json()["properties"]["provisioningState"] == "Updating"
        first, second = _poll(async_arm, url), _poll(async_arm, url)
        assert (first.status_code, first.json()) == (200, {"status": "InProgress"})
        assert first.headers["Retry-After"] == "0"
        assert (second.status_code, second.json()) == (200, {"status": "Succeeded"})
        assert async_arm.get(async_arm.vnet_path("vnet1")).json()["properties"]["provisioningState"] == "Succeeded"

    def test_peering_put_update_is_200_and_long_running_too(self, async_arm: ArmSession) -> None:
        async_arm.finish(async_arm.put_vnet("vnet1", ["10.1.0.0/16"]))
        async_arm.finish(async_arm.put_vnet("vnet2", ["10.2.0.0/16"]))
        created = async_arm.put_peering("vnet1", "p", "vnet2")
        assert created.status_code == 201
        assert created.json()["properties"]["provisioningState"] == "Updating"
        assert async_arm.finish(created) == "Succeeded"
        updated = async_arm.put_peering("vnet1", "p", "vnet2", sync=True)
        assert updated.status_code == 200
        assert "Azure-AsyncOperation" in updated.headers
        assert async_arm.finish(updated) == "Succeeded"
        assert async_arm.peering_properties("vnet1", "p")["provisioningState"] == "Succeeded"

    def test_polling_urls_follow_the_host_the_client_used(
        self, async_arm: ArmSession, async_server: ReferenceServer
    ) -> None:
        host = f"localhost:{async_server.port}"
        response = async_arm.put_vnet("vnet1", ["10.1.0.0/16"])
        assert urlsplit(response.headers["Azure-AsyncOperation"]).netloc == f"127.0.0.1:{async_server.port}"
        body = {"location": "westus", "properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}}
        again = async_arm.put(async_arm.vnet_path("vnet1"), body, headers={"Host": host})
        assert again.headers["Azure-AsyncOperation"].startswith(f"https://{host}/subscriptions/")
        assert async_arm.delete(async_arm.vnet_path("vnet1"), headers={"Host": host}).headers[
            "Location"
        ].startswith(f"https://{host}/subscriptions/")

    def test_delete_answers_202_with_location_and_async_operation(self, async_arm: ArmSession) -> None:
        async_arm.finish(async_arm.put_vnet("vnet1", ["10.1.0.0/16"]))
        deleted = async_arm.delete(async_arm.vnet_path("vnet1"))
        assert deleted.status_code == 202
        assert deleted.content == b""
        location = urlsplit(deleted.headers["Location"])
        operation_id = location.path.rsplit("/", 1)[1]
        assert location.path == OPERATION_PATH.format(
            sub=async_arm.subscription, kind="operationResults", id=operation_id
        )
        assert parse_qs(location.query)["api-version"] == ["2025-05-01"]
        assert deleted.headers["Azure-AsyncOperation"].split("?")[0].endswith(f"/operations/{operation_id}")
        in_progress = _poll(async_arm, deleted.headers["Location"])
        assert in_progress.status_code == 202
        assert in_progress.headers["Location"] == deleted.headers["Location"]
        assert _poll(async_arm, deleted.headers["Location"]).status_code == 204
        assert _poll(async_arm, deleted.headers["Azure-AsyncOperation"]).json() == {"status": "Succeeded"}
        assert async_arm.get(async_arm.vnet_path("vnet1")).status_code == 404
        assert async_arm.delete(async_arm.vnet_path("vnet1")).status_code == 204

    def test_operations_are_scoped_to_their_subscription(self, async_arm: ArmSession) -> None:
        url = async_arm.put_vnet("vnet1", ["10.1.0.0/16"]).headers["Azure-AsyncOperation"]
        foreign = url.replace(async_arm.subscription, "00000000-0000-0000-0000-00000000beef")
        assert_cloud_error(_poll(async_arm, foreign), 404, "NotFound")
        unknown = url.rsplit("/", 1)[0] + "/00000000-0000-0000-0000-000000000000?api-version=2025-05-01"
        assert_cloud_error(_poll(async_arm, unknown), 404, "NotFound")

    def test_latency_delays_long_running_requests(self, subscription: str) -> None:
        with ReferenceServer(http=True, lro="sync", latency_ms=300) as server:
            arm = ArmSession(server.url, None, subscription)
            started = time.monotonic()
            arm.put_vnet("vnet1", ["10.1.0.0/16"])
            assert time.monotonic() - started >= 0.3
            started = time.monotonic()
            arm.get(arm.vnet_path("vnet1"))
            assert time.monotonic() - started < 0.3
            arm.close()


class TestSyncMode:
    def test_put_is_succeeded_at_once_without_polling_headers(self, arm: ArmSession) -> None:
        response = arm.put_vnet("vnet1", ["10.1.0.0/16"])
        assert response.status_code == 201
        assert response.json()["properties"]["provisioningState"] == "Succeeded"
        assert not {"Azure-AsyncOperation", "Location", "Retry-After"} & set(response.headers)

    def test_delete_is_200_then_204(self, arm: ArmSession) -> None:
        arm.put_vnet("vnet1", ["10.1.0.0/16"])
        deleted = arm.delete(arm.vnet_path("vnet1"))
        assert deleted.status_code == 200
        assert "Location" not in deleted.headers
        assert arm.delete(arm.vnet_path("vnet1")).status_code == 204
