"""Read the condensed live recordings in `fixtures/recordings/` as request/response exchanges.

Two hand-condensed formats exist: the Azure CLI file lists `interactions` with full
URIs; the Azure PowerShell file lists a `timeline` whose request lines abbreviate URLs
(`.../virtualNetworks/x`, `operations/<id>`, or a bare resource name). Both are turned
into absolute URLs so `routing.route` can name the operation. Bodies the condenser only
summarised or excerpted are marked as not recorded rather than guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from conformance.paths import RECORDINGS_DIR

ARM_HOST = "https://management.azure.com"
REGION = re.compile(r"/locations/([^/]+)/")


@dataclass(frozen=True)
class RecordedExchange:
    """One recorded request and one of its responses."""

    source: str
    label: str
    method: str
    url: str
    status: int
    request_body: Any = None
    has_request_body: bool = False
    response_body: Any = None
    has_response_body: bool = False
    response_headers: dict[str, str] = field(default_factory=dict)


def load_recorded_exchanges(directory: Path = RECORDINGS_DIR) -> list[RecordedExchange]:
    """Every exchange of every recording in `directory`, in file and recording order."""
    exchanges: list[RecordedExchange] = []
    for path in sorted(directory.glob("*.json")):
        with open(path, encoding="utf-8") as handle:
            exchanges.extend(condensed_exchanges(path.stem, json.load(handle)))
    return exchanges


def condensed_exchanges(source: str, recording: dict[str, Any]) -> list[RecordedExchange]:
    """The exchanges of one condensed recording (already parsed), in recording order."""
    if "interactions" in recording:
        return _cli_exchanges(source, recording["interactions"])
    if "timeline" in recording:
        return _timeline_exchanges(source, recording)
    raise ValueError(f"{source}: neither interactions nor timeline; unknown recording format")


def _cli_exchanges(source: str, interactions: list[dict[str, Any]]) -> list[RecordedExchange]:
    exchanges = []
    for interaction in interactions:
        request = interaction["request"]
        responses = interaction.get("responses_in_order") or [interaction["response"]]
        for response in responses:
            exchanges.append(
                RecordedExchange(
                    source=source,
                    label=interaction.get("note", ""),
                    method=request["method"].upper(),
                    url=request["uri"],
                    status=int(response["status"]),
                    request_body=request.get("body"),
                    has_request_body="body" in request,
                    response_body=response.get("body"),
                    has_response_body="body" in response,
                    response_headers=dict(response.get("headers", {})),
                )
            )
    return exchanges


def _timeline_exchanges(source: str, recording: dict[str, Any]) -> list[RecordedExchange]:
    expander = _ShorthandExpander(recording)
    exchanges = []
    for entry in recording["timeline"]:
        method, _, rest = entry["req"].partition(" ")
        exchanges.append(
            RecordedExchange(
                source=source,
                label=entry["req"],
                method=method.upper(),
                url=expander.expand(rest.split(" ", 1)[0]),
                status=int(entry["status"]),
                request_body=entry.get("request_body"),
                has_request_body="request_body" in entry,
                response_body=entry.get("body"),
                has_response_body="body" in entry,
                response_headers=dict(entry.get("headers", {})),
            )
        )
    return exchanges


class _ShorthandExpander:
    """Turns the PowerShell timeline's abbreviated request targets into absolute URLs."""

    def __init__(self, recording: dict[str, Any]):
        names = recording["names"]
        self._subscription = names["sub"]
        self._group = names["rg"]
        vnets = {key: names[key].split()[0] for key in ("vnet1", "vnet2")}
        self._resources = {vnet: f"virtualNetworks/{vnet}" for vnet in vnets.values()}
        for side in ("vnet1", "vnet2"):
            peering = names[f"peering_on_{side}"].split()[0]
            self._resources[peering] = f"virtualNetworks/{vnets[side]}/virtualNetworkPeerings/{peering}"
        regions = [m.group(1) for e in recording["timeline"] for m in [REGION.search(e["req"])] if m]
        self._region = regions[0] if regions else "unknown-region"

    def expand(self, target: str) -> str:
        if target.startswith("https://"):
            return target.replace("{sub}", self._subscription)
        subscription = f"{ARM_HOST}/subscriptions/{self._subscription}"
        provider = f"{subscription}/resourceGroups/{self._group}/providers/Microsoft.Network/"
        if target.startswith(".../"):
            return provider + target[len(".../"):]
        if target.startswith(("operations/", "operationResults/")):
            return f"{subscription}/providers/Microsoft.Network/locations/{self._region}/{target}"
        name, separator, query = target.partition("?")
        if name not in self._resources:
            raise ValueError(f"cannot expand recorded request target {target!r}")
        return provider + self._resources[name] + separator + query
