"""Every planted-bug variant is selectable and shows its bug to a direct HTTP probe,
which the unmutated endpoint passes. No suite run: these say the variants are real."""

from __future__ import annotations

import dataclasses
import time

import pytest

from conformance.requirements import load_catalog
from conformance.selftest.variants import VARIANTS
from tests.selftest.conftest import endpoint, session
from tests.selftest.probes import NEEDS_ASYNC_LRO, PROBES, POLL_DEADLINE_SECONDS, REQUEST_TIMEOUT_SECONDS

ROBUSTNESS_DEADLINES = {
    "operation-never-finishes": POLL_DEADLINE_SECONDS,
    "slow-peering-list": REQUEST_TIMEOUT_SECONDS,
    "service-unavailable-storm": 5.0,
}


def test_there_are_at_least_thirty_variants_each_with_a_probe():
    assert len(VARIANTS) >= 30
    assert set(PROBES) == set(VARIANTS)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_breaks_one_catalog_requirement_and_takes_its_level_from_the_catalog(name):
    variant = VARIANTS[name]
    assert load_catalog().by_id(variant.requirement).level == variant.level
    assert "level" not in {field.name for field in dataclasses.fields(variant)}


def test_variants_break_distinct_requirements():
    requirements = [variant.requirement for variant in VARIANTS.values()]
    assert len(set(requirements)) == len(requirements)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_unmutated_endpoint_passes_the_probe(unmutated, name):
    server = unmutated["async" if name in NEEDS_ASYNC_LRO else "sync"]
    arm = session(server)
    try:
        assert PROBES[name](arm) is False
    finally:
        arm.close()


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_variant_shows_its_bug_to_the_probe(name):
    with endpoint(name, VARIANTS[name]) as server:
        arm = session(server)
        started = time.monotonic()
        try:
            assert PROBES[name](arm) is True
        finally:
            arm.close()
        elapsed = time.monotonic() - started
    if name in ROBUSTNESS_DEADLINES:
        assert elapsed < ROBUSTNESS_DEADLINES[name] + 3.0, f"{name} took {elapsed:.1f} s"
