"""The bad requests of the ARM-contract journey, judged by test_bad_input.py.

Every bad request goes to a resource path that is otherwise valid, so only the named
defect can be the reason for the refusal. They go one after another to vnets a, b and c
while the peering a->b exists (with its default settings): requests aimed at the existing
peering a->b or vnet a are read back before and after (the peering and the VNet must read
the same, ROB-010); requests creating a new peering or VNet are read back after (it must
still be missing). A bad request the target took anyway is undone, so the next one starts
from the same state.

A defect is sent once per validation it exercises: every malformed JSON text to the
peering (the API's subject), one of them to a VNet as well (a body is parsed the same
way whatever it describes); every invalid prefix to the existing vnet a (the VNet must
stay as it was), one of them creating a VNet (nothing may be left behind).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from conformance.suite.scenarios.arm_checks import group_path, json_request, vnet_path
from conformance.suite.scenarios.journeys import Journey
from conformance.suite.vnets import VnetHandle
from conformance.target.peering_api import PROVIDER, peering_body, vnet_body
from conformance.target.responses import ArmResponse

MALFORMED_JSON = {"truncated": '{"properties": {', "plain-text": "not json at all",
                  "trailing-brace": '{"properties": {}}}', "single-quotes": "{'properties': {}}"}
# The malformed text also sent as a VNet body.
MALFORMED_VNET_BODY = "truncated"
INVALID_PREFIXES = ("10.0.0.0/33", "10.256.0.0/16", "10.0.0.0", "not-a-prefix")
# The invalid prefix also sent creating a VNet.
INVALID_PREFIX_OF_A_NEW_VNET = "10.0.0.0/33"
# ARM refuses request bodies over 4 MB; twice that is oversized for any front end.
OVERSIZED_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class Probe:
    """One bad request: on the existing peering a->b / vnet a (`read` None), or creating
    what `read` reads back (it must still be missing: test_bad_input.still_missing)."""

    key: str
    requirement: str
    what: str
    send: Callable[[], ArmResponse]
    read: Callable[[], ArmResponse] | None = None


def vnet_with_prefixes(prefixes, location) -> dict:
    """A VNet body whose addressPrefixes (and location) are exactly what is given, right or wrong."""
    return {"location": location, "properties": {"addressSpace": {"addressPrefixes": prefixes}}}


def probes(a: VnetHandle, b: VnetHandle, c: VnetHandle) -> list[Probe]:
    api, names, location = a.api, a.names, a.api.config.location
    peering_path = api.peering_id(a.name, a.peering_name(b))
    found: list[Probe] = []
    for label, text in MALFORMED_JSON.items():
        found.append(Probe(f"rob-001:{label}:peering", "ROB-001", f"peering PUT whose body is {label} JSON",
                           lambda text=text: json_request(api.client, "PUT", peering_path, text)))
        if label == MALFORMED_VNET_BODY:
            found.append(Probe(f"rob-001:{label}:vnet", "ROB-001", f"VNet PUT whose body is {label} JSON",
                               lambda text=text: json_request(api.client, "PUT", a.id, text)))
    wrong_types = {
        "a string for a boolean": peering_body(b.id, allowForwardedTraffic="yes"),
        "an array for remoteVirtualNetwork": peering_body(b.id, remoteVirtualNetwork=[{"id": b.id}]),
        "a string for properties": {"properties": "allowVirtualNetworkAccess"},
        "an object for a name list": peering_body(b.id, peerCompleteVnets=False, localSubnetNames={"name": "x"}),
    }
    found += [Probe(f"rob-002:peering:{label}", "ROB-002", f"peering PUT with {label}",
                    lambda body=body: json_request(api.client, "PUT", peering_path, body))
              for label, body in wrong_types.items()]
    vnet_types = {
        "an object for addressPrefixes": vnet_with_prefixes({"a": "10.90.0.0/16"}, location),
        "a string for addressPrefixes": vnet_with_prefixes("10.90.0.0/16", location),
        "a number for location": vnet_with_prefixes(list(a.prefixes), 42),
    }
    found += [Probe(f"rob-002:vnet:{label}", "ROB-002", f"VNet PUT with {label}",
                    lambda body=body: json_request(api.client, "PUT", a.id, body))
              for label, body in vnet_types.items()]
    for prefix in INVALID_PREFIXES:
        found.append(Probe(f"rob-003:{prefix}:existing", "ROB-003", f"VNet PUT of vnet a adding {prefix}",
                           lambda prefix=prefix: api.put_vnet(a.name, [*a.prefixes, prefix]).initial))
        if prefix == INVALID_PREFIX_OF_A_NEW_VNET:
            fresh = names.new("badcidr")
            found.append(Probe(f"rob-003:{prefix}:fresh", "ROB-003", f"VNet PUT creating a VNet with {prefix}",
                               lambda prefix=prefix, fresh=fresh: api.put_vnet(fresh, [prefix]).initial,
                               read=lambda fresh=fresh: api.get_vnet(fresh)))
    oversized = peering_body(b.id)
    oversized["padding"] = "x" * OVERSIZED_BYTES
    found.append(Probe("rob-004", "ROB-004", "peering PUT with an oversized body",
                       lambda: json_request(api.client, "PUT", peering_path, oversized)))
    found += _name_probes(a, b)
    found += _reference_probes(a, b)
    empty = {
        "an empty body with a JSON content type": lambda: json_request(api.client, "PUT", peering_path, ""),
        "no body at all": lambda: api.client.put(peering_path),
        "a JSON body sent as text/plain": lambda: json_request(
            api.client, "PUT", peering_path, peering_body(b.id), headers={"Content-Type": "text/plain"}),
    }
    found += [Probe(f"rob-009:{label}", "ROB-009", f"peering PUT with {label}", send) for label, send in empty.items()]
    others = {
        "peering PUT toward another VNet": lambda: a.peer(c, name=a.peering_name(b)).initial,
        "peering PUT with a stale If-Match": lambda: a.peer(
            b, allowForwardedTraffic=True, headers={"If-Match": 'W/"stale"'}).initial,
        "VNet PUT with an empty body": lambda: json_request(api.client, "PUT", a.id, ""),
    }
    found += [Probe(f"rob-010:{label}", "ROB-010", label, send) for label, send in others.items()]
    return found


def _name_probes(a: VnetHandle, b: VnetHandle) -> list[Probe]:
    api, names, config = a.api, a.names, a.api.config
    body = vnet_body(["10.91.0.0/16"], location=config.location)
    base = names.new("badname")
    paths = {"a 91-character resource group": vnet_path(config, names.new("v"), resource_group="g" * 91)}
    bad_vnet_names = {"an exclamation mark": f"{base}!x", "a space": f"{base} x", "a trailing dot": f"{base}."}
    paths.update({f"a VNet name with {what}": api.vnet_id(bad) for what, bad in bad_vnet_names.items()})
    found = [Probe(f"rob-005:{label}", "ROB-005", f"VNet PUT with {label}",
                   lambda path=path: api.client.put(path, json=body), read=lambda path=path: api.client.get(path))
             for label, path in paths.items()]
    bad_peering = api.peering_id(a.name, f"{names.new('badpeering')}!x")
    found.append(Probe("rob-005:peering", "ROB-005", "peering PUT with an exclamation mark in its name",
                       lambda: api.client.put(bad_peering, json=peering_body(b.id)),
                       read=lambda: api.client.get(bad_peering)))
    group = group_path(config, subscription="not-a-uuid")
    vnet = f"{group}/{PROVIDER}/virtualNetworks/{names.new('v')}"
    found.append(Probe("rob-006:put", "ROB-006", "VNet PUT under a subscription id that is not a UUID",
                       lambda: api.client.put(vnet, json=vnet_body(["10.92.0.0/16"], location=config.location)),
                       read=lambda: api.client.get(vnet)))
    return found


def _reference_probes(a: VnetHandle, b: VnetHandle) -> list[Probe]:
    api, names, config = a.api, a.names, a.api.config
    not_vnet_ids = {
        "free text": "not-an-arm-id",
        "a resource group id": group_path(config),
        "a subnet id": f"{b.id}/subnets/default",
        "another resource type": f"{group_path(config)}/{PROVIDER}/publicIPAddresses/{b.name}",
    }
    no_remote = {
        "no remoteVirtualNetwork": {"properties": {"allowVirtualNetworkAccess": True}},
        "an empty remoteVirtualNetwork": {"properties": {"remoteVirtualNetwork": {}}},
        "no properties": {},
    }
    bodies = [("rob-007", "ROB-007", f"a remote id that is {label}", peering_body(remote))
              for label, remote in not_vnet_ids.items()]
    bodies += [("rob-008", "ROB-008", label, body) for label, body in no_remote.items()]
    found = []
    for prefix, requirement, label, body in bodies:
        path = api.peering_id(a.name, names.new("bad"))
        found.append(Probe(f"{prefix}:{label}", requirement, f"peering create with {label}",
                           lambda path=path, body=body: json_request(api.client, "PUT", path, body),
                           read=lambda path=path: api.client.get(path)))
    return found


def send_bad_input(journey: Journey, a: VnetHandle, b: VnetHandle, c: VnetHandle) -> None:
    """Every bad request, each kept with the reads around it; a->b exists with its default settings."""
    _reads_under_a_bad_subscription(journey, a)
    for probe in probes(a, b, c):
        if probe.read is None:
            journey.answered(f"{probe.key}:before-peering", a.get_peering(b), f"peering a->b before the {probe.what}")
            journey.answered(f"{probe.key}:before-vnet", a.get(), f"vnet a before the {probe.what}")
        response = journey.answered(f"{probe.key}:put", probe.send(), f"the {probe.what}")
        if probe.read is not None:
            after = journey.answered(f"{probe.key}:after", probe.read(), f"read after the {probe.what}")
            if after.status == 200:
                journey.vnets.api.client.delete(after.url.split("?")[0])
            continue
        journey.answered(f"{probe.key}:after-peering", a.get_peering(b), f"peering a->b after the {probe.what}")
        journey.answered(f"{probe.key}:after-vnet", a.get(), f"vnet a after the {probe.what}")
        if response.status < 300:
            # Attempted, not required: a target that took a bad request may not take the
            # way back either, and the later probes still judge from what they read first.
            journey.attempted(f"{probe.key}:restore-vnet", a.put(), "putting vnet a back after a bad request it took")
            journey.attempted(f"{probe.key}:restore-peering", a.peer(b),
                              "putting peering a->b back after a bad request it took")


def _reads_under_a_bad_subscription(journey: Journey, a: VnetHandle) -> None:
    api = a.api
    group = group_path(api.config, subscription="not-a-uuid")
    vnet = f"{group}/{PROVIDER}/virtualNetworks/{a.names.new('v')}"
    reads = {"VNet GET": vnet, "VNet list": f"{group}/{PROVIDER}/virtualNetworks",
             "peering GET": f"{vnet}/virtualNetworkPeerings/{a.names.new('p')}"}
    for label, path in reads.items():
        journey.answered(f"rob-006-read:{label}", api.client.get(path),
                         f"{label} under a subscription id that is not a UUID")
