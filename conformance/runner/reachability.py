"""Is anybody there? One request before the run, so an unreachable target is exit 3 with a
clear message instead of hundreds of failed checks."""

from __future__ import annotations

from conformance.target.client import TargetClient
from conformance.target.peering_api import PROVIDER

# Long enough for a real ARM front door, short enough that a typo fails fast.
PROBE_TIMEOUT_SECONDS = 10.0


def probe(client: TargetClient) -> int:
    """HTTP status of listing the resource group's VNets: any answer means reachable.

    Raises TargetUnreachable (connection refused, TLS, timeout) and InvalidTargetConfig
    (e.g. --azure-credential without azure-identity)."""
    config = client.config
    path = f"{config.resource_group_path}/{PROVIDER}/virtualNetworks"
    response = client.get(path, retry=False, timeout=min(PROBE_TIMEOUT_SECONDS, config.timeout))
    return response.status
