"""Replaying a documented request/response example against the target (EX-*).

The REST page's examples name vnet1, vnet2 and peer in a resource group peerTest; a
replay creates fresh VNets whose address spaces (and subnets) produce the documented
response, maps the documented names and ids to them, sends the documented request with
the documented query, and compares the documented response value by value. Not compared,
because they cannot match or the catalog accepts both: ids and names (mapped ids are
compared where the documented body references a resource), guids, etags, BGP communities
(regional values of Azure's network), provisioningState Updating while the operation runs,
and the Initiated peering's sync level (docs FullyInSync, live RemoteNotInSync).

    @pytest.mark.requirements("EX-003")
    def test_create_subnet_peering(example_replayer):
        example = documented_example("create-subnet-peering")
        setup = ExampleSetup(local=VnetLayout(...), remote=VnetLayout(...))
        replay = example_replayer.replay(example, setup)
        assert not replay.differences(), "\\n".join(replay.differences())
"""

from __future__ import annotations

import copy
import ipaddress
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest

from conformance.spec.examples import DocumentedExample, ExampleResponse, load_examples
from conformance.suite.naming import ResourceNames
from conformance.target.errors import NonConformance, TargetError
from conformance.target.peering_api import PROVIDER, PeeringApi, vnet_body
from conformance.target.responses import ArmResponse

ONE_SIDED_SYNC_LEVELS = ("FullyInSync", "RemoteNotInSync")
UNFINISHED_STATES = ("Updating", "Succeeded")
# Documented members whose values belong to Azure's environment or to one resource instance.
NOT_COMPARED = frozenset({"id", "name", "etag", "type", "properties.resourceGuid", "properties.remoteBgpCommunities"})
LOCAL_PREFIX_CANDIDATES = ("10.0.0.0/16", "172.16.0.0/16", "192.168.0.0/16")


def documented_example(slug: str) -> DocumentedExample:
    """The example fixture `fixtures/examples/<slug>.json`."""
    for example in load_examples():
        if example.slug == slug:
            return example
    raise KeyError(f"no documented example {slug!r}")


@dataclass(frozen=True)
class VnetLayout:
    """A VNet to create: prefixes, subnets (name -> prefix or prefixes) and extra properties."""

    prefixes: tuple[str, ...]
    subnets: Mapping[str, str | Sequence[str]] = field(default_factory=dict)
    extra_properties: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExampleSetup:
    """The two VNets of an example; `existing_peering` replays on a peering created first
    (with the documented body, without the sync flag), as the sync examples do.

    A sync example shows a peering after its remote VNet changed: `peering_properties`
    replaces the documented properties of the peering created first (a subnet peering
    created with subnet names the sync request does not send), and `remote_changed_to` is
    the remote VNet's layout PUT after that peering exists, before the replay."""

    local: VnetLayout
    remote: VnetLayout
    existing_peering: bool = False
    peering_properties: Mapping[str, Any] | None = None
    remote_changed_to: VnetLayout | None = None


def documented_properties(example: DocumentedExample) -> dict[str, Any]:
    return example.responses[0].body.get("properties", {})


def whole_vnet_setup(example: DocumentedExample) -> ExampleSetup:
    """The setup of a whole-VNet example: the remote VNet owns the documented remote address
    space, the local one a range that does not overlap it."""
    properties = documented_properties(example)
    space = properties.get("remoteVirtualNetworkAddressSpace") or properties["remoteAddressSpace"]
    remote = tuple(space["addressPrefixes"])
    taken = [ipaddress.ip_network(prefix) for prefix in remote]
    local = next(
        candidate
        for candidate in LOCAL_PREFIX_CANDIDATES
        if not any(network.version == 4 and ipaddress.ip_network(candidate).overlaps(network) for network in taken)
    )
    return ExampleSetup(local=VnetLayout((local,)), remote=VnetLayout(remote))


def _same_ranges(documented: Sequence[str], seen: Any) -> bool:
    """Same set of ranges, whatever the order and spelling (2001:DB8::/32 = 2001:db8::/32)."""
    try:
        return isinstance(seen, list) and {ipaddress.ip_network(p) for p in documented} == {
            ipaddress.ip_network(p) for p in seen
        }
    except (TypeError, ValueError):
        return False


def translate(value: Any, id_map: Mapping[str, str]) -> Any:
    """A documented value with the documented ids (lower-case keys of `id_map`) replaced."""
    if isinstance(value, str):
        for documented, ours in sorted(id_map.items(), key=lambda item: -len(item[0])):
            if value.lower().startswith(documented):
                return ours + value[len(documented):]
        return value
    if isinstance(value, list):
        return [translate(item, id_map) for item in value]
    if isinstance(value, dict):
        return {key: translate(item, id_map) for key, item in value.items()}
    return value


def _contains(seen: Any, expected: Any) -> bool:
    """`seen` holds `expected` (objects: at least its members, recursively)."""
    if isinstance(expected, dict):
        return isinstance(seen, dict) and all(key in seen and _contains(seen[key], v) for key, v in expected.items())
    return seen == expected


@dataclass
class Replay:
    """A replayed example: the answer, the peering read after its operation, and the ids mapped."""

    example: DocumentedExample
    expected_status: int
    initial: ArmResponse
    final: ArmResponse
    id_map: dict[str, str]

    @property
    def documented(self) -> ExampleResponse:
        return self.example.response(self.expected_status)

    def differences(self) -> list[str]:
        """Where the answer and the read-back differ from the documented response."""
        if self.initial.status != self.expected_status:
            return [f"expected {self.expected_status}: {self.initial.describe()}"]
        if self.final.status != 200:
            return [f"the peering could not be read back: {self.final.describe()}"]
        found = []
        for label, seen, final in (("answer", self.initial.json(), False), ("read back", self.final.json(), True)):
            properties = seen.get("properties") if isinstance(seen, dict) else None
            one_sided = isinstance(properties, dict) and properties.get("peeringState") == "Initiated"
            compared = self._compare(self.documented.body, seen, "", final=final, one_sided=one_sided)
            found += [f"{label}: {difference}" for difference in compared]
        return found

    def _compare(self, documented: Any, seen: Any, path: str, *, final: bool, one_sided: bool) -> list[str]:
        if path in NOT_COMPARED:
            return []
        if isinstance(documented, dict):
            if not isinstance(seen, dict):
                return [f"{path or 'body'}: expected an object, got {seen!r:.200}"]
            found = []
            for key, value in documented.items():
                inner = f"{path}.{key}" if path else key
                if key not in seen:
                    if inner not in NOT_COMPARED:
                        found.append(f"{inner}: missing (documented {value!r:.200})")
                    continue
                found += self._compare(value, seen[key], inner, final=final, one_sided=one_sided)
            return found
        if path.endswith(".addressPrefixes"):
            return [] if _same_ranges(documented, seen) else [f"{path}: documented {documented}, got {seen}"]
        if path == "properties.provisioningState":
            allowed = (documented,) if final else UNFINISHED_STATES
            return [] if seen in allowed else [f"{path}: expected one of {allowed}, got {seen!r}"]
        if path == "properties.peeringSyncLevel" and documented == "FullyInSync" and one_sided:
            allowed = ONE_SIDED_SYNC_LEVELS
            return [] if seen in allowed else [f"{path}: expected one of {allowed}, got {seen!r}"]
        if path.endswith(".id") and isinstance(documented, str):
            expected = translate(documented, self.id_map)
            same = isinstance(seen, str) and seen.lower() == expected.lower()
            return [] if same else [f"{path}: expected {expected!r}, got {seen!r}"]
        return [] if documented == seen else [f"{path}: documented {documented!r:.200}, got {seen!r:.200}"]


class ExampleReplayer:
    """Creates the VNets of an example replay and removes them afterwards."""

    def __init__(self, api: PeeringApi, names: ResourceNames) -> None:
        self.api = api
        self.names = names
        self._vnets: list[str] = []

    def create_vnet(self, role: str, layout: VnetLayout) -> str:
        """Create a VNet with `layout`; skip the check when the target drops its extra properties."""
        name = self.names.new(role)
        self._vnets.append(name)
        self.put_vnet(name, layout)
        return name

    def put_vnet(self, name: str, layout: VnetLayout) -> None:
        """PUT the VNet `name` with `layout` (create or change it); the PUT must succeed, and
        the check is skipped when the target drops the layout's extra properties."""
        dropped = self.put_layout(name, layout)
        if dropped:
            pytest.skip(dropped)

    def put_layout(self, name: str, layout: VnetLayout) -> str | None:
        """PUT the VNet `name` with `layout` (NonConformance unless it succeeds); why the
        example cannot be set up when the target does not keep the extra properties, else None."""
        body = vnet_body(layout.prefixes, location=self.api.config.location, subnets=layout.subnets)
        body["properties"].update(copy.deepcopy(dict(layout.extra_properties)))
        self.api.put_vnet(name, body=body).ensure_succeeded()
        if not layout.extra_properties:
            return None
        kept = self.api.get_vnet(name).properties
        extra = layout.extra_properties
        dropped = {key: value for key, value in extra.items() if not _contains(kept.get(key), value)}
        if not dropped:
            return None
        return (f"the target's VNet does not keep {sorted(dropped)} (sent {dropped}, read back "
                f"{ {key: kept.get(key) for key in dropped} }), so the example cannot be set up")

    def replay(self, example: DocumentedExample, setup: ExampleSetup) -> Replay:
        local = self.create_vnet("local", setup.local)
        remote = self.create_vnet("remote", setup.remote)
        peering = self.names.new("peer")
        if setup.existing_peering:
            first = self.request_body(example, local, remote, peering)
            if setup.peering_properties is not None:
                first["properties"] = {
                    "remoteVirtualNetwork": first["properties"]["remoteVirtualNetwork"],
                    **copy.deepcopy(dict(setup.peering_properties)),
                }
            self.api.put_peering(local, peering, body=first).ensure_succeeded()
        if setup.remote_changed_to is not None:
            self.put_vnet(remote, setup.remote_changed_to)
        return self.send(example, local, remote, peering, 200 if setup.existing_peering else 201)

    def request_body(self, example: DocumentedExample, local: str, remote: str, peering: str) -> dict[str, Any]:
        """The documented request body, its ids mapped to these VNets."""
        return translate(example.request_body, self._id_map(example, local, remote, peering))

    def send(self, example: DocumentedExample, local: str, remote: str, peering: str, expected_status: int) -> Replay:
        """The documented request (body and query) for the peering `peering` of `local`
        toward `remote`, followed to its end and read back."""
        id_map = self._id_map(example, local, remote, peering)
        path = self.api.peering_id(local, peering)
        initial = self.api.client.put(path, json=translate(example.request_body, id_map), params=dict(example.query))
        if initial.status in (200, 201):
            self.api.tracker.created_peering(local, peering)
            self.api.wait(initial, path)
        return Replay(example, expected_status, initial, self.api.get_peering(local, peering), id_map)

    def _id_map(self, example: DocumentedExample, local: str, remote: str, peering: str) -> dict[str, str]:
        parameters = example.path_parameters
        group = f"/subscriptions/{parameters['subscriptionId']}/resourceGroups/{parameters['resourceGroupName']}"
        documented_local = f"{group}/{PROVIDER}/virtualNetworks/{parameters['virtualNetworkName']}"
        documented_remote = example.request_body["properties"]["remoteVirtualNetwork"]["id"]
        documented_peering = f"{documented_local}/virtualNetworkPeerings/{parameters['virtualNetworkPeeringName']}"
        return {
            documented_peering.lower(): self.api.peering_id(local, peering),
            documented_local.lower(): self.api.vnet_id(local),
            documented_remote.lower(): self.api.vnet_id(remote),
        }

    def close(self) -> None:
        """Delete the VNets (and so their peerings); what fails is left to the session's cleanup."""
        for name in reversed(self._vnets):
            try:
                self.api.delete_vnet(name)
            except (TargetError, NonConformance):
                pass


@pytest.fixture
def example_replayer(api: PeeringApi, names: ResourceNames) -> Iterator[ExampleReplayer]:
    """An ExampleReplayer whose VNets are deleted after the check (import it into a test module)."""
    replayer = ExampleReplayer(api, names)
    yield replayer
    replayer.close()
