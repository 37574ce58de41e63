"""Fidelity: each real recording's requests, replayed against the reference endpoint,
reproduce the recorded status codes and peering states.

The client's own requests are replayed in the judged order (the .NET session record's
order rebuilt from its Date headers); polls of operation URLs are the recorder's, not
the client's intent, and are left out. Where a recording leaves out what happened before
it (VNets and a peering created earlier), the setup creates them as the recording
describes them, and a step the condenser moved out of order is named and skipped.
Sync levels compare as the catalog does: a one-sided peering may say FullyInSync (the
docs, and the reference) or RemoteNotInSync (the live service).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import requests

from conformance.exchanges.transcript import Transcript
from conformance.reference import ReferenceServer
from conformance.reference.api_versions import NETWORK_API_VERSIONS
from conformance.suite.scenarios.peering_expectations import prefix_set
from conformance.traffic.exchange_filter import routed
from conformance.traffic.recorded_traffic import TrafficRecord, to_records
from conformance.traffic.recording_formats import read_recording
from conformance.traffic.requirement_mapping import accepted_levels, level_parts
from tests.traffic.recordings import CLI_CONDENSED, DOTNET_SESSION, POWERSHELL_CONDENSED, require

REPLAY_API_VERSION = "2025-05-01"  # for recorded api-versions the endpoint does not serve (2019-09-01)


@dataclass
class ReplayPlan:
    """What a recording leaves out: resources that existed before it, request bodies the
    condenser kept only as excerpts, steps recorded out of order."""

    setup: list[tuple[str, dict[str, Any]]] = field(default_factory=list)  # (path, body) PUT before replaying
    bodies: dict[str, dict[str, Any]] = field(default_factory=dict)  # source suffix -> body to send
    skip: dict[str, str] = field(default_factory=dict)  # source suffix -> why


@pytest.fixture(scope="module")
def server() -> Iterator[ReferenceServer]:
    with ReferenceServer(lro="async", retry_after=0) as started:
        yield started


def _records(path) -> list[TrafficRecord]:
    recording = read_recording(path)
    return to_records(recording.exchanges, Transcript(id_prefix="r"), reordered=recording.reordered)


def _send(server: ReferenceServer, method: str, path_and_query: str, body: Any) -> requests.Response:
    data = body if isinstance(body, (str, type(None))) else json.dumps(body)
    return requests.request(method, server.url + path_and_query, data=data, verify=server.ca_cert,
                            headers={"Content-Type": "application/json"}, timeout=30)


def _path_and_query(record: TrafficRecord) -> str:
    target = record.url.split("management.azure.com", 1)[-1]
    version = record.api_version
    if version is None:  # the condenser's shorthand ("GET ps8167") drops the query
        return target + ("&" if "?" in target else "?") + f"api-version={REPLAY_API_VERSION}"
    if version not in NETWORK_API_VERSIONS:
        target = target.replace(f"api-version={version}", f"api-version={REPLAY_API_VERSION}")
    return target


def _peering_bodies(body: Any) -> dict[str, dict[str, Any]]:
    """name -> properties of every peering a body shows (itself, list items, embedded)."""
    if not isinstance(body, dict):
        return {}
    items = body.get("value") if isinstance(body.get("value"), list) else [body]
    found = {}
    for item in items:
        properties = item.get("properties") if isinstance(item, dict) else None
        if not isinstance(properties, dict):
            continue
        if "peeringState" in properties:
            found[str(item.get("name", "")).lower()] = properties
        for embedded in properties.get("virtualNetworkPeerings") or []:
            if isinstance(embedded, dict) and isinstance(embedded.get("properties"), dict):
                found[str(embedded.get("name", "")).lower()] = embedded["properties"]
    return found


def _differences(record: TrafficRecord, answer: requests.Response) -> list[str]:
    """Status, then every recorded peering's state, level and address spaces."""
    where = f"{record.source} {record.method} {record.path}"
    if answer.status_code != record.status:
        return [f"{where}: recorded {record.status}, replayed {answer.status_code} {answer.text[:200]}"]
    if not record.response_body_recorded:
        return []  # the condenser kept only a summary of this body
    recorded = _peering_bodies(record.response_json())
    replayed = _peering_bodies(answer.json() if answer.content else None)
    problems = []
    if set(recorded) != set(replayed):
        problems.append(f"{where}: recorded peerings {sorted(recorded)}, replayed {sorted(replayed)}")
    for name in set(recorded) & set(replayed):
        was, now = recorded[name], replayed[name]
        if was.get("peeringState") != now.get("peeringState"):
            problems.append(f"{where}: {name} recorded {was.get('peeringState')}, replayed {now.get('peeringState')}")
        level = was.get("peeringSyncLevel")
        if level is not None:
            allowed = accepted_levels(str(was.get("peeringState")), *level_parts(level))
            if now.get("peeringSyncLevel") not in allowed:
                problems.append(f"{where}: {name} recorded {level}, replayed {now.get('peeringSyncLevel')}")
        for space in ("remoteAddressSpace", "remoteVirtualNetworkAddressSpace"):
            if space in was and prefix_set(was[space]["addressPrefixes"]) != prefix_set(now[space]["addressPrefixes"]):
                problems.append(f"{where}: {name} {space} recorded {was[space]}, replayed {now[space]}")
    return problems


def replay(server: ReferenceServer, path, plan: ReplayPlan) -> tuple[list[str], int]:
    """Differences between the recording and the replay, and how many requests were compared
    (with their bodies' peerings, when the recording kept the body)."""
    for target, body in plan.setup:
        answer = _send(server, "PUT", target, body)
        assert answer.status_code in (200, 201), answer.text
    problems, compared, peerings_compared = [], 0, 0
    for record in _records(path):
        item = routed(record)
        if item is None or item.is_status or item.is_result:
            continue
        suffix = record.source.rsplit("#", 1)[-1]
        if suffix in plan.skip:
            continue
        body = plan.bodies.get(suffix, record.exchange.request_body)
        if record.method == "PUT" and not record.request_body_recorded and suffix not in plan.bodies:
            raise AssertionError(f"{record.source}: no body to replay; the plan must give one")
        problems += _differences(record, _send(server, record.method, _path_and_query(record), body))
        compared += 1
        if record.response_body_recorded:
            peerings_compared += len(_peering_bodies(record.response_json()))
    assert peerings_compared, "the replay compared no peering state"
    return problems, compared


def _vnet_path(subscription: str, group: str, name: str) -> str:
    return (f"/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Network/virtualNetworks/"
            f"{name}?api-version={REPLAY_API_VERSION}")


def _vnet(location: str, prefixes: list[str], subnets: dict[str, str] | None = None) -> dict[str, Any]:
    return {"location": location, "properties": {
        "addressSpace": {"addressPrefixes": prefixes},
        "subnets": [{"name": n, "properties": {"addressPrefix": p}} for n, p in (subnets or {}).items()]}}


def test_cli_recording_replays(server: ReferenceServer) -> None:
    subscription, group = "00000000-0000-0000-0000-000000000000", "cli_test_vnet_peering000001"
    vnet1 = _vnet_path(subscription, group, "vnet1").split("?")[0]
    plan = ReplayPlan(
        setup=[
            (_vnet_path(subscription, group, "vnet1"), _vnet("westus", ["10.0.0.0/16"])),
            # vnet2 holds the gateway (GatewaySubnet + VpnGw1) peering1's useRemoteGateways needs
            (_vnet_path(subscription, group, "vnet2"), _vnet("westus", ["11.0.0.0/16"], {"GatewaySubnet": "11.0.0.0/24"})),
            (_vnet_path(subscription, group, "vnet2").replace("?", "/virtualNetworkPeerings/peering2?"),
             {"properties": {"remoteVirtualNetwork": {"id": vnet1}, "allowGatewayTransit": True,
                             "allowVirtualNetworkAccess": False}}),
        ],
        skip={"7": "the VNet create the condenser appended 'for comparison'; it happened before the recording"},
    )
    problems, compared = replay(server, require(CLI_CONDENSED), plan)
    assert problems == []
    assert compared == 5


def test_powershell_recording_replays(server: ReferenceServer) -> None:
    subscription, group = "5833e0eb-b53c-4156-b478-2eac8f04aec6", "ps8292"
    ps2312 = _vnet("eastus2euap", ["10.1.0.0/16"], {"ps7410": "10.1.1.0/24"})
    timeline = json.loads(POWERSHELL_CONDENSED.read_text())["timeline"]
    vnet_probe = next(str(i) for i, e in enumerate(timeline) if e["req"].startswith("GET .../virtualNetworks/ps5333?"))
    vnet_update = next(str(i) for i, e in enumerate(timeline) if "request_body_excerpt" in e)
    grown = _vnet("eastus2euap", ["10.1.0.0/16", "10.99.0.0/16"], {"ps7410": "10.1.1.0/24"})
    grown["properties"]["virtualNetworkPeerings"] = []  # as Set-AzVirtualNetwork sent it
    plan = ReplayPlan(
        setup=[(_vnet_path(subscription, group, "ps2312"), ps2312),
               (_vnet_path(subscription, group, "ps5333"), _vnet("eastus2euap", ["10.2.0.0/16"]))],
        bodies={vnet_update: grown},
        skip={vnet_probe: "GET of ps5333 before its creation, a step the condenser left out (set up instead)"},
    )
    problems, compared = replay(server, POWERSHELL_CONDENSED, plan)
    assert problems == []
    assert compared == 14


def test_dotnet_session_record_replays(server: ReferenceServer) -> None:
    problems, compared = replay(server, require(DOTNET_SESSION), ReplayPlan())
    assert problems == []
    assert compared == 42
