"""Guards before a run touches anything: loopback unless allowed, a dedicated resource group.

The suite creates, changes and deletes VNets and peerings. Against a real subscription
(management.azure.com) that costs money and can cut real networks apart, so a target
that is not a loopback address needs `--allow-real-target`, and a resource group that
holds VNets the suite did not name (`pc-…`) needs `--force`. The loopback check looks
only at the URL, so a refused target never receives a single packet.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from conformance.suite.naming import SUITE_NAME_PREFIX
from conformance.target.client import TargetClient
from conformance.target.peering_api import PeeringApi

# Requests per second when a real target is allowed and no --max-rps is given: far below
# ARM's write limits (about 1200 writes per hour per subscription, in bursts).
REAL_TARGET_DEFAULT_MAX_RPS = 2.0


def real_target_refusal(url: str) -> str:
    host = urlsplit(url).hostname or url
    return (
        f"refusing to run against {host}: it is not a loopback address (127.0.0.0/8, ::1, localhost). "
        "The suite creates, changes and deletes VNets and peerings; against management.azure.com "
        "that is a real Azure subscription, where it costs money and can disconnect real networks. "
        "Give --allow-real-target to confirm, with a resource group dedicated to the suite "
        "(see --dry-run for what would be sent)."
    )


def foreign_vnets(client: TargetClient) -> list[str]:
    """Names of the resource group's VNets that the suite did not create (no `pc-` prefix)."""
    api = PeeringApi(client)
    first = api.list_vnets()
    if first.status != 200:
        return []
    names = [str(item.get("name", "")) for item in api.list_all(first)]
    return sorted(name for name in names if not name.lower().startswith(SUITE_NAME_PREFIX))


def shared_group_refusal(resource_group: str, names: list[str]) -> str:
    shown = ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")
    return (
        f"refusing to run in resource group {resource_group}: it holds VNets the suite did not create "
        f"({shown}). Use a resource group dedicated to the suite, or give --force."
    )
