"""Initiated -> Connected -> Disconnected -> recovery, the shared guid, and keys."""

import itertools

from conformance.model import Network, PeeringSettings, VirtualNetwork
from tests.model.helpers import SUB, network, refused, to, vid, view, vnet


def two_vnets() -> Network:
    return network(vnet("vnet1", "10.0.0.0/16"), vnet("vnet2", "10.1.0.0/16"))


def state(net, vnet_name, peering_name):
    return view(net, vnet_name, peering_name).peering_state


def test_full_lifecycle_and_recovery():
    net = two_vnets()
    assert net.put_peering(vid("vnet1"), "p12", to("vnet2")) is True
    assert state(net, "vnet1", "p12") == "Initiated"
    assert net.put_peering(vid("vnet2"), "p21", to("vnet1")) is True
    assert state(net, "vnet1", "p12") == state(net, "vnet2", "p21") == "Connected"

    assert net.delete_peering(vid("vnet2"), "p21") is True
    assert state(net, "vnet1", "p12") == "Disconnected"

    refused(net, "RemotePeeringIsDisconnected", net.put_peering, vid("vnet2"), "p21", to("vnet1"))
    assert net.peering(vid("vnet2"), "p21") is None

    assert net.put_peering(vid("vnet1"), "p12", to("vnet2")) is False  # re-PUT: update
    assert state(net, "vnet1", "p12") == "Initiated"
    net.put_peering(vid("vnet2"), "p21", to("vnet1"))
    assert state(net, "vnet1", "p12") == state(net, "vnet2", "p21") == "Connected"


def test_vnet_delete_disconnects_the_survivor_and_removes_its_peerings():
    net = two_vnets()
    net.put_peering(vid("vnet1"), "p12", to("vnet2"))
    net.put_peering(vid("vnet2"), "p21", to("vnet1"))
    assert net.delete_vnet(vid("vnet2")) is True
    assert net.peerings(vid("vnet2")) == []
    assert state(net, "vnet1", "p12") == "Disconnected"
    # The survivor still shows what it had peered; the deleted VNet has no space now.
    v = view(net, "vnet1", "p12")
    assert v.remote_address_space == ("10.1.0.0/16",)
    assert v.remote_virtual_network_address_space == ()
    assert v.peering_sync_level == "LocalNotInSync"

    refused(net, "RemoteVirtualNetworkNotFound", net.put_peering, vid("vnet1"), "p12", to("vnet2"))
    net.put_vnet(vnet("vnet2", "10.1.0.0/16"))
    refused(net, "RemotePeeringIsDisconnected", net.put_peering, vid("vnet2"), "p21", to("vnet1"))
    net.put_peering(vid("vnet1"), "p12", to("vnet2"))
    assert state(net, "vnet1", "p12") == "Initiated"
    net.put_peering(vid("vnet2"), "p21", to("vnet1"))
    assert state(net, "vnet1", "p12") == "Connected"


def test_delete_of_missing_things_reports_false():
    net = two_vnets()
    assert net.delete_peering(vid("vnet1"), "nope") is False
    assert net.delete_peering(vid("missing"), "nope") is False
    assert net.delete_vnet(vid("missing")) is False
    assert net.drain_changes()  # the two VNet creations only
    assert net.drain_changes() == []


def test_initiated_side_counts_remote_as_in_sync():
    net = two_vnets()
    net.put_peering(vid("vnet1"), "p12", to("vnet2"))
    v = view(net, "vnet1", "p12")
    assert (v.peering_state, v.peering_sync_level) == ("Initiated", "FullyInSync")
    assert v.remote_address_space == v.remote_virtual_network_address_space == ("10.1.0.0/16",)
    assert v.local_address_space == v.local_virtual_network_address_space == ("10.0.0.0/16",)


def test_pair_shares_one_guid_and_keeps_it():
    guids = (f"guid-{i}" for i in itertools.count())
    new_guid = lambda: next(guids)  # noqa: E731
    net = two_vnets()
    net.put_peering(vid("vnet1"), "p12", to("vnet2"), new_guid=new_guid)
    net.put_peering(vid("vnet2"), "p21", to("vnet1"), new_guid=new_guid)
    net.put_peering(vid("vnet1"), "p12", to("vnet2"), sync=True, new_guid=new_guid)
    assert net.peering(vid("vnet1"), "p12").resource_guid == "guid-0"
    assert net.peering(vid("vnet2"), "p21").resource_guid == "guid-0"
    # The survivor keeps its guid; a re-created reverse takes it again.
    net.delete_peering(vid("vnet2"), "p21")
    net.put_peering(vid("vnet1"), "p12", to("vnet2"), new_guid=new_guid)
    net.put_peering(vid("vnet2"), "again", to("vnet1"), new_guid=new_guid)
    assert net.peering(vid("vnet2"), "again").resource_guid == "guid-0"
    assert next(guids) == "guid-1"  # only the very first peering drew a guid


def test_unrelated_peerings_get_distinct_guids():
    net = network(vnet("a", "10.0.0.0/16"), vnet("b", "10.1.0.0/16"), vnet("c", "10.2.0.0/16"))
    net.put_peering(vid("a"), "ab", to("b"))
    net.put_peering(vid("a"), "ac", to("c"))
    assert net.peering(vid("a"), "ab").resource_guid != net.peering(vid("a"), "ac").resource_guid


def test_keys_are_case_insensitive_and_keep_the_first_casing():
    net = Network()
    assert net.put_vnet(vnet("VNet1", "10.0.0.0/16")) is True
    assert net.put_vnet(vnet("vnet1", "10.0.0.0/16", "10.9.0.0/16", rg="PEERTEST")) is False
    stored = net.vnet(vid("VNET1", rg="peertest", sub=SUB.upper()))
    assert stored.id.name == "VNet1" and stored.id.resource_group == "peerTest"
    assert stored.address_prefixes == ("10.0.0.0/16", "10.9.0.0/16")

    net.put_vnet(vnet("Vnet2", "10.1.0.0/16"))
    assert net.put_peering(vid("vnet1"), "ToVnet2", to("VNET2")) is True
    assert net.put_peering(vid("VNET1"), "TOVNET2", to("vnet2"), sync=True) is False
    peering = net.peering(vid("vnet1"), "tovnet2")
    assert peering.name == "ToVnet2"
    assert peering.vnet.name == "VNet1"
    assert peering.settings.remote_vnet.name == "VNET2"  # the casing first given
    assert [p.name for p in net.peerings(vid("VNET1"))] == ["ToVnet2"]


def test_listings_sorted_case_insensitively_and_scoped():
    net = network(
        vnet("b", "10.1.0.0/16"),
        vnet("A", "10.0.0.0/16"),
        vnet("c", "10.2.0.0/16", rg="other"),
        VirtualNetwork(vid("z", sub="another"), "westus", ("10.3.0.0/16",)),
    )
    assert [v.id.name for v in net.vnets(SUB)] == ["A", "b", "c"]
    assert [v.id.name for v in net.vnets(SUB.upper(), "PEERTEST")] == ["A", "b"]
    assert [v.id.name for v in net.vnets("ANOTHER")] == ["z"]
    assert net.vnets("nobody") == []
    net.put_peering(vid("A"), "zeta", PeeringSettings(remote_vnet=vid("c", rg="other")))
    net.put_peering(vid("A"), "Alpha", to("b"))
    net.put_peering(vid("A"), "beta", PeeringSettings(remote_vnet=vid("z", sub="another")))
    assert [p.name for p in net.peerings(vid("a"))] == ["Alpha", "beta", "zeta"]
    assert net.peerings(vid("missing")) == []
