"""Subnet peering (peerCompleteVnets false): what is peered is the named subnets' prefixes.

VNet a holds subnets front, back and spare; VNet b holds zeta, alpha and mid, declared
out of alphabetical and address order so that a target sorting prefixes, or peering the
whole VNet, shows. Every check reads the peerings back with a GET once its operations ended.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from conformance.suite.scenarios.peering_expectations import (
    check_peering,
    check_peering_absent,
    check_refused,
    check_succeeded,
)
from conformance.suite.vnets import VnetHandle

A_SUBNETS = {"front": "10.1.1.0/24", "back": "10.1.2.0/24", "spare": "10.1.3.0/24"}
B_SUBNETS = {"zeta": "10.2.5.0/24", "alpha": "10.2.1.0/24", "mid": "10.2.3.0/24"}


def subnet_peer(
    local: VnetHandle, remote: VnetHandle, local_names: Sequence[str], remote_names: Sequence[str], **options: Any
):
    """PUT local's peering toward remote as a subnet peering of the given names."""
    return local.peer(
        remote,
        peerCompleteVnets=False,
        localSubnetNames=list(local_names),
        remoteSubnetNames=list(remote_names),
        **options,
    )


def subnet_pair(pair, prefixes_a=("10.1.0.0/16",), prefixes_b=("10.2.0.0/16",)):
    return pair(prefixes_a, prefixes_b, subnets_a=A_SUBNETS, subnets_b=B_SUBNETS)


def connect_subnets(a: VnetHandle, b: VnetHandle, a_names: Sequence[str], b_names: Sequence[str]) -> None:
    """Subnet-peer a's `a_names` with b's `b_names` in both directions (Connected)."""
    check_succeeded(subnet_peer(a, b, a_names, b_names), "creating the subnet peering a->b")
    check_succeeded(subnet_peer(b, a, b_names, a_names), "creating the subnet peering b->a")


@pytest.mark.requirements("SUBNET-001", "SUBNET-004")
def test_remote_address_space_is_the_named_remote_subnets_in_subnet_order(pair):
    """Only the named remote subnets are peered, in both remote fields. Their order is not
    judged: the REST reference shows one example and states no order of addressPrefixes,
    and a target listing them otherwise is legal (self-test variant prefixes-in-another-order)."""
    a, b = subnet_pair(pair)
    check_succeeded(subnet_peer(a, b, ["front"], ["zeta", "alpha"]), "creating the subnet peering a->b")
    check_peering(
        a, b, "after creating it",
        remoteAddressSpace=["10.2.5.0/24", "10.2.1.0/24"],
        remoteVirtualNetworkAddressSpace=["10.2.5.0/24", "10.2.1.0/24"],
    )


@pytest.mark.requirements("SUBNET-002", "SUBNET-003")
def test_local_address_space_is_the_named_local_subnets(pair):
    """localAddressSpace and localVirtualNetworkAddressSpace hold the named local subnets only."""
    a, b = subnet_pair(pair)
    check_succeeded(subnet_peer(a, b, ["front", "spare"], ["alpha"]), "creating the subnet peering a->b")
    check_peering(
        a, b, "after creating it",
        localAddressSpace=["10.1.1.0/24", "10.1.3.0/24"],
        localVirtualNetworkAddressSpace=["10.1.1.0/24", "10.1.3.0/24"],
    )


@pytest.mark.requirements("SUBNET-003")
def test_local_virtual_network_address_space_follows_a_named_local_subnet_change(pair):
    """localVirtualNetworkAddressSpace shows the named local subnets as they are now."""
    a, b = subnet_pair(pair)
    check_succeeded(subnet_peer(a, b, ["front"], ["alpha"]), "creating the subnet peering a->b")
    grown = a.put(subnets={**A_SUBNETS, "front": ["10.1.1.0/24", "10.1.4.0/24"]})
    check_succeeded(grown, "adding a prefix to a's subnet front")
    check_peering(
        a, b, "after a's named subnet front gained 10.1.4.0/24",
        localVirtualNetworkAddressSpace=["10.1.1.0/24", "10.1.4.0/24"],
    )


@pytest.mark.requirements("SUBNET-009", "SUBNET-004")
def test_a_named_remote_subnet_change_puts_the_peering_local_not_in_sync(pair):
    """A change to a named remote subnet is a change of what is peered: LocalNotInSync,
    and remoteVirtualNetworkAddressSpace shows the subnet as it is now."""
    a, b = subnet_pair(pair)
    connect_subnets(a, b, ["front"], ["alpha"])
    grown = b.put(subnets={**B_SUBNETS, "alpha": ["10.2.1.0/24", "10.2.7.0/24"]})
    check_succeeded(grown, "adding a prefix to b's subnet alpha")
    check_peering(
        a, b, "after b's named subnet alpha gained 10.2.7.0/24",
        peeringSyncLevel="LocalNotInSync",
        remoteAddressSpace=["10.2.1.0/24"],
        remoteVirtualNetworkAddressSpace=["10.2.1.0/24", "10.2.7.0/24"],
    )


@pytest.mark.requirements("SUBNET-011")
def test_a_sync_takes_the_named_remote_subnets_as_they_are_now(pair):
    """A sync PUT refreshes remoteAddressSpace to the named remote subnets' current prefixes."""
    a, b = subnet_pair(pair)
    connect_subnets(a, b, ["front"], ["alpha", "mid"])
    grown = b.put(subnets={**B_SUBNETS, "alpha": ["10.2.1.0/24", "10.2.7.0/24"]})
    check_succeeded(grown, "adding a prefix to b's subnet alpha")
    check_succeeded(subnet_peer(a, b, ["front"], ["alpha", "mid"], sync=True), "syncing the peering a->b")
    check_peering(
        a, b, "after the sync",
        peeringSyncLevel="FullyInSync",
        remoteAddressSpace=["10.2.1.0/24", "10.2.7.0/24", "10.2.3.0/24"],
    )


@pytest.mark.requirements("SUBNET-010")
def test_a_remote_change_outside_the_named_subnets_leaves_the_peering_in_sync(pair):
    """A new remote address prefix and a new unnamed remote subnet change nothing peered."""
    a, b = subnet_pair(pair)
    connect_subnets(a, b, ["front"], ["alpha"])
    grown = b.put(["10.2.0.0/16", "10.20.0.0/16"], subnets={**B_SUBNETS, "extra": "10.20.1.0/24"})
    check_succeeded(grown, "adding the prefix 10.20.0.0/16 and the subnet extra to b")
    check_peering(
        a, b, "after b grew outside its named subnet alpha",
        peeringSyncLevel="FullyInSync",
        remoteAddressSpace=["10.2.1.0/24"],
        remoteVirtualNetworkAddressSpace=["10.2.1.0/24"],
    )


@pytest.mark.requirements("SUBNET-005")
def test_an_unknown_local_subnet_name_is_refused_and_nothing_is_created(pair):
    """Every named local subnet must exist: 400 CloudError, no peering."""
    a, b = subnet_pair(pair)
    refused = subnet_peer(a, b, ["front", "nosuchsubnet"], ["alpha"])
    check_refused(refused.initial, "a subnet peering naming the unknown local subnet nosuchsubnet")
    check_peering_absent(a, b, "after the refused create")


@pytest.mark.requirements("SUBNET-006")
def test_an_unknown_remote_subnet_name_is_refused_and_nothing_is_created(pair):
    """Every named remote subnet must exist: 400 CloudError, no peering."""
    a, b = subnet_pair(pair)
    refused = subnet_peer(a, b, ["front"], ["alpha", "nosuchsubnet"])
    check_refused(refused.initial, "a subnet peering naming the unknown remote subnet nosuchsubnet")
    check_peering_absent(a, b, "after the refused create")


@pytest.mark.requirements("SUBNET-007")
def test_creating_a_subnet_peering_without_local_or_remote_names_is_refused(pair):
    """A subnet peering needs names on both sides to know what it peers."""
    a, b = subnet_pair(pair)
    without_local = a.peer(b, peerCompleteVnets=False, remoteSubnetNames=["alpha"])
    check_refused(without_local.initial, "a subnet peering create without localSubnetNames")
    without_remote = a.peer(b, peerCompleteVnets=False, localSubnetNames=["front"])
    check_refused(without_remote.initial, "a subnet peering create without remoteSubnetNames")
    check_peering_absent(a, b, "after both refused creates")


@pytest.mark.requirements("SUBNET-008")
def test_a_put_without_subnet_names_keeps_the_stored_names(pair):
    """The documented sync requests omit the names: an update without them keeps them."""
    a, b = subnet_pair(pair)
    check_succeeded(subnet_peer(a, b, ["front", "back"], ["mid"]), "creating the subnet peering a->b")
    check_succeeded(a.peer(b, peerCompleteVnets=False), "updating the peering a->b without subnet names")
    check_peering(
        a, b, "after the update without subnet names",
        localSubnetNames=["front", "back"],
        remoteSubnetNames=["mid"],
        localAddressSpace=["10.1.1.0/24", "10.1.2.0/24"],
        remoteAddressSpace=["10.2.3.0/24"],
    )


@pytest.mark.requirements("SUBNET-012")
def test_overlapping_vnets_can_be_peered_through_disjoint_subnets(pair):
    """Overlap is judged on what is peered: disjoint named subnets of overlapping VNets may peer."""
    a, b = subnet_pair(pair, prefixes_a=("10.0.0.0/8",), prefixes_b=("10.0.0.0/8",))
    check_succeeded(subnet_peer(a, b, ["front"], ["alpha"]), "subnet-peering a's front with b's alpha")
    check_succeeded(subnet_peer(b, a, ["alpha"], ["front"]), "subnet-peering b's alpha with a's front")
    check_peering(a, b, "after both sides were created", peeringState="Connected")


@pytest.mark.requirements("SUBNET-013")
def test_subnet_peering_settings_are_returned_as_given(pair):
    """peerCompleteVnets, the subnet names and enableOnlyIPv6Peering read back as sent."""
    a, b = subnet_pair(pair)
    created = subnet_peer(a, b, ["spare", "front"], ["mid", "zeta"], enableOnlyIPv6Peering=False)
    check_succeeded(created, "creating the subnet peering a->b")
    check_peering(
        a, b, "after creating it",
        peerCompleteVnets=False,
        localSubnetNames=["spare", "front"],
        remoteSubnetNames=["mid", "zeta"],
        enableOnlyIPv6Peering=False,
    )
