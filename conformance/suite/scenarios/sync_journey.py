"""The address-space sync journeys: the change kinds walked in chains, one pair per chain.

The walks serve the sync-level, address-field, sync-flag and address-change checks. A
chain (address_changes.SYNC_CHAINS: `add` alone; `grow`, `shrink`, `remove` one after
another) creates and connects one pair, then walks each kind from the state the kind
before it left, read back first (`start:` keys: both peerings Connected, FullyInSync,
with the prefixes the next steps start from; otherwise the journey stops there):

1. The first kind of a chain: VNets a (holding subnet `inside`, 10.1.0.0/24) and b,
   created together; a->b alone (one-sided); for `add`, b tries to take part of a's
   space (refused) and b changes its space and back while only a->b exists; b->a: Connected.
2. For `add`, a sync of the in-sync pair (side a, then side b).
3. For `remove` (BOTH_SIDES_FIRST), step 5 comes here: both sides go from their `after`
   prefixes, which the pair holds, to their `before` ones.
4. For side a, then side b (X): X changes its space by a VNet PUT that sends
   `virtualNetworkPeerings: []` (side a) or omits it (side b) (observed: both peerings,
   X's prefixes, both peering lists); for `add`, X changes back (observed) and again,
   then a GET carrying the sync flag, a PUT of the peering toward X without the flag
   (same body, then a new setting) and a sync of X's own peering, each followed by
   "nothing changed" reads; the peering toward X is synced (for `add`: side a with its
   own GET body, side b with `syncRemoteAddressSpace=True`) (observed).
5. Both VNets go from their `after` prefixes to their `before` ones (observed:
   LocalAndRemoteNotInSync), one peering is synced (a's first for add and grow, b's for
   remove and shrink), then the other.

The rules the steps of `add` alone judge (a change back, a one-sided peering whose remote
changed, the writes that change nothing) do not depend on the kind of change. Keys of a
kind's record are `<step>:<peering or what>` (sync_journey returns the kind's part of its
chain's record); SideChange says what a one-side step implies, so the checks state their
expectations literally.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from conformance.suite.scenarios.address_changes import (
    BOTH_SIDES_FIRST,
    CHANGE_KINDS,
    SIDES,
    ChangeKind,
    chain_of,
    journey_group,
    starts_from,
)
from conformance.suite.scenarios.journey_record import JourneyRecord, JourneyStopped, Stop
from conformance.suite.scenarios.journeys import Journey, JourneyBook
from conformance.suite.scenarios.peering_expectations import ONE_SIDED_REMOTE_CHANGED, property_mismatches, shown
from conformance.suite.vnets import VnetHandle
from conformance.target.peering_api import vnet_body

SUBNET_OF_A = {"inside": "10.1.0.0/24"}
SYNC_PARAMETER = "syncRemoteAddressSpace"
# The kinds whose journey also syncs the pair while it is in full sync (side a, then b).
IN_SYNC_SYNC_KINDS = ("add",)
# The kind whose journey also tries every write that must change nothing.
NO_OP_KIND = "add"
# The kinds whose journey also changes the remote of the one-sided peering and back
# (SYNC-020), and each side back and again (SYNC-019): rules that hold whatever the change.
RETURN_KINDS = ("add",)
KINDS = {kind.name: kind for kind in CHANGE_KINDS}
# Steps of the `add` journey that must change nothing, in the order taken.
NO_OP_STEPS = ("flagged-get", "put-same", "put-setting", "wrong-side-sync")
# What vnet b tries to take of a's space while only a->b exists (the `add` journey).
ONE_SIDED_OVERLAP = "10.1.128.0/17"
# The chain record's note of the kind its walk stopped in.
STOPPED_IN = "stopped-in"


def sync_journey(journeys: JourneyBook, kind: ChangeKind) -> JourneyRecord:
    """This kind's part of its chain's journey, taken now if this process has not taken it
    yet: its observations under their keys, and where the journey stopped."""
    chain = tuple(KINDS[name] for name in chain_of(kind))
    record = journeys.take(journey_group(kind), lambda journey: _walk_chain(journey, chain))
    return kind_part(record, kind)


def kind_part(record: JourneyRecord, kind: ChangeKind) -> JourneyRecord:
    """The observations a chain's record keeps under `<kind>/`, without that prefix, and the
    chain's stop as it concerns this kind: none when the chain stopped in a later kind; a
    target error when it stopped in an earlier one (whose own checks fail on it, while
    this kind's steps were never taken)."""
    prefix = f"{kind.name}/"
    seen = {key[len(prefix):]: value for key, value in record.seen.items() if key.startswith(prefix)}
    stop, where = record.stopped, record.seen.get(STOPPED_IN)
    if stop is not None and where is not None:
        order, stopped_kind = chain_of(kind), where.properties["kind"]
        if order.index(stopped_kind) > order.index(kind.name):
            stop = None
        elif stopped_kind != kind.name:
            stop = Stop(f"the {stopped_kind} steps of this chain stopped first: {stop.message}", stop.exchange_id, True)
    return JourneyRecord(record.name, seen, stop)


@dataclass(frozen=True)
class SideChange:
    """What step 4 does to side X: X goes from `before` to `after`; its peer holds `peer_prefixes`."""

    side: str
    peer_side: str
    before: tuple[str, ...]
    after: tuple[str, ...]
    peer_prefixes: tuple[str, ...]

    @property
    def when(self) -> str:
        return f"after vnet {self.side} went from {shown(self.before)} to {shown(self.after)}"

    def key(self, step: str, what: str) -> str:
        return f"{self.side}:{step}:{what}"


def side_change(kind: ChangeKind, side: str) -> SideChange:
    """Side a changes first (b still holds its first prefixes), then b (a holds its new ones)."""
    if side == "a":
        return SideChange("a", "b", kind.a.before, kind.a.after, kind.b.before)
    return SideChange("b", "a", kind.b.before, kind.b.after, kind.a.after)


def first_synced(kind: ChangeKind) -> str:
    """Which peering step 5 syncs first."""
    return "a" if CHANGE_KINDS.index(kind) % 2 == 0 else "b"


def both_changed_when(kind: ChangeKind) -> str:
    return (
        f"after vnet a went from {shown(kind.a.after)} to {shown(kind.a.before)} "
        f"and vnet b from {shown(kind.b.after)} to {shown(kind.b.before)}"
    )


def _walk_chain(journey: Journey, chain: tuple[ChangeKind, ...]) -> None:
    first = chain[0]
    a, b = journey.vnets.several([(starts_from(first, "a"), SUBNET_OF_A, "a"), (starts_from(first, "b"), None, "b")])
    for kind in chain:
        part = Journey(JourneyRecord(journey.record.name), journey.vnets)
        try:
            _walk(part, kind, a, b, opens=kind is first)
        except BaseException:
            journey.note(STOPPED_IN, "the kind of change the chain stopped in", kind=kind.name)
            raise
        finally:
            for key, seen in part.record.seen.items():
                journey.record.keep(f"{kind.name}/{key}", seen)


def _walk(journey: Journey, kind: ChangeKind, a: VnetHandle, b: VnetHandle, *, opens: bool) -> None:
    journey.note("names", "the peering names", **{"a->b": a.peering_name(b), "b->a": b.peering_name(a)})
    if opens:
        _connect(journey, kind, a, b)
    else:
        _verify_start(journey, kind, a, b)
    if kind.name in IN_SYNC_SYNC_KINDS:
        for local, remote in ((a, b), (b, a)):
            _sync_in_sync_pair(journey, kind, local, remote)
    if kind.name in BOTH_SIDES_FIRST:
        _change_both_sides(journey, kind, a, b)
    for side in SIDES:
        changed, peer = (a, b) if side == "a" else (b, a)
        _change_one_side(journey, kind, side_change(kind, side), changed, peer)
    if kind.name not in BOTH_SIDES_FIRST:
        _change_both_sides(journey, kind, a, b)


def _verify_start(journey: Journey, kind: ChangeKind, a: VnetHandle, b: VnetHandle) -> None:
    """A kind after the first of its chain starts from the state the one before left: both
    peerings Connected and FullyInSync with the prefixes this kind starts from. Read back;
    when the target does not show it, the journey stops here (the kind's checks then end
    as target errors naming this read, as its steps would judge another story)."""
    when = f"before the {kind.name} steps (the end of the previous kind's steps)"
    for local, remote in ((a, b), (b, a)):
        space = starts_from(kind, remote.role)
        expected = dict(peeringState="Connected", peeringSyncLevel="FullyInSync",
                        remoteAddressSpace=space, remoteVirtualNetworkAddressSpace=space)
        seen = journey.peering(f"start:{local.role}->{remote.role}", local, remote, when, **expected)
        problems = property_mismatches(seen.properties, **expected) if seen.status == 200 else [
            f"expected 200 on GET, got {seen.status}"]
        if problems:
            # A target error for this kind's checks: the deviation is the previous kind's,
            # whose own checks fail on it; these never saw the state they judge.
            raise JourneyStopped(Stop(f"{seen.what}: " + "; ".join(problems), seen.exchange_id, True))


def _connect(journey: Journey, kind: ChangeKind, a: VnetHandle, b: VnetHandle) -> None:
    journey.wrote("one-sided:put", a.peer(b), "creating the one-sided peering a->b")
    journey.peering(
        "one-sided:a->b", a, b, "right after its creation",
        remoteAddressSpace=kind.b.before, remoteVirtualNetworkAddressSpace=kind.b.before,
    )
    if kind.name == NO_OP_KIND:
        _overlap_from_the_remote_of_a_one_sided_peering(journey, kind, a, b)
    if kind.name in RETURN_KINDS:
        _remote_of_a_one_sided_peering_changes_and_back(journey, kind, a, b)
    journey.wrote("reverse:put", b.peer(a), "creating the reverse peering b->a")
    journey.peering(
        "reverse:b->a", b, a, "right after its creation",
        remoteAddressSpace=kind.a.before, remoteVirtualNetworkAddressSpace=kind.a.before,
    )
    journey.peering(
        "connected:a->b", a, b, "once both peerings exist", peeringState="Connected", peeringSyncLevel="FullyInSync"
    )


def _remote_of_a_one_sided_peering_changes_and_back(journey: Journey, kind: ChangeKind, a: VnetHandle,
                                                    b: VnetHandle) -> None:
    journey.wrote(None, b.put(kind.b.after), f"changing the prefixes of vnet b to {shown(kind.b.after)}")
    journey.peering(
        "one-sided:remote-changed", a, b,
        f"after the remote vnet b went from {shown(kind.b.before)} to {shown(kind.b.after)}",
        peeringState="Initiated", peeringSyncLevel=ONE_SIDED_REMOTE_CHANGED,
    )
    journey.wrote(None, b.put(kind.b.before), f"changing the prefixes of vnet b back to {shown(kind.b.before)}")


def _overlap_from_the_remote_of_a_one_sided_peering(journey: Journey, kind: ChangeKind, a: VnetHandle,
                                                    b: VnetHandle) -> None:
    """b, which has no peering of its own, tries to take half of a's first /16."""
    taken = kind.b.before + (ONE_SIDED_OVERLAP,)
    journey.answered("one-sided-overlap:put", b.put(taken).initial,
                     f"vnet b (remote of a->b) taking {ONE_SIDED_OVERLAP} of vnet a's space")
    when = "after vnet b's refused overlap"
    journey.answered("one-sided-overlap:vnet-b", b.get(), f"vnet b {when}")
    journey.peering("one-sided-overlap:a->b", a, b, when, peeringState="Initiated",
                    remoteAddressSpace=kind.b.before, remoteVirtualNetworkAddressSpace=kind.b.before)


def _sync_in_sync_pair(journey: Journey, kind: ChangeKind, local: VnetHandle, remote: VnetHandle) -> None:
    step = f"in-sync-sync-{local.role}"
    journey.wrote(f"{step}:put", local.peer(remote, sync=True), f"the sync PUT of peering {local.role}->{remote.role}")
    when = f"after a sync of peering {local.role}->{remote.role} of an in-sync pair"
    for x, y, space in ((local, remote, remote.prefixes), (remote, local, local.prefixes)):
        journey.peering(
            f"{step}:{x.role}->{y.role}", x, y, when,
            peeringSyncLevel="FullyInSync", remoteAddressSpace=space, remoteVirtualNetworkAddressSpace=space,
        )


def _observe_one_side(journey: Journey, change: SideChange, step: str, changed: VnetHandle, peer: VnetHandle,
                      when: str, own: dict, toward: dict) -> None:
    journey.peering(change.key(step, "own"), changed, peer, when, **own)
    journey.peering(change.key(step, "toward"), peer, changed, when, **toward)


def _change_one_side(journey: Journey, kind: ChangeKind, change: SideChange, changed: VnetHandle,
                     peer: VnetHandle) -> None:
    peerings = [] if change.side == "a" else None
    body = vnet_body(change.after, location=changed.api.config.location, subnets=changed.subnets)
    if peerings is not None:
        body["properties"]["virtualNetworkPeerings"] = peerings
    doing = f"changing the prefixes of the peered vnet {change.side} to {shown(change.after)}"
    journey.wrote(change.key("change", "put"), changed.put(change.after, body=body), doing)
    _observe_one_side(
        journey, change, "changed", changed, peer, change.when,
        own=dict(peeringState="Connected", peeringSyncLevel="RemoteNotInSync",
                 remoteAddressSpace=change.peer_prefixes, remoteVirtualNetworkAddressSpace=change.peer_prefixes),
        toward=dict(peeringState="Connected", peeringSyncLevel="LocalNotInSync",
                    remoteAddressSpace=change.before, remoteVirtualNetworkAddressSpace=change.after),
    )
    journey.answered(change.key("changed", "vnet"), changed.get(), f"vnet {change.side} {change.when}")
    for vnet in (changed, peer):
        journey.listed(change.key("changed", f"list-{vnet.role}"), vnet,
                       f"list of vnet {vnet.role}'s peerings {change.when}")
    if kind.name in RETURN_KINDS:
        _change_back_and_again(journey, change, changed, peer)
    if kind.name == NO_OP_KIND:
        # Last before the sync: a target that syncs on one of these writes (SYNC-022 is a
        # SHOULD) leaves no later MUST observation starting from a pair it did not expect.
        _writes_that_change_nothing(journey, change, changed, peer)
    _sync_toward(journey, kind, change, changed, peer)


def _change_back_and_again(journey: Journey, change: SideChange, changed: VnetHandle, peer: VnetHandle) -> None:
    journey.wrote(None, changed.put(change.before), f"changing vnet {change.side} back to {shown(change.before)}")
    back = f"{change.when} and back"
    _observe_one_side(
        journey, change, "back", changed, peer, back,
        own=dict(peeringSyncLevel="FullyInSync",
                 remoteAddressSpace=change.peer_prefixes, remoteVirtualNetworkAddressSpace=change.peer_prefixes),
        toward=dict(peeringSyncLevel="FullyInSync",
                    remoteAddressSpace=change.before, remoteVirtualNetworkAddressSpace=change.before),
    )
    journey.wrote(None, changed.put(change.after), f"changing vnet {change.side} again to {shown(change.after)}")
    # Both halves settle here: the writes that must change nothing read both right after.
    journey.peering(change.key("again", "own"), changed, peer, f"{change.when} again",
                    peeringSyncLevel="RemoteNotInSync")
    journey.peering(change.key("again", "toward"), peer, changed, f"{change.when} again",
                    peeringSyncLevel="LocalNotInSync", remoteVirtualNetworkAddressSpace=change.after)


def _writes_that_change_nothing(journey: Journey, change: SideChange, changed: VnetHandle, peer: VnetHandle) -> None:
    """Each step is read before (the previous step's later read) and after, twice."""
    journey.pair_fields(change.key("no-op", "start"), changed, peer, change.when)
    flagged = peer.get_peering(changed, params={SYNC_PARAMETER: "true"})
    journey.answered(change.key("flagged-get", "get"), flagged, "GET with syncRemoteAddressSpace=true")
    journey.unchanged_window(
        change.key("flagged-get", "after"), changed, peer,
        f"{change.when}, a GET ?syncRemoteAddressSpace=true of the peering toward it",
    )
    journey.wrote(change.key("put-same", "put"), peer.peer(changed),
                  "the PUT (no sync flag) of the peering toward the changed vnet")
    journey.unchanged_window(change.key("put-same", "after"), changed, peer,
                             f"{change.when}, a PUT without the sync flag of the peering toward it")
    journey.wrote(change.key("put-setting", "put"), peer.peer(changed, allowForwardedTraffic=True),
                  "the PUT (no sync flag, allowForwardedTraffic=true) of the peering toward the changed vnet")
    journey.unchanged_window(change.key("put-setting", "after"), changed, peer,
                             f"{change.when}, a PUT with a new setting and no sync flag of the peering toward it")
    journey.wrote(change.key("wrong-side-sync", "put"), changed.peer(peer, sync=True),
                  "the sync PUT of the changed vnet's own peering")
    journey.unchanged_window(change.key("wrong-side-sync", "after"), changed, peer,
                             f"{change.when}, a sync of its own peering (the wrong side)")


def sync_variant(kind: ChangeKind, side: str) -> str:
    """How step 3 syncs: `flag` (?syncRemoteAddressSpace=true), `get-body` (the peering's
    own GET body PUT back with the flag) or `capital-true` (?syncRemoteAddressSpace=True)."""
    if kind.name != NO_OP_KIND:
        return "flag"
    return "get-body" if side == "a" else "capital-true"


def _sync_toward(journey: Journey, kind: ChangeKind, change: SideChange, changed: VnetHandle,
                 peer: VnetHandle) -> None:
    variant = sync_variant(kind, change.side)
    synced = dict(
        own=dict(peeringState="Connected", peeringSyncLevel="FullyInSync"),
        toward=dict(peeringState="Connected", peeringSyncLevel="FullyInSync",
                    remoteAddressSpace=change.after, remoteVirtualNetworkAddressSpace=change.after),
    )
    if variant == "capital-true" and _honours_capital_true(journey, change, changed, peer, synced):
        variant = "capital-true, honoured"
    elif variant == "get-body":
        result = peer.peer(changed, body=peer.peering(changed), sync=True)
        journey.wrote(change.key("sync", "put"), result, f"the sync PUT ({variant}) of the peering toward the changed vnet")
    else:
        variant = "flag"
        journey.wrote(change.key("sync", "put"), peer.peer(changed, sync=True),
                      "the sync PUT (flag) of the peering toward the changed vnet")
    _observe_one_side(journey, change, "synced", changed, peer,
                      f"{change.when} and the peering toward it was synced ({variant})", **synced)


def _honours_capital_true(journey: Journey, change: SideChange, changed: VnetHandle, peer: VnetHandle,
                          synced: dict) -> bool:
    """SYNC-021 is a SHOULD: the `True` spelling is attempted and observed under its own
    keys; when the target did not sync with it, the documented flag syncs instead, so the
    MUST observations after it (SYNC-012/013, the both-sides steps) start from a synced pair."""
    result = peer.peer(changed, params={SYNC_PARAMETER: "True"})
    if not journey.attempted(change.key("capital-true", "put"), result,
                             "the sync PUT (?syncRemoteAddressSpace=True) of the peering toward the changed vnet"):
        return False
    when = f"{change.when} and the peering toward it was PUT with ?syncRemoteAddressSpace=True"
    _observe_one_side(journey, change, "capital-true", changed, peer, when, **synced)
    return all(
        seen.status == 200 and not property_mismatches(seen.properties, **synced[what])
        for what, seen in ((what, journey.record.seen[change.key("capital-true", what)]) for what in ("own", "toward"))
    )


def _change_both_sides(journey: Journey, kind: ChangeKind, a: VnetHandle, b: VnetHandle) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda vnet: vnet.put(kind.layout(vnet.role).before), (a, b)))
    for vnet, result in zip((a, b), results):
        journey.wrote(None, result, f"changing vnet {vnet.role} back to {shown(kind.layout(vnet.role).before)}")
    when = both_changed_when(kind)
    for local, remote in ((a, b), (b, a)):
        layout = kind.layout(remote.role)
        journey.peering(
            f"both:{local.role}->{remote.role}", local, remote, when,
            peeringState="Connected", peeringSyncLevel="LocalAndRemoteNotInSync",
            remoteAddressSpace=layout.after, remoteVirtualNetworkAddressSpace=layout.before,
        )
    first, second = (a, b) if first_synced(kind) == "a" else (b, a)
    journey.wrote(None, first.peer(second, sync=True), f"the sync PUT of peering {first.role}->{second.role}")
    when_one = f"{when}, then peering {first.role}->{second.role} was synced"
    journey.peering("both-one-synced:synced", first, second, when_one, peeringSyncLevel="RemoteNotInSync")
    journey.peering("both-one-synced:other", second, first, when_one, peeringSyncLevel="LocalNotInSync")
    journey.wrote(None, second.peer(first, sync=True), f"the sync PUT of peering {second.role}->{first.role}")
    when_both = f"{when}, then both peerings were synced, {first.role}'s first"
    for local, remote in ((a, b), (b, a)):
        before = kind.layout(remote.role).before
        journey.peering(
            f"both-synced:{local.role}->{remote.role}", local, remote, when_both,
            peeringSyncLevel="FullyInSync", remoteAddressSpace=before, remoteVirtualNetworkAddressSpace=before,
        )
