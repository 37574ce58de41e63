"""api-version: required, checked, and the versions clients really send are served.

Genuine clients cannot be told which version to send (the Azure CLI pins its own), so a
target serving only the documented one locks them out; one ignoring the parameter hides
version mistakes until they reach Azure.

One journey per process, vnets a and b with the peering a->b: reads and writes without
api-version and with unserved ones (the writes refused, a->b and vnet a read after),
GETs with extra query parameters; then, for each version a client sends, every VNet
and peering operation once on a VNet of its own (created, read, listed, peered toward
a, the peering read, listed and deleted, the VNet deleted).
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.arm_checks import assert_refused
from conformance.suite.scenarios.journey_record import JourneyRecord, expect_status, fail, judging
from conformance.suite.scenarios.journeys import Journey
from conformance.suite.vnets import VnetHandle
from conformance.target.peering_api import peering_body

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
JOURNEY = "api-version"

pytestmark = pytest.mark.xdist_group(JOURNEY)


def api_version_journey(journeys) -> JourneyRecord:
    return journeys.take(JOURNEY, _walk)


def _walk(journey: Journey) -> None:
    a, b = journey.vnets.several([(None, None, "a"), (None, None, "b")])
    journey.wrote(None, a.peer(b), "creating the peering a->b")
    _without_version(journey, a, b)
    for version in UNSERVED_VERSIONS:
        _unserved(journey, a, b, version)
    journey.answered("extra:plain", a.get_peering(b), "GET of a->b")
    for number, extra in enumerate(EXTRA_GET_PARAMETERS):
        journey.answered(f"extra:{number}", a.get_peering(b, params=extra), f"GET of a->b with {extra}")
    journey.answered("extra:vnet-plain", a.get(), "GET of vnet a")
    journey.answered("extra:vnet", a.get(params={"syncRemoteAddressSpace": "true"}),
                     "GET of vnet a with syncRemoteAddressSpace=true")
    for client, (peering_version, vnet_version) in CLIENT_VERSIONS.items():
        _every_operation(journey, a, client, peering_version, vnet_version)


def _without_version(journey: Journey, a: VnetHandle, b: VnetHandle) -> None:
    api, peering = a.api, a.peering_name(b)
    unversioned = {
        "VNet GET": lambda: api.get_vnet(a.name, api_version=None),
        "VNet list": lambda: api.list_vnets(api_version=None),
        "peering GET": lambda: api.get_peering(a.name, peering, api_version=None),
        "peering list": lambda: api.list_peerings(a.name, api_version=None),
        "peering PUT": lambda: api.client.put(api.peering_id(a.name, a.names.new("new")), json=peering_body(b.id),
                                              api_version=None),
        "peering DELETE": lambda: api.client.delete(api.peering_id(a.name, peering), api_version=None),
    }
    for label, send in unversioned.items():
        journey.answered(f"unversioned:{label}", send(), f"{label} without api-version")
    _read_after(journey, "unversioned", a, b, "the requests without api-version")


def _unserved(journey: Journey, a: VnetHandle, b: VnetHandle, version: str) -> None:
    api = a.api
    attempts = {
        "VNet GET": lambda: api.get_vnet(a.name, api_version=version),
        "peering GET": lambda: a.get_peering(b, api_version=version),
        "peering PUT": lambda: a.peer(b, name=a.names.new("new"), params={"api-version": version}).initial,
        "VNet PUT": lambda: api.put_vnet(a.name, [*a.prefixes, "10.9.0.0/16"], api_version=version).initial,
    }
    for label, send in attempts.items():
        journey.answered(f"unserved-{version}:{label}", send(), f"{label} with api-version {version}")
    _read_after(journey, f"unserved-{version}", a, b, f"the requests with api-version {version}")


def _read_after(journey: Journey, key: str, a: VnetHandle, b: VnetHandle, what: str) -> None:
    journey.answered(f"{key}:a->b", a.get_peering(b), f"peering a->b after {what}")
    journey.listed(f"{key}:list", a, f"vnet a's peerings after {what}")
    journey.answered(f"{key}:vnet", a.get(), f"vnet a after {what}")
    journey.note(f"{key}:expected", "vnet a's prefixes", prefixes=list(a.prefixes))


def _every_operation(journey: Journey, a: VnetHandle, client: str, peering_version: str | None,
                     vnet_version: str | None) -> None:
    """Each VNet and peering operation once, with the client's versions; every answer kept."""
    api, names = a.api, a.names
    local, peering = names.new("local"), names.new("peering")
    vnet_request = {"api_version": vnet_version} if vnet_version else {}
    peering_request = {"api_version": peering_version} if peering_version else {}
    peering_query = {"api-version": peering_version} if peering_version else {}
    key = f"versions-{client}"
    answers = {}
    created = api.put_vnet(local, ["10.60.0.0/16"], **vnet_request)
    answers["VNet PUT"] = created.initial
    journey.wrote(None, created, f"creating a VNet with the {client}'s versions")
    answers["VNet GET"] = api.get_vnet(local, **vnet_request)
    answers["VNet list"] = api.list_vnets(**vnet_request)
    put = api.put_peering(local, peering, a.name, params=peering_query)
    answers["peering PUT"] = put.initial
    journey.wrote(None, put, f"creating a peering with the {client}'s versions")
    answers["peering GET"] = api.get_peering(local, peering, **peering_request)
    answers["peering list"] = api.list_peerings(local, **peering_request)
    answers["peering DELETE"] = api.delete_peering(local, peering, **peering_request).initial
    answers["VNet DELETE"] = api.delete_vnet(local, **vnet_request).initial
    for label, response in answers.items():
        journey.answered(f"{key}:{label}", response, f"{label} with the {client}'s api-versions")


def refused_with(record: JourneyRecord, prefix: str, requirement: str, codes: tuple[str, ...]) -> None:
    keys = [key for key in record.seen if key.startswith(prefix) and key.count(":") == 1
            and not key.endswith((":a->b", ":list", ":vnet", ":expected"))]
    if not keys:
        record.observation(f"{prefix}VNet GET", requirement)
    for key in keys:
        seen = record.observation(key, requirement)
        with judging(requirement, seen):
            error = assert_refused(seen.response, (400,), what=seen.what)
        fail(requirement, seen, [] if error["code"] in codes else [f"code {error['code']!r}, expected one of {codes}"])


def nothing_written(record: JourneyRecord, key: str, requirement: str, what: str) -> None:
    expect_status(record, f"{key}:a->b", requirement, (200,))
    listed = record.observation(f"{key}:list", requirement)
    fail(requirement, listed, [] if len(listed.properties["names"]) == 1 else
         [f"{what} created a peering: {listed.properties['names']}"])


@pytest.mark.requirements("ARM-031")
def test_a_request_without_api_version_answers_400_missing_api_version(journeys):
    record = api_version_journey(journeys)
    refused_with(record, "unversioned:", "ARM-031", ("MissingApiVersionParameter",))
    nothing_written(record, "unversioned", "ARM-031", "a PUT without api-version")


@pytest.mark.requirements("ARM-032")
@pytest.mark.parametrize("version", UNSERVED_VERSIONS)
def test_an_unserved_api_version_answers_400_with_a_provider_or_version_code(journeys, version):
    record = api_version_journey(journeys)
    refused_with(record, f"unserved-{version}:", "ARM-032", UNSERVED_CODES)
    nothing_written(record, f"unserved-{version}", "ARM-032", f"a PUT with api-version {version}")
    vnet = expect_status(record, f"unserved-{version}:vnet", "ARM-032", (200,))
    expected = record.observation(f"unserved-{version}:expected", "ARM-032").properties["prefixes"]
    held = vnet.properties.get("properties", {}).get("addressSpace", {}).get("addressPrefixes")
    fail("ARM-032", vnet, [] if held == expected else [f"a VNet PUT with an unserved api-version changed the "
                                                       f"VNet's prefixes to {held}"])


def served(record: JourneyRecord, client: str, requirement: str) -> None:
    prefix = f"versions-{client}:"
    keys = [key for key in record.seen if key.startswith(prefix)]
    if not keys:
        record.observation(f"{prefix}VNet PUT", requirement)
    for key in keys:
        seen = record.observation(key, requirement)
        fail(requirement, seen, [f"refused: {seen.response.describe()}"] if seen.status >= 400 else [])


@pytest.mark.requirements("ARM-033")
def test_the_documented_api_version_is_served_for_every_operation(journeys):
    served(api_version_journey(journeys), "documented", "ARM-033")


@pytest.mark.requirements("ARM-034")
@pytest.mark.parametrize("client", [client for client in CLIENT_VERSIONS if client != "documented"])
def test_the_api_versions_genuine_clients_send_are_served(journeys, client):
    served(api_version_journey(journeys), client, "ARM-034")


@pytest.mark.requirements("ARM-035")
def test_a_get_tolerates_extra_query_parameters(journeys):
    record = api_version_journey(journeys)
    plain = expect_status(record, "extra:plain", "ARM-035", (200,))
    for number in range(len(EXTRA_GET_PARAMETERS)):
        seen = expect_status(record, f"extra:{number}", "ARM-035", (200,))
        fail("ARM-035", seen, [] if seen.response.body == plain.response.body else ["answered otherwise than without"])
    vnet_plain = expect_status(record, "extra:vnet-plain", "ARM-035", (200,))
    vnet = expect_status(record, "extra:vnet", "ARM-035", (200,))
    fail("ARM-035", vnet, [] if vnet.response.body == vnet_plain.response.body else ["answered otherwise than without"])
