"""What a recording reveals of the network, kept in the executable model.

The model is fed the writes the target accepted (a VNet or peering PUT with its body, a
DELETE) and learns what the recording never showed being written from the bodies the
target answered: a VNet first seen in a GET (it existed before the recording), a peering
created before the recording. It also knows where it knows nothing, and says why: a
peering's state can be predicted only when both VNets' layouts are known and the
remote VNet's set of peerings is complete (so the reverse peering's presence is known).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from conformance.model import Network, Peering, Refusal, VirtualNetwork, VnetId, rules
from conformance.reference.arm_errors import ArmError
from conformance.reference.peering_resources import peering_request
from conformance.reference.request_json import JsonObject
from conformance.reference.vnet_resources import vnet_request

PeeringKey = tuple[str, str, str, str]
VnetKey = tuple[str, str, str]


def vnet_from_body(vnet_id: VnetId, body: Any, existing: VirtualNetwork | None) -> VirtualNetwork | None:
    """The VNet a request or response body describes, None when it does not say enough."""
    if not isinstance(body, dict):
        return None
    try:
        request = vnet_request(JsonObject(body))
        if request.location is None and existing is None:
            request = replace(request, location="unknown")
        return request.vnet(vnet_id, existing)
    except (ArmError, ValueError, TypeError):
        return None


def peering_from_body(
    network: Network, vnet_id: VnetId, name: str, body: dict[str, Any], existing: Peering | None
) -> Peering | None:
    """The stored peering a response body implies (snapshots from its address-space
    fields), for a peering whose creation the recording did not show."""
    try:
        settings = peering_request(JsonObject(body)).settings(existing)
    except (ArmError, ValueError, TypeError):
        return None
    properties = body.get("properties") or {}
    probe = Peering(vnet_id, name, settings, (), (), False, "")
    learned_remote = prefixes_of(properties.get("remoteAddressSpace"))
    learned_local = prefixes_of(properties.get("localAddressSpace"))
    return Peering(
        vnet=vnet_id,
        name=existing.name if existing else str(body.get("name") or name),
        settings=settings,
        peered_remote=learned_remote if learned_remote is not None else rules.remote_peerable(network, probe),
        peered_local=learned_local if learned_local is not None else rules.local_peerable(network, probe),
        disconnected=properties.get("peeringState") == "Disconnected",
        resource_guid=str(properties.get("resourceGuid") or ""),
    )


def prefixes_of(space: Any) -> tuple[str, ...] | None:
    """`space.addressPrefixes` of a body's address-space field, None when it has none."""
    if isinstance(space, dict) and isinstance(space.get("addressPrefixes"), list):
        return tuple(str(item) for item in space["addressPrefixes"])
    return None


@dataclass
class NetworkKnowledge:
    network: Network = field(default_factory=Network)
    known_vnets: set[VnetKey] = field(default_factory=set)
    # VNets whose every peering is known (created in the recording, or listed whole).
    complete_vnets: set[VnetKey] = field(default_factory=set)
    deleted_vnets: set[VnetKey] = field(default_factory=set)
    # Peerings whose model state diverged from the target's (why), not judged any more.
    lost: dict[PeeringKey, str] = field(default_factory=dict)
    # Peerings the recording synced (a PUT with syncRemoteAddressSpace=true).
    synced: set[PeeringKey] = field(default_factory=set)

    # ----- learning from bodies -------------------------------------------------------

    def learn_vnet(self, vnet_id: VnetId, body: Any, *, created: bool = False) -> str | None:
        """Adopt the VNet layout a body shows (its peerings are the caller's: they are
        judged before they are learned); returns why it could not, or None."""
        vnet = vnet_from_body(vnet_id, body, self.network.vnet(vnet_id))
        if vnet is None:
            return f"virtual network {vnet_id.name}: the body does not give its address space"
        self._force_vnet(vnet)
        self.known_vnets.add(vnet.id.key)
        self.deleted_vnets.discard(vnet.id.key)
        if created:
            self.complete_vnets.add(vnet.id.key)
        return None

    def learn_peering_set(self, vnet_id: VnetId, bodies: list[dict[str, Any]]) -> None:
        """The VNet's whole set of peerings is `bodies`: learn the unknown ones, forget
        the ones the target no longer has."""
        names = {str(item.get("name", "")).lower() for item in bodies}
        for peering in self.network.peerings(vnet_id):
            if peering.name.lower() not in names:
                self.network.delete_peering(vnet_id, peering.name)
        for item in bodies:
            name = str(item.get("name") or "")
            if name and self.network.peering(vnet_id, name) is None:
                self.learn_peering(vnet_id, name, item)
        if vnet_id.key in self.known_vnets:
            self.complete_vnets.add(vnet_id.key)

    def learn_peering(self, vnet_id: VnetId, name: str, body: dict[str, Any]) -> bool:
        """Adopt a peering the recording did not see created; False when its VNet is unknown."""
        if vnet_id.key not in self.known_vnets:
            return False
        peering = peering_from_body(self.network, vnet_id, name, body, self.network.peering(vnet_id, name))
        if peering is None:
            return False
        self._force_peering(peering)
        self.lost.pop(peering.key, None)
        return True

    # ----- writes the target accepted -------------------------------------------------

    def vnet_written(self, vnet_id: VnetId, request_body: Any, response_body: Any, created: bool) -> str | None:
        """A VNet PUT the target accepted; the response body is the better witness."""
        if isinstance(response_body, dict) and (response_body.get("properties") or {}).get("addressSpace"):
            return self.learn_vnet(vnet_id, response_body, created=created)
        if vnet_from_body(vnet_id, request_body, self.network.vnet(vnet_id)) is None:
            self.known_vnets.discard(vnet_id.key)
            return f"virtual network {vnet_id.name} was written with a body the recording does not hold"
        return self.learn_vnet(vnet_id, request_body, created=created)

    def vnet_deleted(self, vnet_id: VnetId) -> None:
        self.network.delete_vnet(vnet_id)
        self.known_vnets.add(vnet_id.key)
        self.complete_vnets.add(vnet_id.key)
        self.deleted_vnets.add(vnet_id.key)

    def peering_written(
        self, vnet_id: VnetId, name: str, request_body: Any, *, sync: bool, created: bool
    ) -> str | None:
        """A peering PUT the target accepted, applied to the model; returns why the model
        could not follow (the peering is then no longer judged), or None."""
        key = (*vnet_id.key, name.lower())
        if not isinstance(request_body, dict):
            return self._lose(key, f"peering {name} was written with a body the recording does not hold")
        if vnet_id.key not in self.known_vnets:
            return self._lose(key, f"state unknown: virtual network {vnet_id.name} was created before the recording")
        try:
            remote = peering_request(JsonObject(request_body)).remote_vnet
        except (ArmError, ValueError, TypeError) as exc:
            return self._lose(key, f"peering {name}: request body not understood ({exc})")
        if remote.key not in self.known_vnets:
            return self._lose(key, f"state unknown: remote virtual network {remote.name} was created before the recording")
        existing = self.network.peering(vnet_id, name)
        if existing is None and not created:
            return self._lose(key, f"state unknown: peering {name} was created before the recording")
        try:
            request = peering_request(JsonObject(request_body))
            self.network.put_peering(vnet_id, name, request.settings(existing), sync=sync)
        except (Refusal, ArmError) as exc:
            return self._lose(key, f"the model refuses a write the target accepted ({exc}); not judged from here")
        self.lost.pop(key, None)
        if sync:
            self.synced.add(key)
        return None

    def peering_deleted(self, vnet_id: VnetId, name: str) -> None:
        self.network.delete_peering(vnet_id, name)
        self.lost.pop((*vnet_id.key, name.lower()), None)

    # ----- what can be predicted ------------------------------------------------------

    def why_unpredictable(self, vnet_id: VnetId, name: str) -> str | None:
        """None when the model can predict the peering's state, else why not."""
        key = (*vnet_id.key, name.lower())
        if key in self.lost:
            return self.lost[key]
        if vnet_id.key not in self.known_vnets:
            return f"state unknown: virtual network {vnet_id.name} was created before the recording"
        peering = self.network.peering(vnet_id, name)
        if peering is None:
            return f"state unknown: peering {name} was created before the recording"
        remote = peering.settings.remote_vnet
        if remote.key not in self.known_vnets:
            return f"state unknown: remote virtual network {remote.name} was not seen in the recording"
        if remote.key not in self.complete_vnets:
            return f"state unknown: the peerings of remote virtual network {remote.name} were never listed"
        return None

    def snapshot(self) -> list[VirtualNetwork | Peering]:
        return self.network.records()

    # ----- internals -------------------------------------------------------------------

    def _lose(self, key: PeeringKey, reason: str) -> str:
        self.lost[key] = reason
        return reason

    def _force_vnet(self, vnet: VirtualNetwork) -> None:
        """Adopt a VNet as the target shows it, through the rules when they allow it."""
        old = self.network.vnet(vnet.id)
        if old is not None and old.address_prefixes == vnet.address_prefixes and old.subnets == vnet.subnets:
            return
        try:
            self.network.put_vnet(vnet)
        except Refusal:
            records = [r for r in self.network.records() if not (isinstance(r, VirtualNetwork) and r.id.same_as(vnet.id))]
            self.network.load([vnet, *records])

    def _force_peering(self, peering: Peering) -> None:
        records = [r for r in self.network.records() if not (isinstance(r, Peering) and r.key == peering.key)]
        self.network.load([*records, peering])

