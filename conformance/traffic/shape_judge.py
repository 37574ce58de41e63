"""Response shapes against the generated spec (unknown properties allowed), with the
checks the schema cannot express: type, id against the URL, provisioningState.

Bodies answered to older api-versions are validated too: the schemas only add fields over
time and accept unknown ones. A field the target's api-version predates (peeringSyncLevel,
remoteVirtualNetworkAddressSpace) is not demanded of it.
"""

from __future__ import annotations

from typing import Any

from conformance.spec.validation import validate_response, validate_shape
from conformance.traffic.exchange_filter import Routed
from conformance.traffic.findings import Finding, skipped, verdict
from conformance.traffic.recorded_traffic import NOT_JSON

PEERING_TYPE = "Microsoft.Network/virtualNetworks/virtualNetworkPeerings"
# The first api-version whose peering carries peeringSyncLevel and remoteVirtualNetworkAddressSpace.
SYNC_FIELDS_SINCE = "2021-02-01"


def judge_shapes(item: Routed) -> list[Finding]:
    record = item.record
    status = record.status or 0
    body = record.response_json()
    if not 200 <= status < 300 or body is None or item.operation_id is None:
        return []
    if body is NOT_JSON:
        return [verdict("shape.json-body", _schema_requirement(item), record.id, ["the response body is not JSON"])]
    findings = [
        verdict(
            "shape.response-schema",
            _schema_requirement(item),
            record.id,
            validate_response(item.operation_id, status, body),
        )
    ]
    if item.operation_id == "VirtualNetworkPeerings_List" and isinstance(body, dict):
        for index, peering in enumerate(body.get("value") or []):
            findings += _peering_findings(item, peering, f"value[{index}]", list_item=True)
    elif item.on_peering and item.record.method in ("GET", "PUT"):
        findings += _peering_findings(item, body, "body", list_item=False)
    return findings


def _schema_requirement(item: Routed) -> str:
    if item.operation_id == "VirtualNetworkPeerings_List":
        return "SHAPE-008"
    return "SHAPE-001" if item.on_peering else "SHAPE-007"


def _peering_findings(item: Routed, peering: Any, where: str, *, list_item: bool) -> list[Finding]:
    record = item.record
    if not isinstance(peering, dict):
        return []
    findings = []
    if list_item:
        findings.append(verdict("shape.peering-schema", "SHAPE-001", record.id, validate_shape("VirtualNetworkPeering", peering)))
    kind = peering.get("type")
    if kind is not None:
        findings.append(
            verdict(
                "shape.peering-type",
                "SHAPE-002",
                record.id,
                [] if kind == PEERING_TYPE else [f"{where}.type is {kind!r}, expected {PEERING_TYPE}"],
            )
        )
    findings.append(_id_finding(item, peering, where, list_item))
    properties = peering.get("properties") if isinstance(peering.get("properties"), dict) else {}
    findings.append(
        verdict(
            "shape.provisioning-state",
            "SHAPE-004",
            record.id,
            [] if "provisioningState" in properties else [f"{where}.properties has no provisioningState"],
        )
    )
    missing = [name for name in ("peeringSyncLevel", "remoteVirtualNetworkAddressSpace") if name not in properties]
    api_version = record.api_version or ""
    if missing and api_version and api_version < SYNC_FIELDS_SINCE:
        findings.append(
            skipped("shape.sync-fields", "SHAPE-005", record.id, f"api-version {api_version} predates {', '.join(missing)}")
        )
    else:
        findings.append(
            verdict("shape.sync-fields", "SHAPE-005", record.id, [f"{where}.properties has no {name}" for name in missing])
        )
    return findings


def _id_finding(item: Routed, peering: dict[str, Any], where: str, list_item: bool) -> Finding:
    """id is the full resource path and name its last segment (the URL's, for a GET or PUT)."""
    record = item.record
    resource_id, name = str(peering.get("id") or ""), peering.get("name")
    problems = []
    if not resource_id:
        problems.append(f"{where} has no id")
    elif not list_item and resource_id.lower().rstrip("/") != record.path.lower():
        problems.append(f"{where}.id {resource_id} is not the path of the request {record.path}")
    elif list_item and not resource_id.lower().startswith(record.path.lower() + "/"):
        problems.append(f"{where}.id {resource_id} is not under the listed VNet {record.path}")
    if resource_id and name != resource_id.rstrip("/").rsplit("/", 1)[-1]:
        problems.append(f"{where}.name {name!r} is not the last segment of its id")
    return verdict("shape.peering-id", "SHAPE-003", record.id, problems)
