"""ARM CloudError answers: every refusal the endpoint makes travels as an `ArmError`.

Handlers raise; the app turns the exception into `{"error": {...}}` with the status,
so no code path can answer an error in another shape.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from starlette.responses import Response

JSON_MEDIA_TYPE = "application/json; charset=utf-8"


@dataclass
class ArmError(Exception):
    """A CloudError answer: `status` with `{"error": {code, message, target?, details?}}`."""

    status: int
    code: str
    message: str
    target: str | None = None
    details: list[dict] | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"

    def body(self) -> dict:
        error: dict = {"code": self.code, "message": self.message}
        if self.target is not None:
            error["target"] = self.target
        if self.details is not None:
            error["details"] = self.details
        return {"error": error}

    def response(self) -> Response:
        return Response(
            json.dumps(self.body()),
            status_code=self.status,
            headers=dict(self.headers),
            media_type=JSON_MEDIA_TYPE,
        )


def bad_request(code: str, message: str, target: str | None = None) -> ArmError:
    return ArmError(400, code, message, target=target)


def invalid_body(message: str, target: str | None = None) -> ArmError:
    """The body cannot be read as the resource: NRP answers these with InvalidRequestFormat."""
    return ArmError(400, "InvalidRequestFormat", f"Cannot parse the request. {message}", target=target)


def peering_not_found(peering_id: str) -> ArmError:
    # Microsoft.Network's own 404 for a child resource, as recorded (details is an empty list).
    return ArmError(404, "NotFound", f"Resource {peering_id} not found.", details=[])


def vnet_not_found(resource_group: str, name: str) -> ArmError:
    # ARM's 404 for a missing top-level resource, as recorded.
    return ArmError(
        404,
        "ResourceNotFound",
        f"The Resource 'Microsoft.Network/virtualNetworks/{name}' under resource group "
        f"'{resource_group}' was not found. For more details please go to "
        "https://aka.ms/ARMResourceNotFoundFix",
    )


def precondition_failed() -> ArmError:
    return ArmError(
        412,
        "PreconditionFailed",
        "The condition specified using HTTP conditional header(s) is not met.",
    )


def internal_error() -> ArmError:
    return ArmError(
        500,
        "InternalServerError",
        "The reference endpoint failed to process the request; see its log.",
    )
