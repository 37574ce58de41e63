"""Bad input is refused with a 4xx CloudError - never a 5xx - and leaves the state as it was.

A 5xx tells a client to retry what will never succeed, and a half-applied refusal leaves
a peering nobody asked for. Every check sends its bad request to a resource path that
is otherwise valid, so only the named defect can be the reason for the refusal.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.arm_checks import (
    ReadBack,
    assert_refused,
    group_path,
    json_request,
    vnet_path,
)
from conformance.target.peering_api import PROVIDER, peering_body, vnet_body

MALFORMED_JSON = ('{"properties": {', "not json at all", '{"properties": {}}}', "{'properties': {}}")
INVALID_PREFIXES = ("10.0.0.0/33", "10.256.0.0/16", "10.0.0.0", "not-a-prefix")
# ARM refuses request bodies over 4 MB; twice that is oversized for any front end.
OVERSIZED_BYTES = 8 * 1024 * 1024


def assert_still_missing(response, what: str) -> None:
    assert response.status == 404, f"the refused request left {what} behind: {response.describe()}"


def vnet_with_prefixes(prefixes, location) -> dict:
    """A VNet body whose addressPrefixes (and location) are exactly what is given, right or wrong."""
    return {"location": location, "properties": {"addressSpace": {"addressPrefixes": prefixes}}}


def new_peering_path(api, local, names) -> tuple[str, str]:
    name = names.new("bad")
    return name, api.peering_id(local.name, name)


@pytest.mark.requirements("ROB-001")
@pytest.mark.parametrize("text", MALFORMED_JSON, ids=("truncated", "plain-text", "trailing-brace", "single-quotes"))
def test_a_body_that_is_not_json_answers_400_cloud_error(api, pair, names, text):
    a, _ = pair()
    name, path = new_peering_path(api, a, names)
    assert_refused(json_request(api.client, "PUT", path, text), (400,))
    assert_still_missing(a.get_peering(name), "a peering")
    vnet_name = names.new("badvnet")
    assert_refused(json_request(api.client, "PUT", api.vnet_id(vnet_name), text), (400,))
    assert_still_missing(api.get_vnet(vnet_name), "a VNet")


@pytest.mark.requirements("ROB-002")
def test_properties_of_the_wrong_json_type_answer_4xx_cloud_error(api, pair, names):
    a, b = pair()
    location = api.config.location
    peering_bodies = {
        "a string for a boolean": peering_body(b.id, allowForwardedTraffic="yes"),
        "an array for remoteVirtualNetwork": peering_body(b.id, remoteVirtualNetwork=[{"id": b.id}]),
        "a string for properties": {"properties": "allowVirtualNetworkAccess"},
        "an object for a name list": peering_body(b.id, peerCompleteVnets=False, localSubnetNames={"name": "x"}),
    }
    vnet_bodies = {
        "an object for addressPrefixes": vnet_with_prefixes({"a": "10.90.0.0/16"}, location),
        "a string for addressPrefixes": vnet_with_prefixes("10.90.0.0/16", location),
        "a number for location": vnet_with_prefixes(["10.90.0.0/16"], 42),
    }
    for label, body in peering_bodies.items():
        name, path = new_peering_path(api, a, names)
        response = json_request(api.client, "PUT", path, body)
        assert_refused(response, what=f"peering with {label}")
        assert_still_missing(a.get_peering(name), f"a peering ({label})")
    for label, body in vnet_bodies.items():
        vnet_name = names.new("badvnet")
        response = json_request(api.client, "PUT", api.vnet_id(vnet_name), body)
        assert_refused(response, what=f"VNet with {label}")
        assert_still_missing(api.get_vnet(vnet_name), f"a VNet ({label})")


@pytest.mark.requirements("ROB-003")
@pytest.mark.parametrize("prefix", INVALID_PREFIXES)
def test_an_invalid_cidr_answers_400_and_the_vnet_is_unchanged(api, vnet, names, prefix):
    existing = vnet()
    before = ReadBack.of(existing.get())
    assert_refused(api.put_vnet(existing.name, [*existing.prefixes, prefix]).initial, (400,))
    assert ReadBack.of(existing.get()) == before, "the refused VNet PUT changed the VNet"
    fresh = names.new("badcidr")
    assert_refused(api.put_vnet(fresh, [prefix]).initial, (400,))
    assert_still_missing(api.get_vnet(fresh), "a VNet")


@pytest.mark.requirements("ROB-004")
def test_an_oversized_body_answers_400_or_413_cloud_error(api, pair, names):
    a, b = pair()
    name, path = new_peering_path(api, a, names)
    body = peering_body(b.id)
    body["padding"] = "x" * OVERSIZED_BYTES
    assert_refused(json_request(api.client, "PUT", path, body), (400, 413))
    assert_still_missing(a.get_peering(name), "a peering")


@pytest.mark.requirements("ROB-005")
def test_names_out_of_the_rules_answer_4xx_cloud_error(api, pair, names):
    a, b = pair()
    config = api.config
    long_group = "g" * 91
    body = vnet_body(["10.91.0.0/16"], location=config.location)
    base = names.new("badname")
    bad_vnet_names = {"an exclamation mark": f"{base}!x", "a space": f"{base} x", "a trailing dot": f"{base}."}
    attempts = {"a 91-character resource group": vnet_path(config, names.new("v"), resource_group=long_group)}
    attempts.update({f"a VNet name with {what}": api.vnet_id(bad) for what, bad in bad_vnet_names.items()})
    for label, path in attempts.items():
        response = api.client.put(path, json=body)
        assert_refused(response, what=label)
        assert api.client.get(path).status >= 400, f"{label}: the refused PUT created the VNet"
    bad_peering = f"{names.new('badpeering')}!x"
    response = api.client.put(api.peering_id(a.name, bad_peering), json=peering_body(b.id))
    assert_refused(response, what="a peering name with an exclamation mark")


@pytest.mark.requirements("ROB-006")
def test_a_subscription_id_that_is_not_a_uuid_answers_4xx_cloud_error(api, names):
    group = group_path(api.config, subscription="not-a-uuid")
    vnet = f"{group}/{PROVIDER}/virtualNetworks/{names.new('v')}"
    attempts = {
        "VNet PUT": api.client.put(vnet, json=vnet_body(["10.92.0.0/16"], location=api.config.location)),
        "VNet GET": api.client.get(vnet),
        "VNet list": api.client.get(f"{group}/{PROVIDER}/virtualNetworks"),
        "peering GET": api.client.get(f"{vnet}/virtualNetworkPeerings/{names.new('p')}"),
    }
    for label, response in attempts.items():
        assert_refused(response, what=label)


@pytest.mark.requirements("ROB-007")
def test_a_remote_id_that_is_not_a_vnet_id_answers_400_and_creates_nothing(api, pair, names):
    a, b = pair()
    config = api.config
    not_vnet_ids = {
        "free text": "not-an-arm-id",
        "a resource group id": group_path(config),
        "a subnet id": f"{b.id}/subnets/default",
        "another resource type": f"{group_path(config)}/{PROVIDER}/publicIPAddresses/{b.name}",
    }
    for label, remote_id in not_vnet_ids.items():
        name, path = new_peering_path(api, a, names)
        response = json_request(api.client, "PUT", path, peering_body(remote_id))
        assert_refused(response, (400,), what=f"remote id that is {label}")
        assert_still_missing(a.get_peering(name), f"a peering ({label})")


@pytest.mark.requirements("ROB-008")
def test_a_peering_without_remote_virtual_network_answers_400_and_creates_nothing(api, pair, names):
    a, _ = pair()
    bodies = {
        "no remoteVirtualNetwork": {"properties": {"allowVirtualNetworkAccess": True}},
        "an empty remoteVirtualNetwork": {"properties": {"remoteVirtualNetwork": {}}},
        "no properties": {},
    }
    for label, body in bodies.items():
        name, path = new_peering_path(api, a, names)
        response = json_request(api.client, "PUT", path, body)
        assert_refused(response, (400,), what=label)
        assert_still_missing(a.get_peering(name), f"a peering ({label})")


@pytest.mark.requirements("ROB-009")
def test_an_empty_body_or_a_non_json_content_type_answers_4xx_cloud_error(api, pair, names):
    a, b = pair()
    valid = peering_body(b.id)
    attempts = {
        "an empty body with a JSON content type": lambda path: json_request(api.client, "PUT", path, ""),
        "no body at all": lambda path: api.client.put(path),
        "a JSON body sent as text/plain": lambda path: json_request(
            api.client, "PUT", path, valid, headers={"Content-Type": "text/plain"}
        ),
    }
    for label, send in attempts.items():
        name, path = new_peering_path(api, a, names)
        response = send(path)
        assert_refused(response, what=label)
        assert_still_missing(a.get_peering(name), f"a peering ({label})")


@pytest.mark.requirements("ROB-010")
def test_a_refused_write_leaves_the_resources_as_they_were(api, vnet, names):
    a, b, c = vnet(), vnet(), vnet()
    a.peer(b).ensure_succeeded()
    peering_path = api.peering_id(a.name, a.peering_name(b))
    refused_writes = {
        "peering PUT with malformed JSON": lambda: json_request(api.client, "PUT", peering_path, '{"properties": {'),
        "peering PUT with a wrong type": lambda: json_request(
            api.client, "PUT", peering_path, peering_body(b.id, allowForwardedTraffic="yes")
        ),
        "peering PUT without remoteVirtualNetwork": lambda: json_request(
            api.client, "PUT", peering_path, {"properties": {"allowForwardedTraffic": True}}
        ),
        "peering PUT toward another VNet": lambda: a.peer(c, name=a.peering_name(b)).initial,
        "peering PUT with a stale If-Match": lambda: a.peer(
            b, allowForwardedTraffic=True, headers={"If-Match": 'W/"stale"'}
        ).initial,
        "VNet PUT with an invalid prefix": lambda: api.put_vnet(a.name, [*a.prefixes, "10.0.0.0/33"]).initial,
        "VNet PUT with a wrong type": lambda: json_request(
            api.client, "PUT", a.id, vnet_with_prefixes("10.1.0.0/16", api.config.location)
        ),
        "VNet PUT with an empty body": lambda: json_request(api.client, "PUT", a.id, ""),
    }
    for label, write in refused_writes.items():
        peering_before, vnet_before = ReadBack.of(a.get_peering(b)), ReadBack.of(a.get())
        response = write()
        assert 400 <= response.status < 500, f"expected the {label} to be refused: {response.describe()}"
        assert ReadBack.of(a.get_peering(b)) == peering_before, f"the refused {label} changed the peering"
        assert ReadBack.of(a.get()) == vnet_before, f"the refused {label} changed the VNet"
