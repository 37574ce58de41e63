"""Paged lists: every item exactly once, nextLink usable verbatim, the last page unambiguous.

The checks cannot set a target's page size, so they create more items than a small page
holds (the reference endpoint's `--page-size 2` pages them) and judge every nextLink that
is present. A target serving everything in one page still has its last page judged.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import parse_qs, urlsplit

import pytest

from conformance.target.errors import NonConformance

# Enough peerings / VNets for three pages at a page size of two.
ITEMS_TO_PAGE = 5
MAX_PAGES = 200


def pages_of(api, first):
    """Every page of a list, following nextLink verbatim while it is a non-empty string."""
    pages = [first]
    while True:
        page = pages[-1]
        assert page.status == 200, f"a list page answered {page.status}: {page.describe()}"
        body = page.json()
        assert isinstance(body, dict) and isinstance(body.get("value"), list), f"not a list page: {page.describe()}"
        next_link = body.get("nextLink")
        if not isinstance(next_link, str) or not next_link:
            return pages
        if len(pages) >= MAX_PAGES:
            raise NonConformance(f"more than {MAX_PAGES} pages from {first.url}: does nextLink loop?")
        pages.append(api.client.get(next_link))


def names_on(pages) -> list[str]:
    return [item.get("name", "") for page in pages for item in page.json()["value"]]


def hub_with_peerings(vnet):
    """A hub VNet peered toward ITEMS_TO_PAGE distinct remotes; returns the hub and its peering names."""
    hub = vnet(role="hub")
    peering_names = []
    for _ in range(ITEMS_TO_PAGE):
        remote = vnet()
        hub.peer(remote).ensure_succeeded()
        peering_names.append(hub.peering_name(remote))
    return hub, peering_names


def duplicates(listed: list[str]) -> list[str]:
    return [name for name, count in Counter(n.lower() for n in listed).items() if count > 1]


@pytest.mark.requirements("ARM-019")
def test_the_peering_list_returns_every_peering_exactly_once_across_pages(api, vnet):
    hub, expected = hub_with_peerings(vnet)
    listed = names_on(pages_of(api, api.list_peerings(hub.name)))
    assert not duplicates(listed), f"listed more than once: {duplicates(listed)} (pages listed {listed})"
    assert sorted(n.lower() for n in listed) == sorted(n.lower() for n in expected), (
        f"expected exactly {sorted(expected)}, listed {listed}"
    )


@pytest.mark.requirements("ARM-020")
def test_every_next_link_carries_the_api_version_and_answers_a_page(api, vnet):
    hub, _ = hub_with_peerings(vnet)
    pages = pages_of(api, api.list_peerings(hub.name))
    for page in pages[:-1]:
        link = page.json()["nextLink"]
        versions = parse_qs(urlsplit(link).query).get("api-version", [])
        assert versions and all(versions), f"nextLink without api-version: {link}"


@pytest.mark.requirements("ARM-021")
def test_the_last_page_has_next_link_absent_or_null_never_empty(api, vnet):
    lonely = vnet(role="lonely")
    hub, _ = hub_with_peerings(vnet)
    for first in (api.list_peerings(lonely.name), api.list_peerings(hub.name), api.list_vnets()):
        pages = pages_of(api, first)
        for page in pages:
            body = page.json()
            if "nextLink" in body:
                link = body["nextLink"]
                assert link is None or (isinstance(link, str) and link), (
                    f"nextLink must be absent, null or a URL, got {link!r}: {page.describe()}"
                )


@pytest.mark.requirements("ARM-023")
def test_the_vnet_list_of_a_resource_group_returns_every_vnet_exactly_once(api, vnet):
    created = [vnet().name for _ in range(ITEMS_TO_PAGE)]
    listed = names_on(pages_of(api, api.list_vnets()))
    assert not duplicates(listed), f"VNets listed more than once: {duplicates(listed)}"
    lowered = Counter(name.lower() for name in listed)
    missing = [name for name in created if lowered[name.lower()] != 1]
    assert not missing, f"VNets of the group not listed: {missing}"
