"""Finding and removing what earlier runs left behind, by the suite's name prefix.

A run killed with SIGKILL cannot delete what it created; every VNet and peering the
suite creates is named `pc-…`, so the next run (or `peering-conformance cleanup`) finds
them in the dedicated resource group and deletes them: peerings first (a VNet with
peerings may be refused), then VNets, each long-running operation driven to its end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from conformance.suite.naming import SUITE_NAME_PREFIX
from conformance.target.client import TargetClient
from conformance.target.errors import TargetError
from conformance.target.peering_api import PeeringApi


@dataclass
class CleanupOutcome:
    removed: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def _is_suite_name(name: str) -> bool:
    return name.lower().startswith(SUITE_NAME_PREFIX)


def remove_leftovers(client: TargetClient) -> CleanupOutcome:
    """Delete every `pc-` peering and VNet of the resource group; what failed is listed, not raised."""
    outcome = CleanupOutcome()
    api = PeeringApi(client)
    first = api.list_vnets()
    if first.status != 200:
        return outcome
    vnets = [str(item.get("name", "")) for item in api.list_all(first)]
    suite_vnets = [name for name in vnets if _is_suite_name(name)]
    for vnet in vnets:
        _remove_peerings(api, vnet, every=vnet in suite_vnets, outcome=outcome)
    for vnet in suite_vnets:
        _remove(outcome, f"virtual network {vnet}", lambda name=vnet: api.delete_vnet(name).succeeded)
    return outcome


def _remove_peerings(api: PeeringApi, vnet: str, *, every: bool, outcome: CleanupOutcome) -> None:
    """All peerings of a suite VNet; on another VNet only the suite's own (`pc-`) peerings."""
    listed = api.list_peerings(vnet)
    if listed.status != 200:
        return
    for item in api.list_all(listed):
        name = str(item.get("name", ""))
        if every or _is_suite_name(name):
            _remove(outcome, f"peering {vnet}/{name}",
                    lambda v=vnet, n=name: api.delete_peering(v, n).succeeded)


def _remove(outcome: CleanupOutcome, label: str, delete) -> None:
    try:
        gone = delete()
    except TargetError as exc:
        outcome.failed.append(f"{label}: {exc}")
        return
    (outcome.removed if gone else outcome.failed).append(label)
