"""What the ARM-contract, LRO and bad-input checks share: CloudError and header rules,
raw paths outside the configured scope, and reading back a resource's state.

Not a test module: the checks import it. Helpers that judge a response return the
problems found (empty when conformant) or raise NonConformance naming the exchange, so a
failing check says which response broke which rule. No bare `assert` here: pytest does not
rewrite this module, so under `python -O` an assert would silently pass.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest

from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.errors import NonConformance
from conformance.target.peering_api import PROVIDER
from conformance.target.responses import ArmResponse
from conformance.exchanges.transcript import Exchange, header_value

TERMINAL_STATES = ("Succeeded", "Failed", "Canceled")
WHOLE_SECONDS = re.compile(r"[0-9]+")
WEAK_ETAG = re.compile(r'W/"[^"]+"')
REQUEST_ID = "x-ms-request-id"


def exchange_header(exchange: Exchange, name: str) -> str | None:
    """A response header of a transcript exchange, its name compared without case."""
    return header_value(exchange.response_headers, name)


def exchanges_of_this_check(request: pytest.FixtureRequest, target: TargetClient) -> list[Exchange]:
    """Every answered exchange the running check has sent so far (setup included)."""
    return [e for e in target.transcript.for_check(request.node.nodeid) if e.status is not None]


def exchange_body(exchange: Exchange) -> Any:
    """The decoded response body of an exchange; its raw text when that is not JSON."""
    try:
        return json.loads(exchange.response_body or "")
    except ValueError:
        return exchange.response_body


def describe_exchange(exchange: Exchange) -> str:
    return f"{exchange.method} {exchange.url} -> {exchange.status} {(exchange.response_body or '')[:200]}"


# ----- CloudError (ARM-012, ARM-013) ---------------------------------------------------------


def cloud_error_problems(body: Any) -> list[str]:
    """ARM-012: a JSON object whose `error` member holds a string `code` and a string `message`."""
    if not isinstance(body, dict):
        return [f"the body is not a JSON object: {body!r:.200}"]
    error = body.get("error")
    if not isinstance(error, dict):
        return [f"no 'error' object in the body: {body!r:.200}"]
    problems = []
    for member in ("code", "message"):
        if not isinstance(error.get(member), str):
            problems.append(f"error.{member} is not a string: {error.get(member)!r:.100}")
    return problems


def error_body_detail_problems(error: Any, path: str = "error") -> list[str]:
    """ARM-013: wherever present, `details` is an array of error bodies and `target` a string."""
    if not isinstance(error, dict):
        return [f"{path} is not an object"]
    problems = []
    if "target" in error and not isinstance(error["target"], str):
        problems.append(f"{path}.target is not a string: {error['target']!r:.100}")
    if "details" in error:
        details = error["details"]
        if not isinstance(details, list):
            problems.append(f"{path}.details is not an array: {details!r:.100}")
        else:
            for index, detail in enumerate(details):
                inner = f"{path}.details[{index}]"
                if not isinstance(detail, dict):
                    problems.append(f"{inner} is not an error body: {detail!r:.100}")
                    continue
                for member in ("code", "message"):
                    if not isinstance(detail.get(member), str):
                        problems.append(f"{inner}.{member} is not a string")
                problems += error_body_detail_problems(detail, inner)
    return problems


def assert_cloud_error(response: ArmResponse, what: str = "") -> dict[str, Any]:
    """The `error` member of a CloudError answer; NonConformance when the body is none."""
    problems = cloud_error_problems(response.body)
    prefix = f"{what}: " if what else ""
    if problems:
        raise NonConformance(f"{prefix}not a CloudError ({'; '.join(problems)}): {response.describe()}")
    return response.body["error"]


def assert_refused(response: ArmResponse, statuses: tuple[int, ...] | None = None, what: str = "") -> dict[str, Any]:
    """A refusal: a 4xx (one of `statuses` when given, never a 5xx) carrying a CloudError.

    `what` names the request in the failure message."""
    prefix = f"{what}: " if what else ""
    if statuses is not None:
        expected = " or ".join(map(str, statuses))
        if response.status not in statuses:
            raise NonConformance(f"{prefix}expected {expected}: {response.describe()}")
    elif not 400 <= response.status < 500:
        raise NonConformance(f"{prefix}expected a 4xx refusal: {response.describe()}")
    return assert_cloud_error(response, what)


# ----- paths outside the configured subscription / resource group -----------------------------


def group_path(config: TargetConfig, *, subscription: str | None = None, resource_group: str | None = None) -> str:
    subscription = subscription or config.subscription
    return f"/subscriptions/{subscription}/resourceGroups/{resource_group or config.resource_group}"


def vnet_path(config: TargetConfig, vnet: str, **scope: str) -> str:
    return f"{group_path(config, **scope)}/{PROVIDER}/virtualNetworks/{vnet}"


def peering_path(config: TargetConfig, vnet: str, peering: str, **scope: str) -> str:
    return f"{vnet_path(config, vnet, **scope)}/virtualNetworkPeerings/{peering}"


def other_casing(name: str) -> str:
    """The same name with every letter's case swapped (`pc-1-MixedCase` -> `PC-1-mIXEDcASE`)."""
    swapped = name.swapcase()
    if swapped == name:
        raise ValueError(f"{name!r} has no letters to re-case")
    return swapped


# ----- reading state back (ROB-010, ARM-027..029) --------------------------------------------


@dataclass(frozen=True)
class ReadBack:
    """A resource as one GET showed it: status, etag and body (None when not 200)."""

    status: int
    etag: str | None
    body: Any

    @classmethod
    def of(cls, response: ArmResponse) -> "ReadBack":
        if response.status != 200:
            return cls(response.status, None, None)
        body = response.json()
        etag = body.get("etag") if isinstance(body, dict) else None
        return cls(200, etag, body)


def json_request(target: TargetClient, method: str, path: str, body: Any, **request: Any) -> ArmResponse:
    """A request with `body` as JSON text (or the raw text/bytes given) and a JSON content type."""
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    headers = {"Content-Type": "application/json", **dict(request.pop("headers", None) or {})}
    return target.request(method, path, data=data, headers=headers, **request)
