"""Every legal variant is real (a probe shows it deviates from the default endpoint) and
documented (a reason, SHOULD-only deviations); a target with synchronous writes leaves
the LRO header MUSTs not-applicable, never passed."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid

import pytest

from conformance.reference import ReferenceServer
from conformance.selftest.variants import LEGAL_VARIANTS, VARIANTS
from conformance.selftest.variants.variant import catalog
from tests.reference.arm_session import ArmSession
from tests.selftest.legal_probes import LEGAL_PROBES

PAGE_SIZE = 2
# Requirements a target with synchronous writes gives nothing to judge.
LRO_HEADER_MUSTS = ("LRO-001", "LRO-002", "LRO-003", "LRO-004", "LRO-005", "LRO-007", "LRO-009", "LRO-010", "LRO-014")


def default_endpoint(**options) -> ReferenceServer:
    """The endpoint as the self-test serves it, unless a variant's options say otherwise."""
    return ReferenceServer(**{"http": True, "lro": "async", "retry_after": 0, "page_size": PAGE_SIZE, **options})


def probe(server: ReferenceServer, name: str) -> bool:
    arm = ArmSession(server.url, server.ca_cert, str(uuid.uuid4()))
    try:
        return LEGAL_PROBES[name](arm)
    finally:
        arm.close()


def test_there_are_at_least_twenty_legal_variants_each_with_a_probe_and_a_reason():
    assert len(LEGAL_VARIANTS) >= 20
    assert set(LEGAL_PROBES) == set(LEGAL_VARIANTS)
    assert not set(LEGAL_VARIANTS) & set(VARIANTS)
    assert all(variant.reason.strip() for variant in LEGAL_VARIANTS.values())


@pytest.mark.parametrize("name", sorted(LEGAL_VARIANTS))
def test_a_legal_variant_deviates_only_from_should_requirements_and_narrows_to_known_ones(name):
    variant = LEGAL_VARIANTS[name]
    assert all(catalog().by_id(requirement).level != "MUST" for requirement in variant.deviates_from)
    if variant.scope:
        assert variant.scope_ids("full"), f"{name}'s scope names no requirement of the full profile"


@pytest.fixture(scope="module")
def unmutated():
    with default_endpoint() as server:
        yield server


@pytest.mark.parametrize("name", sorted(LEGAL_VARIANTS))
def test_the_unmutated_endpoint_does_not_behave_as_the_variant(unmutated, name):
    assert probe(unmutated, name) is False


@pytest.mark.parametrize("name", sorted(LEGAL_VARIANTS))
def test_the_variant_behaves_as_it_says(name):
    variant = LEGAL_VARIANTS[name]
    with default_endpoint(mutant=variant, **variant.endpoint_options) as server:
        assert probe(server, name) is True


def test_against_synchronous_writes_the_lro_header_musts_are_not_applicable_never_pass(tmp_path):
    variant = LEGAL_VARIANTS["synchronous-writes"]
    with default_endpoint(mutant=variant, **variant.endpoint_options) as server:
        completed = subprocess.run(
            [sys.executable, "-m", "pytest", "--pyargs", "conformance.suite",
             "-p", "no:cacheprovider", "-q", "--target", server.url, "--profile", "full",
             "--report-dir", str(tmp_path), "-k", "test_lro"],
            capture_output=True, text=True, timeout=180,
        )
    assert completed.returncode == 0, completed.stdout[-3000:] + completed.stderr[-3000:]
    verdicts = {item["id"]: item["verdict"] for item in json.loads((tmp_path / "results.json").read_text())["requirements"]}
    assert {requirement: verdicts[requirement] for requirement in LRO_HEADER_MUSTS} == dict.fromkeys(
        LRO_HEADER_MUSTS, "not-applicable"
    )
    assert verdicts["LRO-012"] == "pass" and verdicts["LRO-013"] == "pass"
