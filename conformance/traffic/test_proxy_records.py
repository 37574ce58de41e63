"""Azure SDK test-proxy / session-record JSON (the Azure SDKs' and Azure PowerShell's
recordings) as raw exchanges.

`Entries[]` hold RequestUri (absolute, or a bare path in older .NET recordings),
RequestMethod, RequestHeaders, RequestBody, StatusCode, ResponseHeaders, ResponseBody.
Header values are lists or strings; bodies are strings, JSON values or null. Older
recorders group entries by request URI, so the Date response header gives the order.
"""

from __future__ import annotations

from typing import Any

from conformance.traffic.recorded_traffic import RawExchange, absolute_url, body_text, header_value, http_date_moment


def is_test_proxy_record(document: Any) -> bool:
    return isinstance(document, dict) and isinstance(document.get("Entries"), list)


def session_record_exchanges(document: dict[str, Any], source: str) -> list[RawExchange]:
    exchanges = []
    for index, entry in enumerate(document["Entries"]):
        response_headers = _headers(entry.get("ResponseHeaders"))
        status = entry.get("StatusCode")
        exchanges.append(
            RawExchange(
                method=str(entry.get("RequestMethod", "GET")).upper(),
                url=absolute_url(str(entry.get("RequestUri", ""))),
                request_headers=_headers(entry.get("RequestHeaders")),
                request_body=body_text(entry.get("RequestBody")),
                status=int(status) if status is not None else None,
                response_headers=response_headers,
                response_body=body_text(entry.get("ResponseBody")),
                source=f"{source}#Entries[{index}]",
                moment=http_date_moment(header_value(response_headers, "Date")),
                origin_recorded=not str(entry.get("RequestUri", "")).startswith("/"),
            )
        )
    return exchanges


def _headers(headers: Any) -> dict[str, str]:
    if not isinstance(headers, dict):
        return {}
    return {
        str(name): ", ".join(str(item) for item in value) if isinstance(value, list) else str(value)
        for name, value in headers.items()
    }
