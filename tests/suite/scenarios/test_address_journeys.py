"""The address-refusals journey against the embedded endpoint: it walks to its end within its
write budget, every check judging it passes, and its self-overlapping prefixes are what
their names say."""

from __future__ import annotations

import ipaddress
import itertools

import pytest

from conformance.suite.scenarios import test_address_space_changes as checks
from conformance.suite.scenarios.address_journeys import (
    C_SPACE,
    REFUSALS,
    SELF_OVERLAPS,
    STEPS,
    keys_around,
    refusals_journey,
)

from tests.suite.scenarios.journey_harness import embedded_book, walk_writes

# Writes of the walk (its three VNets' cleanup comes on top); the refusals, overlap and
# self-overlap setups it replaces sent 23 and created six VNets.
MOST_WRITES = 17


@pytest.fixture(scope="module")
def walked():
    with embedded_book() as embedded:
        yield embedded.book, refusals_journey(embedded.book), embedded.transcript


def test_the_walk_reaches_its_end_within_its_write_budget(walked):
    _, record, transcript = walked
    assert record.stopped is None
    assert len(walk_writes(transcript, REFUSALS)) <= MOST_WRITES


def _refusal_checks() -> list:
    cases = []
    for name in sorted(dir(checks)):
        check = getattr(checks, name)
        marks = getattr(check, "pytestmark", [])
        if not name.startswith("test_") or not any(
                mark.name == "xdist_group" and mark.args[0] == REFUSALS for mark in marks):
            continue
        parametrize = [mark for mark in marks if mark.name == "parametrize"]
        if not parametrize:
            cases.append(pytest.param(check, {}, id=name))
        for mark in parametrize:
            for value in mark.args[1]:
                cases.append(pytest.param(check, {mark.args[0]: value}, id=f"{name}[{value}]"))
    return cases


@pytest.mark.parametrize(("check", "case"), _refusal_checks())
def test_every_check_passes_on_the_reference_endpoint(walked, check, case):
    check(walked[0], **case)


def test_every_refusal_check_of_the_module_is_judged():
    names = {param.values[0].__name__ for param in _refusal_checks()}
    assert {"test_peering_vnets_whose_spaces_overlap_is_refused", "test_a_vnet_whose_own_prefixes_overlap_is_refused",
            "test_the_overlap_refusal_of_a_peering_says_vnet_address_spaces_overlap"} <= names


@pytest.mark.parametrize("case", sorted(SELF_OVERLAPS))
def test_the_self_overlapping_prefixes_overlap_one_another_and_only_the_update_touches_c(case):
    update, create = SELF_OVERLAPS[case]
    for prefixes in (update, create):
        networks = [ipaddress.ip_network(prefix) for prefix in prefixes]
        assert any(x.overlaps(y) for x, y in itertools.combinations(networks, 2))
    assert set(C_SPACE) <= set(update)
    assert not any(ipaddress.ip_network(p).overlaps(ipaddress.ip_network(q)) for p in create for q in C_SPACE)


def test_each_refusal_step_is_judged_against_the_read_before_it():
    assert keys_around(STEPS[0]) == ("connected", f"{STEPS[0]}:after")
    assert keys_around(STEPS[1]) == (f"{STEPS[0]}:after:later", f"{STEPS[1]}:after")
