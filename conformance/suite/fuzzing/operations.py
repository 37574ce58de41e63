"""The operations of the generated spec that the fuzzing phase drives, and what each proves.

The schema is loaded once per process from specs/openapi.json (a local file, so loading
at collection costs no request). Requirement IDs are per operation and generation mode:
a 5xx on a conforming request breaks ROB-012, on a non-conforming one ROB-011; the shape
requirements are added only where the operation's 2xx body is the shape they describe.
"""

from __future__ import annotations

from functools import cache

import schemathesis
from schemathesis import GenerationMode
from schemathesis.schemas import APIOperation, BaseSchema

from conformance.paths import OPENAPI_FILE

# operationId -> shape requirements its 2xx responses prove (positive generation only).
SHAPE_REQUIREMENTS: dict[str, tuple[str, ...]] = {
    "VirtualNetworks_List": ("SHAPE-007",),
    "VirtualNetworks_Get": ("SHAPE-007",),
    "VirtualNetworks_CreateOrUpdate": ("SHAPE-007",),
    "VirtualNetworks_Delete": (),
    "VirtualNetworkPeerings_List": ("SHAPE-001", "SHAPE-008"),
    "VirtualNetworkPeerings_Get": ("SHAPE-001",),
    "VirtualNetworkPeerings_CreateOrUpdate": ("SHAPE-001",),
    "VirtualNetworkPeerings_Delete": (),
}


@cache
def fuzz_schema() -> BaseSchema:
    return schemathesis.openapi.from_path(OPENAPI_FILE)


def operation_ids() -> list[str]:
    """Every operationId of the spec, in the spec's order."""
    return [result.ok().definition.raw["operationId"] for result in fuzz_schema().get_all_operations()]


def operation_by_id(operation_id: str) -> APIOperation:
    for result in fuzz_schema().get_all_operations():
        operation = result.ok()
        if operation.definition.raw["operationId"] == operation_id:
            return operation
    raise KeyError(operation_id)


def requirement_ids(operation_id: str, mode: GenerationMode) -> tuple[str, ...]:
    """ROB-013 (every request is answered) in both modes: a connection dropped on one
    generated request, while the target answers others, is a finding of its own."""
    if mode is GenerationMode.NEGATIVE:
        return ("ROB-011", "ROB-013")
    return ("ROB-012", "ROB-013", *SHAPE_REQUIREMENTS.get(operation_id, ()))
