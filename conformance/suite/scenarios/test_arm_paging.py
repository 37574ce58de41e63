"""Paged lists: every item exactly once, nextLink usable verbatim, the last page unambiguous.

The checks cannot set a target's page size, so they list more items than a small page
holds (the reference endpoint's `--page-size 2` pages them) and judge every nextLink that
is present. A target serving everything in one page still has its last page judged.

One journey per process builds what is listed: a hub VNet and five remotes (created
together), the hub peered toward each; then the hub's peerings, a remote's (empty) list
and the resource group's VNets are listed, every page kept with its exchange.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from conformance.suite.scenarios.journey_record import JourneyRecord, fail_findings
from conformance.suite.scenarios.journeys import Journey
from conformance.target.errors import NonConformance

# Enough peerings / VNets for three pages at a page size of two.
ITEMS_TO_PAGE = 5
MAX_PAGES = 200
JOURNEY = "paging"

pytestmark = pytest.mark.xdist_group(JOURNEY)


def pages_of(api, first):
    """Every page of a list, following nextLink verbatim while it is a non-empty string."""
    pages = [first]
    while True:
        page = pages[-1]
        body = page.body
        if page.status != 200 or not isinstance(body, dict) or not isinstance(body.get("value"), list):
            raise NonConformance(f"not a list page (200 with a value array): {page.describe()}")
        next_link = body.get("nextLink")
        if not isinstance(next_link, str) or not next_link:
            return pages
        if len(pages) >= MAX_PAGES:
            raise NonConformance(f"more than {MAX_PAGES} pages from {first.url}: does nextLink loop?")
        pages.append(api.client.get(next_link))


def names_on(pages) -> list[str]:
    return [item.get("name", "") for page in pages for item in page.json()["value"]]


def duplicates(listed: list[str]) -> list[str]:
    return [name for name, count in Counter(n.lower() for n in listed).items() if count > 1]


def paging_journey(journeys) -> JourneyRecord:
    return journeys.take(JOURNEY, _walk)


def _walk(journey: Journey) -> None:
    api = journey.vnets.api
    hub, *remotes = journey.vnets.several([(None, None, "hub")] + [(None, None, None)] * ITEMS_TO_PAGE)
    for remote in remotes:
        journey.wrote(None, hub.peer(remote), f"creating the peering hub->{remote.role}")
    lists = {
        "hub-peerings": (api.list_peerings(hub.name), [hub.peering_name(remote) for remote in remotes]),
        "empty-peerings": (api.list_peerings(remotes[0].name), []),
        "vnets": (api.list_vnets(), [vnet.name for vnet in (hub, *remotes)]),
    }
    for key, (first, expected) in lists.items():
        pages = pages_of(api, first)
        journey.note(key, f"the pages of {first.url}", pages=pages, expected=expected)


def listed(journeys, key: str, requirement: str) -> tuple[list, list[str]]:
    seen = paging_journey(journeys).observation(key, requirement)
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
    pages, _ = listed(journeys, "hub-peerings", "ARM-020")
    wrong = []
    for page in pages[:-1]:
        link = page.json()["nextLink"]
        versions = parse_qs(urlsplit(link).query).get("api-version", [])
        if not (versions and all(versions)):
            wrong.append((f"nextLink without api-version: {link}", page.exchange_id))
    fail_findings("ARM-020", "nextLinks of the hub's peering list", wrong)


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
