"""Bad input: each request is a 4xx CloudError with a message, never a 5xx, and changes nothing."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Callable

import pytest

from tests.reference.arm_session import ArmSession, assert_cloud_error

SUB = "{sub}"
VNET2_ID = "/subscriptions/{sub}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet2"
VNET_PATH = "/subscriptions/{sub}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/"


def _vnet(prefixes: Any = ("10.3.0.0/16",), location: Any = "westus", **properties: Any) -> dict:
    """A VNet body; `prefixes` and `location` are sent as given (None leaves location out)."""
    listed = list(prefixes) if isinstance(prefixes, tuple) else prefixes
    body = {"properties": {"addressSpace": {"addressPrefixes": listed}, **properties}}
    return body if location is None else {"location": location, **body}


def _subnet(name: str, prefix: str) -> dict:
    return {"name": name, "properties": {"addressPrefix": prefix}}


def _peering(remote: Any = VNET2_ID, **properties: Any) -> dict:
    """A peering body toward `remote` (None: a remoteVirtualNetwork without id)."""
    reference = {} if remote is None else {"id": remote}
    return {"properties": {"remoteVirtualNetwork": reference, **properties}}


@dataclass(frozen=True)
class BadRequest:
    name: str
    path: str  # formatted with the test's subscription
    body: Any  # bytes are sent verbatim, anything else as JSON
    method: str = "PUT"
    params: dict[str, str] = field(default_factory=dict)
    status: int | None = None
    code: str | None = None
    api_version: str | None = "2025-05-01"
    content_type: str = "application/json"

    def send(self, arm: ArmSession) -> Any:
        path = self.path.format(sub=arm.subscription)
        if isinstance(self.body, bytes):
            data = self.body
        else:
            data = json.dumps(self.body).replace("{sub}", arm.subscription).encode()
        return arm.request(
            self.method,
            path,
            data=data,
            params=self.params,
            api_version=self.api_version,
            headers={"Content-Type": self.content_type},
        )


V3 = VNET_PATH + "vnet3"
V1 = VNET_PATH + "vnet1"
NEW_PEERING = VNET_PATH + "vnet1/virtualNetworkPeerings/newp"
P12 = VNET_PATH + "vnet1/virtualNetworkPeerings/p12"
FORMAT = "InvalidRequestFormat"

V1_SUBNETS = [_subnet("default", "10.1.0.0/24")]
GROUP_PATH = "/subscriptions/{sub}/resourceGroups/"
BAD_SUBSCRIPTION_PATH = "/subscriptions/not-a-uuid/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/v3"
PEERINGS = VNET_PATH + "vnet1/virtualNetworkPeerings/"
NAME = "InvalidResourceName"
CIDR = "InvalidAddressPrefixFormat"
REMOTE_ID = "InvalidRemoteVirtualNetworkId"

CASES = [
    # unreadable bodies
    BadRequest("malformed json", V3, b'{"location": ', code=FORMAT),
    BadRequest("json array", V3, b"[]", code=FORMAT),
    BadRequest("json string", NEW_PEERING, b'"peering"', code=FORMAT),
    BadRequest("json null", NEW_PEERING, b"null", code=FORMAT),
    BadRequest("empty body", V3, b"", code=FORMAT),
    BadRequest("not utf-8", V3, b'{"location": "\xff\xfe"}', code=FORMAT),
    BadRequest("NaN", V3, b'{"location": NaN}', code=FORMAT),
    BadRequest("deep nesting", V3, b"[" * 100_000 + b"]" * 100_000, code=FORMAT),
    BadRequest("huge number", V3, b'{"location": 1' + b"0" * 5000 + b"}", code=FORMAT),
    BadRequest("oversized body", V3, b'{"location": "' + b"x" * (1024 * 1024 + 1) + b'"}', status=413),
    # wrong types
    BadRequest("bool as string", NEW_PEERING, _peering(allowForwardedTraffic="yes"), code=FORMAT),
    BadRequest("bool as number", P12, _peering(useRemoteGateways=1), code=FORMAT),
    BadRequest("prefixes not a list", V3, _vnet(prefixes="10.3.0.0/16"), code=FORMAT),
    BadRequest("prefix not a string", V3, _vnet(prefixes=[10]), code=FORMAT),
    BadRequest("properties a list", V1, {"location": "westus", "properties": []}, code=FORMAT),
    BadRequest("location a number", V3, _vnet(location=5), code=FORMAT),
    BadRequest("subnets an object", V1, _vnet(prefixes=["10.1.0.0/16"], subnets={"a": 1}), code=FORMAT),
    BadRequest("subnet without name", V3, _vnet(subnets=[{"properties": {"addressPrefix": "10.3.0.0/24"}}]), code=FORMAT),
    BadRequest("subnet without prefix", V3, _vnet(subnets=[{"name": "s", "properties": {}}]), code=FORMAT),
    BadRequest("subnet names a string", NEW_PEERING, _peering(localSubnetNames="default"), code=FORMAT),
    BadRequest("remote a string", NEW_PEERING, {"properties": {"remoteVirtualNetwork": VNET2_ID}}, code=FORMAT),
    BadRequest("remote id a number", NEW_PEERING, _peering(remote=5), code=FORMAT),
    BadRequest("missing address space", V3, {"location": "westus", "properties": {}}, code=FORMAT),
    BadRequest("missing properties", NEW_PEERING, {"name": "newp"}, code=FORMAT),
    # invalid CIDRs
    *[
        BadRequest(f"cidr {prefix}", V3, _vnet(prefixes=[prefix]), code=CIDR)
        for prefix in ("10.0.0.0/33", "10.3.0.1/16", "banana", "10.3.0.0", "::/129", "", "010.3.0.0/16")
    ],
    BadRequest("subnet cidr", V3, _vnet(subnets=[_subnet("s", "10.3.0.0/99")]), code=CIDR),
    # remote virtual network
    BadRequest("missing remote", NEW_PEERING, {"properties": {"useRemoteGateways": True}}, code="MissingJsonReferenceId"),
    BadRequest("remote without id", NEW_PEERING, _peering(remote=None), code="MissingJsonReferenceId"),
    BadRequest("remote not a vnet id", NEW_PEERING, _peering(remote=GROUP_PATH + "rg1"), code=REMOTE_ID),
    BadRequest("remote bad subscription", NEW_PEERING, _peering(VNET2_ID.replace("{sub}", "nope")), code=REMOTE_ID),
    # names
    BadRequest("vnet name too long", VNET_PATH + "v" * 65, _vnet(), code=NAME),
    BadRequest("vnet name too short", VNET_PATH + "v", _vnet(), code=NAME),
    BadRequest("vnet name with space", VNET_PATH + "bad name", _vnet(), code=NAME),
    BadRequest("vnet name ending with dot", VNET_PATH + "vnet.", _vnet(), code=NAME),
    BadRequest("vnet name starting with dash", VNET_PATH + "-vnet", _vnet(), code=NAME),
    BadRequest("peering name too long", PEERINGS + "p" * 81, _peering(), code=NAME),
    BadRequest("peering name with star", PEERINGS + "a*b", _peering(), code=NAME),
    BadRequest("subnet name", V3, _vnet(subnets=[_subnet("bad/name", "10.3.0.0/24")]), code=NAME),
    BadRequest("group name too long", V3.replace("/rg1/", f"/{'g' * 91}/"), _vnet(), code="InvalidResourceGroupName"),
    BadRequest("group name ending with dot", V3.replace("/rg1/", "/rg./"), _vnet(), code="InvalidResourceGroupName"),
    BadRequest("subscription not a uuid", BAD_SUBSCRIPTION_PATH, _vnet(), code="InvalidSubscriptionId"),
    BadRequest("location with odd characters", V3, _vnet(location="west/us"), code="LocationNotAvailableForResourceType"),
    # query
    BadRequest("unknown api-version", V3, _vnet(), api_version="2020-01-01", code="NoRegisteredProviderFound"),
    BadRequest("missing api-version", V3, _vnet(), api_version=None, code="MissingApiVersionParameter"),
    BadRequest("sync false", P12, _peering(), params={"syncRemoteAddressSpace": "false"}, code="InvalidParameter"),
    BadRequest("sync yes", P12, _peering(), params={"syncRemoteAddressSpace": "yes"}, code="InvalidParameter"),
    BadRequest("bad skip token", VNET_PATH[:-1], b"", method="GET", params={"$skipToken": "%%%"}, code="InvalidSkipToken"),
    # refusals of the peering rules and the VNet contract
    BadRequest("duplicate subnets", V3, _vnet(subnets=[_subnet("s", "10.3.0.0/24"), _subnet("S", "10.3.1.0/24")]), code="DuplicateResourceName"),
    BadRequest("create without location", V3, _vnet(location=None), code="LocationRequired"),
    BadRequest("location change", V1, _vnet(["10.1.0.0/16"], "eastus", subnets=V1_SUBNETS), code="InvalidResourceLocation"),
    BadRequest("overlap with peered vnet", V1, _vnet(["10.1.0.0/16", "10.2.128.0/24"], subnets=V1_SUBNETS), code="VnetAddressSpacesOverlap"),
    BadRequest("removing a range that holds a subnet", V1, _vnet(["10.5.0.0/16"], subnets=V1_SUBNETS)),
    BadRequest("second peering to the same remote", NEW_PEERING, _peering()),
    BadRequest("peering with itself", NEW_PEERING, _peering(VNET2_ID.replace("vnet2", "vnet1")), code="CannotPeerVirtualNetworkWithItself"),
    BadRequest("remote vnet missing", NEW_PEERING, _peering(VNET2_ID.replace("vnet2", "ghost"))),
    BadRequest("remote gateways without gateway", P12, _peering(useRemoteGateways=True), code="RemoteVnetHasNoGateways"),
    BadRequest("json body declared as text/plain", P12, _peering(), status=415, code="UnsupportedMediaType", content_type="text/plain"),
    BadRequest("json body declared as a form", V3, _vnet(), status=415, code="UnsupportedMediaType", content_type="application/x-www-form-urlencoded"),
    BadRequest("unknown subnet in subnet peering", P12, _peering(peerCompleteVnets=False, localSubnetNames=["x"], remoteSubnetNames=["x"])),
]  # fmt: skip


def _state_of(arm: ArmSession) -> list[dict]:
    """Every VNet (with embedded peerings and etags) of the subscription."""
    response = arm.get(f"/subscriptions/{arm.subscription}/providers/Microsoft.Network/virtualNetworks")
    assert response.status_code == 200
    return response.json()["value"]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_a_4xx_cloud_error_and_changes_nothing(peered: ArmSession, case: BadRequest) -> None:
    before = _state_of(peered)
    response = case.send(peered)
    assert_cloud_error(response, case.status, case.code)
    assert _state_of(peered) == before


def test_each_case_names_a_distinct_request() -> None:
    assert len({case.name for case in CASES}) == len(CASES)


def test_an_unexpected_failure_is_a_500_cloud_error(arm: ArmSession, monkeypatch: pytest.MonkeyPatch) -> None:
    from conformance.reference import network_handlers

    def explode(*_: Any) -> Callable[..., Any]:
        raise RuntimeError("planted failure")

    monkeypatch.setattr(network_handlers, "vnet_body", explode)
    arm.put_vnet("vnet1", ["10.1.0.0/16"])
    response = arm.get(arm.vnet_path("vnet1"))
    assert response.status_code == 500
    assert response.headers["x-ms-request-id"]
    assert response.json()["error"]["code"] == "InternalServerError"
