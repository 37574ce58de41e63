"""The lists of the ARM-contract journey, every page kept, judged by test_arm_paging.py.

The checks cannot set a target's page size, so the journey lists more items than a small
page holds: the hub's three peerings (the reference endpoint's `--page-size 2` gives two
pages, `--page-size 1` three), a VNet's empty peering list, and the resource group's
VNets (the journey's four and whatever else the run holds). A page that is not a list
page ends that list; the problem is kept for the checks instead of stopping the journey.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from conformance.suite.scenarios.journey_record import Seen
from conformance.suite.scenarios.journeys import Journey
from conformance.suite.vnets import VnetHandle
from conformance.target.responses import ArmResponse

MAX_PAGES = 200


Problem = tuple[str, str | None]


def pages_of(api, first: ArmResponse) -> tuple[list[ArmResponse], Problem | None]:
    """Every list page of a list, following nextLink verbatim while it is a non-empty string,
    and what stopped it early with its exchange (None: the last page said there is no more)."""
    pages = [first]
    while True:
        page = pages[-1]
        body = page.body
        if page.status != 200 or not isinstance(body, dict) or not isinstance(body.get("value"), list):
            return pages[:-1], (f"not a list page (200 with a value array): {page.describe()}", page.exchange_id)
        next_link = body.get("nextLink")
        if not isinstance(next_link, str) or not next_link:
            return pages, None
        if len(pages) >= MAX_PAGES:
            return pages, (f"more than {MAX_PAGES} pages from {first.url}: does nextLink loop?", page.exchange_id)
        pages.append(api.client.get(next_link))


def names_on(pages: Sequence[ArmResponse]) -> list[str]:
    return [item.get("name", "") for page in pages for item in page.json()["value"]]


def duplicates(listed: list[str]) -> list[str]:
    return [name for name, count in Counter(n.lower() for n in listed).items() if count > 1]


def list_every_page(journey: Journey, hub: VnetHandle, remotes: Sequence[VnetHandle], empty: VnetHandle,
                    vnets: Sequence[VnetHandle]) -> None:
    """The hub's peerings (toward `remotes`), `empty`'s peerings (none) and the VNets, every page kept."""
    api = hub.api
    lists = {
        "paging:hub-peerings": (api.list_peerings(hub.name), [hub.peering_name(remote) for remote in remotes]),
        "paging:empty-peerings": (api.list_peerings(empty.name), []),
        "paging:vnets": (api.list_vnets(), [vnet.name for vnet in vnets]),
    }
    for key, (first, expected) in lists.items():
        pages, problem = pages_of(api, first)
        exchange = problem[1] if problem else pages[-1].exchange_id
        journey.record.keep(key, Seen(f"the pages of {first.url}", exchange, first.status,
                                      {"pages": pages, "expected": expected, "problem": problem}))
