"""api-version: required, checked, and the versions clients really send are served.

Genuine clients cannot be told which version to send (the Azure CLI pins its own), so a
target serving only the documented one locks them out; one ignoring the parameter hides
version mistakes until they reach Azure.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.arm_checks import assert_refused
from conformance.target.peering_api import peering_body

DOCUMENTED_VERSION = "2025-05-01"
UNSERVED_VERSIONS = ("1999-01-01", "2025-05-01-nonexistent")
UNSERVED_CODES = ("NoRegisteredProviderFound", "InvalidApiVersionParameter")
# What the SDK's final GET repeats from its PUT, the capitalised form the service took, and
# a parameter no version defines.
EXTRA_GET_PARAMETERS = ({"syncRemoteAddressSpace": "true"}, {"syncRemoteAddressSpace": "True"}, {"pcExtra": "1"})


def every_operation(api, names, *, peering_version: str | None, vnet_version: str | None) -> dict:
    """Run each VNet and peering operation once; returns label -> response.

    A version of None sends the configured one. PUTs and DELETEs are driven to their end
    (the operation URLs carry their own api-version)."""
    local, remote, peering = names.new("local"), names.new("remote"), names.new("peering")
    vnet_request = {"api_version": vnet_version} if vnet_version else {}
    peering_query = {"api-version": peering_version} if peering_version else {}
    peering_request = {"api_version": peering_version} if peering_version else {}
    answers = {}
    for name, prefix in ((local, "10.60.0.0/16"), (remote, "10.61.0.0/16")):
        created = api.put_vnet(name, [prefix], **vnet_request)
        answers[f"VNet PUT (create {name})"] = created.initial
        created.ensure_succeeded()
    updated = api.put_vnet(local, ["10.60.0.0/16", "10.62.0.0/16"], **vnet_request)
    answers["VNet PUT (update)"] = updated.initial
    updated.ensure_succeeded()
    answers["VNet GET"] = api.get_vnet(local, **vnet_request)
    answers["VNet list"] = api.list_vnets(**vnet_request)
    put = api.put_peering(local, peering, remote, params=peering_query)
    answers["peering PUT"] = put.initial
    put.ensure_succeeded()
    answers["peering GET"] = api.get_peering(local, peering, **peering_request)
    answers["peering list"] = api.list_peerings(local, **peering_request)
    answers["peering DELETE"] = api.delete_peering(local, peering, **peering_request).initial
    for name in (local, remote):
        answers[f"VNet DELETE ({name})"] = api.delete_vnet(name, **vnet_request).initial
    return answers


def refused_versions(answers: dict) -> list[str]:
    return [f"{label}: {response.describe()}" for label, response in answers.items() if response.status >= 400]


@pytest.mark.requirements("ARM-031")
def test_a_request_without_api_version_answers_400_missing_api_version(api, pair, names):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    peering = a.peering_name(b)
    unversioned = {
        "VNet GET": api.get_vnet(a.name, api_version=None),
        "VNet list": api.list_vnets(api_version=None),
        "peering GET": api.get_peering(a.name, peering, api_version=None),
        "peering list": api.list_peerings(a.name, api_version=None),
        "peering PUT": api.client.put(
            api.peering_id(a.name, names.new("new")), json=peering_body(b.id), api_version=None
        ),
        "peering DELETE": api.client.delete(api.peering_id(a.name, peering), api_version=None),
    }
    for label, response in unversioned.items():
        error = assert_refused(response, (400,), what=label)
        assert error["code"] == "MissingApiVersionParameter", f"{label}: {response.describe()}"
    assert a.get_peering(b).status == 200, "a DELETE without api-version removed the peering"
    assert len(api.list_all(api.list_peerings(a.name))) == 1, "a PUT without api-version created a peering"


@pytest.mark.requirements("ARM-032")
@pytest.mark.parametrize("version", UNSERVED_VERSIONS)
def test_an_unserved_api_version_answers_400_with_a_provider_or_version_code(api, pair, names, version):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    attempts = {
        "VNet GET": api.get_vnet(a.name, api_version=version),
        "peering GET": a.get_peering(b, api_version=version),
        "peering PUT": a.peer(b, name=names.new("new"), params={"api-version": version}).initial,
        "VNet PUT": api.put_vnet(a.name, ["10.1.0.0/16", "10.9.0.0/16"], api_version=version).initial,
    }
    for label, response in attempts.items():
        error = assert_refused(response, (400,), what=label)
        assert error["code"] in UNSERVED_CODES, f"{label}: code {error['code']!r}, expected one of {UNSERVED_CODES}"
    assert len(api.list_all(api.list_peerings(a.name))) == 1, "a PUT with an unserved api-version created a peering"
    assert a.get().json()["properties"]["addressSpace"]["addressPrefixes"] == a.prefixes, (
        "a VNet PUT with an unserved api-version changed the VNet"
    )


@pytest.mark.requirements("ARM-033")
def test_the_documented_api_version_is_served_for_every_operation(api, names):
    answers = every_operation(api, names, peering_version=DOCUMENTED_VERSION, vnet_version=DOCUMENTED_VERSION)
    refused = refused_versions(answers)
    assert not refused, f"api-version {DOCUMENTED_VERSION} refused:\n" + "\n".join(refused)


@pytest.mark.requirements("ARM-034")
@pytest.mark.parametrize(
    ("client", "peering_version", "vnet_version"),
    [
        ("Azure CLI peerings", "2023-11-01", None),
        ("Azure CLI VNets", None, "2025-07-01"),
        ("recent SDK", "2026-03-01", "2026-03-01"),
    ],
)
def test_the_api_versions_genuine_clients_send_are_served(api, names, client, peering_version, vnet_version):
    answers = every_operation(api, names, peering_version=peering_version, vnet_version=vnet_version)
    refused = refused_versions(answers)
    assert not refused, f"the version the {client} sends was refused:\n" + "\n".join(refused)


@pytest.mark.requirements("ARM-035")
def test_a_get_tolerates_extra_query_parameters(api, pair):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    plain = a.get_peering(b)
    assert plain.status == 200, plain.describe()
    for extra in EXTRA_GET_PARAMETERS:
        with_extra = a.get_peering(b, params=extra)
        assert with_extra.status == 200, f"GET with {extra}: {with_extra.describe()}"
        assert with_extra.json() == plain.json(), f"GET with {extra} answered otherwise than without"
    vnet_plain = a.get()
    vnet_extra = a.get(params={"syncRemoteAddressSpace": "true"})
    assert vnet_extra.status == 200, vnet_extra.describe()
    assert vnet_extra.json() == vnet_plain.json(), "a VNet GET with an extra parameter answered otherwise"
