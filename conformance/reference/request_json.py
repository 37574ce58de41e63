"""Reading a request body as typed values, refusing anything else with a 400 CloudError.

Every accessor names the JSON path of the offending property, so a client sees which
property was wrong rather than a server error.
"""

from __future__ import annotations

import json
from typing import Any

from conformance.reference.arm_errors import ArmError, invalid_body

MAX_BODY_BYTES = 1024 * 1024


def body_too_large() -> ArmError:
    return ArmError(
        413,
        "RequestEntityTooLarge",
        f"The request body is larger than the {MAX_BODY_BYTES} bytes the endpoint accepts.",
    )


def unsupported_media_type(content_type: str) -> ArmError:
    """ARM answers 415 to a body that is not declared as JSON, whatever it contains."""
    return ArmError(
        415,
        "UnsupportedMediaType",
        f"The content media type '{content_type}' is not supported; use 'application/json'.",
    )


def is_json_media_type(content_type: str) -> bool:
    """application/json or a +json type, any parameters (charset) allowed; absent counts as JSON."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    return media_type in ("", "application/json", "text/json") or media_type.endswith("+json")


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _describe(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    return "an object"


class JsonObject:
    """A JSON object of the request with the path it was found at, for error messages."""

    def __init__(self, data: dict[str, Any], path: str = "") -> None:
        self.data = data
        self.path = path

    def _child_path(self, key: str) -> str:
        return f"{self.path}.{key}" if self.path else key

    def _wrong_type(self, key: str, expected: str) -> ArmError:
        path = self._child_path(key)
        return invalid_body(
            f"Property '{path}' must be {expected}, not {_describe(self.data[key])}.", target=path
        )

    def has(self, key: str) -> bool:
        return self.data.get(key) is not None

    def missing(self, key: str) -> ArmError:
        path = self._child_path(key)
        return invalid_body(f"Property '{path}' is required.", target=path)

    def object(self, key: str) -> "JsonObject | None":
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self._wrong_type(key, "an object")
        return JsonObject(value, self._child_path(key))

    def string(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._wrong_type(key, "a string")
        return value

    def boolean(self, key: str) -> bool | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, bool):
            raise self._wrong_type(key, "a boolean (true or false)")
        return value

    def string_list(self, key: str) -> tuple[str, ...] | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self._wrong_type(key, "an array of strings")
        return tuple(value)

    def object_list(self, key: str) -> list["JsonObject"] | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self._wrong_type(key, "an array of objects")
        return [JsonObject(item, f"{self._child_path(key)}[{index}]") for index, item in enumerate(value)]


def parse_json_object(raw: bytes) -> JsonObject:
    """The body as a JSON object; 400 InvalidRequestFormat for anything else."""
    if not raw.strip():
        raise invalid_body("The request body is empty; a JSON object is required.")
    try:
        data = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise invalid_body("The request body is not UTF-8 encoded.") from None
    except (ValueError, RecursionError) as exc:
        raise invalid_body(f"The request body is not valid JSON ({exc}).") from None
    if not isinstance(data, dict):
        raise invalid_body(f"The request body must be a JSON object, not {_describe(data)}.")
    return JsonObject(data)
