"""Each refusal, with its code, and proof that a refused write changes nothing."""

import pytest

from conformance.model import Network, PeeringSettings, Refusal
from conformance.model.network import parse_remote_vnet_id
from tests.model.helpers import network, pair, refused, to, vid, view, vnet


def two_vnets(**kwargs) -> Network:
    return network(vnet("vnet1", "10.0.0.0/16", **kwargs), vnet("vnet2", "10.1.0.0/16"))


# ----- VNet bodies -------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, code",
    [
        (vnet("v"), "VnetAddressSpaceMissing"),
        (vnet("v", "10.0.0.1/16"), "InvalidAddressPrefixFormat"),
        (vnet("v", "10.0.0.0"), "InvalidAddressPrefixFormat"),
        (vnet("v", "10.0.0.0/33"), "InvalidAddressPrefixFormat"),
        (vnet("v", "2001:db8::1/32"), "InvalidAddressPrefixFormat"),
        (vnet("v", "10.0.0.0/16", "10.0.1.0/24"), "NetcfgInvalidAddressPrefix"),
        (vnet("v", "10.0.0.0/16", "10.0.0.0/16"), "NetcfgInvalidAddressPrefix"),
        (vnet("v", "10.0.0.0/16", subnets={"s": ("10.1.0.0/24",)}), "NetcfgSubnetRangeOutsideVnet"),
        (vnet("v", "10.0.0.0/16", subnets={"s": ("10.0.0.0/15",)}), "NetcfgSubnetRangeOutsideVnet"),
        (vnet("v", "10.0.0.0/16", subnets={"s": ("10.0.0.1/24",)}), "InvalidAddressPrefixFormat"),
        (vnet("v", "10.0.0.0/16", subnets={"s": ()}), "SubnetAddressPrefixMissing"),
        (vnet("v", "10.0.0.0/16", subnets={"a": ("10.0.0.0/24",), "b": ("10.0.0.128/25",)}),
         "NetcfgSubnetRangesOverlap"),
        (vnet("v", "10.0.0.0/16", subnets={"a": ("10.0.0.0/24",), "A": ("10.0.1.0/24",)}),
         "DuplicateResourceName"),
    ],
)
def test_vnet_body_refusals(body, code):
    net = network(vnet("existing", "192.168.0.0/16"))
    refused(net, code, net.put_vnet, body)
    assert net.vnet(body.id) is None


def test_valid_dual_stack_vnet_with_subnets():
    net = Network()
    subnets = {"a": ("10.0.1.0/24", "fd00:1::/64"), "b": ("10.0.0.0/24",)}
    body = vnet("v", "10.0.0.0/16", "fd00:1::/48", subnets=subnets)
    assert net.put_vnet(body) is True
    assert net.vnet(vid("v")) == body


def test_removing_a_range_that_holds_a_subnet():
    net = network(vnet("v", "10.0.0.0/16", "10.99.0.0/16", subnets={"s": ("10.99.1.0/24",)}))
    shrunk = vnet("v", "10.0.0.0/16", subnets={"s": ("10.99.1.0/24",)})
    refused(net, "NetcfgSubnetRangeOutsideVnet", net.put_vnet, shrunk)
    net.put_vnet(vnet("v", "10.0.0.0/16"))  # the subnet removed with it: fine
    assert net.vnet(vid("v")).address_prefixes == ("10.0.0.0/16",)


# ----- overlap -----------------------------------------------------------------------


def test_overlap_at_create():
    net = network(vnet("vnet1", "10.0.0.0/16"), vnet("vnet2", "10.0.128.0/17", "10.5.0.0/16"))
    refused(net, "VnetAddressSpacesOverlap", net.put_peering, vid("vnet1"), "p", to("vnet2"))


@pytest.mark.parametrize("peered_from", ["vnet1", "vnet2", "both"])
def test_overlap_at_update_either_direction(peered_from):
    net = two_vnets()
    if peered_from in ("vnet1", "both"):
        net.put_peering(vid("vnet1"), "p12", to("vnet2"))
    if peered_from in ("vnet2", "both"):
        net.put_peering(vid("vnet2"), "p21", to("vnet1"))
    refused(net, "VnetAddressSpacesOverlap", net.put_vnet, vnet("vnet1", "10.0.0.0/16", "10.1.128.0/24"))
    refused(net, "VnetAddressSpacesOverlap", net.put_vnet, vnet("vnet2", "10.1.0.0/16", "10.0.7.0/24"))
    net.put_vnet(vnet("vnet1", "10.0.0.0/16", "10.2.0.0/16"))  # no overlap: fine


def test_disconnected_peerings_do_not_block_a_vnet_update():
    net = two_vnets()
    pair(net)
    net.delete_peering(vid("vnet2"), "vnet2-vnet1")
    net.put_vnet(vnet("vnet1", "10.0.0.0/16", "10.1.0.0/24"))
    refused(net, "VnetAddressSpacesOverlap", net.put_peering, vid("vnet1"), "vnet1-vnet2", to("vnet2"))


def test_overlap_with_a_vnet_already_peered():
    net = network(
        vnet("hub", "10.0.0.0/16"), vnet("a", "10.1.0.0/16"), vnet("c", "10.1.0.0/24"), vnet("d", "10.2.0.0/16")
    )
    code = "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet"
    net.put_peering(vid("hub"), "hub-a", to("a"))
    # c overlaps a, which hub already peers with: refused from either side.
    refused(net, code, net.put_peering, vid("c"), "c-hub", to("hub"))
    refused(net, code, net.put_peering, vid("hub"), "hub-c", to("c"))
    net.put_peering(vid("d"), "d-hub", to("hub"))
    # A spoke may not grow into another spoke of the same hub.
    refused(net, code, net.put_vnet, vnet("d", "10.2.0.0/16", "10.1.5.0/24"))
    net.delete_peering(vid("hub"), "hub-a")
    net.put_peering(vid("c"), "c-hub", to("hub"))


# ----- peering requests --------------------------------------------------------------


def test_missing_vnets():
    net = two_vnets()
    err = refused(net, "ResourceNotFound", net.put_peering, vid("nope"), "p", to("vnet2"), status=404)
    assert "nope" in err.message
    refused(net, "RemoteVirtualNetworkNotFound", net.put_peering, vid("vnet1"), "p", to("nope"))


def test_peering_with_itself():
    net = two_vnets()
    refused(net, "CannotPeerVirtualNetworkWithItself", net.put_peering, vid("vnet1"), "p", to("VNET1"))


def test_remote_cannot_change():
    net = network(vnet("vnet1", "10.0.0.0/16"), vnet("vnet2", "10.1.0.0/16"), vnet("vnet3", "10.2.0.0/16"))
    net.put_peering(vid("vnet1"), "p", to("vnet2"))
    refused(net, "CannotChangeRemoteVirtualNetwork", net.put_peering, vid("vnet1"), "P", to("vnet3"))
    refused(net, "CannotChangeRemoteVirtualNetwork", net.put_peering, vid("vnet1"), "p", to("gone"))


@pytest.mark.parametrize(
    "bad", ["", None, "vnet2", "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/x"]
)
def test_remote_id_must_be_a_vnet_id(bad):
    with pytest.raises(Refusal) as info:
        parse_remote_vnet_id(bad)
    assert info.value.code == "InvalidRemoteVirtualNetworkId" and info.value.status == 400


def test_remote_id_parses():
    parsed = parse_remote_vnet_id(vid("Vnet2").arm_id.replace("virtualNetworks", "VIRTUALNETWORKS"))
    assert parsed == vid("Vnet2")


def test_another_peering_already_references_the_remote():
    net = two_vnets()
    net.put_peering(vid("vnet1"), "first", to("vnet2"))
    code = "AnotherPeeringAlreadyReferencesRemoteVnet"
    refused(net, code, net.put_peering, vid("vnet1"), "second", to("VNET2"))
    net.put_peering(vid("vnet1"), "FIRST", to("vnet2"))  # the same peering again is an update
    net.delete_vnet(vid("vnet2"))
    net.put_vnet(vnet("vnet2", "10.1.0.0/16"))
    # A Disconnected peering still references the remote.
    refused(net, code, net.put_peering, vid("vnet1"), "second", to("vnet2"))


# ----- gateways ----------------------------------------------------------------------


def test_use_remote_gateways_needs_a_remote_gateway():
    net = two_vnets()
    using = to("vnet2", use_remote_gateways=True)
    refused(net, "RemoteVnetHasNoGateways", net.put_peering, vid("vnet1"), "p", using)
    net.put_vnet(vnet("vnet2", "10.1.0.0/16", gateway=True))
    net.put_peering(vid("vnet1"), "p", using)
    net.put_peering(vid("vnet2"), "q", to("vnet1", allow_gateway_transit=True))
    assert view(net, "vnet1", "p").peering_state == "Connected"
    # The gateway in use cannot disappear, nor can the user grow one of its own.
    refused(net, "RemoteVnetHasNoGateways", net.put_vnet, vnet("vnet2", "10.1.0.0/16"))
    refused(net, "LocalVnetHasGateway", net.put_vnet, vnet("vnet1", "10.0.0.0/16", gateway=True))


def test_use_remote_gateways_with_a_local_gateway():
    net = network(vnet("vnet1", "10.0.0.0/16", gateway=True), vnet("vnet2", "10.1.0.0/16", gateway=True))
    using = to("vnet2", use_remote_gateways=True)
    refused(net, "LocalVnetHasGateway", net.put_peering, vid("vnet1"), "p", using)
    net.put_peering(vid("vnet1"), "p", to("vnet2", allow_gateway_transit=True))


def test_only_one_peering_uses_remote_gateways():
    net = network(
        vnet("vnet1", "10.0.0.0/16"), vnet("vnet2", "10.1.0.0/16", gateway=True), vnet("vnet3", "10.2.0.0/16", gateway=True)
    )
    net.put_peering(vid("vnet1"), "p2", to("vnet2", use_remote_gateways=True))
    net.put_peering(vid("vnet1"), "p3", to("vnet3"))
    using = to("vnet3", use_remote_gateways=True)
    refused(net, "OnlyOnePeeringCanUseRemoteGateways", net.put_peering, vid("vnet1"), "p3", using)
    net.put_peering(vid("vnet1"), "p2", to("vnet2"))
    net.put_peering(vid("vnet1"), "p3", using)


# ----- atomicity ---------------------------------------------------------------------


def test_refused_update_keeps_the_old_peering_and_pending_changes():
    net = two_vnets()
    pair(net)
    net.drain_changes()
    net.put_vnet(vnet("vnet1", "10.0.0.0/16", "10.99.0.0/16"))  # a pending change to keep
    before = net.peering(vid("vnet2"), "vnet2-vnet1")
    using = to("vnet1", use_remote_gateways=True)
    refused(net, "RemoteVnetHasNoGateways", net.put_peering, vid("vnet2"), "vnet2-vnet1", using, sync=True)
    assert net.peering(vid("vnet2"), "vnet2-vnet1") is before
    assert view(net, "vnet2", "vnet2-vnet1").peering_sync_level == "LocalNotInSync"


def test_guid_is_not_drawn_for_a_refused_create():
    net = network(vnet("vnet1", "10.0.0.0/16"), vnet("vnet2", "10.0.0.0/8"))
    drawn = []
    with pytest.raises(Refusal):
        net.put_peering(vid("vnet1"), "p", to("vnet2"), new_guid=lambda: drawn.append(1) or "g")
    assert drawn == []


def test_settings_are_taken_as_given():
    net = two_vnets()
    settings = PeeringSettings(
        remote_vnet=vid("vnet2"), allow_forwarded_traffic=True, allow_virtual_network_access=False
    )
    net.put_peering(vid("vnet1"), "p", settings)
    assert net.peering(vid("vnet1"), "p").settings == settings
