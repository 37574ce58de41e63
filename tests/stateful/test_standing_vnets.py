"""Between runs, every peering on the shared VNets goes (those the model did not know of
too) and each VNet's space is noted; at the end only the VNets that stand are deleted."""

from __future__ import annotations

import pytest

from conformance.reference import ReferenceServer
from conformance.suite.stateful.standing_vnets import StandingVnets
from conformance.target.client import TargetClient
from conformance.target.config import TargetConfig
from conformance.target.peering_api import PeeringApi

NAMES = {"v1": "pc-standing-v1", "v2": "pc-standing-v2", "v3": "pc-standing-v3"}


@pytest.fixture
def api():
    with ReferenceServer(http=True, lro="async", retry_after=0) as server:
        yield PeeringApi(TargetClient(TargetConfig(server.url)))


def test_clearing_deletes_every_peering_and_notes_each_vnets_space(api):
    api.put_vnet(NAMES["v1"], ["10.0.0.0/16"]).ensure_succeeded()
    api.put_vnet(NAMES["v2"], ["10.1.0.0/16", "10.100.0.0/16"]).ensure_succeeded()
    api.put_peering(NAMES["v1"], "one-way", NAMES["v2"]).ensure_succeeded()
    api.put_peering(NAMES["v2"], "back", NAMES["v1"]).ensure_succeeded()
    standing = StandingVnets(api, NAMES)
    standing.clear_peerings()
    assert standing.spaces == {"v1": ("10.0.0.0/16",), "v2": ("10.1.0.0/16", "10.100.0.0/16")}
    for name in (NAMES["v1"], NAMES["v2"]):
        assert api.list_all(api.list_peerings(name)) == []
    writes = [e for e in api.client.transcript.exchanges() if e.method in ("PUT", "DELETE")]
    assert [e.method for e in writes].count("DELETE") == 2  # the two peerings, no VNet


def test_at_the_end_only_the_standing_vnets_are_deleted(api):
    api.put_vnet(NAMES["v1"], ["10.0.0.0/16"]).ensure_succeeded()
    standing = StandingVnets(api, NAMES)
    standing.clear_peerings()
    assert standing.delete() == []
    assert api.get_vnet(NAMES["v1"]).status == 404
    deletes = [e.url for e in api.client.transcript.exchanges() if e.method == "DELETE"]
    assert len(deletes) == 1 and NAMES["v1"] in deletes[0]
    assert standing.spaces == {}
