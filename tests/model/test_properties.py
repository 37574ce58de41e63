"""Model-based properties: random sequences of writes keep the model's invariants.

A persistence mirror (a dict fed by `drain_changes`) is reloaded into a fresh Network after
every step and must reproduce the same records and views.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from conformance.model import Network, PeeringSettings, Refusal, Subnet, VirtualNetwork, VnetId
from conformance.model.address_space import first_overlap, same_space
from conformance.model.records import from_record, to_record
from conformance.model.rules import check_peering

SUB, RG = "sub", "rg"
VNETS = ["vA", "vB", "vC"]
PEERINGS = ["p1", "P2", "p3"]
# (VNet range, the subnet carved from it); 3 overlaps 0 and 1, 7 overlaps 5 and 6.
RANGES = [
    ("10.0.0.0/16", "10.0.1.0/24"),
    ("10.1.0.0/16", "10.1.1.0/24"),
    ("10.2.0.0/16", "10.2.1.0/24"),
    ("10.0.0.0/15", "10.0.2.0/24"),
    ("10.3.0.0/16", "10.3.1.0/24"),
    ("fd00:1::/64", "fd00:1::/64"),
    ("fd00:2::/64", "fd00:2::/64"),
    ("fd00::/32", "fd00:3::/64"),
    ("10.4.0.0/16", "10.4.1.0/24"),
    ("10.5.0.0/16", "10.5.1.0/24"),
    ("10.6.0.0/16", "10.6.1.0/24"),
    ("fd00:4::/64", "fd00:4::/64"),
]
SUBNET_NAMES = [f"s{i}" for i in range(len(RANGES))]
CODES = {
    "VnetAddressSpaceMissing", "InvalidAddressPrefixFormat", "NetcfgInvalidAddressPrefix",
    "NetcfgSubnetRangeOutsideVnet", "NetcfgSubnetRangesOverlap", "ResourceNotFound",
    "RemoteVirtualNetworkNotFound", "CannotPeerVirtualNetworkWithItself", "CannotChangeRemoteVirtualNetwork",
    "VnetAddressSpacesOverlap", "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet",
    "AnotherPeeringAlreadyReferencesRemoteVnet", "RemotePeeringIsDisconnected", "RemoteVnetHasNoGateways",
    "LocalVnetHasGateway", "OnlyOnePeeringCanUseRemoteGateways", "SubnetNotFoundForSubnetPeering",
    "SubnetNamesRequiredForSubnetPeering",
}
LOCAL_STALE = {"LocalNotInSync", "LocalAndRemoteNotInSync"}
REMOTE_STALE = {"RemoteNotInSync", "LocalAndRemoteNotInSync"}

casings = st.sampled_from([str, str.lower, str.upper])
vnet_names = st.builds(lambda n, case: case(n), st.sampled_from(VNETS), casings)
peering_names = st.builds(lambda n, case: case(n), st.sampled_from(PEERINGS), casings)
subnet_lists = st.lists(st.sampled_from(SUBNET_NAMES), max_size=2).map(tuple)


def mostly(value: bool) -> st.SearchStrategy[bool]:
    return st.sampled_from([value, value, value, not value])


def vid(name: str) -> VnetId:
    return VnetId(SUB, RG, name)


class PeeringMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.net = Network()
        self.store: dict[tuple, dict] = {}

    def write(self, action) -> None:
        before = self.net.records()
        try:
            action()
        except Refusal as refusal:
            assert refusal.code in CODES, refusal
            assert self.net.records() == before
            assert self.net.drain_changes() == []
        for change in self.net.drain_changes():
            if change.record is None:
                self.store.pop((change.kind, change.key), None)
            else:
                self.store[(change.kind, change.key)] = to_record(change.record)

    @initialize(gateways=st.lists(st.booleans(), min_size=len(VNETS), max_size=len(VNETS)))
    def disjoint_vnets(self, gateways):
        """Start from VNets that can all peer, so that runs reach Connected pairs early."""
        for name, (index, *more), gateway in zip(VNETS, ([0], [1, 5], [2, 6]), gateways):
            prefixes = (RANGES[index][0], *(RANGES[i][0] for i in more))
            subnets = (Subnet(SUBNET_NAMES[index], (RANGES[index][1],)),)
            body = VirtualNetwork(vid(name), "westus", prefixes, subnets, gateway)
            self.write(lambda: self.net.put_vnet(body))

    @rule(
        name=vnet_names,
        ranges=st.lists(st.integers(0, len(RANGES) - 1), min_size=1, max_size=3, unique=True),
        with_subnets=st.lists(st.booleans(), min_size=3, max_size=3),
        gateway=st.booleans(),
        invalid=st.sampled_from([None] * 8 + ["10.0.0.1/16", "10.9.0.0/16", "empty"]),
    )
    def put_vnet(self, name, ranges, with_subnets, gateway, invalid):
        prefixes = tuple(RANGES[i][0] for i in ranges) if invalid != "empty" else ()
        subnets = tuple(
            Subnet(SUBNET_NAMES[i], (RANGES[i][1],)) for i, keep in zip(ranges, with_subnets) if keep
        )
        if invalid and invalid != "empty":  # a subnet outside the space, or a malformed prefix
            subnets += (Subnet("bad", (invalid,)),)
        self.write(lambda: self.net.put_vnet(VirtualNetwork(vid(name), "westus", prefixes, subnets, gateway)))

    @rule(name=vnet_names, index=st.integers(0, len(RANGES) - 1), with_subnet=st.booleans())
    def add_or_remove_range(self, name, index, with_subnet):
        """Toggle one range of an existing VNet (with its subnet): the usual sync trigger."""
        old = self.net.vnet(vid(name))
        if old is None:
            return
        prefix, subnet = RANGES[index]
        if prefix in old.address_prefixes:
            prefixes = tuple(p for p in old.address_prefixes if p != prefix)
            subnets = tuple(s for s in old.subnets if s.name != SUBNET_NAMES[index])
        else:
            prefixes = (*old.address_prefixes, prefix)
            subnets = old.subnets + ((Subnet(SUBNET_NAMES[index], (subnet,)),) if with_subnet else ())
        body = VirtualNetwork(old.id, old.location, prefixes, subnets, old.has_gateway)
        self.write(lambda: self.net.put_vnet(body))

    @rule(name=vnet_names)
    def delete_vnet(self, name):
        self.write(lambda: self.net.delete_vnet(vid(name)))

    @rule(
        local=st.integers(0, len(VNETS) - 1), offset=st.sampled_from([1, 2, 1, 2, 0]), case=casings,
        name=peering_names, sync=mostly(False), complete=mostly(True),
        ipv6=mostly(False), local_names=subnet_lists, remote_names=subnet_lists, use_gw=mostly(False),
    )
    def put_peering(self, local, offset, case, name, sync, complete, ipv6, local_names, remote_names, use_gw):
        remote = VNETS[(local + offset) % len(VNETS)]  # offset 0: the VNet itself
        s = PeeringSettings(
            remote_vnet=vid(case(remote)), use_remote_gateways=use_gw, peer_complete_vnets=complete,
            enable_only_ipv6_peering=ipv6, local_subnet_names=local_names, remote_subnet_names=remote_names,
        )
        self.write(lambda: self.net.put_peering(vid(VNETS[local]), name, s, sync=sync))

    @rule(local=vnet_names, name=peering_names)
    def delete_peering(self, local, name):
        self.write(lambda: self.net.delete_peering(vid(local), name))

    @rule(data=st.data())
    def sync_both_sides(self, data):
        """Re-PUT both sides of a Connected pair with sync: never refused, always FullyInSync."""
        pairs = [p for p in self.all_peerings() if self.net.reverse_of(p) is not None]
        if not pairs:
            return
        p = data.draw(st.sampled_from(pairs))
        q = self.net.reverse_of(p)
        for side in data.draw(st.permutations([p, q])):
            self.net.put_peering(side.vnet, side.name, side.settings, sync=True)
        self.write(lambda: None)
        for side in (p, q):
            view = self.net.view(self.net.peering(side.vnet, side.name))
            assert (view.peering_state, view.peering_sync_level) == ("Connected", "FullyInSync")
            assert same_space(view.remote_address_space, view.remote_virtual_network_address_space)

    def all_peerings(self):
        return [r for r in self.net.records() if not isinstance(r, VirtualNetwork)]

    @invariant()
    def peerings_are_consistent(self):
        for p in self.all_peerings():
            assert self.net.vnet(p.vnet) is not None
            on_remote = self.net.peerings(p.settings.remote_vnet)
            reverses = [q for q in on_remote if q.settings.remote_vnet.same_as(p.vnet)]
            assert len(reverses) <= 1
            view = self.net.view(p)
            local_stale = not same_space(view.remote_address_space, view.remote_virtual_network_address_space)
            assert (view.peering_sync_level in LOCAL_STALE) == local_stale
            if reverses:
                q = reverses[0]
                assert view.peering_state == self.net.view(q).peering_state == "Connected"
                assert self.net.reverse_of(q) == p
                assert not p.disconnected and not q.disconnected
                assert p.resource_guid == q.resource_guid
                # P's remote part is exactly Q's local part.
                q_local_stale = self.net.view(q).peering_sync_level in LOCAL_STALE
                assert (view.peering_sync_level in REMOTE_STALE) == q_local_stale
            else:
                assert view.peering_state == ("Disconnected" if p.disconnected else "Initiated")
                assert view.peering_sync_level not in REMOTE_STALE
            if not p.disconnected:
                assert self.net.vnet(p.settings.remote_vnet) is not None
                now = (view.local_virtual_network_address_space, view.remote_virtual_network_address_space)
                assert first_overlap(*now) is None
                check_peering(self.net, p)  # every live peering still passes every rule

    @invariant()
    def listings_are_sorted(self):
        names = [v.id.name for v in self.net.vnets(SUB.upper(), RG)]
        assert names == sorted(names, key=str.lower)
        for v in self.net.vnets(SUB):
            names = [p.name for p in self.net.peerings(v.id)]
            assert names == sorted(names, key=str.lower)

    @invariant()
    def stored_records_reload_to_the_same_network(self):
        copy = Network()
        copy.load([from_record(r) for r in self.store.values()])
        reloaded, live = (sorted(map(to_record, n.records()), key=repr) for n in (copy, self.net))
        assert reloaded == live
        for p in self.all_peerings():
            assert copy.view(copy.peering(p.vnet, p.name)) == self.net.view(p)


PeeringMachine.TestCase.settings = settings(
    max_examples=300, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestPeeringMachine = PeeringMachine.TestCase
