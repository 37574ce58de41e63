"""`serve --operation-ms` (operations that take time) and `--remote-lag-ms` (the other half
of a pair learns of a write later): a slow, eventually consistent target on demand."""

from __future__ import annotations

import time
import uuid
from typing import Iterator

import pytest

from conformance.reference import ReferenceServer
from tests.reference.arm_session import ArmSession

LAG_SECONDS = 0.6


@pytest.fixture(scope="module")
def lagging_server() -> Iterator[ReferenceServer]:
    with ReferenceServer(lro="sync", remote_lag_ms=int(LAG_SECONDS * 1000)) as server:
        yield server


@pytest.fixture
def lagging(lagging_server: ReferenceServer) -> Iterator[ArmSession]:
    session = ArmSession(lagging_server.url, lagging_server.ca_cert, str(uuid.uuid4()))
    yield session
    session.close()


def test_an_operation_stays_in_progress_for_its_duration_however_often_polled() -> None:
    with ReferenceServer(lro="async", retry_after=1, operation_ms=700) as server:
        arm = ArmSession(server.url, server.ca_cert, str(uuid.uuid4()))
        began = time.monotonic()
        created = arm.put_vnet("vnet1", ["10.1.0.0/16"])
        assert created.headers["Retry-After"] == "1"
        url = created.headers["Azure-AsyncOperation"]
        statuses = []
        while time.monotonic() - began < 0.5:
            statuses.append(arm.http.get(url, verify=arm.verify, timeout=10).json()["status"])
        assert statuses and set(statuses) == {"InProgress"}
        assert arm.get(arm.vnet_path("vnet1")).json()["properties"]["provisioningState"] == "Updating"
        time.sleep(0.3)
        assert arm.http.get(url, verify=arm.verify, timeout=10).json()["status"] == "Succeeded"
        assert arm.get(arm.vnet_path("vnet1")).json()["properties"]["provisioningState"] == "Succeeded"
        arm.close()


def test_the_reverse_peering_connects_the_first_side_only_after_the_lag(lagging: ArmSession) -> None:
    lagging.put_vnet("va", ["10.1.0.0/16"])
    lagging.put_vnet("vb", ["10.2.0.0/16"])
    lagging.put_peering("va", "ab", "vb")
    assert lagging.peering_properties("va", "ab")["peeringState"] == "Initiated"
    written = lagging.put_peering("vb", "ba", "va")
    assert written.json()["properties"]["peeringState"] == "Connected", "the write's own resource never lags"
    assert lagging.peering_properties("va", "ab")["peeringState"] == "Initiated"
    listed = lagging.get(lagging.vnet_path("va") + "/virtualNetworkPeerings").json()["value"]
    assert listed[0]["properties"]["peeringState"] == "Initiated", "a list shows the same lagging view"
    time.sleep(LAG_SECONDS + 0.1)
    assert lagging.peering_properties("va", "ab")["peeringState"] == "Connected"


def test_an_address_change_reaches_the_peerings_after_the_lag(lagging: ArmSession) -> None:
    lagging.put_vnet("va", ["10.1.0.0/16"])
    lagging.put_vnet("vb", ["10.2.0.0/16"])
    lagging.put_peering("va", "ab", "vb")
    lagging.put_peering("vb", "ba", "va")
    time.sleep(LAG_SECONDS + 0.1)
    lagging.put_vnet("va", ["10.1.0.0/16", "10.99.0.0/16"])
    toward_a = lagging.peering_properties("vb", "ba")
    assert toward_a["peeringSyncLevel"] == "FullyInSync"
    assert toward_a["remoteVirtualNetworkAddressSpace"]["addressPrefixes"] == ["10.1.0.0/16"]
    time.sleep(LAG_SECONDS + 0.1)
    toward_a = lagging.peering_properties("vb", "ba")
    assert toward_a["peeringSyncLevel"] == "LocalNotInSync"
    assert sorted(toward_a["remoteVirtualNetworkAddressSpace"]["addressPrefixes"]) == ["10.1.0.0/16", "10.99.0.0/16"]
    assert lagging.peering_properties("va", "ab")["peeringSyncLevel"] == "RemoteNotInSync"


def test_refusals_follow_the_true_state_not_the_lagging_view(lagging: ArmSession) -> None:
    lagging.put_vnet("va", ["10.1.0.0/16"])
    lagging.put_vnet("vb", ["10.2.0.0/16"])
    lagging.put_peering("va", "ab", "vb")
    lagging.put_peering("vb", "ba", "va")
    overlapping = lagging.put_vnet("va", ["10.1.0.0/16", "10.2.0.0/16"])
    assert overlapping.status_code == 400
