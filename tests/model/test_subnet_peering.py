"""Subnet peering and IPv6-only peering, reproducing the documented examples' spaces."""

import pytest

from tests.model.helpers import network, refused, to, vid, view, vnet

# The set-up behind the REST reference examples "Create subnet peering" and "Sync subnet Peering".
VNET1 = vnet(
    "vnet1", "212.0.0.0/16", "13.0.0.0/8", "2002:2002::/64",
    subnets={"Subnet1": ("212.0.0.0/16", "2002:2002::/64"), "Subnet4": ("13.0.0.0/8",)},
)
VNET2 = vnet("vnet2", "12.0.0.0/8", "2001:2001::/64", subnets={"Subnet2": ("12.0.0.0/8", "2001:2001::/64")})


def spaces(net, vnet_name, peering):
    v = net.view(net.peering(vid(vnet_name), peering))
    return (
        v.local_address_space,
        v.local_virtual_network_address_space,
        v.remote_address_space,
        v.remote_virtual_network_address_space,
    )


def subnet_settings(local, remote, toward="vnet2", **kwargs):
    return to(toward, peer_complete_vnets=False, local_subnet_names=local, remote_subnet_names=remote, **kwargs)


def test_create_subnet_peering_example():
    net = network(VNET1, VNET2)
    net.put_peering(vid("vnet1"), "peer", subnet_settings(["Subnet1", "Subnet4"], ["Subnet2"]), sync=True)
    local = ("212.0.0.0/16", "13.0.0.0/8", "2002:2002::/64")
    remote = ("12.0.0.0/8", "2001:2001::/64")
    assert spaces(net, "vnet1", "peer") == (local, local, remote, remote)
    v = view(net, "vnet1", "peer")
    assert (v.peering_state, v.peering_sync_level) == ("Initiated", "FullyInSync")


def test_sync_subnet_peering_example():
    net = network(VNET1, VNET2)
    net.put_peering(vid("vnet1"), "peer", subnet_settings(["Subnet1", "Subnet4"], ["Subnet2"]))
    net.put_peering(vid("vnet1"), "peer", subnet_settings(["Subnet1"], ["Subnet2"]), sync=True)
    local = ("212.0.0.0/16", "2002:2002::/64")
    remote = ("12.0.0.0/8", "2001:2001::/64")
    assert spaces(net, "vnet1", "peer") == (local, local, remote, remote)
    assert view(net, "vnet1", "peer").peering_sync_level == "FullyInSync"


def test_sync_v6_subnet_peering_example():
    net = network(VNET1, VNET2)
    v6 = subnet_settings(["Subnet1"], ["Subnet2"], enable_only_ipv6_peering=True)
    net.put_peering(vid("vnet1"), "peer", v6, sync=True)
    assert spaces(net, "vnet1", "peer") == (("2002:2002::/64",),) * 2 + (("2001:2001::/64",),) * 2


def test_create_v6_subnet_peering_example_ignores_overlapping_ipv4():
    net = network(
        vnet("vnet1", "10.0.0.0/16", "2002::/15",
             subnets={"Subnet1": ("10.0.1.0/24", "2002::/64"), "Subnet4": ("10.0.4.0/24", "2003::/64")}),
        vnet("vnet2", "10.0.0.0/16", "2001::/64", subnets={"Subnet2": ("10.0.1.0/24", "2001::/64")}),
    )
    v6 = subnet_settings(["Subnet1", "Subnet4"], ["Subnet2"], enable_only_ipv6_peering=True)
    net.put_peering(vid("vnet1"), "peer", v6, sync=True)
    assert spaces(net, "vnet1", "peer") == (("2002::/64", "2003::/64"),) * 2 + (("2001::/64",),) * 2
    refused(net, "VnetAddressSpacesOverlap",
            net.put_peering, vid("vnet1"), "peer", subnet_settings(["Subnet1"], ["Subnet2"]), sync=True)


def test_names_are_taken_in_the_order_given_ipv4_first():
    net = network(VNET1, VNET2)
    net.put_peering(vid("vnet1"), "peer", subnet_settings(["subnet4", "SUBNET1", "Subnet4"], ["Subnet2"]))
    assert view(net, "vnet1", "peer").local_address_space == ("13.0.0.0/8", "212.0.0.0/16", "2002:2002::/64")


def test_complete_vnet_peering_keeps_the_vnet_order_ipv4_first():
    net = network(vnet("vnet1", "fd00:1::/64", "10.0.0.0/16", "10.9.0.0/16"), vnet("vnet2", "10.1.0.0/16"))
    net.put_peering(vid("vnet2"), "p", to("vnet1"))
    assert view(net, "vnet2", "p").remote_address_space == ("10.0.0.0/16", "10.9.0.0/16", "fd00:1::/64")


def test_ipv6_only_applies_to_complete_vnets_too():
    net = network(vnet("vnet1", "10.0.0.0/16", "fd00:1::/64"), vnet("vnet2", "10.0.0.0/16", "fd00:2::/64"))
    refused(net, "VnetAddressSpacesOverlap", net.put_peering, vid("vnet1"), "p", to("vnet2"))
    net.put_peering(vid("vnet1"), "p", to("vnet2", enable_only_ipv6_peering=True))
    v = view(net, "vnet1", "p")
    assert (v.remote_address_space, v.local_address_space) == (("fd00:2::/64",), ("fd00:1::/64",))


def test_overlapping_vnets_peer_through_disjoint_subnets():
    net = network(
        vnet("vnet1", "10.0.0.0/16", subnets={"a": ("10.0.1.0/24",), "shared": ("10.0.9.0/24",)}),
        vnet("vnet2", "10.0.0.0/16", subnets={"b": ("10.0.2.0/24",), "shared": ("10.0.9.0/24",)}),
    )
    refused(net, "VnetAddressSpacesOverlap", net.put_peering, vid("vnet1"), "p", to("vnet2"))
    shared = subnet_settings(["shared"], ["shared"])
    refused(net, "VnetAddressSpacesOverlap", net.put_peering, vid("vnet1"), "p", shared)
    net.put_peering(vid("vnet1"), "p", subnet_settings(["a"], ["b"]))
    net.put_peering(vid("vnet2"), "q", subnet_settings(["b"], ["a"], toward="vnet1"))
    assert view(net, "vnet1", "p").peering_state == "Connected"
    # A VNet update is checked against the peered subnets only.
    net.put_vnet(vnet("vnet1", "10.0.0.0/16", subnets={"a": ("10.0.1.0/24",), "shared": ("10.0.2.0/24",)}))
    refused(net, "VnetAddressSpacesOverlap",
            net.put_vnet, vnet("vnet1", "10.0.0.0/16", subnets={"a": ("10.0.1.0/24", "10.0.2.128/25")}))


@pytest.mark.parametrize("local, remote", [([], ["Subnet2"]), (["Subnet1"], []), ([], [])])
def test_subnet_names_required(local, remote):
    net = network(VNET1, VNET2)
    code = "SubnetNamesRequiredForSubnetPeering"
    refused(net, code, net.put_peering, vid("vnet1"), "p", subnet_settings(local, remote))


@pytest.mark.parametrize("local, remote", [(["Subnet1", "Subnet9"], ["Subnet2"]), (["Subnet1"], ["Subnet1"])])
def test_subnet_names_must_exist(local, remote):
    net = network(VNET1, VNET2)
    code = "SubnetNotFoundForSubnetPeering"
    err = refused(net, code, net.put_peering, vid("vnet1"), "p", subnet_settings(local, remote))
    assert ("Subnet9" if "Subnet9" in local else "Subnet1") in err.message


def test_a_peered_subnet_cannot_be_removed():
    net = network(VNET1, VNET2)
    net.put_peering(vid("vnet1"), "peer", subnet_settings(["Subnet1"], ["Subnet2"]))
    without = vnet("vnet2", "12.0.0.0/8", "2001:2001::/64")
    refused(net, "SubnetNotFoundForSubnetPeering", net.put_vnet, without)


def test_changes_outside_the_peered_subnets_keep_the_pair_in_sync():
    net = network(VNET1, VNET2)
    net.put_peering(vid("vnet1"), "vnet1-vnet2", subnet_settings(["Subnet1"], ["Subnet2"]))
    net.put_peering(vid("vnet2"), "vnet2-vnet1", subnet_settings(["Subnet2"], ["Subnet1"], toward="vnet1"))
    assert view(net, "vnet1", "vnet1-vnet2").peering_state == "Connected"
    net.put_vnet(vnet("vnet2", "12.0.0.0/8", "2001:2001::/64", "14.0.0.0/8",
                      subnets={"Subnet2": ("12.0.0.0/8", "2001:2001::/64"), "Other": ("14.0.0.0/8",)}))
    assert view(net, "vnet1", "vnet1-vnet2").peering_sync_level == "FullyInSync"
    assert view(net, "vnet2", "vnet2-vnet1").peering_sync_level == "FullyInSync"


def test_a_grown_peered_subnet_needs_a_sync():
    net = network(
        vnet("vnet1", "10.0.0.0/16", subnets={"a": ("10.0.1.0/24",)}),
        vnet("vnet2", "10.1.0.0/16", subnets={"b": ("10.1.2.0/24",)}),
    )
    net.put_peering(vid("vnet1"), "p", subnet_settings(["a"], ["b"]))
    net.put_peering(vid("vnet2"), "q", subnet_settings(["b"], ["a"], toward="vnet1"))
    net.put_vnet(vnet("vnet2", "10.1.0.0/16", subnets={"b": ("10.1.2.0/23",)}))
    assert view(net, "vnet1", "p").peering_sync_level == "LocalNotInSync"
    assert view(net, "vnet2", "q").peering_sync_level == "RemoteNotInSync"
    assert spaces(net, "vnet2", "q")[:2] == (("10.1.2.0/24",), ("10.1.2.0/23",))
    net.put_peering(vid("vnet1"), "p", subnet_settings(["a"], ["b"]), sync=True)
    assert view(net, "vnet1", "p").remote_address_space == ("10.1.2.0/23",)
    assert view(net, "vnet2", "q").peering_sync_level == "FullyInSync"


def test_switching_to_subnet_peering_without_sync_is_stale():
    net = network(VNET1, VNET2)
    net.put_peering(vid("vnet1"), "peer", to("vnet2"))
    net.put_peering(vid("vnet1"), "peer", subnet_settings(["Subnet4"], ["Subnet2"]))
    v = view(net, "vnet1", "peer")
    assert v.peering_sync_level == "FullyInSync"  # Subnet2 is all of vnet2
    assert v.local_address_space == ("212.0.0.0/16", "13.0.0.0/8", "2002:2002::/64")
    assert v.local_virtual_network_address_space == ("13.0.0.0/8",)


def test_update_without_subnet_names_keeps_the_stored_names():
    """The docs' 'Sync subnet Peering' example re-PUTs with peerCompleteVnets false and no names."""
    net = network(VNET1, VNET2)
    net.put_peering(vid("vnet1"), "peer", subnet_settings(["Subnet1"], ["Subnet2"]))
    net.put_peering(vid("vnet1"), "peer", subnet_settings([], []), sync=True)
    stored = net.peering(vid("vnet1"), "peer").settings
    assert (stored.local_subnet_names, stored.remote_subnet_names) == (("Subnet1",), ("Subnet2",))
