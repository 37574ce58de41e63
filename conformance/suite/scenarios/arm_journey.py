"""The ARM-contract journey: one walk whose every kind of request the status-code, error,
header, name, access, robustness, bad-input, api-version and paging checks judge.

Those checks each built a pair (or a hub and five spokes) to send a handful of requests;
the requests do not disturb one another, so one walk per process sends them all, on
vnets a, b, c and hub (created together), then in order: a->b created; the bad requests
(bad_input_walk.py) and the api-version refusals (api_version_walk.py) against it; a->b
updated and synced; reads, a DELETE and a PUT of what is missing; vnet a re-PUT; b->a
created; a semantic refusal; requests carrying a correlation id; reads through another
subscription and resource group; without and with a wrong token when the run gave one;
vnet c updated and the hub peered toward a, b and c with the versions clients send, every
page of the lists kept (paging_walk.py); a->b and vnet a under other casings (a->b
updated, then deleted that way); b->a deleted (its Location followed once); the hub's
peerings deleted, then the four VNets, each with a client's versions.

Every answer is kept; the checks that judge "every answer" (request ids, CloudError
bodies) read the journey's exchanges from the transcript, LRO polls included. A request
not answered in time, or still busy after the retries, stops the journey: ROB-013 /
ROB-014 fail with it, the other checks report the target error.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from conformance.suite.scenarios.api_version_walk import (
    create_hub_peerings,
    delete_hub_peerings,
    delete_vnets,
    peering_reads,
    refuse_versions,
    reuse_journey_answers,
    vnet_operations,
)
from conformance.suite.scenarios.arm_checks import other_casing, peering_path, vnet_path
from conformance.suite.scenarios.bad_input_walk import send_bad_input
from conformance.suite.scenarios.journey_record import JourneyRecord
from conformance.suite.scenarios.journeys import Journey, JourneyBook
from conformance.suite.scenarios.paging_walk import list_every_page
from conformance.suite.vnets import VnetHandle
from conformance.target.errors import AnswerTimeout, TargetOverloaded
from conformance.target.peering_api import peering_body, vnet_body
from conformance.target.responses import ArmResponse

JOURNEY = "arm-contract"
# Kept once the walk sent its last step (ROB-013/014 judge a whole walk only).
WALKED = "walked"
CORRELATION_ID = "x-ms-correlation-request-id"
# Where a resource must not be reachable from (ARM-036).
ELSEWHERE = ("another resource group", "another subscription")
# Findings that are the robustness checks' own, kept before the journey stops.
ROBUSTNESS_FINDINGS = {AnswerTimeout: "timeout", TargetOverloaded: "overloaded"}


def arm_journey(journeys: JourneyBook) -> JourneyRecord:
    return journeys.take(JOURNEY, _walk)


def token_is_required(config) -> bool:
    """The run declares that the target enforces a token by giving one (--token / --azure-credential)."""
    return bool(config.token or config.azure_credential)


def _walk(journey: Journey) -> None:
    try:
        _walk_every_kind(journey)
    except (AnswerTimeout, TargetOverloaded) as exc:
        kind = next(key for error, key in ROBUSTNESS_FINDINGS.items() if isinstance(exc, error))
        journey.note(kind, "a request of the journey", message=str(exc))
        raise


def _walk_every_kind(journey: Journey) -> None:
    specs = [(None, None, role) for role in ("a", "b", "c", "hub")]
    (a, a_created), (b, _), (c, _), (hub, _) = journey.vnets.several_answered(specs)
    api, names = a.api, a.names
    journey.answered("vnet-create", a_created.initial, "the create of vnet a")
    journey.note("names", "names used", peering=a.peering_name(b), a=a.name, b_id=b.id)
    journey.wrote("create:a->b", a.peer(b), "creating the peering a->b")
    send_bad_input(journey, a, b, c)
    refuse_versions(journey, a, b)
    correlation = _correlation_id(journey, "peering PUT")
    updated = a.peer(b, allowForwardedTraffic=True, headers=correlation)
    journey.answered("correlation:peering PUT", updated.initial, f"an update of a->b sending {CORRELATION_ID}")
    journey.wrote("update:a->b", updated, "an update of a->b")
    journey.wrote("sync:a->b", a.peer(b, allowForwardedTraffic=True, sync=True), "a sync of a->b")
    missing_vnet = names.new("missing")
    reads: dict[str, Callable[[], ArmResponse]] = {
        "missing-peering": lambda: a.get_peering(names.new("missing")),
        "missing-vnet": lambda: api.get_vnet(missing_vnet),
        "missing-vnet-peering": lambda: api.get_peering(missing_vnet, names.new("peering")),
        "missing-peering-delete": lambda: a.delete_peering(names.new("missing")).initial,
        "missing-vnet-delete": lambda: api.delete_vnet(names.new("missing")).initial,
        "put-under-missing": lambda: api.put_peering(missing_vnet, "peering", b.name).initial,
        "put-under-missing:peering": lambda: api.get_peering(missing_vnet, "peering"),
        "put-under-missing:vnet": lambda: api.get_vnet(missing_vnet),
    }
    for key, send in reads.items():
        journey.answered(key, send(), key.replace("-", " "))
    journey.wrote("vnet-update", a.put(), "a re-PUT of vnet a")
    journey.wrote("create:b->a", b.peer(a), "creating the peering b->a")
    _refusals_sent_nowhere_else(journey, a, names.new("unused"))
    _correlated(journey, a)
    _elsewhere(journey, a, b)
    if token_is_required(api.config):
        _unauthorized(journey, a, b)
    remotes = (a, b, c)
    vnet_operations(journey, c)
    create_hub_peerings(journey, hub, remotes)
    list_every_page(journey, hub, remotes, c, (a, b, c, hub))
    peering_reads(journey, hub, remotes, a, b)
    _other_casings(journey, a, b)
    # Last: deleting b->a leaves a->b Disconnected, and a PUT of a Disconnected peering is
    # only a SHOULD (LIFE-007) - the PUTs of a->b above must not depend on it.
    deleted = journey.wrote("delete:b->a", b.delete_peering(a), "deleting the peering b->a")
    journey.answered("delete:gone", b.get_peering(a), "peering b->a after its delete")
    location = deleted.initial.headers.get("Location")
    if location:
        api.client.get(location)
    delete_hub_peerings(journey, hub, remotes)
    reuse_journey_answers(journey)
    delete_vnets(journey, (a, b, c, hub))
    journey.note(WALKED, "every step of the journey was sent")


def _refusals_sent_nowhere_else(journey: Journey, a: VnetHandle, unused: str) -> None:
    """For the CloudError checks: the peering list of a missing VNet, and a semantic refusal
    (vnet a peered with itself), undone when taken so the later lists hold what they should."""
    api = a.api
    journey.answered("tour:missing-vnet-list", api.list_peerings(f"{unused}-vnet"), "the peering list of a missing VNet")
    taken = journey.answered("tour:self-peering", api.put_peering(a.name, unused, a.name).initial,
                             "a PUT peering vnet a with itself")
    if 200 <= taken.status < 300:
        api.delete_peering(a.name, unused)


def _correlation_id(journey: Journey, label: str) -> dict[str, str]:
    """Headers carrying a fresh correlation id, kept as the one sent for `label`."""
    sent = str(uuid.uuid4())
    journey.note(f"correlation-sent:{label}", "the id sent", id=sent)
    return {CORRELATION_ID: sent}


def _correlated(journey: Journey, a: VnetHandle) -> None:
    senders = {
        "VNet GET": lambda headers: a.get(headers=headers),
        "GET of a missing peering": lambda headers: a.get_peering(a.names.new("missing"), headers=headers),
        "unknown api-version": lambda headers: a.get(headers=headers, api_version="1999-01-01"),
    }
    for label, send in senders.items():
        journey.answered(f"correlation:{label}", send(_correlation_id(journey, label)),
                         f"{label} sending {CORRELATION_ID}")


def _elsewhere(journey: Journey, a: VnetHandle, b: VnetHandle) -> None:
    config = a.api.config
    scopes = {"another resource group": {"resource_group": a.names.new("othergroup")},
              "another subscription": {"subscription": str(uuid.uuid4())}}
    for label, scope in scopes.items():
        for what, path in (("VNet", vnet_path(config, a.name, **scope)),
                           ("peering", peering_path(config, a.name, a.peering_name(b), **scope)),
                           ("peering list", f"{vnet_path(config, a.name, **scope)}/virtualNetworkPeerings")):
            journey.answered(f"elsewhere:{what} through {label}", a.api.client.get(path), f"{what} through {label}")


def _unauthorized(journey: Journey, a: VnetHandle, b: VnetHandle) -> None:
    api, new_peering = a.api, a.names.new("unauthorized")
    # a->b may still be turning Connected after b->a's creation: settled first, so "before"
    # and "after" differ only by what the unauthenticated writes did.
    journey.peering("unauthorized:connected", a, b, "before the unauthenticated writes", peeringState="Connected")
    journey.answered("unauthorized:before", a.get_peering(b), "peering a->b before the unauthenticated writes")
    path = api.peering_id(a.name, a.peering_name(b))
    for label, headers in {"no token": {}, "a wrong token": {"Authorization": "Bearer not-a-valid-token"}}.items():
        attempts = {
            "GET": lambda: api.client.get(path, headers=headers, auth=False),
            "PUT of a new peering": lambda: api.client.put(api.peering_id(a.name, new_peering),
                                                           json=peering_body(b.id), headers=headers, auth=False),
            "PUT changing a peering": lambda: api.client.put(path, json=peering_body(b.id, allowForwardedTraffic=False),
                                                             headers=headers, auth=False),
            "DELETE": lambda: api.client.delete(path, headers=headers, auth=False),
        }
        for attempt, send in attempts.items():
            journey.answered(f"unauthorized:{attempt} with {label}", send(), f"{attempt} with {label}")
    journey.answered("unauthorized:new", a.get_peering(new_peering), "the peering an unauthenticated PUT named")
    journey.answered("unauthorized:after", a.get_peering(b), "peering a->b after the unauthenticated writes")


def _other_casings(journey: Journey, a: VnetHandle, b: VnetHandle) -> None:
    api, config, name = a.api, a.api.config, a.peering_name(b)
    recased = other_casing(name)
    journey.answered("casing:get", a.get_peering(recased), "GET of a->b under other casing")
    updated = a.peer(b, name=recased, allowForwardedTraffic=False)
    journey.answered("casing:put", updated.initial, "a PUT of a->b under other casing")
    journey.wrote(None, updated, "a PUT of a->b under other casing")
    journey.answered("casing:read-first", a.get_peering(name), "a->b under its first casing after the PUT")
    journey.answered("casing:read-other", a.get_peering(recased), "a->b under other casing after the PUT")
    journey.listed("casing:list", a, "vnet a's peerings after the PUT under other casing")
    group, vnet = config.resource_group.swapcase(), other_casing(a.name)
    journey.note("casing:group", "the resource group re-cased", recasable=group != config.resource_group)
    if group != config.resource_group:
        client = api.client
        journey.answered("group-casing:vnet", client.get(vnet_path(config, vnet, resource_group=group)),
                         "vnet a under other casings of its group and name")
        journey.answered("group-casing:peering",
                         client.get(peering_path(config, vnet, name, resource_group=group)),
                         "peering a->b under other casings of its group and VNet")
        listed = client.get(f"{vnet_path(config, vnet, resource_group=group)}/virtualNetworkPeerings")
        journey.answered("group-casing:list", listed, "vnet a's peering list under other casings")
        journey.note("group-casing:listed", "the names listed",
                     names=[item.get("name", "") for item in api.list_all(listed)])
        path = vnet_path(config, vnet, resource_group=group)
        put = client.put(path, json=vnet_body(a.prefixes, location=config.location))
        journey.answered("group-casing:put", put, "a VNet PUT of vnet a under other casings")
        journey.note("group-casing:waited", "the PUT's operation", succeeded=api.wait(put, path).succeeded)
        journey.note("group-casing:vnets", "the VNets listed",
                     names=[item.get("name", "") for item in api.list_all(api.list_vnets())])
    deleted = a.delete_peering(recased)
    journey.answered("casing:delete", deleted.initial, "a DELETE of a->b under other casing")
    journey.note("casing:deleted", "the DELETE's operation", succeeded=deleted.succeeded)
    journey.answered("casing:gone", a.get_peering(name), "a->b under its first casing after the DELETE")


# Bad requests a front end may answer before the resource provider sees them (the body
# size, names and subscription id of the URL, the content type): their answers are judged
# by their own SHOULDs (ROB-004/005/006/009), not by the contract's MUSTs on every answer.
FRONT_END_PROBES = ("rob-004", "rob-005", "rob-006", "rob-009")


def journey_exchanges(record: JourneyRecord, target, requirement: str) -> list:
    """Every answered exchange of the journey (LRO polls included) but the front-end
    probes', once it went to its end."""
    record.observation("delete:gone", requirement)
    front_end = {seen.exchange_id for key, seen in record.seen.items() if key.startswith(FRONT_END_PROBES)}
    return [e for e in target.transcript.for_check(f"journey:{JOURNEY}")
            if e.status is not None and e.id not in front_end]
