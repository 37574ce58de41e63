"""The api-version steps of the ARM-contract journey, judged by test_arm_api_version.py.

Refusals first, on vnet a and the peering a->b: reads and writes without api-version and
with unserved ones (each write the target took anyway is undone), a->b and vnet a read
after; GETs with extra query parameters.

Then every VNet and peering operation with the versions each client sends, on the
journey's own VNets instead of a VNet per client: vnet c updated, read and listed with
each client's VNet version; the hub's peerings toward a, b and c created (the paged list
of test_arm_paging.py), read, listed and deleted, each with one client's peering version;
at the end of the journey each of its four VNets deleted with one client's VNet version.
An operation a client sends with the run's own api-version (None below) is the one the
journey sends anyway: its answer is kept for that client too, not sent again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

from conformance.suite.scenarios.journeys import Journey
from conformance.suite.vnets import VnetHandle
from conformance.target.peering_api import DeleteResult, PutResult, peering_body
from conformance.target.responses import ArmResponse

DOCUMENTED_VERSION = "2025-05-01"
UNSERVED_VERSIONS = ("1999-01-01", "2025-05-01-nonexistent")
UNSERVED_CODES = ("NoRegisteredProviderFound", "InvalidApiVersionParameter")
# What the SDK's final GET repeats from its PUT, the capitalised form the service took, and
# a parameter no version defines.
EXTRA_GET_PARAMETERS = ({"syncRemoteAddressSpace": "true"}, {"syncRemoteAddressSpace": "True"}, {"pcExtra": "1"})
# client -> (peering api-version, VNet api-version); None sends the configured one.
CLIENT_VERSIONS = {
    "documented": (DOCUMENTED_VERSION, DOCUMENTED_VERSION),
    "Azure CLI peerings": ("2023-11-01", None),
    "Azure CLI VNets": (None, "2025-07-01"),
    "recent SDK": ("2026-03-01", "2026-03-01"),
}
# The journey's answers kept for a client whose version of the operation is the run's own.
JOURNEY_ANSWERS = {"peering PUT": "create:b->a", "peering DELETE": "delete:b->a", "VNet PUT": "vnet-update"}


def client_key(client: str) -> str:
    return f"versions-{client}"


def peering_clients() -> list[tuple[str, str]]:
    """(client, peering version) of the clients sending a peering version of their own."""
    return [(client, version) for client, (version, _) in CLIENT_VERSIONS.items() if version]


def refuse_versions(journey: Journey, a: VnetHandle, b: VnetHandle) -> None:
    """Requests without and with unserved api-versions, and GETs with extra parameters."""
    _without_version(journey, a, b)
    for version in UNSERVED_VERSIONS:
        _unserved(journey, a, b, version)
    journey.answered("extra:plain", a.get_peering(b), "GET of a->b")
    for number, extra in enumerate(EXTRA_GET_PARAMETERS):
        journey.answered(f"extra:{number}", a.get_peering(b, params=extra), f"GET of a->b with {extra}")
    journey.answered("extra:vnet-plain", a.get(), "GET of vnet a")
    journey.answered("extra:vnet", a.get(params={"syncRemoteAddressSpace": "true"}),
                     "GET of vnet a with syncRemoteAddressSpace=true")


def _refusing(journey: Journey, key: str, response: ArmResponse, what: str, undo: Callable[[], object]) -> None:
    """Keep the answer to a write expected refused; undo it when the target took it."""
    journey.answered(key, response, what)
    if 200 <= response.status < 300:
        result = undo()
        if isinstance(result, (PutResult, DeleteResult)):
            journey.attempted(f"{key}:undo", result, f"undoing the {what}, which the target took")


def _without_version(journey: Journey, a: VnetHandle, b: VnetHandle) -> None:
    api, peering, new = a.api, a.peering_name(b), a.names.new("new")
    reads = {
        "VNet GET": lambda: api.get_vnet(a.name, api_version=None),
        "VNet list": lambda: api.list_vnets(api_version=None),
        "peering GET": lambda: api.get_peering(a.name, peering, api_version=None),
        "peering list": lambda: api.list_peerings(a.name, api_version=None),
    }
    for label, send in reads.items():
        journey.answered(f"unversioned:{label}", send(), f"{label} without api-version")
    _refusing(journey, "unversioned:peering PUT",
              api.client.put(api.peering_id(a.name, new), json=peering_body(b.id), api_version=None),
              "peering PUT without api-version", lambda: api.delete_peering(a.name, new))
    _refusing(journey, "unversioned:peering DELETE",
              api.client.delete(api.peering_id(a.name, peering), api_version=None),
              "peering DELETE without api-version", lambda: a.peer(b))
    _read_after(journey, "unversioned", a, b, "the requests without api-version")


def _unserved(journey: Journey, a: VnetHandle, b: VnetHandle, version: str) -> None:
    api, new = a.api, a.names.new("new")
    journey.answered(f"unserved-{version}:VNet GET", api.get_vnet(a.name, api_version=version),
                     f"VNet GET with api-version {version}")
    journey.answered(f"unserved-{version}:peering GET", a.get_peering(b, api_version=version),
                     f"peering GET with api-version {version}")
    _refusing(journey, f"unserved-{version}:peering PUT",
              a.peer(b, name=new, params={"api-version": version}).initial,
              f"peering PUT with api-version {version}", lambda: api.delete_peering(a.name, new))
    _refusing(journey, f"unserved-{version}:VNet PUT",
              api.put_vnet(a.name, [*a.prefixes, "10.9.0.0/16"], api_version=version).initial,
              f"VNet PUT with api-version {version}", a.put)
    _read_after(journey, f"unserved-{version}", a, b, f"the requests with api-version {version}")


def _read_after(journey: Journey, key: str, a: VnetHandle, b: VnetHandle, what: str) -> None:
    journey.answered(f"{key}:a->b", a.get_peering(b), f"peering a->b after {what}")
    journey.listed(f"{key}:list", a, f"vnet a's peerings after {what}")
    journey.answered(f"{key}:vnet", a.get(), f"vnet a after {what}")
    journey.note(f"{key}:expected", "vnet a's prefixes", prefixes=list(a.prefixes))


def vnet_operations(journey: Journey, vnet: VnetHandle) -> None:
    """Each client's VNet PUT (an update of `vnet`), GET and list, with its VNet version."""
    api = vnet.api
    for client, (_, version) in CLIENT_VERSIONS.items():
        key, request = client_key(client), {"api_version": version} if version else {}
        if version:
            journey.attempted(f"{key}:VNet PUT", api.put_vnet(vnet.name, vnet.prefixes, **request),
                              f"a VNet PUT (an update) with the {client}'s api-versions")
        journey.answered(f"{key}:VNet GET", api.get_vnet(vnet.name, **request),
                         f"VNet GET with the {client}'s api-versions")
        journey.answered(f"{key}:VNet list", api.list_vnets(**request), f"VNet list with the {client}'s api-versions")


def create_hub_peerings(journey: Journey, hub: VnetHandle, remotes: Sequence[VnetHandle]) -> None:
    """hub->remote for each client sending a peering version of its own, created with it;
    when that is refused the peering is created with the run's version, as the paged list needs it."""
    for (client, version), remote in zip(peering_clients(), remotes, strict=True):
        doing = f"creating hub->{remote.role} with the {client}'s api-versions"
        if not journey.attempted(f"{client_key(client)}:peering PUT",
                                 hub.peer(remote, params={"api-version": version}), doing):
            journey.wrote(None, hub.peer(remote), f"creating hub->{remote.role} with the run's api-version")


def peering_reads(journey: Journey, hub: VnetHandle, remotes: Sequence[VnetHandle], a: VnetHandle,
                  b: VnetHandle) -> None:
    """Each client's peering GET and list, with its peering version (a->b for the others)."""
    for client, (version, _) in CLIENT_VERSIONS.items():
        local, remote = (hub, remotes[[c for c, _ in peering_clients()].index(client)]) if version else (a, b)
        request = {"api_version": version} if version else {}
        journey.answered(f"{client_key(client)}:peering GET", local.get_peering(remote, **request),
                         f"peering GET with the {client}'s api-versions")
        journey.answered(f"{client_key(client)}:peering list", local.api.list_peerings(local.name, **request),
                         f"peering list with the {client}'s api-versions")


def delete_hub_peerings(journey: Journey, hub: VnetHandle, remotes: Sequence[VnetHandle]) -> None:
    for (client, version), remote in zip(peering_clients(), remotes, strict=True):
        journey.attempted(f"{client_key(client)}:peering DELETE", hub.delete_peering(remote, api_version=version),
                          f"deleting hub->{remote.role} with the {client}'s api-versions")


def delete_vnets(journey: Journey, vnets: Sequence[VnetHandle]) -> None:
    """The journey's VNets deleted at once, each with one client's VNet version; a VNet
    deleted here is no longer the journey cleanup's to delete."""
    clients = list(CLIENT_VERSIONS.items())

    def delete(vnet: VnetHandle, vnet_version: str | None) -> DeleteResult:
        return vnet.delete(**({"api_version": vnet_version} if vnet_version else {}))

    with ThreadPoolExecutor(max_workers=len(vnets)) as pool:
        results = list(pool.map(delete, vnets, [vnet_version for _, (_, vnet_version) in clients]))
    for vnet, (client, _), result in zip(vnets, clients, results, strict=True):
        if journey.attempted(f"{client_key(client)}:VNet DELETE", result,
                             f"deleting vnet {vnet.role} with the {client}'s api-versions"):
            journey.vnets.deleted(vnet)


def reuse_journey_answers(journey: Journey) -> None:
    """For a client whose version of an operation is the run's own, the journey's answer to it."""
    for client, (peering_version, vnet_version) in CLIENT_VERSIONS.items():
        for operation, kept in JOURNEY_ANSWERS.items():
            version = vnet_version if operation.startswith("VNet") else peering_version
            if version is None:
                journey.record.keep(f"{client_key(client)}:{operation}", journey.record.seen[kept])
