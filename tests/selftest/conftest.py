"""Endpoints for the probes: the unmutated reference (one per LRO mode) and, per test,
one planted-bug variant; plain http with page size 2 so paging shows with few items."""

from __future__ import annotations

import uuid
from typing import Iterator

import pytest

from conformance.reference import ReferenceServer
from conformance.selftest.variants import Variant
from tests.reference.arm_session import ArmSession
from tests.selftest.probes import NEEDS_ASYNC_LRO

PAGE_SIZE = 2


def endpoint(variant_name: str, mutant: Variant | None = None) -> ReferenceServer:
    lro = "async" if variant_name in NEEDS_ASYNC_LRO else "sync"
    return ReferenceServer(http=True, lro=lro, retry_after=0, page_size=PAGE_SIZE, mutant=mutant)


@pytest.fixture(scope="module")
def unmutated() -> Iterator[dict[str, ReferenceServer]]:
    """The correct endpoint in both LRO modes, keyed "sync" / "async"."""
    with ReferenceServer(http=True, lro="sync", page_size=PAGE_SIZE) as sync_server, ReferenceServer(
        http=True, lro="async", retry_after=0, page_size=PAGE_SIZE
    ) as async_server:
        yield {"sync": sync_server, "async": async_server}


def session(server: ReferenceServer) -> ArmSession:
    return ArmSession(server.url, server.ca_cert, str(uuid.uuid4()))
