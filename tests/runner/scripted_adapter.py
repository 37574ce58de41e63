"""A requests transport answering from a Python function, so client tests need no server."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict


@dataclass
class Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[requests.PreparedRequest], Reply | Exception]


class ScriptedAdapter(BaseAdapter):
    """Answers each request with `handler(request)`; keeps every request it saw."""

    def __init__(self, handler: Handler) -> None:
        super().__init__()
        self.handler = handler
        self.requests: list[requests.PreparedRequest] = []

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        self.requests.append(request)
        reply = self.handler(request)
        if isinstance(reply, Exception):
            raise reply
        response = requests.Response()
        response.status_code = reply.status
        response.headers = CaseInsensitiveDict(reply.headers)
        if reply.body is None:
            content = b""
        elif isinstance(reply.body, (str, bytes)):
            content = reply.body.encode() if isinstance(reply.body, str) else reply.body
        else:
            content = json.dumps(reply.body).encode()
            response.headers.setdefault("Content-Type", "application/json")
        response._content = content
        response.encoding = "utf-8"
        response.url = request.url
        response.request = request
        return response

    def close(self) -> None:
        pass


def scripted_session(handler: Handler) -> tuple[requests.Session, ScriptedAdapter]:
    session = requests.Session()
    adapter = ScriptedAdapter(handler)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session, adapter
