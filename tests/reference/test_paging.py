"""Lists are paged with an absolute nextLink that carries the api-version and ends with no link."""

from __future__ import annotations

import uuid
from typing import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest

from conformance.reference import ReferenceServer
from tests.reference.arm_session import ArmSession

PAGE_SIZE = 3


@pytest.fixture(scope="module")
def paging_server() -> Iterator[ReferenceServer]:
    with ReferenceServer(lro="sync", page_size=PAGE_SIZE) as server:
        yield server


@pytest.fixture
def paged(paging_server: ReferenceServer) -> Iterator[ArmSession]:
    session = ArmSession(paging_server.url, paging_server.ca_cert, str(uuid.uuid4()))
    yield session
    session.close()


def _follow(arm: ArmSession, path: str, api_version: str) -> list[dict]:
    """Every page, following nextLink verbatim as SDKs do."""
    pages = [arm.get(path, api_version=api_version).json()]
    while pages[-1].get("nextLink") is not None:
        link = pages[-1]["nextLink"]
        assert link.startswith(arm.base_url + "/subscriptions/")
        assert parse_qs(urlsplit(link).query)["api-version"] == [api_version]
        response = arm.http.get(link, timeout=30, verify=arm.verify)
        assert response.status_code == 200, response.text
        pages.append(response.json())
    return pages


@pytest.mark.parametrize("count", [0, 1, PAGE_SIZE, PAGE_SIZE + 1, 3 * PAGE_SIZE + 2])
def test_vnets_are_listed_across_pages(paged: ArmSession, count: int) -> None:
    names = [f"vnet-{index:02d}" for index in range(count)]
    for index, name in enumerate(names):
        assert paged.put_vnet(name, [f"10.{index}.0.0/16"]).status_code == 201
    path = f"{paged.group_path()}/providers/Microsoft.Network/virtualNetworks"
    pages = _follow(paged, path, "2023-11-01")
    assert [vnet["name"] for page in pages for vnet in page["value"]] == names
    assert all(len(page["value"]) <= PAGE_SIZE for page in pages)
    assert "nextLink" not in pages[-1]
    assert len(pages) == max(1, -(-count // PAGE_SIZE))
    all_path = f"/subscriptions/{paged.subscription}/providers/Microsoft.Network/virtualNetworks"
    everything = _follow(paged, all_path, "2025-05-01")
    assert sum(len(page["value"]) for page in everything) == count


def test_peerings_are_listed_across_pages(paged: ArmSession) -> None:
    paged.put_vnet("hub", ["10.0.0.0/16"])
    spokes = [f"spoke-{index}" for index in range(2 * PAGE_SIZE + 1)]
    for index, spoke in enumerate(spokes, start=1):
        paged.put_vnet(spoke, [f"10.{index}.0.0/16"])
        assert paged.put_peering("hub", f"to-{spoke}", spoke).status_code == 201
    pages = _follow(paged, f"{paged.vnet_path('hub')}/virtualNetworkPeerings", "2025-05-01")
    assert [p["name"] for page in pages for p in page["value"]] == [f"to-{spoke}" for spoke in spokes]
    assert len(pages) == 3


def test_a_page_boundary_survives_a_deletion_between_pages(paged: ArmSession) -> None:
    names = [f"vnet-{index}" for index in range(2 * PAGE_SIZE)]
    for index, name in enumerate(names):
        paged.put_vnet(name, [f"10.{index}.0.0/16"])
    path = f"{paged.group_path()}/providers/Microsoft.Network/virtualNetworks"
    first = paged.get(path).json()
    paged.delete(paged.vnet_path(names[0]))
    second = paged.http.get(first["nextLink"], timeout=30, verify=paged.verify).json()
    assert [v["name"] for v in first["value"] + second["value"]] == names
