"""Read `specs/shapes.yaml` into a `Catalog`, rejecting typos instead of ignoring them.

Every mapping is checked against the keys it may hold, so a misspelt `read_onyl` fails
loudly rather than silently producing a writable property.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from conformance.paths import SHAPES_FILE
from conformance.shapes.catalog import (
    ApiInfo,
    Catalog,
    CatalogError,
    EnumShape,
    Header,
    Link,
    Operation,
    Parameter,
    Property,
    Response,
    Security,
    Shape,
)
from conformance.shapes.consistency import check_consistency

TOP_KEYS = {"api", "enums", "shapes", "parameters", "headers", "paths", "operations"}
API_KEYS = {"title", "version", "server", "description", "security", "error_shape", "error_description"}
SECURITY_KEYS = {"name", "description", "authorization_url", "scopes"}
ENUM_KEYS = {"description", "values"}
SHAPE_KEYS = {"description", "properties", "request_extras"}
PROPERTY_KEYS = {
    "type", "items", "format", "description", "read_only", "in_request",
    "server_computed", "required", "nullable",
}
PARAMETER_KEYS = {"in", "required", "type", "format", "min_length", "max_length", "values", "description", "example"}
HEADER_KEYS = {"type", "description"}
OPERATION_KEYS = {
    "method", "path", "tag", "summary", "parameters", "request_body", "long_running",
    "pageable", "examples", "responses", "links",
}
RESPONSE_KEYS = {"description", "shape", "headers", "required_headers"}
LINK_KEYS = {"operation", "after", "description", "parameters", "request_body"}


def load_catalog(path: Path = SHAPES_FILE) -> Catalog:
    """Parse and cross-check the catalog at `path`."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    catalog = parse_catalog(raw)
    check_consistency(catalog)
    return catalog


def parse_catalog(raw: Any) -> Catalog:
    """Turn the decoded YAML document into dataclasses (no cross-references checked)."""
    doc = _mapping(raw, "catalog", TOP_KEYS, required=TOP_KEYS)
    paths = {name: _text(value, f"paths.{name}") for name, value in _mapping(doc["paths"], "paths").items()}
    return Catalog(
        api=_api(doc["api"]),
        enums={name: _enum(name, body) for name, body in _mapping(doc["enums"], "enums").items()},
        shapes={name: _shape(name, body) for name, body in _mapping(doc["shapes"], "shapes").items()},
        parameters={
            name: _parameter(name, body) for name, body in _mapping(doc["parameters"], "parameters").items()
        },
        headers={name: _header(name, body) for name, body in _mapping(doc["headers"], "headers").items()},
        operations={
            name: _operation(name, body, paths) for name, body in _mapping(doc["operations"], "operations").items()
        },
    )


def _mapping(
    value: Any, where: str, allowed: set[str] | None = None, required: set[str] | frozenset[str] = frozenset()
) -> dict:
    if not isinstance(value, dict):
        raise CatalogError(f"{where}: expected a mapping, got {type(value).__name__}")
    odd_keys = [key for key in value if not isinstance(key, str)]
    if odd_keys:
        raise CatalogError(f"{where}: keys must be strings (quote YAML words like on/yes/no): {odd_keys!r}")
    if allowed is not None:
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise CatalogError(f"{where}: unknown key(s) {', '.join(unknown)}")
    missing = sorted(required - set(value))
    if missing:
        raise CatalogError(f"{where}: missing key(s) {', '.join(missing)}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"{where}: expected a non-empty string")
    return value


def _flag(body: dict, key: str, where: str, default: bool = False) -> bool:
    value = body.get(key, default)
    if not isinstance(value, bool):
        raise CatalogError(f"{where}.{key}: expected true or false")
    return value


def _names(value: Any, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise CatalogError(f"{where}: expected a list")
    return tuple(_text(item, f"{where}[{index}]") for index, item in enumerate(value))


def _optional_int(body: dict, key: str, where: str) -> int | None:
    value = body.get(key)
    if value is not None and (not isinstance(value, int) or isinstance(value, bool) or value < 0):
        raise CatalogError(f"{where}.{key}: expected a non-negative integer")
    return value


def _api(raw: Any) -> ApiInfo:
    body = _mapping(raw, "api", API_KEYS, required=API_KEYS)
    security = _mapping(body["security"], "api.security", SECURITY_KEYS, required=SECURITY_KEYS)
    scopes = _mapping(security["scopes"], "api.security.scopes")
    return ApiInfo(
        title=_text(body["title"], "api.title"),
        version=_text(body["version"], "api.version"),
        server=_text(body["server"], "api.server"),
        description=_text(body["description"], "api.description"),
        security=Security(
            name=_text(security["name"], "api.security.name"),
            description=_text(security["description"], "api.security.description"),
            authorization_url=_text(security["authorization_url"], "api.security.authorization_url"),
            scopes={name: _text(text, f"api.security.scopes.{name}") for name, text in scopes.items()},
        ),
        error_shape=_text(body["error_shape"], "api.error_shape"),
        error_description=_text(body["error_description"], "api.error_description"),
    )


def _enum(name: str, raw: Any) -> EnumShape:
    where = f"enums.{name}"
    body = _mapping(raw, where, ENUM_KEYS, required=ENUM_KEYS)
    values = _names(body["values"], f"{where}.values")
    if not values or len(set(values)) != len(values):
        raise CatalogError(f"{where}.values: expected distinct values")
    return EnumShape(name=name, description=_text(body["description"], f"{where}.description"), values=values)


def _shape(name: str, raw: Any) -> Shape:
    where = f"shapes.{name}"
    body = _mapping(raw, where, SHAPE_KEYS, required={"description", "properties"})
    properties = _mapping(body["properties"], f"{where}.properties")
    return Shape(
        name=name,
        description=_text(body["description"], f"{where}.description"),
        properties=tuple(_property(prop, value, f"{where}.properties.{prop}") for prop, value in properties.items()),
        request_extras=_text(body.get("request_extras", "forbid"), f"{where}.request_extras"),
    )


def _property(name: str, raw: Any, where: str) -> Property:
    body = _mapping(raw, where, PROPERTY_KEYS, required={"type", "description"})
    return Property(
        name=name,
        type=_text(body["type"], f"{where}.type"),
        description=_text(body["description"], f"{where}.description"),
        items=_text(body["items"], f"{where}.items") if "items" in body else None,
        format=_text(body["format"], f"{where}.format") if "format" in body else None,
        read_only=_flag(body, "read_only", where),
        in_request=_flag(body, "in_request", where, default=True),
        server_computed=_flag(body, "server_computed", where),
        required=_flag(body, "required", where),
        nullable=_flag(body, "nullable", where),
    )


def _parameter(name: str, raw: Any) -> Parameter:
    where = f"parameters.{name}"
    body = _mapping(raw, where, PARAMETER_KEYS, required={"in", "type", "description"})
    return Parameter(
        name=name,
        location=_text(body["in"], f"{where}.in"),
        type=_text(body["type"], f"{where}.type"),
        description=_text(body["description"], f"{where}.description"),
        required=_flag(body, "required", where),
        format=_text(body["format"], f"{where}.format") if "format" in body else None,
        min_length=_optional_int(body, "min_length", where),
        max_length=_optional_int(body, "max_length", where),
        values=_names(body["values"], f"{where}.values") if "values" in body else (),
        example=_text(str(body["example"]), f"{where}.example") if "example" in body else None,
    )


def _header(name: str, raw: Any) -> Header:
    where = f"headers.{name}"
    body = _mapping(raw, where, HEADER_KEYS, required=HEADER_KEYS)
    return Header(
        name=name,
        type=_text(body["type"], f"{where}.type"),
        description=_text(body["description"], f"{where}.description"),
    )


def _operation(operation_id: str, raw: Any, paths: dict[str, str]) -> Operation:
    where = f"operations.{operation_id}"
    required = {"method", "path", "tag", "summary", "parameters", "responses"}
    body = _mapping(raw, where, OPERATION_KEYS, required=required)
    path_name = _text(body["path"], f"{where}.path")
    if path_name not in paths:
        raise CatalogError(f"{where}.path: {path_name!r} is not one of paths: {', '.join(sorted(paths))}")
    responses = _mapping(body["responses"], f"{where}.responses")
    links = _mapping(body.get("links", {}), f"{where}.links")
    return Operation(
        operation_id=operation_id,
        method=_text(body["method"], f"{where}.method").lower(),
        path=paths[path_name],
        tag=_text(body["tag"], f"{where}.tag"),
        summary=_text(body["summary"], f"{where}.summary"),
        parameters=_names(body["parameters"], f"{where}.parameters"),
        responses=tuple(
            _response(str(status), value, f"{where}.responses.{status}") for status, value in responses.items()
        ),
        request_body=_text(body["request_body"], f"{where}.request_body") if "request_body" in body else None,
        long_running=_text(body["long_running"], f"{where}.long_running") if "long_running" in body else None,
        pageable=_text(body["pageable"], f"{where}.pageable") if "pageable" in body else None,
        examples=_text(body["examples"], f"{where}.examples") if "examples" in body else None,
        links=tuple(_link(name, value, f"{where}.links.{name}") for name, value in links.items()),
    )


def _response(status: str, raw: Any, where: str) -> Response:
    body = _mapping(raw, where, RESPONSE_KEYS, required={"description"})
    return Response(
        status=status,
        description=_text(body["description"], f"{where}.description"),
        shape=_text(body["shape"], f"{where}.shape") if "shape" in body else None,
        headers=_names(body.get("headers", []), f"{where}.headers"),
        required_headers=_names(body.get("required_headers", []), f"{where}.required_headers"),
    )


def _link(name: str, raw: Any, where: str) -> Link:
    body = _mapping(raw, where, LINK_KEYS, required={"operation", "after", "description"})
    parameters = _mapping(body.get("parameters", {}), f"{where}.parameters")
    return Link(
        name=name,
        operation=_text(body["operation"], f"{where}.operation"),
        statuses=_names(body["after"], f"{where}.after"),
        description=_text(body["description"], f"{where}.description"),
        parameters={key: _text(value, f"{where}.parameters.{key}") for key, value in parameters.items()},
        request_body=_text(body["request_body"], f"{where}.request_body") if "request_body" in body else None,
    )
