"""Small builders so each test reads as the scenario it checks."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from conformance.model import Network, PeeringSettings, Refusal, Subnet, VirtualNetwork, VnetId

SUB = "00000000-0000-0000-0000-000000000000"
RG = "peerTest"


def vid(name: str, rg: str = RG, sub: str = SUB) -> VnetId:
    return VnetId(sub, rg, name)


def vnet(
    name: str,
    *prefixes: str,
    subnets: dict[str, tuple[str, ...]] | None = None,
    gateway: bool = False,
    rg: str = RG,
) -> VirtualNetwork:
    return VirtualNetwork(
        id=vid(name, rg),
        location="westus",
        address_prefixes=tuple(prefixes),
        subnets=tuple(Subnet(n, p) for n, p in (subnets or {}).items()),
        has_gateway=gateway,
    )


def to(remote: str, **kwargs: Any) -> PeeringSettings:
    """Settings of a peering toward VNet `remote` (tuples for the subnet-name lists)."""
    for key in ("local_subnet_names", "remote_subnet_names"):
        if key in kwargs:
            kwargs[key] = tuple(kwargs[key])
    return PeeringSettings(remote_vnet=vid(remote), **kwargs)


def network(*vnets: VirtualNetwork) -> Network:
    net = Network()
    for v in vnets:
        net.put_vnet(v)
    return net


def pair(net: Network, a: str = "vnet1", b: str = "vnet2", **kwargs: Any) -> None:
    """Peer a and b both ways (peerings `a-b` and `b-a`)."""
    net.put_peering(vid(a), f"{a}-{b}", to(b, **kwargs))
    net.put_peering(vid(b), f"{b}-{a}", to(a, **kwargs))


def view(net: Network, vnet_name: str, peering_name: str):
    peering = net.peering(vid(vnet_name), peering_name)
    assert peering is not None, f"no peering {peering_name} on {vnet_name}"
    return net.view(peering)


def refused(
    net: Network, code: str, write: Callable[..., object], *args: Any, status: int = 400, **kwargs: Any
) -> Refusal:
    """Call `write(*args, **kwargs)`, which must be refused with `code`; check it changed
    neither the state nor the pending change log (which it drains to compare)."""
    twin = copy.deepcopy(net)
    with pytest.raises(Refusal) as info:
        write(*args, **kwargs)
    assert info.value.code == code, info.value
    assert info.value.status == status
    assert info.value.message
    assert net.records() == twin.records()
    assert net.drain_changes() == twin.drain_changes()
    return info.value
