"""Planted bugs in the ARM contract that show in what the endpoint answers: status
codes, headers, error bodies, resource bodies, LRO headers and list pages."""

from __future__ import annotations

import re
import uuid
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.types import Scope

from conformance.reference.routes import RouteKind
from conformance.selftest.variants.asgi_rewriting import Answer, cloud_error, is_route, rewriting_answers

WRONG_PEERING_TYPE = "Microsoft.Network/virtualNetworkPeerings"


def _replace_answer(answer: Answer, other: Answer) -> None:
    answer.status, answer.headers, answer.body = other.status, other.headers, other.body


def _delete_missing_answers_404(scope: Scope, answer: Answer) -> None:
    if is_route(scope, RouteKind.PEERING, "DELETE") and answer.status == 204:
        request_id = answer.headers.get("x-ms-request-id", str(uuid.uuid4()))
        _replace_answer(
            answer, cloud_error(404, "NotFound", "The peering was not found.", {"x-ms-request-id": request_id})
        )


def _missing_peering_answers_500(scope: Scope, answer: Answer) -> None:
    body = answer.json()
    code = body.get("error", {}).get("code") if isinstance(body, dict) else None
    if is_route(scope, RouteKind.PEERING, "GET") and answer.status == 404 and code == "NotFound":
        request_id = answer.headers.get("x-ms-request-id", str(uuid.uuid4()))
        _replace_answer(
            answer,
            cloud_error(500, "InternalServerError", "Object reference not set.", {"x-ms-request-id": request_id}),
        )


def _no_request_id(scope: Scope, answer: Answer) -> None:
    del answer.headers["x-ms-request-id"]


def _flat_error_body(scope: Scope, answer: Answer) -> None:
    body = answer.json()
    if answer.status >= 400 and isinstance(body, dict) and isinstance(body.get("error"), dict):
        answer.set_json(body["error"])


def _relative_lro_urls(scope: Scope, answer: Answer) -> None:
    for name in ("Azure-AsyncOperation", "Location"):
        url = answer.headers.get(name)
        if url:
            parts = urlsplit(url)
            answer.headers[name] = urlunsplit(("", "", parts.path, parts.query, ""))


_OPERATION_ID = re.compile(r"(/operations/)[^/?]+", re.IGNORECASE)


def _bogus_async_operation(scope: Scope, answer: Answer) -> None:
    url = answer.headers.get("Azure-AsyncOperation")
    if url:
        answer.headers["Azure-AsyncOperation"] = _OPERATION_ID.sub(lambda m: m.group(1) + str(uuid.uuid4()), url)


def _peering_bodies(scope: Scope, answer: Answer, body: object) -> list[dict]:
    """The peering objects inside `body`, a peering answer's parsed body (one, or a list page)."""
    if not isinstance(body, dict) or answer.status >= 400:
        return []
    if is_route(scope, RouteKind.PEERING):
        return [body]
    if is_route(scope, RouteKind.PEERINGS):
        return [item for item in body.get("value", []) if isinstance(item, dict)]
    return []


def _rewriting_peerings(change):
    """A rewrite applying `change(peering_body)` to every peering a peering answer holds."""

    def rewrite(scope: Scope, answer: Answer) -> None:
        body = answer.json()
        peerings = _peering_bodies(scope, answer, body)
        for peering in peerings:
            change(peering)
        if peerings:
            answer.set_json(body)

    return rewrite


def _drop_provisioning_state(peering: dict) -> None:
    peering.get("properties", {}).pop("provisioningState", None)


def _wrong_type(peering: dict) -> None:
    peering["type"] = WRONG_PEERING_TYPE


def _page_loses_last_item(scope: Scope, answer: Answer) -> None:
    body = answer.json()
    if is_route(scope, RouteKind.PEERINGS, "GET") and answer.status == 200 and isinstance(body, dict):
        items = body.get("value", [])
        if len(items) > 1:
            answer.set_json({**body, "value": items[:-1]})


def _next_link_without_api_version(scope: Scope, answer: Answer) -> None:
    body = answer.json()
    if isinstance(body, dict) and isinstance(body.get("nextLink"), str):
        parts = urlsplit(body["nextLink"])
        query = [(k, v) for k, v in parse_qsl(parts.query) if k.lower() != "api-version"]
        answer.set_json({**body, "nextLink": urlunsplit(parts._replace(query=urlencode(query)))})


delete_missing_answers_404 = rewriting_answers(_delete_missing_answers_404)
missing_peering_answers_500 = rewriting_answers(_missing_peering_answers_500)
no_request_id = rewriting_answers(_no_request_id)
flat_error_body = rewriting_answers(_flat_error_body)
relative_lro_urls = rewriting_answers(_relative_lro_urls)
bogus_async_operation = rewriting_answers(_bogus_async_operation)
no_provisioning_state = rewriting_answers(_rewriting_peerings(_drop_provisioning_state))
wrong_peering_type = rewriting_answers(_rewriting_peerings(_wrong_type))
page_loses_last_item = rewriting_answers(_page_loses_last_item)
next_link_without_api_version = rewriting_answers(_next_link_without_api_version)
