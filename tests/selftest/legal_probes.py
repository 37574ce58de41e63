"""One cheap HTTP probe per legal variant: True when the probed endpoint behaves as the
variant does, which the unmutated endpoint (async operations, Retry-After 0, page size 2)
never does. Each runs in a fresh subscription."""

from __future__ import annotations

import re
import time
from typing import Callable

from tests.reference.arm_session import ArmSession

ASYNC_OPERATION = "Azure-AsyncOperation"


def _vnet(arm: ArmSession, name: str = "vnet1", prefixes: tuple[str, ...] = ("10.1.0.0/16",)):
    created = arm.put_vnet(name, list(prefixes))
    assert created.status_code in (200, 201), created.text
    return created


def _settled_vnet(arm: ArmSession, name: str = "vnet1", prefixes: tuple[str, ...] = ("10.1.0.0/16",)) -> None:
    created = _vnet(arm, name, prefixes)
    if ASYNC_OPERATION in created.headers:
        arm.finish(created)


def _poll(arm: ArmSession, url: str):
    return arm.http.get(url, verify=arm.verify, timeout=30)


def _pair(arm: ArmSession) -> None:
    _settled_vnet(arm, "vnet1", ("10.1.0.0/16",))
    _settled_vnet(arm, "vnet2", ("10.2.0.0/16",))
    for vnet, name, remote in (("vnet1", "p12", "vnet2"), ("vnet2", "p21", "vnet1")):
        created = arm.put_peering(vnet, name, remote)
        assert created.status_code in (200, 201), created.text
        if ASYNC_OPERATION in created.headers:
            arm.finish(created)


def _list(arm: ArmSession, count: int) -> dict:
    for n in range(1, count + 1):
        _settled_vnet(arm, f"vnet{n}", (f"10.{n}.0.0/16",))
    listed = arm.get(arm.group_path() + "/providers/Microsoft.Network/virtualNetworks")
    assert listed.status_code == 200, listed.text
    return listed.json()


def synchronous_writes(arm):
    created = _vnet(arm)
    return ASYNC_OPERATION not in created.headers and created.json()["properties"]["provisioningState"] == "Succeeded"


def _delete_answer(arm):
    _settled_vnet(arm)
    return arm.delete(arm.vnet_path("vnet1"))


def delete_answers_200_at_once(arm):
    answer = _delete_answer(arm)
    return answer.status_code == 200 and "Location" not in answer.headers


def delete_answers_204_at_once(arm):
    return _delete_answer(arm).status_code == 204


def delete_202_location_only(arm):
    answer = _delete_answer(arm)
    return answer.status_code == 202 and "Location" in answer.headers and ASYNC_OPERATION not in answer.headers


def operation_in_progress_for_3_polls(arm):
    url = _vnet(arm).headers[ASYNC_OPERATION]
    statuses = [_poll(arm, url).json()["status"] for _ in range(2)]
    updating = arm.get(arm.vnet_path("vnet1")).json()["properties"]["provisioningState"] == "Updating"
    statuses += [_poll(arm, url).json()["status"] for _ in range(2)]
    return statuses == ["InProgress"] * 3 + ["Succeeded"] and updating


def retry_after_1(arm):
    return _vnet(arm).headers.get("Retry-After") == "1"


def retry_after_10(arm):
    return _vnet(arm).headers.get("Retry-After") == "10"


def slow_operations(arm):
    url = _vnet(arm).headers[ASYNC_OPERATION]
    return [_poll(arm, url).json()["status"] for _ in range(3)] == ["InProgress"] * 3


def operation_status_with_every_field(arm):
    url = _vnet(arm).headers[ASYNC_OPERATION]
    return {"id", "name", "status", "startTime"} <= set(_poll(arm, url).json())


def no_retry_after_on_polls(arm):
    url = _vnet(arm).headers[ASYNC_OPERATION]
    first = _poll(arm, url)
    return first.json()["status"] == "InProgress" and "Retry-After" not in first.headers


def unknown_response_properties(arm):
    _settled_vnet(arm)
    body = arm.get(arm.vnet_path("vnet1")).json()
    return "ipamPoolPrefixAllocations" in body["properties"]["addressSpace"] and "systemData" in body


def live_response_headers(arm):
    headers = arm.get(arm.vnet_path("missing")).headers
    return headers.get("Cache-Control") == "no-cache" and "Strict-Transport-Security" in headers


def json_without_charset(arm):
    return arm.get(arm.vnet_path("missing")).headers.get("content-type") == "application/json"


def other_error_messages(arm):
    message = arm.get(arm.vnet_path("missing")).json()["error"]["message"]
    return re.fullmatch(r"Request [0-9a-f-]{36} failed \(\w+\)\.", message) is not None


def other_refusal_codes(arm):
    _settled_vnet(arm, "vnet1", ("10.1.0.0/16",))
    _settled_vnet(arm, "vnet3", ("10.1.0.0/24",))
    refused = arm.put_peering("vnet1", "p13", "vnet3")
    return refused.status_code == 400 and refused.json()["error"]["code"] == "InvalidRequestContent"


def prefixes_in_another_order(arm):
    _settled_vnet(arm, "vnet1", ("10.1.0.0/16", "10.11.0.0/16"))
    shown = arm.get(arm.vnet_path("vnet1")).json()["properties"]["addressSpace"]["addressPrefixes"]
    return shown == ["10.11.0.0/16", "10.1.0.0/16"]


def page_size_1(arm):
    return len(_list(arm, 2)["value"]) == 1


def page_size_1000(arm):
    first = _list(arm, 3)
    return len(first["value"]) == 3 and not first.get("nextLink")


def opaque_next_links(arm):
    first = _list(arm, 3)
    link = first.get("nextLink", "")
    if "continuationToken=" not in link or "api-version=" not in link:
        return False
    rest = _poll(arm, link).json()["value"]
    return sorted(item["name"] for item in first["value"] + rest) == ["vnet1", "vnet2", "vnet3"]


def empty_first_page(arm):
    first = _list(arm, 1)
    return first["value"] == [] and [item["name"] for item in _poll(arm, first["nextLink"]).json()["value"]] == ["vnet1"]


def list_items_in_another_order(arm):
    return [item["name"] for item in _list(arm, 2)["value"]] == ["vnet2", "vnet1"]


def initiated_remote_not_in_sync(arm):
    _settled_vnet(arm, "vnet1", ("10.1.0.0/16",))
    _settled_vnet(arm, "vnet2", ("10.2.0.0/16",))
    created = arm.put_peering("vnet1", "p12", "vnet2")
    if ASYNC_OPERATION in created.headers:
        arm.finish(created)
    return arm.peering_properties("vnet1", "p12")["peeringSyncLevel"] == "RemoteNotInSync"


def lenient_self_overlapping_vnet(arm):
    return arm.put_vnet("vnet1", ["10.0.0.0/16", "10.0.0.0/15"]).status_code in (200, 201)


def refuses_put_of_disconnected(arm):
    """After p21 is deleted (p12 Disconnected), a PUT of p12 answers a 400 CloudError."""
    _pair(arm)
    deleted = arm.delete(arm.peering_path("vnet2", "p21"))
    if ASYNC_OPERATION in deleted.headers:
        arm.finish(deleted)
    deadline = time.monotonic() + 10
    while arm.peering_properties("vnet1", "p12")["peeringState"] != "Disconnected" and time.monotonic() < deadline:
        time.sleep(0.1)
    again = arm.put_peering("vnet1", "p12", "vnet2")
    return again.status_code == 400 and "code" in again.json().get("error", {})


def remote_half_lags(arm):
    """Right after vnet1 grows (its operation polled to its end), p21 still shows the old
    level; a moment later it converges."""
    _pair(arm)
    grown = arm.put_vnet("vnet1", ["10.1.0.0/16", "10.11.0.0/16"])
    arm.finish(grown)
    lagging = arm.peering_properties("vnet2", "p21")["peeringSyncLevel"] == "FullyInSync"
    time.sleep(1.0)
    return lagging and arm.peering_properties("vnet2", "p21")["peeringSyncLevel"] == "LocalNotInSync"


def syncs_on_flagged_get(arm):
    """vnet1 grows; a GET of p21 carrying the sync flag answers it (and p12) synced."""
    _pair(arm)
    grown = arm.put_vnet("vnet1", ["10.1.0.0/16", "10.11.0.0/16"])
    if ASYNC_OPERATION in grown.headers:
        arm.finish(grown)
    flagged = arm.get(arm.peering_path("vnet2", "p21"), params={"syncRemoteAddressSpace": "true"})
    return (flagged.status_code == 200
            and flagged.json()["properties"]["peeringSyncLevel"] == "FullyInSync"
            and arm.peering_properties("vnet1", "p12")["peeringSyncLevel"] == "FullyInSync")


LEGAL_PROBES: dict[str, Callable[[ArmSession], bool]] = {
    probe.__name__.replace("_", "-"): probe
    for probe in (
        synchronous_writes,
        delete_answers_200_at_once,
        delete_answers_204_at_once,
        delete_202_location_only,
        operation_in_progress_for_3_polls,
        retry_after_1,
        retry_after_10,
        slow_operations,
        operation_status_with_every_field,
        no_retry_after_on_polls,
        unknown_response_properties,
        live_response_headers,
        json_without_charset,
        other_error_messages,
        other_refusal_codes,
        prefixes_in_another_order,
        page_size_1,
        page_size_1000,
        opaque_next_links,
        empty_first_page,
        list_items_in_another_order,
        initiated_remote_not_in_sync,
        lenient_self_overlapping_vnet,
        refuses_put_of_disconnected,
        remote_half_lags,
        syncs_on_flagged_get,
    )
}
