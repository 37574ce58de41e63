"""Talking to the implementation under test: one HTTP session, the ARM long-running-operation
poller, recording of every exchange (into `conformance.exchanges`) and a small resource API
for the checks.

Names are exported lazily: the pytest plugin imports `conformance.target.config` in every
pytest run of the environment, and that must not cost an import of requests.
"""

from __future__ import annotations

import importlib
from typing import Any

_EXPORTS = {
    "DEFAULT_API_VERSION": "config",
    "InvalidTargetConfig": "config",
    "TargetConfig": "config",
    "BrokenResponse": "errors",
    "InvalidJsonBody": "errors",
    "LroProtocolError": "errors",
    "LroTimeout": "errors",
    "NonConformance": "errors",
    "OperationsStalled": "errors",
    "TargetError": "errors",
    "TargetUnreachable": "errors",
    "TargetClient": "client",
    "LroPoller": "lro",
    "LroResult": "lro",
    "DeleteResult": "peering_api",
    "PeeringApi": "peering_api",
    "PutResult": "peering_api",
    "ArmResponse": "responses",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
