"""The change kinds and their chains: every kind is walked once, each from the state the
kind before it in its chain leaves, and the layouts stay apart so either side can change."""

from __future__ import annotations

import ipaddress

import pytest

from conformance.suite.scenarios.address_changes import (
    BOTH_SIDES_FIRST,
    CHANGE_KINDS,
    SIDES,
    SYNC_CHAINS,
    chain_of,
    journey_group,
    opens_a_chain,
    starts_from,
)
from conformance.suite.scenarios.sync_journey import KINDS, SUBNET_OF_A


def _networks(prefixes):
    return [ipaddress.ip_network(prefix) for prefix in prefixes]


def test_every_kind_is_in_exactly_one_chain():
    chained = [name for chain in SYNC_CHAINS for name in chain]
    assert sorted(chained) == sorted(kind.name for kind in CHANGE_KINDS)


@pytest.mark.parametrize("chain", SYNC_CHAINS, ids="-".join)
def test_each_kind_of_a_chain_starts_where_the_one_before_ends(chain):
    """A kind's steps begin and end with the pair in full sync on starts_from's prefixes."""
    for before, after in zip(chain, chain[1:]):
        for side in SIDES:
            assert starts_from(KINDS[before], side) == starts_from(KINDS[after], side)


def test_only_the_first_kind_of_a_chain_opens_it():
    for kind in CHANGE_KINDS:
        assert opens_a_chain(kind) == (chain_of(kind)[0] == kind.name)
        assert journey_group(kind) == "sync-" + "-".join(chain_of(kind))


def test_a_kind_changing_both_sides_first_starts_from_its_after_prefixes():
    for name in BOTH_SIDES_FIRST:
        kind = KINDS[name]
        assert not opens_a_chain(kind)
        assert starts_from(kind, "a") == kind.a.after and starts_from(kind, "b") == kind.b.after


@pytest.mark.parametrize("kind", CHANGE_KINDS, ids=lambda kind: kind.name)
def test_the_layouts_of_a_and_b_never_overlap_and_a_holds_its_subnet(kind):
    for a_prefixes in (kind.a.before, kind.a.after):
        for b_prefixes in (kind.b.before, kind.b.after):
            assert not any(x.overlaps(y) for x in _networks(a_prefixes) for y in _networks(b_prefixes))
        subnet = ipaddress.ip_network(SUBNET_OF_A["inside"])
        assert any(subnet.subnet_of(network) for network in _networks(a_prefixes))
    assert kind.a.before != kind.a.after and kind.b.before != kind.b.after
