"""Cross-reference checks of a parsed catalog: every name it uses must be defined.

Kept apart from parsing so each error names the exact catalog entry at fault.
"""

from __future__ import annotations

import re

from conformance.shapes.catalog import (
    LONG_RUNNING_STYLES,
    PRIMITIVE_TYPES,
    REQUEST_EXTRAS,
    Catalog,
    CatalogError,
    Link,
    Operation,
    Property,
)

HTTP_METHODS = frozenset({"get", "put", "delete", "patch", "post"})
PARAMETER_LOCATIONS = frozenset({"path", "query"})
HEADER_TYPES = frozenset({"string", "integer"})
EXAMPLE_SOURCES = frozenset({"documented"})
PLACEHOLDER = re.compile(r"\{([^}]+)\}")


def check_consistency(catalog: Catalog) -> None:
    """Raise `CatalogError` for the first dangling or contradictory reference."""
    clashes = sorted(set(catalog.shapes) & set(catalog.enums))
    if clashes:
        raise CatalogError(f"names used for both a shape and an enum: {', '.join(clashes)}")
    if not catalog.is_shape(catalog.api.error_shape):
        raise CatalogError(f"api.error_shape: unknown shape {catalog.api.error_shape!r}")
    for shape in catalog.shapes.values():
        if shape.request_extras not in REQUEST_EXTRAS:
            raise CatalogError(f"shapes.{shape.name}.request_extras: expected one of {sorted(REQUEST_EXTRAS)}")
        for prop in shape.properties:
            _check_property(catalog, prop, f"shapes.{shape.name}.properties.{prop.name}")
    for parameter in catalog.parameters.values():
        where = f"parameters.{parameter.name}"
        if parameter.location not in PARAMETER_LOCATIONS:
            raise CatalogError(f"{where}.in: expected one of {sorted(PARAMETER_LOCATIONS)}")
        if parameter.type != "string" and not catalog.is_enum(parameter.type):
            raise CatalogError(f"{where}.type: expected string or an enum, got {parameter.type!r}")
    for header in catalog.headers.values():
        if header.type not in HEADER_TYPES:
            raise CatalogError(f"headers.{header.name}.type: expected one of {sorted(HEADER_TYPES)}")
    for operation in catalog.operations.values():
        _check_operation(catalog, operation)


def _check_property(catalog: Catalog, prop: Property, where: str) -> None:
    known = PRIMITIVE_TYPES | set(catalog.shapes) | set(catalog.enums)
    if prop.type not in known:
        raise CatalogError(f"{where}.type: unknown type {prop.type!r}")
    if prop.type == "array":
        if prop.items is None or prop.items == "array" or prop.items not in known:
            raise CatalogError(f"{where}.items: an array needs a known, non-array element type")
    elif prop.items is not None:
        raise CatalogError(f"{where}.items: only arrays have items")
    if prop.format is not None and prop.type != "string":
        raise CatalogError(f"{where}.format: only strings have a format")
    if prop.read_only and prop.server_computed:
        raise CatalogError(f"{where}: read_only already implies the server computes it")


def _check_operation(catalog: Catalog, operation: Operation) -> None:
    where = f"operations.{operation.operation_id}"
    if operation.method not in HTTP_METHODS:
        raise CatalogError(f"{where}.method: unknown HTTP method {operation.method!r}")
    for name in operation.parameters:
        if name not in catalog.parameters:
            raise CatalogError(f"{where}.parameters: unknown parameter {name!r}")
    placeholders = set(PLACEHOLDER.findall(operation.path))
    path_parameters = {name for name in operation.parameters if catalog.parameters[name].location == "path"}
    if placeholders != path_parameters:
        raise CatalogError(
            f"{where}: path placeholders {sorted(placeholders)} differ from path parameters {sorted(path_parameters)}"
        )
    if operation.request_body is not None and not catalog.is_shape(operation.request_body):
        raise CatalogError(f"{where}.request_body: unknown shape {operation.request_body!r}")
    if operation.long_running is not None and operation.long_running not in LONG_RUNNING_STYLES:
        raise CatalogError(f"{where}.long_running: expected one of {sorted(LONG_RUNNING_STYLES)}")
    if operation.examples is not None and operation.examples not in EXAMPLE_SOURCES:
        raise CatalogError(f"{where}.examples: expected one of {sorted(EXAMPLE_SOURCES)}")
    if not operation.responses:
        raise CatalogError(f"{where}.responses: at least one success response is needed")
    for response in operation.responses:
        rwhere = f"{where}.responses.{response.status}"
        if not response.status.isdigit():
            raise CatalogError(f"{rwhere}: status must be a number; the error response is implied")
        if response.shape is not None and not catalog.is_shape(response.shape):
            raise CatalogError(f"{rwhere}.shape: unknown shape {response.shape!r}")
        for header in response.headers:
            if header not in catalog.headers:
                raise CatalogError(f"{rwhere}.headers: unknown header {header!r}")
        if not set(response.required_headers) <= set(response.headers):
            raise CatalogError(f"{rwhere}.required_headers: must also be listed in headers")
    if operation.pageable is not None:
        _check_pageable(catalog, operation, where)
    for link in operation.links:
        _check_link(catalog, operation, link, f"{where}.links.{link.name}")


def _check_pageable(catalog: Catalog, operation: Operation, where: str) -> None:
    shapes = [response.shape for response in operation.responses if response.shape]
    for shape_name in shapes:
        if operation.pageable not in {prop.name for prop in catalog.shapes[shape_name].properties}:
            raise CatalogError(f"{where}.pageable: {shape_name} has no property {operation.pageable!r}")


def _check_link(catalog: Catalog, source: Operation, link: Link, where: str) -> None:
    target = catalog.operations.get(link.operation)
    if target is None:
        raise CatalogError(f"{where}.operation: unknown operation {link.operation!r}")
    statuses = {response.status for response in source.responses}
    if not set(link.statuses) <= statuses:
        raise CatalogError(f"{where}.after: {sorted(set(link.statuses) - statuses)} are not responses of the source")
    for key in link.parameters:
        location, _, name = key.partition(".")
        parameter = catalog.parameters.get(name)
        if name not in target.parameters or parameter is None or parameter.location != location:
            raise CatalogError(f"{where}.parameters: {key!r} is not a parameter of {target.operation_id}")
    for name in carried_parameters(catalog, target):
        if name not in source.parameters:
            raise CatalogError(f"{where}: {target.operation_id} needs {name!r}, which the source does not have")
    if link.request_body is not None and target.request_body is None:
        raise CatalogError(f"{where}.request_body: {target.operation_id} takes no body")


def carried_parameters(catalog: Catalog, target: Operation) -> tuple[str, ...]:
    """Parameters a link copies from its source request: the target's path and required query ones."""
    return tuple(
        name
        for name in target.parameters
        if catalog.parameters[name].location == "path" or catalog.parameters[name].required
    )
