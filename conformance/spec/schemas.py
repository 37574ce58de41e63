"""Catalog shapes -> OpenAPI 3.0 component schemas, in a response and a request variant.

Responses must tolerate properties the spec lacks (live bodies carry remoteGateways,
routeServiceVips, ...), so every response variant sets `additionalProperties: true`.
Requests are described exactly: the request variant (`<Shape>Request`) keeps only the
writable properties and, unless the shape says `request_extras: allow`, forbids others.
"""

from __future__ import annotations

from typing import Any

from conformance.shapes.catalog import Catalog, Property, Shape

REQUEST_SUFFIX = "Request"
SCHEMA_REF_PREFIX = "#/components/schemas/"
SERVER_COMPUTED_EXTENSION = "x-server-computed"


def schema_ref(name: str) -> dict[str, str]:
    return {"$ref": SCHEMA_REF_PREFIX + name}


def request_schema_name(shape_name: str) -> str:
    return shape_name + REQUEST_SUFFIX


def component_schemas(catalog: Catalog) -> dict[str, Any]:
    """Every enum, every shape's response variant and the request variants requests reach."""
    schemas: dict[str, Any] = {}
    for enum in catalog.enums.values():
        schemas[enum.name] = {"type": "string", "description": enum.description, "enum": list(enum.values)}
    for shape in catalog.shapes.values():
        schemas[shape.name] = _object_schema(catalog, shape, for_request=False)
    for shape_name in request_shapes(catalog):
        schemas[request_schema_name(shape_name)] = _object_schema(catalog, catalog.shapes[shape_name], for_request=True)
    return schemas


def request_shapes(catalog: Catalog) -> list[str]:
    """Shapes reachable from a request body through writable properties, sorted by name."""
    pending = [op.request_body for op in catalog.operations.values() if op.request_body]
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        for prop in catalog.shapes[name].properties:
            if prop.writable and catalog.is_shape(prop.referenced_type):
                pending.append(prop.referenced_type)
    return sorted(seen)


def _object_schema(catalog: Catalog, shape: Shape, for_request: bool) -> dict[str, Any]:
    properties = [prop for prop in shape.properties if prop.writable or not for_request]
    schema: dict[str, Any] = {
        "type": "object",
        "description": shape.description,
        "properties": {prop.name: _property_schema(catalog, prop, for_request) for prop in properties},
        "additionalProperties": shape.request_extras == "allow" if for_request else True,
    }
    required = [prop.name for prop in properties if prop.required]
    if required:
        schema["required"] = required
    return schema


def _property_schema(catalog: Catalog, prop: Property, for_request: bool) -> dict[str, Any]:
    if prop.type == "array":
        schema: dict[str, Any] = {"type": "array", "items": _type_schema(catalog, prop.items or "", for_request)}
    elif catalog.is_shape(prop.type) or catalog.is_enum(prop.type):
        # OpenAPI 3.0 ignores siblings of $ref, so annotations need an allOf wrapper.
        schema = {"allOf": [_type_schema(catalog, prop.type, for_request)]}
    else:
        schema = {"type": prop.type}
    schema["description"] = prop.description
    if prop.format:
        schema["format"] = prop.format
    if prop.nullable:
        schema["nullable"] = True
    if prop.read_only:
        schema["readOnly"] = True
    if prop.server_computed:
        schema[SERVER_COMPUTED_EXTENSION] = True
    return schema


def _type_schema(catalog: Catalog, type_name: str, for_request: bool) -> dict[str, Any]:
    if catalog.is_shape(type_name):
        return schema_ref(request_schema_name(type_name) if for_request else type_name)
    if catalog.is_enum(type_name):
        return schema_ref(type_name)
    return {"type": type_name}
