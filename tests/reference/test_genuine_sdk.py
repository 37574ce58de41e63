"""The genuine azure-mgmt-network 30.2.0 client drives the whole peering flow over HTTPS.

Sync LRO mode shows every poller finishing at once; async mode (Retry-After 0) shows the
SDK's Azure-AsyncOperation poller following InProgress to Succeeded. azure-core treats
`Retry-After: 0` as absent and falls back to the client's polling_interval (30 s by
default), so the async run sets polling_interval=0 as well.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter
from typing import Any, Iterator

import pytest
from azure.core.credentials import AccessToken
from azure.core.pipeline import PipelineResponse
from azure.mgmt.network import NetworkManagementClient
from azure.mgmt.network.models import AddressSpace, SubResource, VirtualNetwork, VirtualNetworkPeering

from conformance.reference import ReferenceServer

GROUP = "sdk-rg"


class FakeCredential:
    """A TokenCredential whose token never expires; the endpoint does not check it."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken("fake", int(time.time()) + 365 * 24 * 3600)


class OperationPolls:
    """Counts the SDK's GETs of operation-status URLs, per operation id."""

    def __init__(self) -> None:
        self.by_operation: Counter[str] = Counter()

    def __call__(self, response: PipelineResponse) -> None:
        url = response.http_request.url.split("?")[0]
        if "/operations/" in url:
            self.by_operation[url.rsplit("/", 1)[1]] += 1


@pytest.fixture(params=["sync", "async"])
def lro_mode(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def server(lro_mode: str) -> Iterator[ReferenceServer]:
    with ReferenceServer(lro=lro_mode, retry_after=0 if lro_mode == "async" else 1) as started:
        yield started


def _finish(poller: Any, lro_mode: str) -> Any:
    started = time.monotonic()
    result = poller.result()
    if lro_mode == "sync":
        assert time.monotonic() - started < 1.0
    return result


def test_genuine_client_peering_flow(server: ReferenceServer, lro_mode: str) -> None:
    polls = OperationPolls()
    client = NetworkManagementClient(
        FakeCredential(),
        str(uuid.uuid4()),
        base_url=server.url,
        connection_verify=server.ca_cert,
        polling_interval=0,
        raw_response_hook=polls,
    )
    vnets, peerings = client.virtual_networks, client.virtual_network_peerings

    def create_vnet(name: str, prefix: str) -> VirtualNetwork:
        body = VirtualNetwork(location="westus", address_space=AddressSpace(address_prefixes=[prefix]))
        return _finish(vnets.begin_create_or_update(GROUP, name, body), lro_mode)

    def peer(vnet: str, name: str, remote: VirtualNetwork) -> VirtualNetworkPeering:
        body = VirtualNetworkPeering(remote_virtual_network=SubResource(id=remote.id))
        poller = peerings.begin_create_or_update(GROUP, vnet, name, body, sync_remote_address_space="true")
        return _finish(poller, lro_mode)

    vnet1 = create_vnet("vnet1", "10.1.0.0/16")
    vnet2 = create_vnet("vnet2", "10.2.0.0/16")
    assert vnet1.provisioning_state == "Succeeded"
    peer("vnet1", "vnet1-to-vnet2", vnet2)
    peer("vnet2", "vnet2-to-vnet1", vnet1)
    for vnet, name in (("vnet1", "vnet1-to-vnet2"), ("vnet2", "vnet2-to-vnet1")):
        peering = peerings.get(GROUP, vnet, name)
        assert (peering.peering_state, peering.peering_sync_level) == ("Connected", "FullyInSync")
        assert peering.provisioning_state == "Succeeded"

    grown = vnets.get(GROUP, "vnet1")
    grown.address_space.address_prefixes.append("10.99.0.0/16")
    _finish(vnets.begin_create_or_update(GROUP, "vnet1", grown), lro_mode)
    on_vnet1 = peerings.get(GROUP, "vnet1", "vnet1-to-vnet2")
    on_vnet2 = peerings.get(GROUP, "vnet2", "vnet2-to-vnet1")
    assert on_vnet1.peering_sync_level == "RemoteNotInSync"
    assert on_vnet2.peering_sync_level == "LocalNotInSync"
    assert on_vnet2.remote_address_space.address_prefixes == ["10.1.0.0/16"]
    assert on_vnet2.remote_virtual_network_address_space.address_prefixes == ["10.1.0.0/16", "10.99.0.0/16"]

    poller = peerings.begin_create_or_update(
        GROUP, "vnet2", "vnet2-to-vnet1", on_vnet2, sync_remote_address_space="true"
    )
    synced = _finish(poller, lro_mode)
    assert synced.peering_sync_level == "FullyInSync"
    assert synced.remote_address_space.address_prefixes == ["10.1.0.0/16", "10.99.0.0/16"]
    assert peerings.get(GROUP, "vnet1", "vnet1-to-vnet2").peering_sync_level == "FullyInSync"

    assert [p.name for p in peerings.list(GROUP, "vnet1")] == ["vnet1-to-vnet2"]
    assert sorted(v.name for v in vnets.list(GROUP)) == ["vnet1", "vnet2"]

    _finish(peerings.begin_delete(GROUP, "vnet2", "vnet2-to-vnet1"), lro_mode)
    assert peerings.get(GROUP, "vnet1", "vnet1-to-vnet2").peering_state == "Disconnected"

    _finish(peerings.begin_delete(GROUP, "vnet1", "vnet1-to-vnet2"), lro_mode)
    _finish(vnets.begin_delete(GROUP, "vnet1"), lro_mode)
    _finish(vnets.begin_delete(GROUP, "vnet2"), lro_mode)
    assert list(vnets.list(GROUP)) == []

    if lro_mode == "async":
        # 3 VNet PUTs, 3 peering PUTs, 4 deletes; each polled past InProgress to Succeeded.
        assert len(polls.by_operation) == 10
        assert set(polls.by_operation.values()) == {2}
    else:
        assert not polls.by_operation
    client.close()
