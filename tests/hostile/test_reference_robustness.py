"""The reference endpoint under abuse: malformed input, crashes, races, tenants."""

import concurrent.futures
import threading
import time

import pytest
import requests

from tests.hostile.negative_requests import NETWORK, SUB, negative_requests
from tests.hostile.served_endpoint import ServedEndpoint

VERSION = {"api-version": "2025-05-01"}
NEGATIVE_REQUESTS = 10_000
NEGATIVE_BOUND_SECONDS = 60


def session_for(endpoint) -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # REQUESTS_CA_BUNDLE would otherwise replace the endpoint's CA
    session.verify = endpoint.ca_cert or True
    return session


def put_vnet(session, endpoint, name, prefix, subscription=SUB):
    path = f"/subscriptions/{subscription}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/{name}"
    return session.put(endpoint.url + path, params=VERSION, timeout=10,
                       json={"location": "westus", "properties": {"addressSpace": {"addressPrefixes": [prefix]}}})


def put_peering(session, endpoint, vnet, name, remote, **properties):
    body = {"properties": {"remoteVirtualNetwork": {"id": f"{NETWORK}/virtualNetworks/{remote}"}, **properties}}
    return session.put(f"{endpoint.url}{NETWORK}/virtualNetworks/{vnet}/virtualNetworkPeerings/{name}",
                       params=VERSION, json=body, timeout=10)


def every_peering(session, endpoint):
    vnets = session.get(f"{endpoint.url}{NETWORK}/virtualNetworks", params=VERSION, timeout=10).json()["value"]
    found = {}
    for vnet in vnets:
        listed = session.get(f"{endpoint.url}{vnet['id']}/virtualNetworkPeerings", params=VERSION, timeout=10)
        for peering in listed.json()["value"]:
            found[(vnet["name"].lower(), peering["name"].lower())] = peering
    return {vnet["name"].lower() for vnet in vnets}, found


def assert_consistent(peerings):
    """Connected exactly when the reverse exists; a connected pair shares one resourceGuid."""
    for (vnet, _), peering in peerings.items():
        remote = peering["properties"]["remoteVirtualNetwork"]["id"].rsplit("/", 1)[-1].lower()
        reverse = [item for (owner, _), item in peerings.items() if owner == remote
                   and item["properties"]["remoteVirtualNetwork"]["id"].rsplit("/", 1)[-1].lower() == vnet]
        state = peering["properties"]["peeringState"]
        if reverse:
            assert state == "Connected", peering
            assert reverse[0]["properties"]["resourceGuid"] == peering["properties"]["resourceGuid"]
        else:
            assert state in ("Initiated", "Disconnected"), peering


@pytest.mark.slow
def test_ten_thousand_malformed_requests_get_no_5xx(tmp_path):
    began = time.monotonic()
    server_errors = []
    with ServedEndpoint(tmp_path, "--http", "--lro", "sync", "--retry-after", "0") as endpoint:
        session = session_for(endpoint)
        put_vnet(session, endpoint, "v2", "10.2.0.0/16").raise_for_status()
        for request in negative_requests(seed=20251122, count=NEGATIVE_REQUESTS):
            answer = session.request(request.method, endpoint.url + request.path, params=request.params,
                                     headers=request.headers, data=request.body, timeout=10)
            if answer.status_code >= 500:
                server_errors.append(f"{answer.status_code} {request.describe()}")
        assert endpoint.process.poll() is None, "the endpoint died"
    assert server_errors == []
    assert time.monotonic() - began < NEGATIVE_BOUND_SECONDS


@pytest.mark.slow
def test_after_kill_9_every_acknowledged_write_survives_and_the_state_is_consistent(tmp_path):
    data = str(tmp_path / "state.sqlite")
    acknowledged_vnets, acknowledged_peerings = set(), set()
    endpoint = ServedEndpoint(tmp_path, "--data", data, "--lro", "sync", "--retry-after", "0").start()
    stop = threading.Event()

    def writes():
        session = session_for(endpoint)
        for index in range(10_000):
            if stop.is_set():
                return
            try:
                if put_vnet(session, endpoint, f"v{index}", f"10.{index // 256}.{index % 256}.0/24").ok:
                    acknowledged_vnets.add(f"v{index}")
                if index % 2 and put_peering(session, endpoint, f"v{index}", f"p{index}", f"v{index - 1}").ok:
                    acknowledged_peerings.add((f"v{index}", f"p{index}"))
                if index % 2 and put_peering(session, endpoint, f"v{index - 1}", f"r{index}", f"v{index}").ok:
                    acknowledged_peerings.add((f"v{index - 1}", f"r{index}"))
            except requests.RequestException:
                return

    writer = threading.Thread(target=writes)
    writer.start()
    while len(acknowledged_vnets) < 30 and writer.is_alive():
        time.sleep(0.01)
    endpoint.kill()
    stop.set()
    assert len(acknowledged_vnets) >= 30, "the endpoint acknowledged too few writes before the kill"
    writer.join(30)
    with ServedEndpoint(tmp_path, "--data", data, "--lro", "sync") as restarted:
        vnets, peerings = every_peering(session_for(restarted), restarted)
    assert {name.lower() for name in acknowledged_vnets} <= vnets
    assert {(vnet.lower(), name.lower()) for vnet, name in acknowledged_peerings} <= set(peerings)
    assert_consistent(peerings)


@pytest.mark.slow
def test_a_hundred_concurrent_puts_to_one_peering_leave_one_consistent_state(tmp_path):
    with ServedEndpoint(tmp_path, "--http", "--lro", "sync") as endpoint:
        session = session_for(endpoint)
        put_vnet(session, endpoint, "hub", "10.1.0.0/16").raise_for_status()
        put_vnet(session, endpoint, "spoke", "10.2.0.0/16").raise_for_status()
        put_peering(session, endpoint, "spoke", "spoke-hub", "hub").raise_for_status()

        def one_put(index):
            return put_peering(session_for(endpoint), endpoint, "hub", "hub-spoke", "spoke",
                               allowForwardedTraffic=bool(index % 2), allowGatewayTransit=index % 3 == 0)

        with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
            answers = list(pool.map(one_put, range(100)))
        assert {answer.status_code for answer in answers} <= {200, 201}
        assert sum(answer.status_code == 201 for answer in answers) == 1
        final = session.get(f"{endpoint.url}{NETWORK}/virtualNetworks/hub/virtualNetworkPeerings/hub-spoke",
                            params=VERSION, timeout=10).json()
        written = {(answer.json()["properties"]["allowForwardedTraffic"],
                    answer.json()["properties"]["allowGatewayTransit"]) for answer in answers}
        properties = final["properties"]
        assert (properties["allowForwardedTraffic"], properties["allowGatewayTransit"]) in written
        _, peerings = every_peering(session, endpoint)
    assert set(peerings) == {("hub", "hub-spoke"), ("spoke", "spoke-hub")}
    assert_consistent(peerings)


def test_one_subscription_cannot_see_another_subscriptions_resources(tmp_path):
    other = "11111111-1111-1111-1111-111111111111"
    with ServedEndpoint(tmp_path, "--http", "--lro", "sync") as endpoint:
        session = session_for(endpoint)
        put_vnet(session, endpoint, "mine", "10.1.0.0/16").raise_for_status()
        foreign = f"{endpoint.url}/subscriptions/{other}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks"
        assert session.get(f"{foreign}/mine", params=VERSION, timeout=10).status_code == 404
        assert session.get(foreign, params=VERSION, timeout=10).json()["value"] == []
        everything = f"{endpoint.url}/subscriptions/{other}/providers/Microsoft.Network/virtualNetworks"
        assert session.get(everything, params=VERSION, timeout=10).json()["value"] == []
        assert session.delete(f"{foreign}/mine", params=VERSION, timeout=10).status_code in (200, 204, 404)
        mine = f"{endpoint.url}{NETWORK}/virtualNetworks/mine"
        assert session.get(mine, params=VERSION, timeout=10).status_code == 200
