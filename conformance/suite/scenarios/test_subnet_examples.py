"""Replay of the documented subnet and IPv6 examples (EX-003, EX-004, EX-006, EX-007).

An example shows a request and its answer but not the VNets behind them, so each setup
builds VNets whose subnets yield the documented address spaces, with extra prefixes and
subnets that must not be peered. The sync examples first create the subnet peering with
its subnet names, then change the remote VNet, then send the documented sync request
(which names no subnets). The replay machinery is in `example_replay.py`.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.example_replay import (  # noqa: F401 (example_replayer is a fixture)
    ExampleSetup,
    VnetLayout,
    documented_example,
    example_replayer,
)

DUAL_STACK_VNET1 = VnetLayout(
    ("212.0.0.0/15", "13.0.0.0/8", "2002:2002::/48"),
    {"Subnet1": ["212.0.0.0/16", "2002:2002::/64"], "Subnet3": "212.1.0.0/24", "Subnet4": "13.0.0.0/8"},
)
DUAL_STACK_VNET2 = VnetLayout(
    ("12.0.0.0/8", "11.0.0.0/16", "2001:2001::/48"),
    {"Subnet2": ["12.0.0.0/8", "2001:2001::/64"], "Subnet5": ["11.0.0.0/24", "2001:2001:0:5::/64"]},
)
V6_VNET1 = VnetLayout(
    ("10.1.0.0/16", "2002::/48", "2003::/48"),
    {"Subnet1": ["10.1.1.0/24", "2002::/64"], "Subnet4": ["10.1.4.0/24", "2003::/64"]},
)
V6_VNET2 = VnetLayout(
    ("10.2.0.0/16", "2001::/48"),
    {"Subnet2": ["10.2.2.0/24", "2001::/64"], "Subnet5": ["10.2.5.0/24", "2001:0:0:5::/64"]},
)
V6_SYNC_VNET1 = VnetLayout(("10.1.0.0/16", "2002:2002::/48"), {"Subnet1": ["10.1.1.0/24", "2002:2002::/64"]})
V6_SYNC_VNET2 = VnetLayout(
    ("10.2.0.0/16", "2001:2001::/48"),
    {"Subnet2": ["10.2.2.0/24", "2001:2001::/64", "2001:2001:0:1::/64"]},
)
SUBNET_PEERING = {"peerCompleteVnets": False, "localSubnetNames": ["Subnet1"], "remoteSubnetNames": ["Subnet2"]}


def assert_as_documented(replay) -> None:
    differences = replay.differences()
    assert not differences, f"{replay.example.name!r} answered otherwise than documented:\n" + "\n".join(differences)


@pytest.mark.requirements("EX-003")
def test_create_subnet_peering_example(example_replayer):
    """The dual-stack subnet example peers Subnet1 and Subnet4 with Subnet2, both families."""
    example = documented_example("create-subnet-peering")
    assert_as_documented(example_replayer.replay(example, ExampleSetup(DUAL_STACK_VNET1, DUAL_STACK_VNET2)))


@pytest.mark.requirements("EX-004")
def test_create_v6_subnet_peering_example(example_replayer):
    """The IPv6-only example peers only the IPv6 prefixes of Subnet1, Subnet4 and Subnet2."""
    example = documented_example("create-v6-subnet-peering")
    assert_as_documented(example_replayer.replay(example, ExampleSetup(V6_VNET1, V6_VNET2)))


@pytest.mark.requirements("EX-006")
def test_sync_subnet_peering_example(example_replayer):
    """On a subnet peering whose Subnet2 gained its IPv6 prefix, the documented sync answers
    200 with the subnet names kept and Subnet2 as it is now."""
    setup = ExampleSetup(
        DUAL_STACK_VNET1,
        VnetLayout(DUAL_STACK_VNET2.prefixes, {"Subnet2": "12.0.0.0/8"}),
        existing_peering=True,
        peering_properties=SUBNET_PEERING,
        remote_changed_to=DUAL_STACK_VNET2,
    )
    assert_as_documented(example_replayer.replay(documented_example("sync-subnet-peering"), setup))


@pytest.mark.requirements("EX-007")
def test_sync_v6_subnet_peering_example(example_replayer):
    """On an IPv6-only peering whose Subnet2 lost an IPv6 prefix, the documented sync answers
    200 with the IPv6-only spaces as they are now."""
    setup = ExampleSetup(
        V6_SYNC_VNET1,
        V6_SYNC_VNET2,
        existing_peering=True,
        peering_properties={**SUBNET_PEERING, "enableOnlyIPv6Peering": True},
        remote_changed_to=VnetLayout(V6_SYNC_VNET2.prefixes, {"Subnet2": ["10.2.2.0/24", "2001:2001::/64"]}),
    )
    assert_as_documented(example_replayer.replay(documented_example("sync-v6-subnet-peering"), setup))
