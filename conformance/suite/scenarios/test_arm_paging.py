"""Paged lists: every item exactly once, nextLink usable verbatim, the last page unambiguous.

The checks cannot set a target's page size, so the ARM-contract journey lists more items
than a small page holds (paging_walk.py) and they judge every nextLink that is present. A
target serving everything in one page still has its last page judged.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from conformance.suite.check_findings import not_applicable
from conformance.suite.scenarios.arm_journey import JOURNEY, arm_journey
from conformance.suite.scenarios.journey_record import fail_findings
from conformance.suite.scenarios.paging_walk import duplicates, names_on

pytestmark = pytest.mark.xdist_group(JOURNEY)


def listed(journeys, key: str, requirement: str) -> tuple[list, list[str]]:
    """The pages of the list kept as `key` and the names it must hold; a list that could not
    be followed to its end fails `requirement`."""
    seen = arm_journey(journeys).observation(f"paging:{key}", requirement)
    problem = seen.properties["problem"]
    fail_findings(requirement, f"{seen.what} could not be followed to its end", [problem] if problem else [])
    return seen.properties["pages"], seen.properties["expected"]


@pytest.mark.requirements("ARM-019")
def test_the_peering_list_returns_every_peering_exactly_once_across_pages(journeys):
    pages, expected = listed(journeys, "hub-peerings", "ARM-019")
    names = names_on(pages)
    last = pages[-1].exchange_id
    fail_findings("ARM-019", "the hub's peering list", [
        (f"listed more than once: {duplicates(names)} (pages listed {names})", last)
    ] if duplicates(names) else [])
    same = sorted(n.lower() for n in names) == sorted(n.lower() for n in expected)
    fail_findings("ARM-019", "the hub's peering list", [] if same else [
        (f"expected exactly {sorted(expected)}, listed {names}", last)
    ])


@pytest.mark.requirements("ARM-020")
def test_every_next_link_carries_the_api_version_and_answers_a_page(journeys):
    """Every list the journey followed; a target that served each in one page gave no
    nextLink to judge, which is not-applicable, never a pass."""
    followed = 0
    wrong = []
    for key in ("hub-peerings", "vnets"):
        pages, _ = listed(journeys, key, "ARM-020")
        for page in pages[:-1]:
            followed += 1
            link = page.json()["nextLink"]
            versions = parse_qs(urlsplit(link).query).get("api-version", [])
            if not (versions and all(versions)):
                wrong.append((f"nextLink without api-version: {link}", page.exchange_id))
    fail_findings("ARM-020", "nextLinks of the journey's lists", wrong)
    if not followed:
        not_applicable("the target served every list of the journey in one page: no nextLink to follow")


@pytest.mark.requirements("ARM-021")
def test_the_last_page_has_next_link_absent_or_null_never_empty(journeys):
    wrong = []
    for key in ("empty-peerings", "hub-peerings", "vnets"):
        pages, _ = listed(journeys, key, "ARM-021")
        for page in pages:
            body = page.json()
            link = body.get("nextLink")
            if "nextLink" in body and not (link is None or (isinstance(link, str) and link)):
                wrong.append((f"nextLink must be absent, null or a URL, got {link!r}: {page.describe()}",
                              page.exchange_id))
    fail_findings("ARM-021", "last pages", wrong)


@pytest.mark.requirements("ARM-023")
def test_the_vnet_list_of_a_resource_group_returns_every_vnet_exactly_once(journeys):
    pages, created = listed(journeys, "vnets", "ARM-023")
    names = names_on(pages)
    last = pages[-1].exchange_id
    lowered = Counter(name.lower() for name in names)
    missing = [name for name in created if lowered[name.lower()] != 1]
    fail_findings("ARM-023", "the resource group's VNet list", [
        *([(f"VNets listed more than once: {duplicates(names)}", last)] if duplicates(names) else []),
        *([(f"VNets of the group not listed: {missing}", last)] if missing else []),
    ])
