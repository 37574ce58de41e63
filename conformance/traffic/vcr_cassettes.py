"""VCR.py cassettes (YAML `interactions`, as the Azure CLI records them) as raw exchanges.

Each interaction holds `request` {method, uri, headers {name: [values]}, body} and
`response` {status {code, message}, headers, body {string}}. Bodies may be text or
binary (`!!binary`); the cassette's order is the order of the calls.
"""

from __future__ import annotations

from typing import Any

import yaml

from conformance.traffic.recorded_traffic import RawExchange, absolute_url, body_text, header_value, http_date_moment


def is_vcr_cassette(document: Any) -> bool:
    if not isinstance(document, dict) or not isinstance(document.get("interactions"), list):
        return False
    first = document["interactions"][0] if document["interactions"] else {}
    status = (first.get("response") or {}).get("status")
    return isinstance(status, dict) and "code" in status


def load_yaml(text: str) -> Any:
    return yaml.safe_load(text)


def vcr_exchanges(document: dict[str, Any], source: str) -> list[RawExchange]:
    exchanges = []
    for index, interaction in enumerate(document["interactions"]):
        request, response = interaction.get("request") or {}, interaction.get("response") or {}
        response_headers = _headers(response.get("headers"))
        body = response.get("body")
        code = (response.get("status") or {}).get("code")
        exchanges.append(
            RawExchange(
                method=str(request.get("method", "GET")).upper(),
                url=absolute_url(str(request.get("uri", ""))),
                request_headers=_headers(request.get("headers")),
                request_body=body_text(request.get("body")),
                status=int(code) if code is not None else None,
                response_headers=response_headers,
                response_body=body_text(body.get("string") if isinstance(body, dict) else body),
                source=f"{source}#interactions[{index}]",
                origin_recorded=not str(request.get("uri", "")).startswith("/"),
                moment=http_date_moment(header_value(response_headers, "Date")),
            )
        )
    return exchanges


def _headers(headers: Any) -> dict[str, str]:
    if not isinstance(headers, dict):
        return {}
    return {
        str(name): ", ".join(body_text(item) or "" for item in value) if isinstance(value, list) else str(value)
        for name, value in headers.items()
    }
