"""The checks behind every refusal, and the peerable spaces they compare.

`Network` applies a write to a scratch copy of itself and runs these checks on the copy:
a check reads the state as it would be after the write, and raises `Refusal` when the
write must not happen.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from conformance.model import address_space as cidr
from conformance.model.entities import Peering, Refusal, VirtualNetwork, VnetId

if TYPE_CHECKING:
    from conformance.model.network import Network


def peerable(
    vnet: VirtualNetwork | None, subnet_names: Iterable[str], complete: bool, ipv6_only: bool
) -> tuple[str, ...]:
    """The part of `vnet` a peering exposes: all its prefixes, or the named subnets'
    (in the order named, unknown names skipped); IPv6 only when asked; IPv4 first."""
    if vnet is None:
        return ()
    if complete:
        prefixes: tuple[str, ...] = vnet.address_prefixes
    else:
        by_name = {s.name.lower(): s for s in vnet.subnets}
        names = dict.fromkeys(n.lower() for n in subnet_names)
        prefixes = tuple(p for n in names if n in by_name for p in by_name[n].prefixes)
    if ipv6_only:
        prefixes = cidr.only_ipv6(prefixes)
    return cidr.ipv4_first(prefixes)


def remote_peerable(net: Network, p: Peering) -> tuple[str, ...]:
    s = p.settings
    return peerable(
        net.vnet(s.remote_vnet), s.remote_subnet_names, s.peer_complete_vnets, s.enable_only_ipv6_peering
    )


def local_peerable(net: Network, p: Peering) -> tuple[str, ...]:
    s = p.settings
    return peerable(net.vnet(p.vnet), s.local_subnet_names, s.peer_complete_vnets, s.enable_only_ipv6_peering)


def _refuse(code: str, message: str, status: int = 400) -> Refusal:
    return Refusal(code=code, message=message, status=status)


def check_vnet_layout(vnet: VirtualNetwork) -> None:
    """A VNet body on its own: valid CIDRs, no overlap, every subnet inside the space."""
    where = f"virtual network {vnet.id.arm_id}"
    if not vnet.address_prefixes:
        raise _refuse("VnetAddressSpaceMissing", f"The address space of {where} needs at least one address prefix.")
    for prefix in vnet.address_prefixes:
        _require_cidr(prefix, where)
    pair = cidr.overlap_within(vnet.address_prefixes)
    if pair:
        raise _refuse("NetcfgInvalidAddressPrefix", f"Address prefixes {pair[0]} and {pair[1]} of {where} overlap.")
    seen: set[str] = set()
    subnet_prefixes: list[str] = []
    for subnet in vnet.subnets:
        if subnet.name.lower() in seen:
            raise _refuse("DuplicateResourceName", f"{where} has two subnets named {subnet.name!r}.")
        seen.add(subnet.name.lower())
        if not subnet.prefixes:
            raise _refuse("SubnetAddressPrefixMissing", f"Subnet {subnet.name!r} of {where} has no address prefix.")
        for prefix in subnet.prefixes:
            _require_cidr(prefix, f"subnet {subnet.name!r} of {where}")
            if not cidr.inside_any(prefix, vnet.address_prefixes):
                raise _refuse(
                    "NetcfgSubnetRangeOutsideVnet",
                    f"Subnet {subnet.name!r} range {prefix} is outside the address space "
                    f"{list(vnet.address_prefixes)} of {where}.",
                )
        subnet_prefixes.extend(subnet.prefixes)
    pair = cidr.overlap_within(subnet_prefixes)
    if pair:
        raise _refuse("NetcfgSubnetRangesOverlap", f"Subnet ranges {pair[0]} and {pair[1]} of {where} overlap.")


def _require_cidr(prefix: str, where: str) -> None:
    if not cidr.is_valid_prefix(prefix):
        raise _refuse(
            "InvalidAddressPrefixFormat",
            f"Address prefix {prefix!r} of {where} is not a valid CIDR prefix "
            "(address/length with the host bits zero, e.g. 10.0.0.0/16).",
        )


def linked_spaces(net: Network, vnet_id: VnetId, excluding: VnetId) -> Iterator[tuple[VnetId, tuple[str, ...]]]:
    """The VNets (other than `excluding`) linked to `vnet_id` by a peering that is not
    Disconnected, in either direction, each with its side of that link."""
    for p in net.peerings(vnet_id):
        other = p.settings.remote_vnet
        if not p.disconnected and not other.same_as(excluding) and net.vnet(other):
            yield other, remote_peerable(net, p)
    for p in net.peerings_toward(vnet_id):
        if not p.disconnected and not p.vnet.same_as(excluding):
            yield p.vnet, local_peerable(net, p)


def check_peering(net: Network, p: Peering) -> None:
    """Every rule a stored, not-Disconnected peering must satisfy; `p` is already in `net`."""
    s = p.settings
    local, remote = net.vnet(p.vnet), net.vnet(s.remote_vnet)
    assert local is not None and remote is not None
    name = f"peering {p.name!r} of virtual network {local.id.arm_id}"
    others = [o for o in net.peerings(p.vnet) if o.key != p.key]
    clash = next((o for o in others if o.settings.remote_vnet.same_as(remote.id)), None)
    if clash:
        raise _refuse(
            "AnotherPeeringAlreadyReferencesRemoteVnet",
            f"Cannot create {name}: peering {clash.name!r} already references {remote.id.arm_id}.",
        )
    if not s.peer_complete_vnets:
        _check_subnet_names(name, local, s.local_subnet_names, remote, s.remote_subnet_names)
    reverse = net.reverse_of(p)
    if reverse and reverse.disconnected:
        raise _refuse(
            "RemotePeeringIsDisconnected",
            f"Cannot create or update {name}: the remote peering {reverse.name!r} of {remote.id.arm_id} "
            "is Disconnected. Delete it and create it again, or update it first.",
        )
    local_space, remote_space = local_peerable(net, p), remote_peerable(net, p)
    pair = cidr.first_overlap(local_space, remote_space)
    if pair:
        raise _refuse(
            "VnetAddressSpacesOverlap",
            f"Cannot create or update {name}: address space {pair[0]} of {local.id.arm_id} overlaps "
            f"address space {pair[1]} of {remote.id.arm_id}.",
        )
    _check_already_peered(net, name, local.id, local_space, remote.id)
    _check_already_peered(net, name, remote.id, remote_space, local.id)
    if s.use_remote_gateways:
        _check_gateways(name, local, remote, others)


def _check_subnet_names(
    name: str,
    local: VirtualNetwork,
    local_names: tuple[str, ...],
    remote: VirtualNetwork,
    remote_names: tuple[str, ...],
) -> None:
    if not local_names or not remote_names:
        raise _refuse(
            "SubnetNamesRequiredForSubnetPeering",
            f"{name} peers subnets (peerCompleteVnets is false): localSubnetNames and remoteSubnetNames "
            "must both name at least one subnet.",
        )
    for vnet, names in ((local, local_names), (remote, remote_names)):
        known = {s.name.lower() for s in vnet.subnets}
        missing = [n for n in names if n.lower() not in known]
        if missing:
            raise _refuse(
                "SubnetNotFoundForSubnetPeering",
                f"{name}: subnet(s) {missing} not found in virtual network {vnet.id.arm_id}.",
            )


def _check_already_peered(net: Network, name: str, vnet_id: VnetId, space: tuple[str, ...], hub: VnetId) -> None:
    """`vnet_id`'s side must not overlap any other VNet already linked to `hub`."""
    for other, other_space in linked_spaces(net, hub, excluding=vnet_id):
        pair = cidr.first_overlap(space, other_space)
        if pair:
            raise _refuse(
                "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet",
                f"Cannot create or update {name}: address space {pair[0]} of {vnet_id.arm_id} overlaps "
                f"address space {pair[1]} of {other.arm_id}, already peered with {hub.arm_id}.",
            )


def _check_gateways(name: str, local: VirtualNetwork, remote: VirtualNetwork, others: list[Peering]) -> None:
    if local.has_gateway:
        raise _refuse(
            "LocalVnetHasGateway",
            f"{name} cannot use remote gateways: virtual network {local.id.arm_id} has a gateway of its own.",
        )
    if not remote.has_gateway:
        raise _refuse(
            "RemoteVnetHasNoGateways",
            f"{name} cannot use remote gateways: remote virtual network {remote.id.arm_id} has no gateway.",
        )
    user = next((o for o in others if o.settings.use_remote_gateways), None)
    if user:
        raise _refuse(
            "OnlyOnePeeringCanUseRemoteGateways",
            f"{name} cannot use remote gateways: peering {user.name!r} of {local.id.arm_id} already does.",
        )
