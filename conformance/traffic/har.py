"""HAR 1.2 files (browser devtools, mitmproxy, Fiddler, Charles) as raw exchanges.

`log.entries[]` each hold `request` {method, url, headers[{name, value}], postData.text}
and `response` {status, headers, content {text, encoding}}; `startedDateTime` says when.
"""

from __future__ import annotations

import base64
import binascii
from typing import Any

from conformance.traffic.recorded_traffic import RawExchange, iso_moment


def is_har(document: Any) -> bool:
    return isinstance(document, dict) and isinstance(document.get("log"), dict) and "entries" in document["log"]


def har_exchanges(document: dict[str, Any], source: str) -> list[RawExchange]:
    exchanges = []
    for index, entry in enumerate(document["log"]["entries"]):
        request, response = entry.get("request", {}), entry.get("response", {})
        status = response.get("status")
        exchanges.append(
            RawExchange(
                method=str(request.get("method", "GET")).upper(),
                url=str(request.get("url", "")),
                request_headers=_headers(request.get("headers")),
                request_body=(request.get("postData") or {}).get("text"),
                # HAR writes status 0 for a request that got no answer.
                status=int(status) if status else None,
                response_headers=_headers(response.get("headers")),
                response_body=_content_text(response.get("content") or {}),
                source=f"{source}#entry{index}",
                moment=iso_moment(entry.get("startedDateTime")),
            )
        )
    return exchanges


def _headers(items: Any) -> dict[str, str]:
    headers: dict[str, str] = {}
    for item in items or []:
        name, value = str(item.get("name", "")), str(item.get("value", ""))
        if name.startswith(":"):
            continue  # HTTP/2 pseudo-headers that some exporters list
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def _content_text(content: dict[str, Any]) -> str | None:
    text = content.get("text")
    if text is None or content.get("encoding") != "base64":
        return text
    try:
        return base64.b64decode(text).decode("utf-8", errors="replace")
    except (binascii.Error, ValueError):
        return text
