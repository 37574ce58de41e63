"""Keeping generated cases inside the run's resources, reproducibly.

A generated case would otherwise address random subscriptions, resource groups and
names. Before it is sent, its path is pinned: subscription and resource group to the
run's, resource names to `<run prefix>-f<hash>`, the hash taken from the generated value
itself, so a Hypothesis replay or shrink of the same case addresses the same resource and
two different cases never share one. Peering operations and VNet reads are pointed at the
worker's fuzzing VNet, so they reach the peering rules and real bodies instead of
stopping at "not found"; a conforming VNet PUT gets valid CIDRs (derived the same way)
for the ranges it generated, so some of them create a VNet whose body can be validated.

A parameter the negative generator deliberately broke (a non-UUID subscription, a
91-character resource group) is left as generated: that is the input under test.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from schemathesis import Case
from schemathesis.core.parameters import ParameterLocation

_NAME_PARAMETERS = ("virtualNetworkName", "virtualNetworkPeeringName")
# A mutation of the path as a whole (no parameter named) breaks every path parameter.
_WHOLE_PATH = "*"


@dataclass(frozen=True)
class FuzzScope:
    """Where fuzz cases may create things: the run's resource group and name prefix."""

    subscription: str
    resource_group: str
    name_prefix: str
    home_vnet: str
    remote_vnet_id: str

    def name_for(self, parameter: str, generated: object) -> str:
        digest = hashlib.sha256(f"{parameter}\0{generated!r}".encode()).hexdigest()[:10]
        return f"{self.name_prefix}-f{digest}"

    def pin(self, case: Case) -> None:
        """Rewrite the case in place (see the module docstring)."""
        broken = negated_path_parameters(case)
        if _WHOLE_PATH in broken:
            return
        path = case.path_parameters
        fixed = {"subscriptionId": self.subscription, "resourceGroupName": self.resource_group}
        for parameter, value in fixed.items():
            if parameter in path and parameter not in broken:
                path[parameter] = value
        for parameter in _NAME_PARAMETERS:
            if parameter in path and parameter not in broken:
                path[parameter] = self.name_for(parameter, path[parameter])
        reads_home = "/virtualNetworkPeerings" in case.path or case.method.upper() == "GET"
        if reads_home and "virtualNetworkName" in path and "virtualNetworkName" not in broken:
            path["virtualNetworkName"] = self.home_vnet
        if not _is_negative(case):
            self._point_remote_at_fuzz_vnet(case)
            self._make_prefixes_valid(case)

    def _make_prefixes_valid(self, case: Case) -> None:
        body = case.body
        if "/virtualNetworkPeerings" in case.path or case.method.upper() != "PUT" or not isinstance(body, dict):
            return
        properties = body.get("properties")
        space = properties.get("addressSpace") if isinstance(properties, dict) else None
        prefixes = space.get("addressPrefixes") if isinstance(space, dict) else None
        if isinstance(prefixes, list):
            space["addressPrefixes"] = [_valid_prefix(prefix) for prefix in prefixes]

    def _point_remote_at_fuzz_vnet(self, case: Case) -> None:
        """A conforming peering body names an existing VNet, so creation can succeed."""
        body = case.body
        if "virtualNetworkPeeringName" not in case.path_parameters or not isinstance(body, dict):
            return
        properties = body.get("properties")
        if isinstance(properties, dict):
            properties["remoteVirtualNetwork"] = {"id": self.remote_vnet_id}


def _valid_prefix(generated: object) -> str:
    """A /24 inside 10.200.0.0/13, chosen by the generated value (two values may collide: an
    overlap the target must refuse with a 4xx)."""
    number = int(hashlib.sha256(repr(generated).encode()).hexdigest()[:4], 16) % 2048
    return f"10.{200 + number // 256}.{number % 256}.0/24"


def _is_negative(case: Case) -> bool:
    meta = case.meta
    return meta is not None and meta.generation.mode.is_negative


def negated_path_parameters(case: Case) -> set[str]:
    """Names of the path parameters the negative generator broke on purpose."""
    meta = case.meta
    if meta is None or not meta.is_negative_at(ParameterLocation.PATH):
        return set()
    data = meta.phase.data
    broken: set[str] = set()
    for mutation in getattr(data, "mutations", ()):
        if mutation.parameter_location is not ParameterLocation.PATH:
            continue
        name = mutation.parameter or (mutation.path[0] if mutation.path else None)
        broken.add(str(name) if name else _WHOLE_PATH)
    if not broken:
        broken.add(getattr(data, "parameter", None) or _WHOLE_PATH)
    return broken
