"""A run sends each outcome that judges nothing new once (a space without peerings a few
times), stops at its write budget, and skips a VNet PUT that changes no overlap."""

from __future__ import annotations

from conformance.model import Network, Refusal, VirtualNetwork, VnetId
from conformance.suite.stateful import redundant_writes as rw
from conformance.suite.stateful.mismatch_requirements import WriteSituation
from conformance.suite.stateful.redundant_writes import Prediction, RunWrites, changes_no_overlap, predict

CHANGES = Prediction(None, True)
UNCHANGED = Prediction(None, False)


def vnet_id(name: str) -> VnetId:
    return VnetId("sub", "rg", name)


def network_of(**spaces: tuple[str, ...]) -> Network:
    network = Network()
    for name, prefixes in spaces.items():
        network.put_vnet(VirtualNetwork(vnet_id(name), "westus", prefixes))
    return network


def test_a_refusal_is_sent_once_a_run_per_requirement():
    writes = RunWrites()
    overlap = Prediction(Refusal("VnetAddressSpacesOverlap", "overlap"), False)
    itself = Prediction(Refusal("CannotPeerVirtualNetworkWithItself", "self"), False)
    peering = WriteSituation("put_peering")
    assert not writes.skips(peering, overlap)
    assert writes.skips(peering, overlap)
    assert not writes.skips(peering, itself)
    assert RunWrites().skips(peering, overlap) is False  # a new run sends it again


def test_deletes_of_what_is_absent_and_writes_that_change_nothing_are_sent_once():
    writes = RunWrites()
    absent = WriteSituation("delete_peering", existed=False)
    assert not writes.skips(absent, CHANGES) and writes.skips(absent, CHANGES)
    again = WriteSituation("put_peering", existed=True, level_before="FullyInSync")
    assert not writes.skips(again, UNCHANGED) and writes.skips(again, UNCHANGED)
    # the same PUT in another sync level is another outcome
    assert not writes.skips(WriteSituation("put_peering", existed=True, level_before="LocalNotInSync"), UNCHANGED)
    # writes that change the state judge something: always sent
    created = WriteSituation("put_peering", existed=False)
    assert not any(writes.skips(created, CHANGES) for _ in range(3))


def test_writes_no_requirement_covers_are_bounded_a_run():
    writes = RunWrites()
    unlinked_delete = WriteSituation("delete_vnet", existed=True)
    assert not writes.skips(unlinked_delete, CHANGES) and writes.skips(unlinked_delete, CHANGES)
    new_space = WriteSituation("put_vnet", existed=True)
    sent = [not writes.skips(new_space, CHANGES) for _ in range(5)]
    assert sent == [True] * rw.SPACES_WITHOUT_PEERINGS + [False] * (5 - rw.SPACES_WITHOUT_PEERINGS)
    # creating a VNet (one deleted earlier in the run) is always sent
    assert not writes.skips(WriteSituation("put_vnet", existed=False), CHANGES)


def test_a_run_sends_at_most_its_write_budget():
    writes = RunWrites()
    created = WriteSituation("put_peering", existed=False)
    sent = sum(not writes.skips(created, CHANGES) for _ in range(rw.WRITES_PER_RUN + 5))
    assert sent == rw.WRITES_PER_RUN


def test_the_prediction_leaves_the_model_as_it_was():
    network = network_of(a=("10.0.0.0/16",), b=("10.1.0.0/16",))
    before = network.records()
    grow = VirtualNetwork(vnet_id("a"), "westus", ("10.0.0.0/16", "10.100.0.0/16"))
    assert predict(network, lambda: network.put_vnet(grow)) == Prediction(None, True)
    same = VirtualNetwork(vnet_id("a"), "westus", ("10.0.0.0/16",))
    assert predict(network, lambda: network.put_vnet(same)) == Prediction(None, False)
    overlapping = VirtualNetwork(vnet_id("a"), "westus", ("10.0.0.0/16", "10.0.0.0/15"))
    refused = predict(network, lambda: network.put_vnet(overlapping))
    assert refused.refusal is not None and refused.refusal.code == "NetcfgInvalidAddressPrefix"
    assert network.records() == before


def test_a_new_space_of_a_vnet_without_peerings_is_skipped_unless_it_changes_what_it_overlaps():
    network = network_of(a=("10.0.0.0/16",), b=("10.1.0.0/16",), c=("10.2.0.0/16",))
    others = [vnet_id("b"), vnet_id("c")]
    unlinked = WriteSituation("put_vnet", existed=True)
    assert changes_no_overlap(network, vnet_id("a"), others, unlinked, ["10.3.0.0/16"])
    assert not changes_no_overlap(network, vnet_id("a"), others, unlinked, ["10.0.0.0/15"])  # now overlaps b
    assert not changes_no_overlap(network, vnet_id("a"), others, unlinked, ["10.3.0.0/16", "10.3.0.0/16"])
    linked = WriteSituation("put_vnet", existed=True, linked=True)
    assert not changes_no_overlap(network, vnet_id("a"), others, linked, ["10.3.0.0/16"])
