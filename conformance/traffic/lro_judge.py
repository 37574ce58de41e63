"""The long-running-operation protocol on recorded exchanges: headers of the writes that
start one, operation-status bodies and operation-result answers."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from conformance.spec.validation import validate_shape
from conformance.target.lro import TERMINAL_STATES
from conformance.traffic.exchange_filter import Routed
from conformance.traffic.findings import Finding, passed, skipped, verdict

DIGITS = re.compile(r"^\d+$")
OPERATION_HEADERS = ("Azure-AsyncOperation", "Location")


def judge_lro(item: Routed) -> list[Finding]:
    findings = _retry_after(item)
    record = item.record
    if item.is_status:
        return findings + _status_findings(item)
    if item.is_result:
        return findings + [verdict("lro.operation-result", "LRO-010", record.id,
                                   [] if record.status in (200, 202, 204) else
                                   [f"the Location (operationResults) URL answered {record.status}, expected 202, 204 or 200"])]
    if record.method not in ("PUT", "DELETE") or item.operation_id is None:
        return findings
    findings += _operation_urls(item)
    if record.method == "PUT":
        findings += _put_findings(item)
    else:
        findings += _delete_findings(item)
    return findings


def _retry_after(item: Routed) -> list[Finding]:
    value = item.record.response_header("Retry-After")
    if value is None:
        return []
    return [verdict("lro.retry-after", "LRO-007", item.record.id,
                    [] if DIGITS.match(value.strip()) else [f"Retry-After {value!r} is not whole seconds"])]


def _status_findings(item: Routed) -> list[Finding]:
    record = item.record
    body = record.response_json()
    if record.status != 200 or not isinstance(body, dict):
        return [verdict("lro.operation-status", "LRO-003", record.id,
                        [f"the operation URL answered {record.status} with {type(body).__name__}, expected 200 and a JSON "
                         "body with status"])] if record.response_body_recorded else []
    findings = [verdict("lro.operation-status", "LRO-003", record.id, validate_shape("OperationStatus", body))]
    status = body.get("status")
    if isinstance(status, str) and status.lower() in {word.lower() for word in TERMINAL_STATES}:
        findings.append(verdict("lro.status-spelling", "LRO-004", record.id,
                                [] if status in TERMINAL_STATES else [f"terminal status spelled {status!r}"]))
    if status == "Failed":
        error = body.get("error")
        ok = isinstance(error, dict) and isinstance(error.get("code"), str) and isinstance(error.get("message"), str)
        findings.append(verdict("lro.failed-error", "LRO-006", record.id,
                                [] if ok else ["a Failed operation's status carries no error {code, message}"]))
    return findings


def _operation_urls(item: Routed) -> list[Finding]:
    """LRO-002 absolute, LRO-014 on the origin the client used."""
    record = item.record
    findings = []
    for name in OPERATION_HEADERS:
        value = record.response_header(name)
        if value is None:
            continue
        if not record.headers_complete and not value.startswith(("http://", "https://")):
            findings.append(skipped("lro.absolute-url", "LRO-002", record.id, f"{name} was abbreviated in the recording"))
            continue
        parts = urlsplit(value)
        findings.append(verdict("lro.absolute-url", "LRO-002", record.id,
                                [] if parts.scheme in ("http", "https") and parts.netloc else
                                [f"{name} {value!r} is not an absolute URL"]))
        if parts.netloc and record.origin_recorded:
            origin = urlsplit(record.url)
            same = (parts.scheme, parts.netloc.lower()) == (origin.scheme, origin.netloc.lower())
            findings.append(verdict("lro.same-origin", "LRO-014", record.id,
                                    [] if same else [f"{name} points at {parts.scheme}://{parts.netloc}, "
                                                     f"the request went to {origin.scheme}://{origin.netloc}"]))
    return findings


def _put_findings(item: Routed) -> list[Finding]:
    record, status = item.record, item.record.status or 0
    findings = [verdict("lro.put-not-202", "LRO-012", record.id, [] if status != 202 else ["a PUT answered 202"])]
    body = record.response_json()
    provisioning = (body.get("properties") or {}).get("provisioningState") if isinstance(body, dict) else None
    if status in (200, 201) and isinstance(provisioning, str) and provisioning not in TERMINAL_STATES:
        has_header = record.response_header("Azure-AsyncOperation") is not None
        if has_header or record.headers_complete:
            findings.append(verdict("lro.put-async-header", "LRO-001", record.id,
                                    [] if has_header else
                                    [f"provisioningState {provisioning} without an Azure-AsyncOperation header"]))
        findings += _retry_after_present(item)
    return findings


def _delete_findings(item: Routed) -> list[Finding]:
    record = item.record
    if record.status != 202:
        return []
    findings: list[Finding] = []
    for name, requirement in (("Location", "LRO-009"), ("Azure-AsyncOperation", "LRO-011")):
        present = record.response_header(name) is not None
        if present:
            findings.append(passed("lro.delete-headers", requirement, record.id))
        elif record.headers_complete:
            findings.append(verdict("lro.delete-headers", requirement, record.id, [f"a DELETE answered 202 without {name}"]))
    return findings + _retry_after_present(item)


def _retry_after_present(item: Routed) -> list[Finding]:
    record = item.record
    if record.response_header("Retry-After") is not None:
        return [passed("lro.retry-after-present", "LRO-008", record.id)]
    if not record.headers_complete:
        return []
    return [verdict("lro.retry-after-present", "LRO-008", record.id, ["a long-running write carries no Retry-After"])]
