"""Replay of the documented subnet and IPv6 examples (EX-003, EX-004, EX-006, EX-007).

An example shows a request and its answer but not the VNets behind them, so each replay
first builds VNets whose subnets yield the documented address spaces (with extra prefixes
and subnets that must not be peered), then sends the documented request with its query,
our VNet and peering names in place of vnet1, vnet2 and peer, and compares the peering
read back with the documented response.

Compared: the four address spaces (as sets), the subnet names, the flags and peeringState.
Not compared: ids and names (ours), resourceGuid, etag, remoteBgpCommunities (allocated
by Azure, not implied by the request); provisioningState is read once the operation ended;
a one-sided peering may be FullyInSync (docs) or RemoteNotInSync (live, NOTES.md).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from conformance.spec.examples import DocumentedExample, load_examples
from conformance.suite.scenarios.peering_expectations import (
    ONE_SIDED_IN_SYNC,
    check_peering,
    check_succeeded,
    property_mismatches,
)
from conformance.suite.vnets import VnetHandle
from conformance.target.peering_api import PutResult

NOT_COMPARED = frozenset(
    {"remoteVirtualNetwork", "resourceGuid", "remoteBgpCommunities", "provisioningState", "peeringSyncLevel"}
)

# The VNets behind each example: documented subnets plus ones (and prefixes) that must not be peered.
DUAL_STACK_VNET1 = {
    "prefixes": ["212.0.0.0/15", "13.0.0.0/8", "2002:2002::/48"],
    "subnets": {"Subnet1": ["212.0.0.0/16", "2002:2002::/64"], "Subnet3": "212.1.0.0/24", "Subnet4": "13.0.0.0/8"},
}
DUAL_STACK_VNET2 = {
    "prefixes": ["12.0.0.0/8", "11.0.0.0/16", "2001:2001::/48"],
    "subnets": {"Subnet2": ["12.0.0.0/8", "2001:2001::/64"], "Subnet5": ["11.0.0.0/24", "2001:2001:0:5::/64"]},
}
V6_VNET1 = {
    "prefixes": ["10.1.0.0/16", "2002::/48", "2003::/48"],
    "subnets": {"Subnet1": ["10.1.1.0/24", "2002::/64"], "Subnet4": ["10.1.4.0/24", "2003::/64"]},
}
V6_VNET2 = {
    "prefixes": ["10.2.0.0/16", "2001::/48"],
    "subnets": {"Subnet2": ["10.2.2.0/24", "2001::/64"], "Subnet5": ["10.2.5.0/24", "2001:0:0:5::/64"]},
}
V6_SYNC_VNET1 = {
    "prefixes": ["10.1.0.0/16", "2002:2002::/48"],
    "subnets": {"Subnet1": ["10.1.1.0/24", "2002:2002::/64"]},
}
V6_SYNC_VNET2 = {
    "prefixes": ["10.2.0.0/16", "2001:2001::/48"],
    "subnets": {"Subnet2": ["10.2.2.0/24", "2001:2001::/64", "2001:2001:0:1::/64"]},
}


def documented(slug: str) -> DocumentedExample:
    for example in load_examples():
        if example.slug == slug:
            return example
    raise LookupError(f"no documented example {slug!r} in fixtures/examples")


def build(vnet, layout: dict[str, Any], role: str) -> VnetHandle:
    return vnet(layout["prefixes"], subnets=layout["subnets"], role=role)


def replay(example: DocumentedExample, local: VnetHandle, remote: VnetHandle) -> PutResult:
    """Send the example's request as local's peering toward remote (the example's vnet1 -> vnet2)."""
    body = copy.deepcopy(example.request_body)
    body["properties"]["remoteVirtualNetwork"]["id"] = remote.id
    query = {name: value for name, value in example.query.items() if name != "api-version"}
    return local.api.put_peering(local.name, local.peering_name(remote), body=body, params=query)


def documented_expectations(example: DocumentedExample, status: int) -> dict[str, Any]:
    """The documented response's properties worth comparing, as check_peering expectations."""
    properties = example.response(status).body["properties"]
    expected: dict[str, Any] = {}
    for field, value in properties.items():
        if field in NOT_COMPARED:
            continue
        expected[field] = value["addressPrefixes"] if field.endswith("AddressSpace") else value
    return expected


def check_replay(example: DocumentedExample, local: VnetHandle, remote: VnetHandle, statuses: tuple[int, ...]) -> None:
    result = replay(example, local, remote)
    assert result.initial.status in statuses, (
        f"replaying {example.name!r}: expected {' or '.join(map(str, statuses))}, got {result.initial.describe()}"
    )
    check_succeeded(result, f"replaying {example.name!r}")
    seen = check_peering(
        local, remote, f"after replaying {example.name!r}",
        peeringSyncLevel=ONE_SIDED_IN_SYNC,
        provisioningState="Succeeded",
        **documented_expectations(example, statuses[0]),
    )
    remote_id = seen.get("remoteVirtualNetwork", {}).get("id", "")
    assert remote_id.lower() == remote.id.lower(), f"remoteVirtualNetwork.id expected {remote.id}, saw {remote_id!r}"


@pytest.mark.requirements("EX-003")
def test_create_subnet_peering_example(vnet):
    """The dual-stack subnet example peers Subnet1 and Subnet4 with Subnet2, both families."""
    local, remote = build(vnet, DUAL_STACK_VNET1, "a"), build(vnet, DUAL_STACK_VNET2, "b")
    check_replay(documented("create-subnet-peering"), local, remote, statuses=(201, 200))


@pytest.mark.requirements("EX-004")
def test_create_v6_subnet_peering_example(vnet):
    """The IPv6-only example peers only the IPv6 prefixes of Subnet1, Subnet4 and Subnet2."""
    local, remote = build(vnet, V6_VNET1, "a"), build(vnet, V6_VNET2, "b")
    check_replay(documented("create-v6-subnet-peering"), local, remote, statuses=(201, 200))


@pytest.mark.requirements("EX-006")
def test_sync_subnet_peering_example(vnet):
    """On a subnet peering whose Subnet2 gained its IPv6 prefix, the documented sync (no
    subnet names sent) answers 200 with the names kept and Subnet2 as it is now."""
    local = build(vnet, DUAL_STACK_VNET1, "a")
    remote = vnet(DUAL_STACK_VNET2["prefixes"], subnets={"Subnet2": "12.0.0.0/8"}, role="b")
    created = local.peer(remote, peerCompleteVnets=False, localSubnetNames=["Subnet1"], remoteSubnetNames=["Subnet2"])
    check_succeeded(created, "creating the subnet peering the example syncs")
    check_succeeded(remote.put(subnets=DUAL_STACK_VNET2["subnets"]), "adding 2001:2001::/64 to the remote Subnet2")
    check_replay(documented("sync-subnet-peering"), local, remote, statuses=(200,))


@pytest.mark.requirements("EX-007")
def test_sync_v6_subnet_peering_example(vnet):
    """On an IPv6-only peering whose Subnet2 lost an IPv6 prefix, the documented sync answers
    200 with the IPv6-only spaces as they are now."""
    local, remote = build(vnet, V6_SYNC_VNET1, "a"), build(vnet, V6_SYNC_VNET2, "b")
    created = local.peer(
        remote,
        peerCompleteVnets=False,
        enableOnlyIPv6Peering=True,
        localSubnetNames=["Subnet1"],
        remoteSubnetNames=["Subnet2"],
    )
    check_succeeded(created, "creating the IPv6-only subnet peering the example syncs")
    shrunk = remote.put(subnets={"Subnet2": ["10.2.2.0/24", "2001:2001::/64"]})
    check_succeeded(shrunk, "removing 2001:2001:0:1::/64 from the remote Subnet2")
    check_replay(documented("sync-v6-subnet-peering"), local, remote, statuses=(200,))
