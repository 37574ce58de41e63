"""One cheap HTTP probe per planted-bug variant: True when the probed endpoint shows the
variant's bug. Each runs in a fresh subscription of an endpoint with page size 2."""

from __future__ import annotations

import time
from typing import Callable

import requests

from conformance.reference.peering_resources import PEERING_TYPE
from tests.reference.arm_session import ArmSession

TERMINAL = ("Succeeded", "Failed", "Canceled")


def _pair(arm: ArmSession) -> None:
    """vnet1 (10.1.0.0/16, subnet default) and vnet2 (10.2.0.0/16) peered both ways: p12, p21."""
    assert arm.put_vnet("vnet1", ["10.1.0.0/16"], subnets={"default": "10.1.0.0/24"}).status_code in (200, 201)
    assert arm.put_vnet("vnet2", ["10.2.0.0/16"]).status_code in (200, 201)
    assert arm.put_peering("vnet1", "p12", "vnet2").status_code in (200, 201)
    assert arm.put_peering("vnet2", "p21", "vnet1").status_code in (200, 201)


def _level(arm: ArmSession, vnet: str, peering: str) -> str:
    return arm.peering_properties(vnet, peering)["peeringSyncLevel"]


def _state(arm: ArmSession, vnet: str, peering: str) -> str:
    return arm.peering_properties(vnet, peering)["peeringState"]


def _grow_vnet1(arm: ArmSession) -> None:
    assert arm.put_vnet("vnet1", ["10.1.0.0/16", "10.11.0.0/16"], subnets={"default": "10.1.0.0/24"}).ok


def _grow_vnet2(arm: ArmSession) -> None:
    assert arm.put_vnet("vnet2", ["10.2.0.0/16", "10.12.0.0/16"]).ok


def never_remote_not_in_sync(arm):
    _pair(arm)
    _grow_vnet1(arm)
    return _level(arm, "vnet1", "p12") != "RemoteNotInSync"


def never_local_not_in_sync(arm):
    _pair(arm)
    _grow_vnet1(arm)
    return _level(arm, "vnet2", "p21") != "LocalNotInSync"


def removal_not_detected(arm):
    assert arm.put_vnet("vnet1", ["10.1.0.0/16", "10.11.0.0/16"], subnets={"default": "10.1.0.0/24"}).ok
    assert arm.put_vnet("vnet2", ["10.2.0.0/16"]).ok
    assert arm.put_peering("vnet1", "p12", "vnet2").ok and arm.put_peering("vnet2", "p21", "vnet1").ok
    assert arm.put_vnet("vnet1", ["10.1.0.0/16"], subnets={"default": "10.1.0.0/24"}).ok
    return _level(arm, "vnet2", "p21") != "LocalNotInSync"


def resize_not_detected(arm):
    _pair(arm)
    assert arm.put_vnet("vnet1", ["10.1.0.0/17"], subnets={"default": "10.1.0.0/24"}).ok
    return _level(arm, "vnet2", "p21") != "LocalNotInSync"


def never_local_and_remote_not_in_sync(arm):
    _pair(arm)
    _grow_vnet1(arm)
    _grow_vnet2(arm)
    return _level(arm, "vnet1", "p12") != "LocalAndRemoteNotInSync"


def half_sync_fixes_pair(arm):
    _pair(arm)
    _grow_vnet1(arm)
    _grow_vnet2(arm)
    assert arm.put_peering("vnet1", "p12", "vnet2", sync=True).ok
    return _level(arm, "vnet2", "p21") != "LocalNotInSync"


def sync_flag_ignored(arm):
    _pair(arm)
    _grow_vnet2(arm)
    assert arm.put_peering("vnet1", "p12", "vnet2", sync=True).ok
    peered = arm.peering_properties("vnet1", "p12")["remoteAddressSpace"]["addressPrefixes"]
    return "10.12.0.0/16" not in peered


def sync_without_flag(arm):
    _pair(arm)
    _grow_vnet2(arm)
    assert arm.put_peering("vnet1", "p12", "vnet2").ok
    return _level(arm, "vnet1", "p12") != "LocalNotInSync"


def sync_on_wrong_side_fixes_pair(arm):
    _pair(arm)
    _grow_vnet1(arm)
    assert arm.put_peering("vnet1", "p12", "vnet2", sync=True).ok
    return _level(arm, "vnet2", "p21") != "LocalNotInSync"


def eager_remote_address_space(arm):
    _pair(arm)
    _grow_vnet2(arm)
    return "10.12.0.0/16" in arm.peering_properties("vnet1", "p12")["remoteAddressSpace"]["addressPrefixes"]


def stale_remote_vnet_address_space(arm):
    _pair(arm)
    _grow_vnet2(arm)
    now = arm.peering_properties("vnet1", "p12")["remoteVirtualNetworkAddressSpace"]["addressPrefixes"]
    return "10.12.0.0/16" not in now


def never_connected(arm):
    _pair(arm)
    return _state(arm, "vnet1", "p12") != "Connected"


def peering_delete_not_disconnecting(arm):
    _pair(arm)
    assert arm.delete(arm.peering_path("vnet2", "p21")).ok
    return _state(arm, "vnet1", "p12") != "Disconnected"


def vnet_delete_not_disconnecting(arm):
    _pair(arm)
    assert arm.delete(arm.vnet_path("vnet2")).ok
    return _state(arm, "vnet1", "p12") != "Disconnected"


def recreation_while_disconnected(arm):
    _pair(arm)
    assert arm.delete(arm.peering_path("vnet2", "p21")).ok
    return arm.put_peering("vnet2", "p21", "vnet1").status_code != 400


def overlap_allowed_at_create(arm):
    assert arm.put_vnet("vnet1", ["10.1.0.0/16"]).ok and arm.put_vnet("vnet3", ["10.1.0.0/24"]).ok
    return arm.put_peering("vnet1", "p13", "vnet3").status_code != 400


def overlap_allowed_at_update(arm):
    _pair(arm)
    return arm.put_vnet("vnet2", ["10.2.0.0/16", "10.1.128.0/17"]).status_code != 400


def duplicate_remote_reference(arm):
    _pair(arm)
    return arm.put_peering("vnet1", "p12-again", "vnet2").status_code != 400


def remote_gateway_not_required(arm):
    assert arm.put_vnet("vnet1", ["10.1.0.0/16"]).ok and arm.put_vnet("vnet2", ["10.2.0.0/16"]).ok
    return arm.put_peering("vnet1", "p12", "vnet2", useRemoteGateways=True).status_code != 400


def occupied_range_removable(arm):
    assert arm.put_vnet("vnet1", ["10.1.0.0/16"], subnets={"default": "10.1.0.0/24"}).ok
    return arm.put_vnet("vnet1", ["10.9.0.0/16"], subnets={"default": "10.1.0.0/24"}).status_code != 400


def _put_vnet_with_subnets(arm: ArmSession, vnet: str, prefixes: list[str], subnets: dict[str, list[str]]) -> None:
    body = {
        "location": "westus",
        "properties": {
            "addressSpace": {"addressPrefixes": prefixes},
            "subnets": [{"name": n, "properties": {"addressPrefixes": p}} for n, p in subnets.items()],
        },
    }
    assert arm.put(arm.vnet_path(vnet), body).ok


def _subnet_pair(arm: ArmSession, **properties) -> list[str]:
    """The remoteAddressSpace of a subnet peering of vnet1's `a` toward vnet2's `s1`."""
    _put_vnet_with_subnets(arm, "vnet1", ["10.1.0.0/16", "fd00:1::/48"], {"a": ["10.1.0.0/24", "fd00:1::/64"]})
    _put_vnet_with_subnets(
        arm, "vnet2", ["10.2.0.0/16", "fd00:2::/48"],
        {"s1": ["10.2.0.0/24", "fd00:2::/64"], "s2": ["10.2.1.0/24"]},
    )
    created = arm.put_peering(
        "vnet1", "p12", "vnet2", peerCompleteVnets=False, localSubnetNames=["a"], remoteSubnetNames=["s1"],
        **properties,
    )
    assert created.ok, created.text
    return arm.peering_properties("vnet1", "p12")["remoteAddressSpace"]["addressPrefixes"]


def subnet_peering_peers_whole_vnet(arm):
    return _subnet_pair(arm) != ["10.2.0.0/24", "fd00:2::/64"]


def ipv6_only_keeps_ipv4(arm):
    return _subnet_pair(arm, enableOnlyIPv6Peering=True) != ["fd00:2::/64"]


def delete_missing_answers_404(arm):
    _pair(arm)
    return arm.delete(arm.peering_path("vnet1", "missing")).status_code != 204


def missing_peering_answers_500(arm):
    _pair(arm)
    return arm.get(arm.peering_path("vnet1", "missing")).status_code >= 500


def no_request_id(arm):
    _pair(arm)
    return "x-ms-request-id" not in arm.get(arm.peering_path("vnet1", "p12")).headers


def flat_error_body(arm):
    _pair(arm)
    return "error" not in arm.get(arm.peering_path("vnet1", "missing")).json()


def api_version_optional(arm):
    _pair(arm)
    return arm.get(arm.peering_path("vnet1", "p12"), api_version=None).status_code != 400


def relative_async_operation(arm):
    started = arm.put_vnet("vnet1", ["10.1.0.0/16"])
    return not started.headers["Azure-AsyncOperation"].startswith("http")


def bogus_async_operation(arm):
    started = arm.put_vnet("vnet1", ["10.1.0.0/16"])
    return arm.http.get(started.headers["Azure-AsyncOperation"], verify=arm.verify, timeout=30).status_code != 200


def no_provisioning_state(arm):
    _pair(arm)
    return "provisioningState" not in arm.peering_properties("vnet1", "p12")


def wrong_peering_type(arm):
    _pair(arm)
    return arm.get(arm.peering_path("vnet1", "p12")).json()["type"] != PEERING_TYPE


def _peer_vnet1_with_three(arm: ArmSession) -> None:
    assert arm.put_vnet("vnet1", ["10.1.0.0/16"]).ok
    for n in (2, 3, 4):
        assert arm.put_vnet(f"vnet{n}", [f"10.{n}.0.0/16"]).ok
        assert arm.put_peering("vnet1", f"p1{n}", f"vnet{n}").ok


def _all_listed(arm: ArmSession, path: str) -> list[str]:
    names, url = [], f"{arm.base_url}{path}?api-version=2025-05-01"
    while url:
        page = arm.http.get(url, verify=arm.verify, timeout=30)
        if page.status_code != 200:
            return names + [f"page answered {page.status_code}"]
        names += [item["name"] for item in page.json()["value"]]
        url = page.json().get("nextLink")
    return names


def list_page_loses_last_item(arm):
    _peer_vnet1_with_three(arm)
    return sorted(_all_listed(arm, arm.vnet_path("vnet1") + "/virtualNetworkPeerings")) != ["p12", "p13", "p14"]


def next_link_without_api_version(arm):
    _peer_vnet1_with_three(arm)
    first = arm.get(arm.vnet_path("vnet1") + "/virtualNetworkPeerings").json()
    return "api-version=" not in first["nextLink"]


def case_sensitive_peering_names(arm):
    _pair(arm)
    return arm.get(arm.peering_path("vnet1", "P12")).status_code != 200


def etag_fixed_at_creation(arm):
    _pair(arm)
    before = arm.get(arm.peering_path("vnet1", "p12")).json()["etag"]
    assert arm.put_peering("vnet1", "p12", "vnet2", sync=True).ok
    return arm.get(arm.peering_path("vnet1", "p12")).json()["etag"] == before


def malformed_json_answers_500(arm):
    path = arm.vnet_path("vnet1")
    answer = arm.request("PUT", path, data=b'{"location": ', headers={"Content-Type": "application/json"})
    return answer.status_code >= 500


def peering_state_from_request(arm):
    assert arm.put_vnet("vnet1", ["10.1.0.0/16"]).ok and arm.put_vnet("vnet2", ["10.2.0.0/16"]).ok
    assert arm.put_peering("vnet1", "p12", "vnet2", peeringState="Connected").ok
    return _state(arm, "vnet1", "p12") == "Connected"


POLL_DEADLINE_SECONDS = 5.0


def operation_never_finishes(arm):
    """Polls as a client with a deadline does: the bug shows as a deadline reached."""
    url = arm.put_vnet("vnet1", ["10.1.0.0/16"]).headers["Azure-AsyncOperation"]
    deadline = time.monotonic() + POLL_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if arm.http.get(url, verify=arm.verify, timeout=30).json()["status"] in TERMINAL:
            return False
        time.sleep(0.2)
    return True


CLIENT_RETRIES = 4


def service_unavailable_storm(arm):
    _pair(arm)
    answers = [arm.get(arm.peering_path("vnet1", "p12")).status_code for _ in range(CLIENT_RETRIES + 1)]
    return 200 not in answers


REQUEST_TIMEOUT_SECONDS = 2.0


def slow_peering_list(arm):
    _pair(arm)
    url = f"{arm.base_url}{arm.vnet_path('vnet1')}/virtualNetworkPeerings?api-version=2025-05-01"
    try:
        arm.http.get(url, verify=arm.verify, timeout=REQUEST_TIMEOUT_SECONDS)
    except requests.Timeout:
        return True
    return False


# Probes whose variant only shows on long-running operations (the endpoint's async mode).
NEEDS_ASYNC_LRO = {"relative-async-operation", "bogus-async-operation", "operation-never-finishes"}

PROBES: dict[str, Callable[[ArmSession], bool]] = {
    probe.__name__.replace("_", "-"): probe
    for probe in (
        never_remote_not_in_sync,
        never_local_not_in_sync,
        removal_not_detected,
        resize_not_detected,
        never_local_and_remote_not_in_sync,
        half_sync_fixes_pair,
        sync_flag_ignored,
        sync_without_flag,
        sync_on_wrong_side_fixes_pair,
        eager_remote_address_space,
        stale_remote_vnet_address_space,
        never_connected,
        peering_delete_not_disconnecting,
        vnet_delete_not_disconnecting,
        recreation_while_disconnected,
        overlap_allowed_at_create,
        overlap_allowed_at_update,
        duplicate_remote_reference,
        remote_gateway_not_required,
        occupied_range_removable,
        subnet_peering_peers_whole_vnet,
        ipv6_only_keeps_ipv4,
        delete_missing_answers_404,
        missing_peering_answers_500,
        no_request_id,
        flat_error_body,
        api_version_optional,
        relative_async_operation,
        bogus_async_operation,
        no_provisioning_state,
        wrong_peering_type,
        list_page_loses_last_item,
        next_link_without_api_version,
        case_sensitive_peering_names,
        etag_fixed_at_creation,
        malformed_json_answers_500,
        peering_state_from_request,
        operation_never_finishes,
        service_unavailable_storm,
        slow_peering_list,
    )
}
