"""Legal variants that live on the wire: other shapes of the same answers, as the ARM
contract and the live service allow (how writes finish, what bodies and headers carry,
the wording and codes of refusals). Each rewrites what the correct endpoint answered."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from typing import Callable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from conformance.reference.routes import RouteKind
from conformance.selftest.variants.asgi_rewriting import (
    Answer,
    arm_stamp,
    is_route,
    new_answer,
    request_url,
    rewriting_answers,
    route_of,
    send_answer,
)

# x-ms-* and caching headers a recorded live answer carries (recordings/azure-libraries-for-net).
LIVE_EXTRA_HEADERS = {
    "Cache-Control": "no-cache",
    "Pragma": "no-cache",
    "Expires": "-1",
    "x-ms-ratelimit-remaining-subscription-writes": "1198",
    "x-ms-routing-request-id": "WESTUS:20261201T000000Z:00000000-0000-0000-0000-000000000000",
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "X-Content-Type-Options": "nosniff",
}
# Properties live bodies carry that the REST reference does not list (NOTES.md, Real behaviour).
EXTRA_PEERING_PROPERTIES = {
    "remoteGateways": [],
    "routeServiceVips": {},
    "remoteBgpCommunities": {"virtualNetworkCommunity": "12076:20000", "regionalCommunity": "12076:50004"},
}
EXTRA_VNET_PROPERTIES = {"enableDdosProtection": False, "privateEndpointVNetPolicies": "Disabled"}
# The 400 refusals of the peering and address-space rules: codes seen in live traffic only,
# which no document fixes (the api-version codes of the ARM contract are not among them).
RULE_REFUSAL_CODES = frozenset({
    "VnetAddressSpacesOverlap",
    "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet",
    "RemotePeeringIsDisconnected",
    "RemoteVnetHasNoGateways",
    "LocalVnetHasGateway",
    "OnlyOnePeeringCanUseRemoteGateways",
    "AnotherPeeringAlreadyReferencesRemoteVnet",
    "CannotPeerVirtualNetworkWithItself",
    "CannotChangeRemoteVirtualNetwork",
    "NetcfgInvalidAddressPrefix",
    "NetcfgSubnetRangeOutsideVnet",
    "NetcfgSubnetRangesOverlap",
    "SubnetNotFoundForSubnetPeering",
    "SubnetNamesRequiredForSubnetPeering",
})
OTHER_REFUSAL_CODE = "InvalidRequestContent"


def _error_of(answer: Answer) -> dict | None:
    body = answer.json()
    error = body.get("error") if isinstance(body, dict) and answer.status >= 400 else None
    return error if isinstance(error, dict) else None


def _is_write(scope: Scope) -> bool:
    route = route_of(scope)
    return route is not None and route.kind in (RouteKind.VNET, RouteKind.PEERING)


# ----- how writes finish ------------------------------------------------------------------


def _drop_operation_headers(answer: Answer) -> None:
    for name in ("Azure-AsyncOperation", "Location", "Retry-After"):
        del answer.headers[name]


def _delete_finishing_with(status: int) -> Callable[[Scope, Answer], None]:
    """A DELETE the endpoint answered 202 is answered `status` at once (the model applied
    it already): a delete that finishes within its request."""

    def rewrite(scope: Scope, answer: Answer) -> None:
        if _is_write(scope) and scope["method"] == "DELETE" and answer.status == 202:
            answer.status = status
            _drop_operation_headers(answer)

    return rewrite


def _delete_with_location_only(scope: Scope, answer: Answer) -> None:
    if _is_write(scope) and scope["method"] == "DELETE" and answer.status == 202:
        del answer.headers["Azure-AsyncOperation"]


def _status_with_every_field(scope: Scope, answer: Answer) -> None:
    """The operation resource as the ARM contract shapes it in full: id, name, times."""
    body = answer.json()
    if is_route(scope, RouteKind.OPERATION, "GET") and answer.status == 200 and isinstance(body, dict):
        now = dt.datetime.now(dt.timezone.utc).isoformat()
        operation_id = scope["path"].rstrip("/").rsplit("/", 1)[-1]
        body = {"id": scope["path"], "name": operation_id, **body, "startTime": now}
        if body.get("status") != "InProgress":
            body.update(endTime=now, percentComplete=100)
        answer.set_json(body)


def _no_retry_after_on_polls(scope: Scope, answer: Answer) -> None:
    route = route_of(scope)
    if route is not None and route.kind in (RouteKind.OPERATION, RouteKind.OPERATION_RESULT):
        del answer.headers["Retry-After"]


class OperationInProgressForPolls:
    """Every operation a write started answers InProgress to its first IN_PROGRESS_POLLS
    polls, and its resource reads provisioningState Updating until then: the first
    polls are answered here, before the endpoint sees one (its operation answers
    InProgress to the first poll it sees and ends there)."""

    IN_PROGRESS_POLLS = 3
    _HELD_POLLS = IN_PROGRESS_POLLS - 1

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.polls: Counter[str] = Counter()
        # operation id (lower case) -> the Retry-After its write answered with
        self.started: dict[str, str] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = route_of(scope) if scope["type"] == "http" else None
        if route is not None and route.kind in (RouteKind.OPERATION, RouteKind.OPERATION_RESULT):
            key = (route.operation_id or "").lower()
            if key in self.started and self.polls[key] < self._HELD_POLLS:
                self.polls[key] += 1
                retry_after = {"Retry-After": self.started[key], **arm_stamp(scope)}
                if route.kind is RouteKind.OPERATION:
                    await send_answer(new_answer(200, {"status": "InProgress"}, retry_after), send)
                else:
                    await send_answer(new_answer(202, None, {"Location": request_url(scope), **retry_after}), send)
                return
        if route is not None and _is_write(scope):
            send = self._noting_operations(send)
        await self.app(scope, receive, send)

    def _noting_operations(self, send: Send) -> Send:
        async def noting(message) -> None:
            if message["type"] == "http.response.start":
                headers = {name.decode("latin-1").lower(): value.decode("latin-1") for name, value in message["headers"]}
                for name in ("azure-asyncoperation", "location"):
                    if name in headers:
                        operation_id = urlsplit(headers[name]).path.rstrip("/").rsplit("/", 1)[-1].lower()
                        self.started[operation_id] = headers.get("retry-after", "0")
            await send(message)

        return noting


# ----- what answers carry -----------------------------------------------------------------


def _extra_properties(scope: Scope, answer: Answer) -> None:
    body = answer.json()
    route = route_of(scope)
    if route is None or answer.status >= 300 or not isinstance(body, dict):
        return
    items = body.get("value") if route.kind in (RouteKind.PEERINGS, RouteKind.VNETS_IN_GROUP,
                                                  RouteKind.VNETS_IN_SUBSCRIPTION) else [body]
    for item in items if isinstance(items, list) else []:
        properties = item.get("properties") if isinstance(item, dict) else None
        if not isinstance(properties, dict):
            continue
        item["systemData"] = {"createdByType": "User", "lastModifiedByType": "User"}
        if route.kind in (RouteKind.PEERING, RouteKind.PEERINGS):
            properties.update(EXTRA_PEERING_PROPERTIES)
        else:
            properties.update(EXTRA_VNET_PROPERTIES)
            space = properties.get("addressSpace")
            if isinstance(space, dict):
                space["ipamPoolPrefixAllocations"] = []
    answer.set_json(body)


def _extra_headers(scope: Scope, answer: Answer) -> None:
    for name, value in LIVE_EXTRA_HEADERS.items():
        answer.headers[name] = value


def _json_without_charset(scope: Scope, answer: Answer) -> None:
    if answer.headers.get("content-type", "").startswith("application/json"):
        answer.headers["content-type"] = "application/json"


def _other_error_messages(scope: Scope, answer: Answer) -> None:
    error = _error_of(answer)
    if error is not None:
        body = answer.json()
        body["error"] = {**error, "message": f"Request {uuid.uuid4()} failed ({error.get('code')})."}
        answer.set_json(body)


def _other_refusal_codes(scope: Scope, answer: Answer) -> None:
    error = _error_of(answer)
    if answer.status == 400 and error is not None and error.get("code") in RULE_REFUSAL_CODES:
        body = answer.json()
        body["error"] = {**error, "code": OTHER_REFUSAL_CODE}
        answer.set_json(body)


def _reversed_prefixes(value: object) -> None:
    """Every addressPrefixes list inside `value`, reversed in place."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "addressPrefixes" and isinstance(item, list):
                item.reverse()
            else:
                _reversed_prefixes(item)
    elif isinstance(value, list):
        for item in value:
            _reversed_prefixes(item)


def _prefixes_in_another_order(scope: Scope, answer: Answer) -> None:
    body = answer.json()
    if answer.status < 300 and isinstance(body, dict):
        _reversed_prefixes(body)
        answer.set_json(body)


delete_answers_200 = rewriting_answers(_delete_finishing_with(200))
delete_answers_204 = rewriting_answers(_delete_finishing_with(204))
delete_with_location_only = rewriting_answers(_delete_with_location_only)
status_with_every_field = rewriting_answers(_status_with_every_field)
no_retry_after_on_polls = rewriting_answers(_no_retry_after_on_polls)
extra_properties = rewriting_answers(_extra_properties)
extra_headers = rewriting_answers(_extra_headers)
json_without_charset = rewriting_answers(_json_without_charset)
other_error_messages = rewriting_answers(_other_error_messages)
other_refusal_codes = rewriting_answers(_other_refusal_codes)
prefixes_in_another_order = rewriting_answers(_prefixes_in_another_order)
