"""Reference endpoints for the tests: one per module and mode, isolated per test by subscription."""

from __future__ import annotations

import uuid
from typing import Iterator

import pytest

from conformance.reference import ReferenceServer
from tests.reference.arm_session import ArmSession


@pytest.fixture(scope="module")
def sync_server() -> Iterator[ReferenceServer]:
    with ReferenceServer(lro="sync") as server:
        yield server


@pytest.fixture(scope="module")
def async_server() -> Iterator[ReferenceServer]:
    with ReferenceServer(lro="async", retry_after=0) as server:
        yield server


@pytest.fixture
def subscription() -> str:
    return str(uuid.uuid4())


@pytest.fixture
def arm(sync_server: ReferenceServer, subscription: str) -> Iterator[ArmSession]:
    """A session on the sync-LRO server, in a subscription no other test uses."""
    session = ArmSession(sync_server.url, sync_server.ca_cert, subscription)
    yield session
    session.close()


@pytest.fixture
def async_arm(async_server: ReferenceServer, subscription: str) -> Iterator[ArmSession]:
    session = ArmSession(async_server.url, async_server.ca_cert, subscription)
    yield session
    session.close()


@pytest.fixture
def peered(arm: ArmSession) -> ArmSession:
    """vnet1 (10.1.0.0/16) and vnet2 (10.2.0.0/16) peered both ways: p12 on vnet1, p21 on vnet2."""
    assert arm.put_vnet("vnet1", ["10.1.0.0/16"], subnets={"default": "10.1.0.0/24"}).status_code == 201
    assert arm.put_vnet("vnet2", ["10.2.0.0/16"]).status_code == 201
    assert arm.put_peering("vnet1", "p12", "vnet2").status_code == 201
    assert arm.put_peering("vnet2", "p21", "vnet1").status_code == 201
    return arm
