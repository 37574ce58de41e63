"""IPv6 address spaces and IPv6-only subnet peering (enableOnlyIPv6Peering).

Both VNets are dual stack: every named subnet holds an IPv4 and an IPv6 prefix, so a
target that ignores the IPv6-only flag (or drops IPv6 without it) shows in the peered spaces.
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

A_PREFIXES = ("10.1.0.0/16", "fd00:1::/48")
B_PREFIXES = ("10.2.0.0/16", "fd00:2::/48")
A_SUBNETS = {
    "dual1": ["10.1.1.0/24", "fd00:1:0:1::/64"],
    "dual2": ["10.1.2.0/24", "fd00:1:0:2::/64"],
    "v4only": "10.1.3.0/24",
}
B_SUBNETS = {
    "dual": ["10.2.1.0/24", "fd00:2:0:1::/64"],
    "other": ["10.2.2.0/24", "fd00:2:0:2::/64"],
}


def dual_stack_pair(pair):
    return pair(A_PREFIXES, B_PREFIXES, subnets_a=A_SUBNETS, subnets_b=B_SUBNETS)


def subnet_peer(
    local: VnetHandle,
    remote: VnetHandle,
    local_names: Sequence[str],
    remote_names: Sequence[str],
    *,
    ipv6_only: bool,
    **options: Any,
):
    return local.peer(
        remote,
        peerCompleteVnets=False,
        localSubnetNames=list(local_names),
        remoteSubnetNames=list(remote_names),
        enableOnlyIPv6Peering=ipv6_only,
        **options,
    )


@pytest.mark.requirements("IPV6-001")
def test_ipv6_only_remote_address_space_keeps_only_the_remote_ipv6_prefixes(pair):
    """IPv6-only peering peers the named remote subnets' IPv6 prefixes and no IPv4 one."""
    a, b = dual_stack_pair(pair)
    created = subnet_peer(a, b, ["dual1"], ["dual", "other"], ipv6_only=True)
    check_succeeded(created, "creating the IPv6-only peering a->b")
    check_peering(
        a, b, "after creating it",
        enableOnlyIPv6Peering=True,
        remoteAddressSpace=["fd00:2:0:1::/64", "fd00:2:0:2::/64"],
    )


@pytest.mark.requirements("IPV6-002")
def test_ipv6_only_local_address_space_keeps_only_the_local_ipv6_prefixes(pair):
    """IPv6-only peering peers the named local subnets' IPv6 prefixes and no IPv4 one."""
    a, b = dual_stack_pair(pair)
    created = subnet_peer(a, b, ["dual1", "dual2"], ["dual"], ipv6_only=True)
    check_succeeded(created, "creating the IPv6-only peering a->b")
    check_peering(
        a, b, "after creating it",
        localAddressSpace=["fd00:1:0:1::/64", "fd00:1:0:2::/64"],
    )


@pytest.mark.requirements("IPV6-003")
def test_dual_stack_subnet_peering_peers_both_families(pair):
    """Without the IPv6-only flag, both the IPv4 and the IPv6 prefixes of named subnets are peered."""
    a, b = dual_stack_pair(pair)
    created = subnet_peer(a, b, ["dual1", "v4only"], ["dual"], ipv6_only=False)
    check_succeeded(created, "creating the subnet peering a->b")
    check_peering(
        a, b, "after creating it",
        localAddressSpace=["10.1.1.0/24", "fd00:1:0:1::/64", "10.1.3.0/24"],
        remoteAddressSpace=["10.2.1.0/24", "fd00:2:0:1::/64"],
    )


@pytest.mark.requirements("IPV6-004")
def test_whole_vnet_peering_toward_a_dual_stack_vnet_lists_its_ipv6_prefixes(pair):
    """A whole-VNet peering peers the remote VNet's IPv6 prefixes alongside the IPv4 ones."""
    a, b = pair(A_PREFIXES, B_PREFIXES)
    check_succeeded(a.peer(b), "creating the peering a->b")
    check_peering(a, b, "after creating it", remoteAddressSpace=list(B_PREFIXES))


@pytest.mark.requirements("IPV6-005")
def test_an_ipv4_prefix_added_to_a_named_subnet_leaves_an_ipv6_only_peering_in_sync(pair):
    """IPv4 prefixes are not peered by an IPv6-only peering, so adding one changes nothing."""
    a, b = dual_stack_pair(pair)
    check_succeeded(subnet_peer(a, b, ["dual1"], ["dual"], ipv6_only=True), "creating the IPv6-only peering a->b")
    check_succeeded(subnet_peer(b, a, ["dual"], ["dual1"], ipv6_only=True), "creating the IPv6-only peering b->a")
    grown = b.put(subnets={**B_SUBNETS, "dual": ["10.2.1.0/24", "10.2.8.0/24", "fd00:2:0:1::/64"]})
    check_succeeded(grown, "adding the IPv4 prefix 10.2.8.0/24 to b's subnet dual")
    check_peering(
        a, b, "after b's named subnet dual gained an IPv4 prefix",
        peeringState="Connected",
        peeringSyncLevel="FullyInSync",
        remoteAddressSpace=["fd00:2:0:1::/64"],
    )


@pytest.mark.requirements("IPV6-006")
def test_a_sync_of_an_ipv6_only_peering_lists_exactly_the_named_ipv6_prefixes(pair):
    """After a named remote subnet gained prefixes, a sync peers its IPv6 ones, new included, and no IPv4."""
    a, b = dual_stack_pair(pair)
    check_succeeded(subnet_peer(a, b, ["dual1"], ["dual"], ipv6_only=True), "creating the IPv6-only peering a->b")
    grown_prefixes = ["10.2.1.0/24", "10.2.9.0/24", "fd00:2:0:1::/64", "fd00:2:0:9::/64"]
    check_succeeded(b.put(subnets={**B_SUBNETS, "dual": grown_prefixes}), "adding prefixes to b's subnet dual")
    check_succeeded(subnet_peer(a, b, ["dual1"], ["dual"], ipv6_only=True, sync=True), "syncing the peering a->b")
    check_peering(
        a, b, "after the sync",
        remoteAddressSpace=["fd00:2:0:1::/64", "fd00:2:0:9::/64"],
    )


@pytest.mark.requirements("IPV6-007")
def test_overlapping_ipv6_spaces_are_refused(pair):
    """IPv6 ranges may not overlap any more than IPv4 ones: a 4xx CloudError and no peering."""
    a, b = pair(A_PREFIXES, ("10.2.0.0/16", "fd00:1:0:8000::/49"))
    refused = a.peer(b)
    check_refused(
        refused.initial, "peering VNets whose IPv6 prefixes fd00:1::/48 and fd00:1:0:8000::/49 overlap", status=None
    )
    check_peering_absent(a, b, "after the refused create")
