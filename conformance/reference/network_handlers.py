"""Handlers of the Microsoft.Network resources: virtual networks and their peerings."""

from __future__ import annotations

from starlette.responses import Response

from conformance.model import VnetId
from conformance.reference.arm_errors import bad_request, vnet_not_found
from conformance.reference.arm_names import PEERING_NAME, VNET_NAME, check_resource_name
from conformance.reference.paging import SKIP_TOKEN, next_link, page_of
from conformance.reference.peering_resources import PeeringSnapshot, peering_body, peering_request
from conformance.reference.request_context import (
    RequestContext,
    delete_response,
    json_response,
    query_values,
)
from conformance.reference.vnet_resources import VnetSnapshot, vnet_body, vnet_request

SYNC_PARAMETER = "syncRemoteAddressSpace"


def _vnet_id(context: RequestContext) -> VnetId:
    route = context.route
    return VnetId(route.subscription, route.resource_group, route.vnet)


def _sync_requested(context: RequestContext) -> bool:
    """`syncRemoteAddressSpace`: absent, or `true` in any case (the live service took `True`)."""
    values = query_values(context.request, SYNC_PARAMETER)
    if all(value.lower() == "true" for value in values):
        return bool(values)
    raise bad_request(
        "InvalidParameter",
        f"Query parameter {SYNC_PARAMETER} accepts only the value 'true', not {values[-1]!r}.",
        target=SYNC_PARAMETER,
    )


def _skip_token(context: RequestContext) -> str | None:
    values = query_values(context.request, SKIP_TOKEN)
    return values[-1] if values else None


def _list_response(context: RequestContext, bodies_page: list[dict], token: str | None) -> Response:
    body: dict = {"value": bodies_page}
    link = next_link(context.base_url, context.request.url.path, context.api_version, token)
    if link is not None:
        body["nextLink"] = link
    return json_response(body)


# ----- virtual networks -------------------------------------------------------------------


async def put_vnet(context: RequestContext) -> Response:
    check_resource_name(context.route.vnet, VNET_NAME)
    request = vnet_request(await context.json_body())
    long_running = context.settings.long_running
    outcome = context.state.put_vnet(_vnet_id(context), request, context.preconditions(), long_running)
    headers = {"ETag": outcome.snapshot.etag}
    if outcome.operation is not None:
        headers.update(context.lro_headers(outcome.operation, with_location=False))
    return json_response(vnet_body(outcome.snapshot), 201 if outcome.created else 200, headers)


async def get_vnet(context: RequestContext) -> Response:
    snapshot = context.state.vnet(_vnet_id(context))
    if snapshot is None:
        raise vnet_not_found(context.route.resource_group, context.route.vnet)
    return json_response(vnet_body(snapshot), headers={"ETag": snapshot.etag})


async def delete_vnet(context: RequestContext) -> Response:
    outcome = context.state.delete_vnet(_vnet_id(context), context.preconditions(), context.settings.long_running)
    return delete_response(context, outcome.existed, outcome.operation)


def _vnet_sort_key(snapshot: VnetSnapshot) -> str:
    vnet_id = snapshot.vnet.id
    return f"{vnet_id.resource_group.lower()}/{vnet_id.name.lower()}"


async def list_vnets(context: RequestContext) -> Response:
    route = context.route
    snapshots = context.state.vnets(route.subscription, route.resource_group or None)
    page = page_of(snapshots, _vnet_sort_key, _skip_token(context), context.settings.page_size)
    return _list_response(context, [vnet_body(s) for s in page.items], page.next_token)


# ----- peerings ---------------------------------------------------------------------------


async def put_peering(context: RequestContext) -> Response:
    check_resource_name(context.route.peering, PEERING_NAME)
    sync = _sync_requested(context)
    request = peering_request(await context.json_body())
    outcome = context.state.put_peering(
        _vnet_id(context),
        context.route.peering,
        request,
        sync,
        context.preconditions(),
        context.settings.long_running,
    )
    headers = {"ETag": outcome.snapshot.etag}
    if outcome.operation is not None:
        headers.update(context.lro_headers(outcome.operation, with_location=False))
    return json_response(peering_body(outcome.snapshot), 201 if outcome.created else 200, headers)


async def get_peering(context: RequestContext) -> Response:
    snapshot = context.state.peering(_vnet_id(context), context.route.peering)
    return json_response(peering_body(snapshot), headers={"ETag": snapshot.etag})


async def delete_peering(context: RequestContext) -> Response:
    outcome = context.state.delete_peering(
        _vnet_id(context), context.route.peering, context.preconditions(), context.settings.long_running
    )
    return delete_response(context, outcome.existed, outcome.operation)


def _peering_sort_key(snapshot: PeeringSnapshot) -> str:
    return snapshot.peering.name.lower()


async def list_peerings(context: RequestContext) -> Response:
    snapshots = context.state.peerings(_vnet_id(context))
    page = page_of(snapshots, _peering_sort_key, _skip_token(context), context.settings.page_size)
    return _list_response(context, [peering_body(s) for s in page.items], page.next_token)
