"""State in SQLite: it survives a restart and kill -9, and concurrent writes stay consistent."""

from __future__ import annotations

import random
import signal
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from conformance.reference import ReferenceServer, ServeProcess
from conformance.reference.store import Store, StoreError
from tests.reference.arm_session import ArmSession


def _everything(arm: ArmSession) -> list[dict]:
    return arm.get(f"/subscriptions/{arm.subscription}/providers/Microsoft.Network/virtualNetworks").json()["value"]


def _populate(arm: ArmSession) -> None:
    arm.put_vnet("vnet1", ["10.1.0.0/16"], subnets={"a": "10.1.1.0/24"})
    arm.put_vnet("vnet2", ["10.2.0.0/16"])
    arm.put_peering("vnet1", "p12", "vnet2", allowForwardedTraffic=True)
    arm.put_peering("vnet2", "p21", "vnet1")
    arm.put_vnet("vnet1", ["10.1.0.0/16", "10.50.0.0/16"], subnets={"a": "10.1.1.0/24"})


def test_state_survives_a_restart(tmp_path: Path, subscription: str) -> None:
    data = tmp_path / "state.db"
    with ReferenceServer(data=data, lro="sync") as server:
        arm = ArmSession(server.url, server.ca_cert, subscription)
        _populate(arm)
        before = _everything(arm)
        ca_before = Path(server.ca_cert or "").read_bytes()
        arm.close()
    with ReferenceServer(data=data, lro="sync") as server:
        arm = ArmSession(server.url, server.ca_cert, subscription)
        assert _everything(arm) == before
        assert Path(server.ca_cert or "").read_bytes() == ca_before
        assert arm.peering_properties("vnet2", "p21")["peeringSyncLevel"] == "LocalNotInSync"
        assert arm.put_peering("vnet2", "p21", "vnet1", sync=True).status_code == 200
        assert arm.peering_properties("vnet1", "p12")["peeringSyncLevel"] == "FullyInSync"
        arm.close()


def test_pending_operations_survive_a_restart(tmp_path: Path, subscription: str) -> None:
    data = tmp_path / "state.db"
    with ReferenceServer(data=data, http=True) as server:
        arm = ArmSession(server.url, None, subscription)
        started = arm.put_vnet("vnet1", ["10.1.0.0/16"])
        operation_path = started.headers["Azure-AsyncOperation"].split(server.url, 1)[1]
        arm.close()
    with ReferenceServer(data=data, http=True) as server:
        arm = ArmSession(server.url, None, subscription)
        assert arm.http.get(server.url + operation_path).json() == {"status": "InProgress"}
        assert arm.http.get(server.url + operation_path).json() == {"status": "Succeeded"}
        arm.close()


def test_acknowledged_writes_survive_kill_9(tmp_path: Path, subscription: str) -> None:
    data = tmp_path / "state.db"
    with ServeProcess(["--http", "--lro", "sync", "--data", str(data)], tmp_path) as process:
        arm = ArmSession(process.url, None, subscription)
        _populate(arm)
        before = _everything(arm)
        arm.close()
        process.stop(signal.SIGKILL)
        assert process.returncode == -signal.SIGKILL
    with ServeProcess(["--http", "--lro", "sync", "--data", str(data)], tmp_path) as process:
        arm = ArmSession(process.url, None, subscription)
        assert _everything(arm) == before
        arm.close()


def test_a_second_server_cannot_share_the_store(tmp_path: Path) -> None:
    data = tmp_path / "state.db"
    with ReferenceServer(data=data, http=True):
        with pytest.raises(StoreError):
            Store(data)


def test_concurrent_puts_to_one_pair_leave_one_consistent_stored_state(tmp_path: Path, subscription: str) -> None:
    """50 PUTs at once, alternating between the two halves of a pair, with and without sync:
    each half ends exactly as one of its requests wrote it, the pair is not torn, and the
    store holds what memory showed."""
    flags = ["allowForwardedTraffic", "allowGatewayTransit", "allowVirtualNetworkAccess"]
    bodies = [{flag: random.Random(index).random() < 0.5 for flag in flags} for index in range(50)]
    data = tmp_path / "state.db"
    with ReferenceServer(data=data, lro="sync") as server:
        arm = ArmSession(server.url, server.ca_cert, subscription)
        arm.put_vnet("vnet1", ["10.1.0.0/16"])
        arm.put_vnet("vnet2", ["10.2.0.0/16"])

        def put(index: int) -> tuple[int, dict]:
            session = ArmSession(server.url, server.ca_cert, subscription)
            try:
                vnet, name, remote = ("vnet1", "p12", "vnet2") if index % 2 == 0 else ("vnet2", "p21", "vnet1")
                response = session.put_peering(vnet, name, remote, sync=index % 3 == 0, **bodies[index])
                return response.status_code, response.json()
            finally:
                session.close()

        with ThreadPoolExecutor(max_workers=16) as pool:
            results = list(pool.map(put, range(50)))
        assert sorted(status for status, _ in results) == [200] * 48 + [201] * 2
        etags = [body["etag"] for _, body in results]
        assert len(set(etags)) == len(etags)
        sides = {name: arm.peering_properties(vnet, name) for vnet, name in (("vnet1", "p12"), ("vnet2", "p21"))}
        for name, properties in sides.items():
            written = {flag: properties[flag] for flag in flags}
            assert written in [bodies[index] for index in range(50) if (index % 2 == 0) == (name == "p12")]
            assert properties["peeringState"] == "Connected"
            assert properties["peeringSyncLevel"] == "FullyInSync"
        assert sides["p12"]["resourceGuid"] == sides["p21"]["resourceGuid"]
        in_memory = _everything(arm)
        arm.close()
    with ReferenceServer(data=data, lro="sync") as server:
        arm = ArmSession(server.url, server.ca_cert, subscription)
        assert _everything(arm) == in_memory
        arm.close()


def test_concurrent_pair_creation_is_never_torn(sync_server: ReferenceServer) -> None:
    """Both halves created at once, many times: each time the pair ends Connected with one guid."""
    for _ in range(10):
        arm = ArmSession(sync_server.url, sync_server.ca_cert, str(uuid.uuid4()))
        assert arm.put_vnet("va", ["10.1.0.0/16"]).status_code == 201
        assert arm.put_vnet("vb", ["10.2.0.0/16"]).status_code == 201
        halves = [("va", "ab", "vb"), ("vb", "ba", "va")]
        with ThreadPoolExecutor(max_workers=2) as pool:
            statuses = list(pool.map(lambda half: arm.put_peering(*half).status_code, halves))
        assert statuses == [201, 201]
        ab, ba = arm.peering_properties("va", "ab"), arm.peering_properties("vb", "ba")
        assert ab["peeringState"] == ba["peeringState"] == "Connected"
        assert ab["resourceGuid"] == ba["resourceGuid"]
        arm.close()
