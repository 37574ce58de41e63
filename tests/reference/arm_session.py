"""A small ARM client over requests for the reference endpoint tests (one subscription)."""

from __future__ import annotations

import time
from typing import Any

import requests

API_VERSION = "2025-05-01"
RESOURCE_GROUP = "rg1"


class ArmSession:
    def __init__(
        self,
        base_url: str,
        ca_cert: str | None,
        subscription: str,
        *,
        token: str | None = None,
    ) -> None:
        self.base_url = base_url
        self.subscription = subscription
        self.http = requests.Session()
        # Per request: a session-level verify loses to REQUESTS_CA_BUNDLE from the environment.
        self.verify: str | bool = ca_cert if ca_cert is not None else True
        if token is not None:
            self.http.headers["Authorization"] = f"Bearer {token}"

    def close(self) -> None:
        self.http.close()

    # ----- paths ------------------------------------------------------------------------

    def group_path(self, group: str = RESOURCE_GROUP) -> str:
        return f"/subscriptions/{self.subscription}/resourceGroups/{group}"

    def vnet_path(self, vnet: str, group: str = RESOURCE_GROUP) -> str:
        return f"{self.group_path(group)}/providers/Microsoft.Network/virtualNetworks/{vnet}"

    def peering_path(self, vnet: str, peering: str, group: str = RESOURCE_GROUP) -> str:
        return f"{self.vnet_path(vnet, group)}/virtualNetworkPeerings/{peering}"

    def vnet_id(self, vnet: str, group: str = RESOURCE_GROUP) -> str:
        return self.vnet_path(vnet, group)

    # ----- requests ---------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        api_version: str | None = API_VERSION,
        params: dict[str, str] | None = None,
        **kwargs: Any,
    ) -> requests.Response:
        query = dict(params or {})
        if api_version is not None:
            query["api-version"] = api_version
        kwargs.setdefault("verify", self.verify)
        return self.http.request(method, f"{self.base_url}{path}", params=query, timeout=30, **kwargs)

    def get(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def put(self, path: str, body: Any, **kwargs: Any) -> requests.Response:
        return self.request("PUT", path, json=body, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> requests.Response:
        return self.request("DELETE", path, **kwargs)

    def put_vnet(
        self,
        vnet: str,
        prefixes: list[str],
        *,
        subnets: dict[str, str] | None = None,
        group: str = RESOURCE_GROUP,
        location: str = "westus",
    ) -> requests.Response:
        body = {
            "location": location,
            "properties": {
                "addressSpace": {"addressPrefixes": prefixes},
                "subnets": [
                    {"name": name, "properties": {"addressPrefix": prefix}}
                    for name, prefix in (subnets or {}).items()
                ],
            },
        }
        return self.put(self.vnet_path(vnet, group), body)

    def put_peering(
        self,
        vnet: str,
        peering: str,
        remote_vnet: str,
        *,
        sync: bool = False,
        group: str = RESOURCE_GROUP,
        **properties: Any,
    ) -> requests.Response:
        body = {"properties": {"remoteVirtualNetwork": {"id": self.vnet_id(remote_vnet, group)}, **properties}}
        params = {"syncRemoteAddressSpace": "true"} if sync else None
        return self.put(self.peering_path(vnet, peering, group), body, params=params)

    def finish(self, response: requests.Response, timeout: float = 30) -> str:
        """Poll a started LRO's Azure-AsyncOperation until terminal; its final status."""
        url = response.headers["Azure-AsyncOperation"]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.http.get(url, timeout=30, verify=self.verify).json()["status"]
            if status in ("Succeeded", "Failed", "Canceled"):
                return status
        raise AssertionError(f"operation {url} did not finish")

    def peering_properties(self, vnet: str, peering: str) -> dict:
        response = self.get(self.peering_path(vnet, peering))
        assert response.status_code == 200, response.text
        return response.json()["properties"]


def assert_cloud_error(response: requests.Response, status: int | None = None, code: str | None = None) -> dict:
    """The response is a CloudError (4xx unless told) with x-ms-request-id; its error object."""
    if status is None:
        assert 400 <= response.status_code < 500, (response.status_code, response.text)
    else:
        assert response.status_code == status, (response.status_code, response.text)
    assert response.headers.get("x-ms-request-id"), response.headers
    error = response.json()["error"]
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    if code is not None:
        assert error["code"] == code, error
    return error
