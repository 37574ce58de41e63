"""drain_changes, records and load: what a persistence layer mirrors and reads back."""

import json

import pytest

from conformance.model import Network, Peering, VirtualNetwork
from conformance.model.records import change_to_record, from_record, record_key, to_record
from tests.model.helpers import network, pair, to, vid, vnet


def store_of(changes, store=None):
    store = dict(store or {})
    for change in changes:
        if change.record is None:
            store.pop((change.kind, change.key), None)
        else:
            assert record_key(change.record) == change.key
            store[(change.kind, change.key)] = json.loads(json.dumps(change_to_record(change)))
    return store


def test_drain_lists_each_touched_record_once_with_its_latest_version():
    net = network(vnet("vnet1", "10.0.0.0/16"), vnet("vnet2", "10.1.0.0/16"))
    net.put_vnet(vnet("VNET1", "10.0.0.0/16", "10.9.0.0/16"))
    changes = net.drain_changes()
    assert [(c.kind, c.key) for c in changes] == [("vnet", vid("vnet1").key), ("vnet", vid("vnet2").key)]
    assert changes[0].record.address_prefixes == ("10.0.0.0/16", "10.9.0.0/16")
    assert changes[0].record.id.name == "vnet1"
    assert net.drain_changes() == []


def test_peering_delete_logs_the_deletion_and_the_disconnected_reverse():
    net = network(vnet("vnet1", "10.0.0.0/16"), vnet("vnet2", "10.1.0.0/16"))
    pair(net)
    net.drain_changes()
    net.delete_peering(vid("vnet2"), "VNET2-vnet1")
    changes = {c.key: c.record for c in net.drain_changes()}
    assert changes == {
        (*vid("vnet1").key, "vnet1-vnet2"): net.peering(vid("vnet1"), "vnet1-vnet2"),
        (*vid("vnet2").key, "vnet2-vnet1"): None,
    }
    assert changes[(*vid("vnet1").key, "vnet1-vnet2")].disconnected is True


def test_vnet_delete_logs_the_vnet_its_peerings_and_the_disconnected_ones():
    net = network(vnet("vnet1", "10.0.0.0/16"), vnet("vnet2", "10.1.0.0/16"), vnet("vnet3", "10.2.0.0/16"))
    pair(net)
    pair(net, "vnet2", "vnet3")
    net.drain_changes()
    net.delete_vnet(vid("vnet2"))
    changes = {(c.kind, c.key): c.record for c in net.drain_changes()}
    assert set(changes) == {
        ("vnet", vid("vnet2").key),
        ("peering", (*vid("vnet2").key, "vnet2-vnet1")),
        ("peering", (*vid("vnet2").key, "vnet2-vnet3")),
        ("peering", (*vid("vnet1").key, "vnet1-vnet2")),
        ("peering", (*vid("vnet3").key, "vnet3-vnet2")),
    }
    assert [r.disconnected for r in changes.values() if r is not None] == [True, True]


def test_create_then_delete_between_drains_reports_the_deletion():
    net = network(vnet("vnet1", "10.0.0.0/16"), vnet("vnet2", "10.1.0.0/16"))
    net.drain_changes()
    net.put_peering(vid("vnet1"), "p", to("vnet2"))
    net.delete_peering(vid("vnet1"), "p")
    assert [(c.key[-1], c.record) for c in net.drain_changes()] == [("p", None)]


def test_records_round_trip_through_json():
    net = network(
        vnet("Vnet1", "10.0.0.0/16", "fd00::/64", subnets={"A": ("10.0.1.0/24", "fd00::/64")}),
        vnet("vnet2", "10.1.0.0/16", subnets={"b": ("10.1.0.0/24",)}, gateway=True),
    )
    net.put_peering(vid("vnet1"), "P", to("vnet2", peer_complete_vnets=False, local_subnet_names=["A"],
                                          remote_subnet_names=["b"], use_remote_gateways=True))
    for record in net.records():
        text = json.dumps(to_record(record))
        assert from_record(json.loads(text)) == record


def test_bad_records():
    with pytest.raises(TypeError):
        to_record("nope")
    with pytest.raises(ValueError):
        from_record({"kind": "other"})


def test_load_reproduces_the_state_and_starts_a_clean_log():
    net = network(vnet("vnet1", "10.0.0.0/16"), vnet("vnet2", "10.1.0.0/16"), vnet("vnet3", "10.2.0.0/16"))
    pair(net)
    net.put_peering(vid("vnet3"), "p31", to("vnet1"))
    net.put_vnet(vnet("vnet1", "10.0.0.0/16", "10.50.0.0/16"))
    net.delete_vnet(vid("vnet3"))
    store = store_of(net.drain_changes())

    copy = Network()
    copy.put_vnet(vnet("stale", "192.168.0.0/16"))
    copy.load([from_record(r) for r in reversed(list(store.values()))])  # any order
    assert copy.drain_changes() == []
    assert copy.vnet(vid("stale")) is None
    assert sorted(map(record_key, copy.records())) == sorted(map(record_key, net.records()))
    for record in net.records():
        if isinstance(record, Peering):
            assert copy.view(copy.peering(record.vnet, record.name)) == net.view(record)
        else:
            assert isinstance(record, VirtualNetwork) and copy.vnet(record.id) == record
