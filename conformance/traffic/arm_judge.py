"""The ARM resource-provider contract on recorded exchanges: status codes (create 201,
update 200, deletes, 404s), CloudError bodies, request ids, etags, api-versions, lists.

Statuses that depend on whether the resource existed are judged only when an earlier
exchange on the same URL said so (`ResourceHistory`); header absence only when the
recording kept every header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from conformance.traffic.exchange_filter import Routed
from conformance.traffic.findings import Finding, passed, skipped, verdict
from conformance.traffic.recorded_traffic import NOT_JSON
from conformance.traffic.resource_history import EXISTS, MISSING, ResourceHistory

WEAK_ETAG = re.compile(r'^W/"[^"]+"$')
DOCUMENTED_API_VERSION = "2025-05-01"
CLIENT_API_VERSIONS = ("2023-11-01", "2025-07-01", "2026-03-01")
API_VERSION_REFUSALS = ("InvalidApiVersionParameter", "NoRegisteredProviderFound", "InvalidResourceType")


@dataclass
class ArmJudge:
    history: ResourceHistory = field(default_factory=ResourceHistory)
    # Per peering URL: the etag last seen and the exchange that showed it.
    etags: dict[str, tuple[str, str]] = field(default_factory=dict)

    def observe(self, item: Routed) -> list[Finding]:
        record = item.record
        findings = _error_findings(item) + _header_findings(item) + _api_version_findings(item)
        if item.operation_id is not None:
            findings += self._status_findings(item) + self._etag_findings(item) + _list_findings(item)
            findings += _extra_query_findings(item)
            is_item = not item.operation_id.endswith("_List")
            self.history.observe(record.method, record.resource_key, record.status or 0, record.id, is_item=is_item)
        return findings

    def _status_findings(self, item: Routed) -> list[Finding]:
        record, status = item.record, item.record.status or 0
        before = self.history.state(record.resource_key)
        told = f"(existence told by {self.history.witness(record.resource_key)})"
        vnet_key = record.resource_key.rsplit("/virtualnetworkpeerings/", 1)[0]
        findings: list[Finding] = []
        if record.method == "PUT":
            # ARM-011 is not judged: a recording may lack the VNet's creation (condensed, or
            # done by another client), so "missing" before does not mean missing now.
            if status >= 300:
                return findings
            requirement = "ARM-003" if item.on_vnet else ("ARM-001" if before == MISSING else "ARM-002")
            if before is None:
                findings.append(skipped("arm.put-status", requirement, record.id,
                                        "whether the resource existed before this PUT is not in the recording"))
            else:
                expected = 201 if before == MISSING else 200
                findings.append(verdict("arm.put-status", requirement, record.id,
                                        [] if status == expected else
                                        [f"PUT of a resource that {'did not exist' if before == MISSING else 'existed'} "
                                         f"answered {status}, expected {expected} {told}"]))
        elif record.method == "DELETE" and before is not None:
            if before == MISSING:
                requirement = "ARM-008" if item.on_peering else "ARM-009"
                ok = status == 204
                expected = "204"
            else:
                requirement, ok, expected = "ARM-010", status in (200, 202, 204), "200, 202 or 204"
            if item.on_vnet and before == EXISTS:
                return findings
            findings.append(verdict("arm.delete-status", requirement, record.id,
                                    [] if ok else [f"DELETE answered {status}, expected {expected} {told}"]))
        elif record.method == "GET" and status == 404:
            findings += self._not_found_code(item, vnet_key)
        return findings

    def _not_found_code(self, item: Routed, vnet_key: str) -> list[Finding]:
        record = item.record
        code = _error_code(record.response_json())
        if code is None:
            return []
        if item.on_vnet and item.operation_id == "VirtualNetworks_Get":
            return [verdict("arm.not-found-code", "ARM-007", record.id,
                            [] if code in ("ResourceNotFound", "ResourceGroupNotFound") else
                            [f"404 for a missing VNet carries code {code!r}, expected ResourceNotFound"])]
        if item.operation_id == "VirtualNetworkPeerings_Get" and self.history.state(vnet_key) == EXISTS:
            return [verdict("arm.not-found-code", "ARM-005", record.id,
                            [] if code == "NotFound" else
                            [f"404 for a missing peering of an existing VNet carries code {code!r}, expected NotFound"])]
        return []

    def _etag_findings(self, item: Routed) -> list[Finding]:
        record = item.record
        body = record.response_json()
        if not item.on_peering or item.operation_id == "VirtualNetworkPeerings_List" or not isinstance(body, dict):
            return []
        if record.status not in (200, 201):
            return []
        etag = body.get("etag")
        findings = [verdict("arm.weak-etag", "ARM-024", record.id,
                            [] if isinstance(etag, str) and WEAK_ETAG.match(etag) else
                            [f"peering etag {etag!r} is not of the form W/\"<opaque>\""])]
        header = record.response_header("ETag")
        if record.method == "GET" and header is not None:
            findings.append(verdict("arm.etag-header", "ARM-026", record.id,
                                    [] if header == etag else [f"ETag header {header} differs from body etag {etag}"]))
        previous = self.etags.get(record.resource_key)
        if record.method == "PUT" and previous is not None and isinstance(etag, str):
            findings.append(verdict("arm.etag-changes", "ARM-025", record.id,
                                    [] if etag != previous[0] else
                                    [f"a successful PUT left the etag {etag} as {previous[1]} showed it"]))
        if isinstance(etag, str):
            self.etags[record.resource_key] = (etag, record.id)
        return findings


def _error_code(body: Any) -> str | None:
    error = body.get("error") if isinstance(body, dict) else None
    code = error.get("code") if isinstance(error, dict) else None
    return code if isinstance(code, str) else None


def _error_findings(item: Routed) -> list[Finding]:
    record, status = item.record, item.record.status or 0
    if status < 400 or not record.response_body_recorded:
        return []
    body = record.response_json()
    error = body.get("error") if isinstance(body, dict) else None
    shaped = isinstance(error, dict) and isinstance(error.get("code"), str) and isinstance(error.get("message"), str)
    shown = "no body" if body is None else ("a body that is not JSON" if body is NOT_JSON else "another body")
    findings = [verdict("arm.cloud-error", "ARM-012", record.id,
                        [] if shaped else [f"{status} answered with {shown}, not a CloudError {{error: {{code, message}}}}"])]
    if shaped:
        problems = []
        if "details" in error and not isinstance(error["details"], list):
            problems.append("error.details is not an array")
        if "target" in error and error["target"] is not None and not isinstance(error["target"], str):
            problems.append("error.target is not a string")
        if "details" in error or "target" in error:
            findings.append(verdict("arm.cloud-error-members", "ARM-013", record.id, problems))
    return findings


def _header_findings(item: Routed) -> list[Finding]:
    record = item.record
    findings = []
    request_id = record.response_header("x-ms-request-id")
    if request_id:
        findings.append(passed("arm.request-id", "ARM-014", record.id))
    elif record.headers_complete:
        findings.append(verdict("arm.request-id", "ARM-014", record.id, ["the response carries no x-ms-request-id"]))
    sent = record.request_header("x-ms-correlation-request-id")
    echoed = record.response_header("x-ms-correlation-request-id")
    if sent and (echoed is not None or record.headers_complete):
        findings.append(verdict("arm.correlation-id", "ARM-015", record.id,
                                [] if echoed == sent else [f"x-ms-correlation-request-id {sent} came back as {echoed!r}"]))
    return findings


def _api_version_findings(item: Routed) -> list[Finding]:
    record = item.record
    version, status = record.api_version, record.status or 0
    if item.operation_id is None or version not in (DOCUMENTED_API_VERSION, *CLIENT_API_VERSIONS):
        return []
    requirement = "ARM-033" if version == DOCUMENTED_API_VERSION else "ARM-034"
    refused = status == 400 and _error_code(record.response_json()) in API_VERSION_REFUSALS
    if refused:
        return [verdict("arm.api-version-served", requirement, record.id, [f"api-version {version} was refused"])]
    if status < 400:
        return [passed("arm.api-version-served", requirement, record.id, f"api-version {version} served")]
    return []


def _list_findings(item: Routed) -> list[Finding]:
    record = item.record
    body = record.response_json()
    if not item.operation_id or not item.operation_id.endswith("_List") or record.status != 200:
        return []
    if not isinstance(body, dict) or "nextLink" not in body:
        return [passed("arm.last-page-next-link", "ARM-021", record.id)] if isinstance(body, dict) else []
    link = body["nextLink"]
    return [verdict("arm.last-page-next-link", "ARM-021", record.id,
                    ["nextLink is an empty string; the last page has it absent or null"] if link == "" else [])]


def _extra_query_findings(item: Routed) -> list[Finding]:
    record = item.record
    if record.method != "GET" or not item.on_peering or record.query("syncRemoteAddressSpace") is None:
        return []
    return [verdict("arm.get-extra-query", "ARM-035", record.id,
                    [] if (record.status or 0) < 400 or record.status == 404 else
                    [f"a GET with syncRemoteAddressSpace answered {record.status}"])]
