"""Every sync-level transition after an address-space change, seen from both peerings."""

import pytest

from conformance.model import Network
from tests.model.helpers import network, to, vid, view, vnet

V1 = ("10.0.0.0/16",)
V2 = ("10.1.0.0/16",)


def connected(v1=V1, v2=V2) -> Network:
    net = network(vnet("vnet1", *v1), vnet("vnet2", *v2))
    net.put_peering(vid("vnet1"), "p12", to("vnet2"), sync=True)
    net.put_peering(vid("vnet2"), "p21", to("vnet1"), sync=True)
    for name, peering in (("vnet1", "p12"), ("vnet2", "p21")):
        assert view(net, name, peering).peering_sync_level == "FullyInSync"
    return net


def sync(net, side):
    peering, remote = {"vnet1": ("p12", "vnet2"), "vnet2": ("p21", "vnet1")}[side]
    assert net.put_peering(vid(side), peering, to(remote), sync=True) is False


def spaces(net, vnet_name, peering):
    v = view(net, vnet_name, peering)
    return v.peering_sync_level, v.remote_address_space, v.remote_virtual_network_address_space


def test_documented_growth_of_vnet1():
    net = connected()
    net.put_vnet(vnet("vnet1", "10.0.0.0/16", "10.99.0.0/16"))
    assert spaces(net, "vnet1", "p12") == ("RemoteNotInSync", V2, V2)
    assert spaces(net, "vnet2", "p21") == ("LocalNotInSync", V1, ("10.0.0.0/16", "10.99.0.0/16"))
    assert view(net, "vnet1", "p12").peering_state == view(net, "vnet2", "p21").peering_state == "Connected"

    sync(net, "vnet1")  # the wrong side: levels and remote spaces unchanged
    assert spaces(net, "vnet1", "p12") == ("RemoteNotInSync", V2, V2)
    assert spaces(net, "vnet2", "p21") == ("LocalNotInSync", V1, ("10.0.0.0/16", "10.99.0.0/16"))
    # (it does re-snapshot its own local side, shown only for subnet peering)
    assert view(net, "vnet1", "p12").local_address_space == ("10.0.0.0/16", "10.99.0.0/16")

    net.put_peering(vid("vnet2"), "p21", to("vnet1", allow_forwarded_traffic=True))  # PUT without sync
    assert spaces(net, "vnet2", "p21") == ("LocalNotInSync", V1, ("10.0.0.0/16", "10.99.0.0/16"))

    sync(net, "vnet2")
    grown = ("10.0.0.0/16", "10.99.0.0/16")
    assert spaces(net, "vnet1", "p12") == ("FullyInSync", V2, V2)
    assert spaces(net, "vnet2", "p21") == ("FullyInSync", grown, grown)


def test_local_snapshot_is_refreshed_only_by_a_sync_of_that_peering():
    net = connected()
    grown = ("10.0.0.0/16", "10.99.0.0/16")
    net.put_vnet(vnet("vnet1", *grown))
    sync(net, "vnet2")
    assert view(net, "vnet1", "p12").local_address_space == V1
    assert view(net, "vnet1", "p12").local_virtual_network_address_space == grown
    assert view(net, "vnet1", "p12").peering_sync_level == "FullyInSync"


CHANGES = {
    "add": (("10.0.0.0/16",), ("10.0.0.0/16", "10.99.0.0/16")),
    "remove": (("10.0.0.0/16", "10.99.0.0/16"), ("10.0.0.0/16",)),
    "shrink": (("10.0.0.0/16",), ("10.0.0.0/17",)),
    "grow": (("10.4.0.0/16",), ("10.4.0.0/15",)),
    "replace": (("10.0.0.0/16",), ("10.50.0.0/16",)),
}
CHANGES2 = {
    "add": (("10.2.0.0/16",), ("10.2.0.0/16", "10.98.0.0/16")),
    "remove": (("10.2.0.0/16", "10.98.0.0/16"), ("10.2.0.0/16",)),
    "shrink": (("10.2.0.0/16",), ("10.2.128.0/17",)),
    "grow": (("10.2.0.0/16",), ("10.2.0.0/15",)),
    "replace": (("10.2.0.0/16",), ("10.60.0.0/16",)),
}


@pytest.mark.parametrize("change", CHANGES)
def test_change_on_vnet1(change):
    before, after = CHANGES[change]
    net = connected(v1=before)
    net.put_vnet(vnet("vnet1", *after))
    assert spaces(net, "vnet1", "p12") == ("RemoteNotInSync", V2, V2)
    assert spaces(net, "vnet2", "p21") == ("LocalNotInSync", before, after)
    sync(net, "vnet2")
    assert spaces(net, "vnet1", "p12") == ("FullyInSync", V2, V2)
    assert spaces(net, "vnet2", "p21") == ("FullyInSync", after, after)


@pytest.mark.parametrize("change", CHANGES2)
def test_change_on_vnet2(change):
    before, after = CHANGES2[change]
    net = connected(v2=before)
    net.put_vnet(vnet("vnet2", *after))
    assert spaces(net, "vnet2", "p21") == ("RemoteNotInSync", V1, V1)
    assert spaces(net, "vnet1", "p12") == ("LocalNotInSync", before, after)
    sync(net, "vnet2")  # the wrong side
    assert spaces(net, "vnet1", "p12") == ("LocalNotInSync", before, after)
    sync(net, "vnet1")
    assert spaces(net, "vnet2", "p21") == ("FullyInSync", V1, V1)
    assert spaces(net, "vnet1", "p12") == ("FullyInSync", after, after)


@pytest.mark.parametrize("change1", CHANGES)
@pytest.mark.parametrize("change2", CHANGES2)
@pytest.mark.parametrize("first", ["vnet1", "vnet2"])
def test_change_on_both(change1, change2, first):
    (b1, a1), (b2, a2) = CHANGES[change1], CHANGES2[change2]
    net = connected(v1=b1, v2=b2)
    net.put_vnet(vnet("vnet1", *a1))
    net.put_vnet(vnet("vnet2", *a2))
    assert spaces(net, "vnet1", "p12") == ("LocalAndRemoteNotInSync", b2, a2)
    assert spaces(net, "vnet2", "p21") == ("LocalAndRemoteNotInSync", b1, a1)
    sync(net, first)
    if first == "vnet1":
        assert spaces(net, "vnet1", "p12") == ("RemoteNotInSync", a2, a2)
        assert spaces(net, "vnet2", "p21") == ("LocalNotInSync", b1, a1)
    else:
        assert spaces(net, "vnet1", "p12") == ("LocalNotInSync", b2, a2)
        assert spaces(net, "vnet2", "p21") == ("RemoteNotInSync", a1, a1)
    sync(net, "vnet2" if first == "vnet1" else "vnet1")
    assert spaces(net, "vnet1", "p12") == ("FullyInSync", a2, a2)
    assert spaces(net, "vnet2", "p21") == ("FullyInSync", a1, a1)


def test_change_back_before_sync_is_in_sync_again():
    net = connected()
    net.put_vnet(vnet("vnet1", "10.0.0.0/16", "10.99.0.0/16"))
    net.put_vnet(vnet("vnet1", "10.0.0.0/16"))
    assert spaces(net, "vnet2", "p21") == ("FullyInSync", V1, V1)


def test_reordering_prefixes_is_not_a_change():
    net = connected(v1=("10.0.0.0/16", "10.99.0.0/16"))
    net.put_vnet(vnet("vnet1", "10.99.0.0/16", "10.0.0.0/16"))
    level, peered, current = spaces(net, "vnet2", "p21")
    assert level == "FullyInSync"
    assert peered == ("10.0.0.0/16", "10.99.0.0/16") and current == ("10.99.0.0/16", "10.0.0.0/16")


def test_initiated_peering_goes_stale_and_syncs_alone():
    net = network(vnet("vnet1", *V1), vnet("vnet2", *V2))
    net.put_peering(vid("vnet1"), "p12", to("vnet2"))
    net.put_vnet(vnet("vnet2", "10.1.0.0/16", "10.7.0.0/16"))
    assert spaces(net, "vnet1", "p12") == ("LocalNotInSync", V2, ("10.1.0.0/16", "10.7.0.0/16"))
    net.put_vnet(vnet("vnet1", "10.0.0.0/16", "10.8.0.0/16"))  # no reverse: nobody else to be stale
    assert spaces(net, "vnet1", "p12")[0] == "LocalNotInSync"
    net.put_peering(vid("vnet1"), "p12", to("vnet2"), sync=True)
    assert spaces(net, "vnet1", "p12") == ("FullyInSync",) + (("10.1.0.0/16", "10.7.0.0/16"),) * 2
    assert view(net, "vnet1", "p12").local_address_space == ("10.0.0.0/16", "10.8.0.0/16")
