"""Validate request and response bodies against the generated spec with `jsonschema`.

Independent of schemathesis on purpose: the documented examples and the recorded live
traffic are checked against the same schemas the fuzzer uses, by a second implementation.
Functions return human-readable messages; an empty list means the body is valid.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from conformance.paths import OPENAPI_FILE
from conformance.spec.json_schema import schema_bundle, to_json_schema

JSON_MEDIA_TYPE = "application/json"
NO_BODY = (None, "", b"")


class SpecValidator:
    """Body validators for every operation and component of one OpenAPI document."""

    def __init__(self, document: dict[str, Any]):
        self._bundle = schema_bundle(document["components"]["schemas"])
        self._operations = {
            operation["operationId"]: operation
            for path_item in document["paths"].values()
            for operation in path_item.values()
            if isinstance(operation, dict) and "operationId" in operation
        }
        self._validators: dict[str, Draft202012Validator] = {}

    @classmethod
    def from_file(cls, path: Path = OPENAPI_FILE) -> SpecValidator:
        with open(path, encoding="utf-8") as handle:
            return cls(json.load(handle))

    @property
    def operation_ids(self) -> list[str]:
        return sorted(self._operations)

    def validate_request(self, operation_id: str, body: Any) -> list[str]:
        """Problems with `body` as the request body of `operation_id`."""
        request_body = self._operation(operation_id).get("requestBody")
        if request_body is None:
            return [] if body in NO_BODY else [f"{operation_id} takes no request body"]
        if body in NO_BODY:
            return [f"{operation_id} needs a request body"] if request_body.get("required") else []
        return self._check(request_body["content"][JSON_MEDIA_TYPE]["schema"], body)

    def validate_response(self, operation_id: str, status: int, body: Any) -> list[str]:
        """Problems with `body` as the `status` response of `operation_id`.

        A success status the spec does not list is an error in itself; error statuses
        fall back to the `default` (CloudError) response as OpenAPI prescribes.
        """
        responses = self._operation(operation_id)["responses"]
        response = responses.get(str(status))
        if response is None:
            if status < 400 or "default" not in responses:
                return [f"{operation_id} does not document status {status}"]
            response = responses["default"]
        media = response.get("content", {}).get(JSON_MEDIA_TYPE)
        if media is None:
            return [] if body in NO_BODY else [f"{operation_id} documents no body for status {status}"]
        if body in NO_BODY:
            return [f"{operation_id} documents a body for status {status}, got none"]
        return self._check(media["schema"], body)

    def validate_shape(self, schema_name: str, body: Any) -> list[str]:
        """Problems with `body` as an instance of the component schema `schema_name`."""
        if schema_name not in self._bundle["$defs"]:
            raise KeyError(f"no component schema named {schema_name!r}")
        return self._check({"$ref": f"#/components/schemas/{schema_name}"}, body)

    def _operation(self, operation_id: str) -> dict[str, Any]:
        try:
            return self._operations[operation_id]
        except KeyError:
            raise KeyError(f"unknown operationId {operation_id!r}; known: {', '.join(self.operation_ids)}") from None

    def _check(self, openapi_schema: dict[str, Any], body: Any) -> list[str]:
        key = json.dumps(openapi_schema, sort_keys=True)
        validator = self._validators.get(key)
        if validator is None:
            validator = Draft202012Validator({**self._bundle, **to_json_schema(openapi_schema)})
            self._validators[key] = validator
        errors = sorted(validator.iter_errors(body), key=lambda error: (error.json_path, error.message))
        return [f"{error.json_path}: {error.message}" for error in errors]


@lru_cache(maxsize=1)
def committed_spec_validator() -> SpecValidator:
    """Validators for the committed `specs/openapi.json`, loaded once."""
    return SpecValidator.from_file(OPENAPI_FILE)


def validate_request(operation_id: str, body: Any) -> list[str]:
    return committed_spec_validator().validate_request(operation_id, body)


def validate_response(operation_id: str, status: int, body: Any) -> list[str]:
    return committed_spec_validator().validate_response(operation_id, status, body)


def validate_shape(schema_name: str, body: Any) -> list[str]:
    return committed_spec_validator().validate_shape(schema_name, body)
