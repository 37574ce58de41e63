"""Handlers of what ARM itself serves around the peerings: resource groups and operations.

Resource groups exist implicitly (any name reads as an existing group), so clients that
create one before their VNets, or probe for it, get minimal but well-formed answers.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.responses import Response

from conformance.reference.arm_errors import ArmError, bad_request
from conformance.reference.arm_names import check_location
from conformance.reference.operations import IN_PROGRESS, operation_urls
from conformance.reference.request_context import (
    RequestContext,
    empty_response,
    json_response,
)
from conformance.reference.store import ResourceGroup

RESOURCE_GROUP_TYPE = "Microsoft.Resources/resourceGroups"
IMPLICIT_GROUP_LOCATION = "westus"


def _group_body(group: ResourceGroup) -> dict:
    return {
        "id": f"/subscriptions/{group.subscription}/resourceGroups/{group.name}",
        "name": group.name,
        "type": RESOURCE_GROUP_TYPE,
        "location": group.location,
        "properties": {"provisioningState": "Succeeded"},
    }


def _known_or_implicit(context: RequestContext) -> ResourceGroup:
    route = context.route
    group = context.state.resource_group(route.subscription, route.resource_group)
    return group or ResourceGroup(route.subscription, route.resource_group, IMPLICIT_GROUP_LOCATION)


async def put_resource_group(context: RequestContext) -> Response:
    body = await context.json_body()
    location = body.string("location")
    if location is None:
        raise bad_request(
            "LocationRequired", "The location property is required for this definition.", "location"
        )
    route = context.route
    created, group = context.state.put_resource_group(
        route.subscription, route.resource_group, check_location(location)
    )
    return json_response(_group_body(group), 201 if created else 200)


async def get_resource_group(context: RequestContext) -> Response:
    return json_response(_group_body(_known_or_implicit(context)))


async def head_resource_group(context: RequestContext) -> Response:
    return empty_response(204)


async def delete_resource_group(context: RequestContext) -> Response:
    """Deletes the group's VNets and their peerings (the peerings toward them disconnect)."""
    route = context.route
    operation = context.state.delete_resource_group(
        route.subscription, route.resource_group, context.settings.long_running
    )
    if operation is None:
        return empty_response(200)
    urls = operation_urls(context.base_url, operation, context.api_version)
    headers = {
        "Location": urls.location,
        "Retry-After": str(context.settings.retry_after),
        "x-ms-request-id": operation.id,
    }
    return empty_response(202, headers)


def _operation_not_found(context: RequestContext) -> ArmError:
    return ArmError(
        404,
        "NotFound",
        f"Operation {context.route.operation_id} was not found in subscription {context.route.subscription}.",
    )


async def get_operation(context: RequestContext) -> Response:
    """The Azure-AsyncOperation resource: `{"status": ...}` as small as the live service's."""
    poll = context.state.poll_operation(context.route.subscription, context.route.operation_id)
    if poll is None:
        raise _operation_not_found(context)
    headers = {"Retry-After": str(context.settings.retry_after)} if poll.status == IN_PROGRESS else {}
    return json_response({"status": poll.status}, headers=headers)


async def get_operation_result(context: RequestContext) -> Response:
    """The Location resource: 202 while in progress, 204 once done."""
    poll = context.state.poll_operation(context.route.subscription, context.route.operation_id)
    if poll is None:
        raise _operation_not_found(context)
    if poll.status == IN_PROGRESS:
        location = f"{context.base_url}{quote(context.request.url.path)}?api-version={quote(context.api_version)}"
        return empty_response(202, {"Location": location, "Retry-After": str(context.settings.retry_after)})
    return empty_response(204)
