"""OpenAPI 3.0 schema objects -> JSON Schema 2020-12, for validators that do not speak OpenAPI.

OpenAPI 3.0 differs from JSON Schema in two ways that matter here: `nullable` instead of
a "null" type, and refs into `#/components/schemas`. Everything else is kept, so the
`jsonschema` validators and schemathesis judge bodies by the same rules.
"""

from __future__ import annotations

from typing import Any

DIALECT = "https://json-schema.org/draft/2020-12/schema"
OPENAPI_REF_PREFIX = "#/components/schemas/"
JSON_SCHEMA_REF_PREFIX = "#/$defs/"


def to_json_schema(node: Any) -> Any:
    """Convert one OpenAPI 3.0 schema (recursively) to JSON Schema 2020-12."""
    if isinstance(node, list):
        return [to_json_schema(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: to_json_schema(value) for key, value in node.items() if key != "nullable"}
    ref = converted.get("$ref")
    if isinstance(ref, str) and ref.startswith(OPENAPI_REF_PREFIX):
        converted["$ref"] = JSON_SCHEMA_REF_PREFIX + ref[len(OPENAPI_REF_PREFIX):]
    if node.get("nullable") is True:
        if isinstance(converted.get("type"), str):
            converted["type"] = [converted["type"], "null"]
        else:
            converted = {"anyOf": [converted, {"type": "null"}]}
    return converted


def schema_bundle(components: dict[str, Any]) -> dict[str, Any]:
    """All component schemas as one JSON Schema document; point at one with `$ref`."""
    return {"$schema": DIALECT, "$defs": {name: to_json_schema(schema) for name, schema in components.items()}}


def standalone_schema(components: dict[str, Any], name: str) -> dict[str, Any]:
    """A self-contained JSON Schema for one component, carrying only the definitions it needs."""
    needed = sorted(_referenced(components, name))
    schema = {"$schema": DIALECT, "title": name, **to_json_schema(components[name])}
    if needed:
        schema["$defs"] = {dep: to_json_schema(components[dep]) for dep in needed}
    return schema


def _referenced(components: dict[str, Any], root: str) -> set[str]:
    found: set[str] = set()
    pending = list(_direct_refs(components[root]))
    while pending:
        name = pending.pop()
        if name not in found:
            found.add(name)
            pending.extend(_direct_refs(components[name]))
    return found


def _direct_refs(node: Any) -> set[str]:
    if isinstance(node, list):
        return set().union(*(_direct_refs(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    refs = set().union(*(_direct_refs(value) for value in node.values())) if node else set()
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith(OPENAPI_REF_PREFIX):
        refs.add(ref[len(OPENAPI_REF_PREFIX):])
    return refs
