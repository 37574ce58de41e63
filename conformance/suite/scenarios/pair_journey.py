"""The pair-lifecycle journey: one pair (and a third VNet) walked through its whole life,
judged by the lifecycle, lifecycle-extra, etag and response-shape checks.

On a real target each write is an operation of seconds, so these four families share one
sequence of writes instead of building a pair each; every state between their steps is
verified by reads. VNets a, b (with a subnet) and c are created together, then:

1. refused at birth: a peering of a toward a missing VNet and one toward a itself
   (LIFE-011/012); a create of a->b under `If-Match: *` (ARM-028);
2. a->b alone: created with access off and forwarding on, updated to the opposite, re-PUT
   unchanged, synced, the etag read after each (LIFE-001, LIFE-014, ARM-024..026); a stale
   If-Match PUT and DELETE and an `If-None-Match: *` PUT, each refused (ARM-027/029);
3. b->a: Connected (LIFE-002); both sides and both lists read (SHAPE-*); a->b's settings
   changed (LIFE-015); a->b re-PUT toward c (refused, LIFE-013); an update of a->b with its
   current etag (ARM-030);
4. b->a deleted with its current etag (ARM-030): a->b Disconnected (LIFE-003/009); b->a
   re-created (refused, LIFE-005); a->b deleted, both created anew (LIFE-006); b->a deleted
   again, a->b PUT back to Initiated and b->a re-created (LIFE-007/008, only SHOULDs);
5. b->c; vnet b grown (SHAPE-007), then deleted: a->b Disconnected (LIFE-004), b's
   peerings gone, also once vnet b is re-created under its name (LIFE-010); last, the
   VNet reads and VNet list only SHAPE-007 judges.

A write only a SHOULD (or one check) needs is `attempted`, never a stopper of the walk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from conformance.suite.scenarios.arm_checks import ReadBack
from conformance.suite.scenarios.journey_record import JourneyRecord
from conformance.suite.scenarios.journeys import Journey, JourneyBook
from conformance.suite.vnets import VnetHandle

JOURNEY = "pair-lifecycle"
STALE_ETAG = 'W/"00000000-0000-0000-0000-000000000000"'
# LIFE-014: created with access off and forwarding on, then updated to the opposite.
SETTINGS = (("create", False, True), ("update", True, False))
# LIFE-015: changes of the Connected a->b (from access on, forwarding off).
SETTING_CHANGES = {"forwarded-traffic-on": {"allowForwardedTraffic": True},
                   "vnet-access-off": {"allowVirtualNetworkAccess": False}}
# ARM-025: the writes of a->b whose etags are compared, in order.
ETAG_WRITES = ("create", "update", "re-PUT unchanged", "sync")
# ARM-030: what the update carrying the current etag sets (a->b's forwarding is off before it).
CURRENT_ETAG_UPDATE = {"allowForwardedTraffic": True}
PEERING_PUT, PEERING_GET, PEERING_LIST = ("VirtualNetworkPeerings_CreateOrUpdate", "VirtualNetworkPeerings_Get",
                                          "VirtualNetworkPeerings_List")


@dataclass(frozen=True)
class PeeringAnswer:
    """A peering body as some answer showed it, with what it should describe (SHAPE-002..006)."""

    label: str
    body: Any
    expected_id: str
    remote_id: str
    exchange_id: str


@dataclass(frozen=True)
class Answer:
    """A whole response body with the operation and status to validate it against (SHAPE-001/007)."""

    label: str
    operation_id: str
    status: int
    body: Any
    exchange_id: str


def pair_journey(journeys: JourneyBook) -> JourneyRecord:
    return journeys.take(JOURNEY, _walk)


def pages(api, first) -> list:
    """The first list page and every page its nextLinks lead to (at most 100)."""
    result = [first]
    while isinstance(result[-1].body, dict) and result[-1].body.get("nextLink") and len(result) < 100:
        result.append(api.client.get(result[-1].body["nextLink"]))
    return result


@dataclass
class Shapes:
    """The peering and VNet answers collected along the walk for the shape checks."""

    api: Any
    answers: list[Answer]
    peerings: list[PeeringAnswer]

    def keep(self, label: str, operation_id: str, response, local: VnetHandle, remote: VnetHandle) -> None:
        is_list = operation_id == PEERING_LIST
        expected = self.api.peering_id(local.name, local.peering_name(remote))
        for number, page in enumerate(pages(self.api, response) if is_list else [response]):
            shown = label if number == 0 else f"{label}, page {number + 1}"
            body = page.json()
            self.answers.append(Answer(shown, operation_id, page.status, body, page.exchange_id))
            # A list body that is no JSON object is the shape checks' finding, not a crash of the walk.
            items = (body.get("value", []) if isinstance(body, dict) else []) if is_list else [body]
            self.peerings.extend(PeeringAnswer(shown, item, expected, remote.id, page.exchange_id) for item in items)

    def written(self, label: str, result, local: VnetHandle, remote: VnetHandle) -> None:
        self.keep(label, PEERING_PUT, result.initial, local, remote)
        if result.final.method == "GET":
            self.keep(f"{label}, read after the operation", PEERING_GET, result.final, local, remote)


def _walk(journey: Journey) -> None:
    api = journey.vnets.api
    (a, _), (b, b_created), (c, _) = journey.vnets.several_answered(
        [(("10.1.0.0/16",), None, "a"), (("10.2.0.0/16",), {"default": "10.2.0.0/24"}, "b"),
         (("10.3.0.0/16",), None, "c")])
    missing = api.vnet_id(a.names.new("missing"))
    journey.note("names", "the names and ids used", missing=missing, b=b.id, **{"b->a": b.peering_name(a)})
    shapes = Shapes(api, [], [])
    _refused_at_birth(journey, a, b, missing)
    _one_sided(journey, a, b, shapes)
    _connected_pair(journey, a, b, c, shapes)
    _disconnected_and_back(journey, a, b)
    _vnet_b_deleted(journey, a, b, c, b_created)


def _refused_at_birth(journey: Journey, a: VnetHandle, b: VnetHandle, missing: str) -> None:
    for key, remote, doing in (("missing", missing, f"a peering of a toward the missing vnet {missing}"),
                               ("self", a, "a peering of vnet a toward itself")):
        journey.refusal(key, a.peer(remote).initial, doing,
                        lambda remote=remote: a.get_peering(remote), lambda remote=remote: a.delete_peering(remote))
    journey.refusal("if-match-star", a.peer(b, headers={"If-Match": "*"}).initial,
                    "a create of a->b with If-Match *", lambda: a.get_peering(b), lambda: a.delete_peering(b))


def _one_sided(journey: Journey, a: VnetHandle, b: VnetHandle, shapes: Shapes) -> None:
    """a->b alone: settings, etags, and the writes refused for their preconditions."""
    (_, access, forwarded), (_, access_after, forwarded_after) = SETTINGS
    created = {"allowVirtualNetworkAccess": access, "allowForwardedTraffic": forwarded}
    updated = {"allowVirtualNetworkAccess": access_after, "allowForwardedTraffic": forwarded_after}
    writes = {"create": created, "update": updated, "re-PUT unchanged": updated, "sync": updated}
    bodies = []
    for label in ETAG_WRITES:
        settings = writes[label]
        doing = f"the {label} of a->b with {settings}"
        result = journey.wrote(None, a.peer(b, sync=label == "sync", **settings), doing)
        bodies.append((f"PUT {label} answer", result.initial))
        if label == "create":
            bodies.append(("PUT create final", result.final))
            shapes.written("PUT create a->b", result, a, b)
            journey.peering("one-sided:a->b", a, b, "with no peering back", peeringState="Initiated")
        if label in ("create", "update"):
            journey.answered(f"settings-{label}:final", result.final, f"the final response of {doing}")
            journey.peering(f"settings-{label}:read", a, b, f"read after {doing}", **settings)
        if label == "sync":
            shapes.written("PUT sync a->b", result, a, b)
        journey.answered(f"etag:{label}", a.get_peering(b), f"peering a->b after its {label}")
    bodies += [(f"list page {number}", page) for number, page in enumerate(pages(a.api, a.api.list_peerings(a.name)))]
    journey.note("bodies", "the answers carrying the peering", bodies=bodies)
    # Each would change the body (forwarding is off) if it were taken.
    refused = {
        "stale-put": lambda: a.peer(b, allowForwardedTraffic=True, headers={"If-Match": STALE_ETAG}).initial,
        "stale-delete": lambda: a.delete_peering(b, headers={"If-Match": STALE_ETAG}).initial,
        "if-none-match-star": lambda: a.peer(b, allowForwardedTraffic=True, headers={"If-None-Match": "*"}).initial,
    }
    for key, send in refused.items():
        before = journey.answered(f"{key}:before", a.get_peering(b), f"peering a->b before the {key} write")
        journey.answered(f"{key}:put", send(), f"the {key} write of a->b")
        after = journey.answered(f"{key}:after", a.get_peering(b), f"peering a->b after the {key} write")
        if ReadBack.of(after) != ReadBack.of(before):
            journey.wrote(None, a.peer(b, **updated), "putting a->b back after a write that was taken")


def _connected_pair(journey: Journey, a: VnetHandle, b: VnetHandle, c: VnetHandle, shapes: Shapes) -> None:
    shapes.written("PUT create b->a", journey.wrote(None, b.peer(a), "creating the reverse peering b->a"), b, a)
    _connected(journey, "connected", a, b, "after both sides were peered")
    for local, remote in ((a, b), (b, a)):
        shapes.keep(f"GET {local.role}->{remote.role}", PEERING_GET, local.get_peering(remote), local, remote)
        shapes.keep(f"list of {local.role}", PEERING_LIST, local.api.list_peerings(local.name), local, remote)
    journey.note("peerings", "the peering answers", answers=shapes.answers, peerings=shapes.peerings)
    journey.note("peering-lists", "the peering list pages", pages=[
        page for vnet in (a, b) for page in pages(vnet.api, vnet.api.list_peerings(vnet.name))])
    for label, setting in SETTING_CHANGES.items():
        journey.wrote(None, a.peer(b, **setting), f"updating peering a->b with {setting}")
        when = f"after peering a->b was updated with {setting}"
        journey.peering(f"{label}:a->b", a, b, when, peeringState="Connected", **setting)
        journey.peering(f"{label}:b->a", b, a, when, peeringState="Connected")
    name = a.peering_name(b)
    journey.refusal("toward-c", a.peer(c, name=name).initial, f"re-PUT of peering a->b ({name}) toward vnet c",
                    lambda: a.get_peering(b), lambda: a.peer(b, name=name))
    journey.peering("toward-c:a->b", a, b, "after the refused change of its remote", peeringState="Connected")
    journey.peering("toward-c:b->a", b, a, "after the refused change of a->b's remote", peeringState="Connected")
    current = ReadBack.of(journey.answered("current:etag-a->b", a.get_peering(b), "peering a->b read for its etag")).etag
    if current:
        journey.attempted("current:put", a.peer(b, headers={"If-Match": current}, **CURRENT_ETAG_UPDATE),
                          "an update of a->b with the current etag in If-Match")
        journey.answered("current:read", a.get_peering(b), "peering a->b after the update with the current etag")


def _disconnected_and_back(journey: Journey, a: VnetHandle, b: VnetHandle) -> None:
    current = ReadBack.of(journey.answered("current:etag-b->a", b.get_peering(a), "peering b->a read for its etag")).etag
    doing = "a DELETE of b->a with the current etag in If-Match"
    if not (current and journey.attempted("current:delete", b.delete_peering(a, headers={"If-Match": current}), doing)):
        journey.wrote(None, b.delete_peering(a), "deleting the peering b->a (without If-Match)")
    journey.answered("current:gone", b.get_peering(a), "peering b->a after the DELETE with the current etag")
    journey.peering("deleted:a->b", a, b, "after b's side was deleted", peeringState="Disconnected")
    journey.answered("deleted:b->a", b.get_peering(a), "peering b->a after its deletion")
    journey.listed("deleted:list-b", b, "the list of vnet b's peerings after b->a was deleted")
    journey.refusal("recreate", b.peer(a).initial, "re-creating b->a while a->b is Disconnected",
                    lambda: b.get_peering(a), lambda: b.delete_peering(a))
    journey.wrote(None, a.delete_peering(b), "deleting the disconnected peering a->b")
    journey.wrote(None, a.peer(b), "creating a->b anew")
    journey.wrote(None, b.peer(a), "creating b->a anew")
    _connected(journey, "anew", a, b, "after both sides were deleted and created anew")
    _recover_by_put(journey, a, b)


def _connected(journey: Journey, step: str, a: VnetHandle, b: VnetHandle, when: str) -> bool:
    """Both peerings read until Connected; whether both showed it."""
    seen = [journey.peering(f"{step}:{local.role}->{remote.role}", local, remote, when, peeringState="Connected")
            for local, remote in ((a, b), (b, a))]
    return all(item.properties.get("peeringState") == "Connected" for item in seen)


def _recover_by_put(journey: Journey, a: VnetHandle, b: VnetHandle) -> None:
    """LIFE-007/008, only SHOULDs: their writes are attempted, not required; when the target
    took another legal road (a refused PUT of the Disconnected side), the pair is rebuilt
    the documented way (delete and re-create) so that LIFE-004 still starts from a Connected pair."""
    journey.wrote(None, b.delete_peering(a), "deleting the peering b->a again")
    journey.peering("disconnected-again:a->b", a, b, "after b's side was deleted again", peeringState="Disconnected")
    reconnected = False
    if journey.attempted("recover:put", a.peer(b), "the PUT of the disconnected peering a->b"):
        journey.peering("recovered:a->b", a, b, "after a PUT of the disconnected side", peeringState="Initiated")
        if journey.attempted("recover:reverse", b.peer(a), "re-creating b->a after a->b was recovered"):
            reconnected = _connected(journey, "reconnected", a, b, "after the recovered a->b and a new b->a")
    if not reconnected:
        journey.wrote(None, b.delete_peering(a), "deleting b->a, whatever is left of it, to rebuild the pair")
        journey.wrote(None, a.delete_peering(b), "deleting a->b to rebuild the pair")
        journey.wrote(None, a.peer(b), "creating a->b again to rebuild the pair")
        journey.wrote(None, b.peer(a), "creating b->a again to rebuild the pair")


def _vnet_b_deleted(journey: Journey, a: VnetHandle, b: VnetHandle, c: VnetHandle, b_created) -> None:
    """b->c (attempted: LIFE-010 is judged on b->a alone without it), vnet b grown (SHAPE-007),
    then deleted (LIFE-004) and re-created under its name (LIFE-010); the VNets read and listed."""
    api = journey.vnets.api
    journey.attempted("create:b->c", b.peer(c), "creating the peering b->c")
    grown = b.put([*b.prefixes, "10.12.0.0/16"])
    journey.attempted("grow-b", grown, "growing vnet b")
    vnet_answers = [Answer(label, "VirtualNetworks_CreateOrUpdate", response.status, response.json(),
                           response.exchange_id)
                    for label, response in (("VNet PUT create", b_created.initial), ("VNet PUT update", grown.initial))]
    journey.peering("vnet-delete:a->b", a, b, "right before vnet b was deleted", peeringState="Connected")
    journey.wrote(None, b.delete(), "deleting vnet b")
    journey.peering("vnet-deleted:a->b", a, b, "after vnet b was deleted", peeringState="Disconnected")
    for remote in (a, c):
        journey.answered(f"vnet-deleted:b->{remote.role}", b.get_peering(remote),
                         f"peering b->{remote.role} after vnet b was deleted")
    journey.wrote(None, b.put(), "re-creating vnet b under the same name")
    for remote in (a, c):
        journey.answered(f"vnet-recreated:b->{remote.role}", b.get_peering(remote),
                         f"peering b->{remote.role} after vnet b was deleted and re-created")
    journey.listed("vnet-recreated:list", b, "the peerings of the re-created vnet b")
    # Last, as only SHAPE-007 needs them: a VNet list whose paging breaks stops nothing else.
    reads = [("GET of a peered VNet", "VirtualNetworks_Get", a.get()),
             ("GET of a VNet with a subnet", "VirtualNetworks_Get", b.get())]
    reads += [("VNet list page", "VirtualNetworks_List", page) for page in pages(api, api.list_vnets())]
    vnet_answers += [Answer(label, operation, response.status, response.json(), response.exchange_id)
                     for label, operation, response in reads]
    journey.note("vnets", "the VNet answers", answers=vnet_answers)
