"""Executable model of virtual-network peering semantics.

Pure Python, no HTTP and no I/O: the reference endpoint runs on it and the suite uses
it as the oracle of model-based tests, so both agree on one reading of the docs.
"""

from conformance.model.entities import (
    Change,
    Peering,
    PeeringSettings,
    PeeringView,
    Refusal,
    Subnet,
    VirtualNetwork,
    VnetId,
)
from conformance.model.network import Network, parse_remote_vnet_id

__all__ = [
    "Change",
    "Network",
    "Peering",
    "PeeringSettings",
    "PeeringView",
    "Refusal",
    "Subnet",
    "VirtualNetwork",
    "VnetId",
    "parse_remote_vnet_id",
]
