"""Peering semantics of recorded traffic: the observed sequence run through the model.

Every peering body the target answered (GET, PUT, list item, or embedded in a VNet) is
judged three ways: against its own fields and its reverse's latest body
(`peering_consistency`, order-free), and, where the recording lets the model know the
state, against what the rules allow at that point: peeringState, peeringSyncLevel,
remoteAddressSpace and remoteVirtualNetworkAddressSpace.

Real targets are eventually consistent: while a write's long-running operation has not
been seen to end, a peering may show the state before or after it, and both are
accepted. Where the order of a recording was rebuilt from one-second timestamps, a
mismatch next to a write in the same second is "order uncertain", not a failure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from conformance.model import VnetId
from conformance.model.address_space import same_space
from conformance.suite.scenarios.peering_expectations import shown
from conformance.target.lro import TERMINAL_STATES
from conformance.traffic.exchange_filter import Routed
from conformance.traffic.findings import Finding, failed, passed, skipped
from conformance.traffic.network_knowledge import NetworkKnowledge, prefixes_of
from conformance.traffic.peering_consistency import PeeringSighting, own_spaces_finding, pair_findings, sighting
from conformance.traffic.writes_in_flight import WritesInFlight
from conformance.traffic.requirement_mapping import (
    DISCONNECTED,
    accepted_levels,
    level_parts,
    level_requirement,
    remote_space_requirement,
    state_requirement,
)

ASYNC_HEADERS = ("Azure-AsyncOperation", "Location")
ORDER_WINDOW_SECONDS = 1.0


@dataclass
class SemanticJudge:
    knowledge: NetworkKnowledge = field(default_factory=NetworkKnowledge)
    in_flight: WritesInFlight = field(default_factory=WritesInFlight)
    sightings: dict[tuple[str, ...], PeeringSighting] = field(default_factory=dict)
    last_write: int = -1
    write_moments: list[float] = field(default_factory=list)
    _position: int = 0

    def observe(self, item: Routed) -> list[Finding]:
        self._position += 1
        self.in_flight.expire(item.record.moment)
        if item.is_status or item.is_result:
            self._settle_operation(item)
            return []
        if item.on_vnet:
            return self._vnet_exchange(item)
        if item.on_peering:
            return self._peering_exchange(item)
        return []

    # ----- VNets ------------------------------------------------------------------------

    def _vnet_exchange(self, item: Routed) -> list[Finding]:
        record, status = item.record, item.record.status or 0
        parameters = item.route.path_parameters
        body = record.response_json()
        if item.operation_id == "VirtualNetworks_List":
            findings = []
            for vnet_body in (body.get("value") if isinstance(body, dict) else None) or []:
                vnet_id = _vnet_id_of(vnet_body)
                if vnet_id is not None:
                    findings += self._vnet_body(vnet_id, vnet_body, item)
            return findings
        vnet_id = VnetId(parameters["subscriptionId"], parameters["resourceGroupName"], parameters["virtualNetworkName"])
        if record.method == "PUT" and status in (200, 201):
            before = self.knowledge.snapshot()
            self.knowledge.vnet_written(vnet_id, record.request_json(), body, created=status == 201)
            self._wrote(item, before, is_delete=False)
            return self._embedded_peerings(vnet_id, body, item)
        if record.method == "DELETE" and status in (200, 202, 204):
            before = self.knowledge.snapshot()
            self.knowledge.vnet_deleted(vnet_id)
            self._wrote(item, before, is_delete=True)
            return []
        if record.method == "GET" and status == 200 and isinstance(body, dict):
            self._settle_resource(item, body)
            return self._vnet_body(vnet_id, body, item)
        return []

    def _vnet_body(self, vnet_id: VnetId, body: dict[str, Any], item: Routed) -> list[Finding]:
        self.knowledge.learn_vnet(vnet_id, body)
        return self._embedded_peerings(vnet_id, body, item)

    def _embedded_peerings(self, vnet_id: VnetId, body: Any, item: Routed) -> list[Finding]:
        """Judge the peerings a VNet body lists, then take the list as the VNet's whole set."""
        if not isinstance(body, dict):
            return []
        embedded = (body.get("properties") or {}).get("virtualNetworkPeerings")
        if not isinstance(embedded, list):
            return []
        bodies = [entry for entry in embedded if isinstance(entry, dict) and entry.get("name")]
        findings: list[Finding] = []
        for peering_body in bodies:
            findings += self._peering_body(vnet_id, str(peering_body["name"]), peering_body, item)
        self.knowledge.learn_peering_set(vnet_id, bodies)
        return findings

    # ----- peerings ---------------------------------------------------------------------

    def _peering_exchange(self, item: Routed) -> list[Finding]:
        record, status = item.record, item.record.status or 0
        parameters = item.route.path_parameters
        vnet_id = VnetId(parameters["subscriptionId"], parameters["resourceGroupName"], parameters["virtualNetworkName"])
        body = record.response_json()
        if item.operation_id == "VirtualNetworkPeerings_List":
            if status != 200 or not isinstance(body, dict) or not isinstance(body.get("value"), list):
                return []
            findings: list[Finding] = []
            for peering_body in body["value"]:
                if isinstance(peering_body, dict) and peering_body.get("name"):
                    findings += self._peering_body(vnet_id, str(peering_body["name"]), peering_body, item)
            if not body.get("nextLink"):
                self.knowledge.learn_peering_set(vnet_id, [b for b in body["value"] if isinstance(b, dict)])
            return findings
        name = parameters["virtualNetworkPeeringName"]
        if record.method == "PUT" and status in (200, 201):
            before = self.knowledge.snapshot()
            self.knowledge.peering_written(
                vnet_id, name, record.request_json(), sync=record.sync_requested, created=status == 201
            )
            self._wrote(item, before, is_delete=False)
            return self._peering_body(vnet_id, name, body, item) if isinstance(body, dict) else []
        if record.method == "DELETE" and status in (200, 202, 204):
            before = self.knowledge.snapshot()
            self.knowledge.peering_deleted(vnet_id, name)
            self._wrote(item, before, is_delete=True)
            return []
        if record.method == "GET" and status == 404:
            self.in_flight.resource_settled(record.resource_key, deleted=True, moment=record.moment)
        if record.method == "GET" and status == 200 and isinstance(body, dict):
            self._settle_resource(item, body)
            return self._peering_body(vnet_id, name, body, item)
        return []

    def _peering_body(self, vnet_id: VnetId, name: str, body: dict[str, Any], item: Routed) -> list[Finding]:
        seen = sighting(self._position, item.record.id, vnet_id, name, body)
        findings = [finding for finding in [own_spaces_finding(seen)] if finding is not None]
        reverse = self._reverse_sighting(seen)
        self.sightings[(*vnet_id.key, name.lower())] = seen
        reason = self.knowledge.why_unpredictable(vnet_id, name)
        if reason is not None and self.knowledge.learn_peering(vnet_id, name, body) and "peering" in reason:
            reason = f"{reason}; learned from this exchange"
        if reason is not None:
            if self.in_flight.quiet:
                findings += pair_findings(seen, reverse, self.last_write)
            return findings + [self._unjudged(seen, reason)]
        return findings + self._model_findings(seen, item)

    def _reverse_sighting(self, seen: PeeringSighting) -> PeeringSighting | None:
        if seen.remote is None:
            return None
        candidates = [
            other for other in self.sightings.values()
            if other.vnet.same_as(seen.remote) and other.remote is not None and other.remote.same_as(seen.vnet)
        ]
        return max(candidates, key=lambda other: other.position) if candidates else None

    def _unjudged(self, seen: PeeringSighting, reason: str) -> Finding:
        requirement = state_requirement(seen.state) if isinstance(seen.state, str) else "LIFE-001"
        return skipped("semantic.model-state", requirement, seen.exchange_id, f"peering {seen.name}: {reason}")

    def _model_findings(self, seen: PeeringSighting, item: Routed) -> list[Finding]:
        network = self.knowledge.network
        peering = network.peering(seen.vnet, seen.name)
        assert peering is not None  # why_unpredictable said the model holds it
        resource_key = f"{seen.vnet.arm_id}/virtualNetworkPeerings/{seen.name}".lower()
        views = [network.view(peering), *self.in_flight.earlier_views(peering.key, resource_key)]
        now = views[0]
        local_stale, remote_stale = level_parts(now.peering_sync_level)
        remote_deleted = peering.settings.remote_vnet.key in self.knowledge.deleted_vnets
        after_sync = peering.key in self.knowledge.synced
        findings = []

        def judge(rule: str, requirement: str, ok: bool, problem: str) -> None:
            if ok:
                findings.append(passed(rule, requirement, seen.exchange_id))
            elif self._order_uncertain(item):
                findings.append(skipped(rule, requirement, seen.exchange_id, f"order uncertain: {problem}"))
            else:
                findings.append(failed(rule, requirement, seen.exchange_id, problem))

        state = seen.state
        states = {view.peering_state for view in views}
        judge(
            "semantic.peering-state",
            state_requirement(now.peering_state, remote_vnet_deleted=remote_deleted),
            state in states,
            f"peering {seen.name} reports peeringState {state!r}; the rules give {' or '.join(sorted(states))}",
        )
        if seen.level is not None:
            allowed = {
                level for view in views
                for level in accepted_levels(view.peering_state, *level_parts(view.peering_sync_level))
            }
            judge(
                "semantic.sync-level",
                level_requirement(now.peering_state, local_stale, remote_stale, after_sync=after_sync),
                seen.level in allowed,
                f"peering {seen.name} reports peeringSyncLevel {seen.level!r}; the rules give "
                f"{' or '.join(sorted(allowed))}",
            )
        peered = prefixes_of(seen.properties.get("remoteAddressSpace"))
        if peered is not None and now.peering_state != DISCONNECTED:
            expected = [view.remote_address_space for view in views]
            judge(
                "semantic.remote-address-space",
                remote_space_requirement(local_stale, after_sync=after_sync),
                any(same_space(peered, space) for space in expected),
                f"peering {seen.name} reports remoteAddressSpace {shown(list(peered))}; the peered space is "
                f"{' or '.join(shown(list(space)) for space in expected)}",
            )
        current = prefixes_of(seen.properties.get("remoteVirtualNetworkAddressSpace"))
        if current is not None and now.peering_state != DISCONNECTED:
            expected = [view.remote_virtual_network_address_space for view in views]
            judge(
                "semantic.remote-vnet-address-space",
                "SYNC-010",
                any(same_space(current, space) for space in expected),
                f"peering {seen.name} reports remoteVirtualNetworkAddressSpace {shown(list(current))}; the remote "
                f"VNet's peerable space is {' or '.join(shown(list(space)) for space in expected)}",
            )
        if state == now.peering_state and seen.level in (None, now.peering_sync_level):
            self.in_flight.seen_converged(peering.key)
        return findings

    # ----- writes in flight ---------------------------------------------------------------

    def _wrote(self, item: Routed, before: list[Any], *, is_delete: bool) -> None:
        record = item.record
        self.last_write = self._position
        if record.moment is not None:
            self.write_moments.append(record.moment)
        operations = {
            _operation_path(value) for value in (record.response_header(name) for name in ASYNC_HEADERS) if value
        }
        body = record.response_json()
        provisioning = ((body or {}).get("properties") or {}).get("provisioningState") if isinstance(body, dict) else None
        synchronous = record.headers_complete and not operations and (
            is_delete or provisioning is None or provisioning in TERMINAL_STATES
        )
        self.in_flight.started(record.resource_key, is_delete, operations, before,
                               synchronous=synchronous, moment=record.moment)

    def _settle_operation(self, item: Routed) -> None:
        record = item.record
        body = record.response_json()
        status = str(body.get("status", "")).lower() if isinstance(body, dict) else ""
        done = status in {state.lower() for state in TERMINAL_STATES} if item.is_status else record.status in (200, 204)
        if done:
            path = _operation_path(record.url)
            self.in_flight.operation_ended(lambda write: _same_operation(path, write.operation_paths), record.moment)

    def _settle_resource(self, item: Routed, body: dict[str, Any]) -> None:
        if (body.get("properties") or {}).get("provisioningState") in TERMINAL_STATES:
            self.in_flight.resource_settled(item.record.resource_key, deleted=False, moment=item.record.moment)

    def _order_uncertain(self, item: Routed) -> bool:
        moment = item.record.moment
        if not item.record.reordered or moment is None:
            return False
        return any(abs(moment - other) <= ORDER_WINDOW_SECONDS for other in self.write_moments)


def _vnet_id_of(body: Any) -> VnetId | None:
    try:
        return VnetId.parse(str(body.get("id"))) if isinstance(body, dict) else None
    except ValueError:
        return None


def _operation_path(url: str) -> str:
    return url.split("?", 1)[0].rstrip("/").lower()


def _same_operation(path: str, recorded: set[str]) -> bool:
    """Whether `path` is one of the write's operation URLs; condensed recordings abbreviate
    operation ids (`operations/56bdc2f4-...`), so a prefix of the id matches too."""
    if path in recorded:
        return True
    kind, _, operation = path.rpartition("/")
    stem = operation.rstrip(".").rstrip("-")
    if len(stem) < 8:
        return False
    return any(
        other.rpartition("/")[0].rsplit("/", 1)[-1] == kind.rsplit("/", 1)[-1]
        and other.rpartition("/")[2].startswith(stem)
        for other in recorded
    )
