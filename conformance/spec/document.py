"""Build the OpenAPI 3.0.3 document from the catalog and the documented examples.

3.0.3 is the OpenAPI version schemathesis supports most completely (3.1 support is
newer); links, response headers and media-type examples are all 3.0 features.
"""

from __future__ import annotations

from typing import Any

from conformance.shapes.catalog import Catalog, Link, Operation, Parameter, Response
from conformance.shapes.consistency import carried_parameters
from conformance.spec.examples import DocumentedExample
from conformance.spec.schemas import component_schemas, request_schema_name, schema_ref

OPENAPI_VERSION = "3.0.3"
JSON_MEDIA_TYPE = "application/json"
PARAMETER_REF_PREFIX = "#/components/parameters/"
LINK_EXTENSION = "x-schemathesis"


def build_openapi(catalog: Catalog, examples: list[DocumentedExample]) -> dict[str, Any]:
    """The whole document as plain JSON-ready data."""
    api = catalog.api
    paths: dict[str, dict[str, Any]] = {}
    for operation in catalog.operations.values():
        mine = [example for example in examples if example.operation_id == operation.operation_id]
        paths.setdefault(operation.path, {})[operation.method] = _operation(catalog, operation, mine)
    return {
        "openapi": OPENAPI_VERSION,
        "info": {"title": api.title, "version": api.version, "description": api.description},
        "servers": [{"url": api.server}],
        "security": [{api.security.name: sorted(api.security.scopes)}],
        "tags": [{"name": tag} for tag in sorted({op.tag for op in catalog.operations.values()})],
        "paths": paths,
        "components": {
            "schemas": component_schemas(catalog),
            "parameters": {name: _parameter(catalog, p) for name, p in catalog.parameters.items()},
            "securitySchemes": {
                api.security.name: {
                    "type": "oauth2",
                    "description": api.security.description,
                    "flows": {
                        "implicit": {
                            "authorizationUrl": api.security.authorization_url,
                            "scopes": dict(api.security.scopes),
                        }
                    },
                }
            },
        },
    }


def _parameter(catalog: Catalog, parameter: Parameter) -> dict[str, Any]:
    if catalog.is_enum(parameter.type):
        schema: dict[str, Any] = schema_ref(parameter.type)
    else:
        schema = {"type": parameter.type}
        if parameter.format:
            schema["format"] = parameter.format
        if parameter.min_length is not None:
            schema["minLength"] = parameter.min_length
        if parameter.max_length is not None:
            schema["maxLength"] = parameter.max_length
        if parameter.values:
            schema["enum"] = list(parameter.values)
    result: dict[str, Any] = {
        "name": parameter.name,
        "in": parameter.location,
        "required": parameter.location == "path" or parameter.required,
        "description": parameter.description,
        "schema": schema,
    }
    if parameter.example is not None:
        result["example"] = parameter.example
    return result


def _operation(catalog: Catalog, operation: Operation, examples: list[DocumentedExample]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "operationId": operation.operation_id,
        "tags": [operation.tag],
        "summary": operation.summary,
        "parameters": [{"$ref": PARAMETER_REF_PREFIX + name} for name in operation.parameters],
        "responses": {
            response.status: _response(catalog, operation, response, examples) for response in operation.responses
        },
    }
    result["responses"]["default"] = {
        "description": catalog.api.error_description,
        "content": {JSON_MEDIA_TYPE: {"schema": schema_ref(catalog.api.error_shape)}},
    }
    if operation.request_body:
        media: dict[str, Any] = {"schema": schema_ref(request_schema_name(operation.request_body))}
        if examples:
            media["examples"] = {e.slug: {"summary": e.name, "value": e.request_body} for e in examples}
        result["requestBody"] = {"required": True, "content": {JSON_MEDIA_TYPE: media}}
    if operation.long_running:
        result["x-ms-long-running-operation"] = True
        result["x-ms-long-running-operation-options"] = {"final-state-via": operation.long_running}
    if operation.pageable:
        result["x-ms-pageable"] = {"nextLinkName": operation.pageable}
    return result


def _response(
    catalog: Catalog, operation: Operation, response: Response, examples: list[DocumentedExample]
) -> dict[str, Any]:
    result: dict[str, Any] = {"description": response.description}
    if response.headers:
        result["headers"] = {
            name: {
                "description": catalog.headers[name].description,
                "required": name in response.required_headers,
                "schema": {"type": catalog.headers[name].type},
            }
            for name in response.headers
        }
    if response.shape:
        media: dict[str, Any] = {"schema": schema_ref(response.shape)}
        documented = {
            e.slug: {"summary": e.name, "value": r.body}
            for e in examples
            for r in e.responses
            if str(r.status) == response.status
        }
        if documented:
            media["examples"] = documented
        result["content"] = {JSON_MEDIA_TYPE: media}
    links = [link for link in operation.links if response.status in link.statuses]
    if links:
        result["links"] = {link.name: _link(catalog, link) for link in links}
    return result


def _link(catalog: Catalog, link: Link) -> dict[str, Any]:
    """Copy path and required query parameters from the source request, then apply overrides."""
    target = catalog.operations[link.operation]
    parameters = {}
    for name in carried_parameters(catalog, target):
        location = catalog.parameters[name].location
        parameters[f"{location}.{name}"] = f"$request.{location}.{name}"
    parameters.update(link.parameters)
    result: dict[str, Any] = {
        "operationId": target.operation_id,
        "description": link.description,
        "parameters": parameters,
    }
    if link.request_body is not None:
        result["requestBody"] = link.request_body
        # The body is the whole request (a sync re-sends the peering unchanged), not a patch to merge.
        result[LINK_EXTENSION] = {"merge_body": False}
    return result
