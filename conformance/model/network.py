"""The peering rules over a set of VNets: lifecycle, snapshots, sync levels, refusals.

Every write is applied to a scratch copy of the state, the rules (`rules.py`) are checked
on the copy, and only then does the copy replace the state: a refused write leaves both
the state and the change log exactly as they were.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Callable

from conformance.model import rules
from conformance.model.address_space import same_space
from conformance.model.entities import (
    Change,
    Peering,
    PeeringSettings,
    PeeringView,
    Refusal,
    VirtualNetwork,
    VnetId,
)
from conformance.model.sync_level import sync_level

INITIATED = "Initiated"
CONNECTED = "Connected"
DISCONNECTED = "Disconnected"

_VnetKey = tuple[str, str, str]


def _new_guid() -> str:
    return str(uuid.uuid4())


def parse_remote_vnet_id(arm_id: object) -> VnetId:
    """`remoteVirtualNetwork.id` as a VnetId; Refusal InvalidRemoteVirtualNetworkId otherwise."""
    try:
        return VnetId.parse(arm_id)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        raise Refusal(
            "InvalidRemoteVirtualNetworkId",
            f"Remote virtual network id {arm_id!r} is not a virtual network resource id "
            "(/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.Network/virtualNetworks/{name}).",
        ) from None


class Network:
    """All VNets and peerings one endpoint knows. Writes raise Refusal and leave state untouched."""

    def __init__(self) -> None:
        self._vnets: dict[_VnetKey, VirtualNetwork] = {}
        # VNet key -> lower-cased peering name -> peering; a VNet's peerings go with it.
        self._peerings: dict[_VnetKey, dict[str, Peering]] = {}
        self._changes: dict[tuple[str, tuple[str, ...]], Change] = {}

    # ----- reads -------------------------------------------------------------------------

    def vnet(self, vnet_id: VnetId) -> VirtualNetwork | None:
        return self._vnets.get(vnet_id.key)

    def vnets(self, subscription: str, resource_group: str | None = None) -> list[VirtualNetwork]:
        sub, rg = subscription.lower(), resource_group.lower() if resource_group is not None else None
        found = [
            v
            for v in self._vnets.values()
            if v.id.key[0] == sub and (rg is None or v.id.key[1] == rg)
        ]
        return sorted(found, key=lambda v: (v.id.name.lower(), v.id.resource_group.lower()))

    def peering(self, vnet_id: VnetId, name: str) -> Peering | None:
        return self._peerings.get(vnet_id.key, {}).get(name.lower())

    def peerings(self, vnet_id: VnetId) -> list[Peering]:
        return sorted(self._peerings.get(vnet_id.key, {}).values(), key=lambda p: p.name.lower())

    def peerings_toward(self, vnet_id: VnetId) -> list[Peering]:
        """Peerings on other VNets whose remote is `vnet_id` (whatever their state)."""
        return [
            p
            for by_name in self._peerings.values()
            for p in by_name.values()
            if p.settings.remote_vnet.same_as(vnet_id)
        ]

    def reverse_of(self, peering: Peering) -> Peering | None:
        """The peering on the remote VNet whose remote is this peering's VNet (at most one)."""
        for q in self._peerings.get(peering.settings.remote_vnet.key, {}).values():
            if q.settings.remote_vnet.same_as(peering.vnet):
                return q
        return None

    def records(self) -> list[VirtualNetwork | Peering]:
        """Every stored record, VNets first: what `load` takes back."""
        return [*self._vnets.values(), *(p for by_name in self._peerings.values() for p in by_name.values())]

    def view(self, peering: Peering) -> PeeringView:
        """What a GET shows of `peering` now; the remote part of the sync level comes from
        its reverse, so both sides of a pair tell which one needs a sync."""
        reverse = self.reverse_of(peering)
        remote_now = rules.remote_peerable(self, peering)
        local_stale = not same_space(peering.peered_remote, remote_now)
        remote_stale = reverse is not None and not same_space(
            reverse.peered_remote, rules.remote_peerable(self, reverse)
        )
        if reverse is not None:
            state = CONNECTED
        elif peering.disconnected:
            state = DISCONNECTED
        else:
            state = INITIATED
        return PeeringView(
            peering_state=state,
            peering_sync_level=sync_level(local_stale, remote_stale),
            remote_address_space=peering.peered_remote,
            remote_virtual_network_address_space=remote_now,
            local_address_space=peering.peered_local,
            local_virtual_network_address_space=rules.local_peerable(self, peering),
        )

    # ----- writes ------------------------------------------------------------------------

    def put_vnet(self, vnet: VirtualNetwork) -> bool:
        """Create or replace a VNet; True when created. Its peerings stay, and every one
        of them (either direction) that is not Disconnected must still pass the rules."""
        rules.check_vnet_layout(vnet)
        old = self.vnet(vnet.id)
        if old is not None:
            vnet = replace(vnet, id=old.id)
        staged = self._copy()
        staged._vnets[vnet.id.key] = vnet
        for p in [*staged.peerings(vnet.id), *staged.peerings_toward(vnet.id)]:
            if not p.disconnected and staged.vnet(p.settings.remote_vnet) is not None:
                rules.check_peering(staged, p)
        self._commit(staged)
        return old is None

    def delete_vnet(self, vnet_id: VnetId) -> bool:
        """Delete a VNet with its peerings; the peerings toward it become Disconnected."""
        if self.vnet(vnet_id) is None:
            return False
        staged = self._copy()
        del staged._vnets[vnet_id.key]
        staged._peerings.pop(vnet_id.key, None)
        for p in staged.peerings_toward(vnet_id):
            staged._disconnect(p)
        self._commit(staged)
        return True

    def put_peering(
        self,
        vnet_id: VnetId,
        name: str,
        settings: PeeringSettings,
        *,
        sync: bool = False,
        new_guid: Callable[[], str] = _new_guid,
    ) -> bool:
        """Create or update a peering; True when created. Creation and `sync` take new
        snapshots of the peered spaces; a PUT clears `disconnected` (back to Initiated)."""
        local = self.vnet(vnet_id)
        if local is None:
            raise Refusal("ResourceNotFound", f"Virtual network {vnet_id.arm_id} was not found.", status=404)
        remote_id = settings.remote_vnet
        if remote_id.same_as(local.id):
            raise Refusal(
                "CannotPeerVirtualNetworkWithItself",
                f"Peering {name!r} of virtual network {local.id.arm_id} cannot have that same network as remote.",
            )
        old = self.peering(vnet_id, name)
        if old is not None and not old.settings.remote_vnet.same_as(remote_id):
            raise Refusal(
                "CannotChangeRemoteVirtualNetwork",
                f"Peering {old.name!r} of {local.id.arm_id} references {old.settings.remote_vnet.arm_id}; "
                f"its remote virtual network cannot be changed to {remote_id.arm_id}.",
            )
        if self.vnet(remote_id) is None:
            raise Refusal(
                "RemoteVirtualNetworkNotFound",
                f"Remote virtual network {remote_id.arm_id} of peering {name!r} was not found.",
            )
        peering = self.updated_peering(local, name, settings, sync=sync)
        staged = self._copy()
        staged._store(peering)
        rules.check_peering(staged, peering)
        if old is None:
            reverse = staged.reverse_of(peering)
            peering = replace(peering, resource_guid=reverse.resource_guid if reverse else new_guid())
            staged._store(peering)
        self._commit(staged)
        return old is None

    def updated_peering(self, local: VirtualNetwork, name: str, settings: PeeringSettings, *, sync: bool) -> Peering:
        """The peering a PUT would store, before any rule is checked; guid left to the caller
        for a new one. Snapshots are taken at creation and on sync only."""
        old = self.peering(local.id, name)
        if old is not None:
            settings = replace(
                settings,
                remote_vnet=old.settings.remote_vnet,
                # The documented sync examples re-PUT a subnet peering without its names:
                # an update that omits them keeps the stored ones.
                local_subnet_names=settings.local_subnet_names or old.settings.local_subnet_names,
                remote_subnet_names=settings.remote_subnet_names or old.settings.remote_subnet_names,
            )
        peering = Peering(
            vnet=local.id,
            name=old.name if old else name,
            settings=settings,
            peered_remote=old.peered_remote if old else (),
            peered_local=old.peered_local if old else (),
            disconnected=False,
            resource_guid=old.resource_guid if old else "",
        )
        if old is None or sync:
            peering = replace(
                peering,
                peered_remote=rules.remote_peerable(self, peering),
                peered_local=rules.local_peerable(self, peering),
            )
        return peering

    def delete_peering(self, vnet_id: VnetId, name: str) -> bool:
        """Delete a peering; its reverse, if any, becomes Disconnected."""
        peering = self.peering(vnet_id, name)
        if peering is None:
            return False
        staged = self._copy()
        del staged._peerings[vnet_id.key][name.lower()]
        reverse = staged.reverse_of(peering)
        if reverse is not None:
            staged._disconnect(reverse)
        self._commit(staged)
        return True

    # ----- persistence -------------------------------------------------------------------

    def drain_changes(self) -> list[Change]:
        """The records written or deleted since the last call (latest version each, in the
        order first touched); a deleted record has `record=None`."""
        changes, self._changes = list(self._changes.values()), {}
        return changes

    def load(self, records: list[VirtualNetwork | Peering]) -> None:
        """Replace the whole state with stored records (trusted as written by this model);
        the change log starts empty."""
        self._vnets, self._peerings, self._changes = {}, {}, {}
        for record in records:
            if isinstance(record, VirtualNetwork):
                self._vnets[record.id.key] = record
        for record in records:
            if isinstance(record, Peering):
                self._store(record)

    # ----- internals ---------------------------------------------------------------------

    def _copy(self) -> Network:
        staged = Network()
        staged._vnets = dict(self._vnets)
        staged._peerings = {key: dict(by_name) for key, by_name in self._peerings.items()}
        return staged

    def _store(self, peering: Peering) -> None:
        self._peerings.setdefault(peering.vnet.key, {})[peering.name.lower()] = peering

    def _disconnect(self, peering: Peering) -> None:
        if not peering.disconnected:
            self._store(replace(peering, disconnected=True))

    def _commit(self, staged: Network) -> None:
        """Adopt the staged state and log every record it replaced, added or removed."""
        for key in sorted(self._vnets.keys() | staged._vnets.keys()):
            before, after = self._vnets.get(key), staged._vnets.get(key)
            if before is not after:
                self._log(Change("vnet", key, after))
        for vnet_key in sorted(self._peerings.keys() | staged._peerings.keys()):
            old_map, new_map = self._peerings.get(vnet_key, {}), staged._peerings.get(vnet_key, {})
            for name_key in sorted(old_map.keys() | new_map.keys()):
                before, after = old_map.get(name_key), new_map.get(name_key)
                if before is not after:
                    self._log(Change("peering", (*vnet_key, name_key), after))
        self._vnets = staged._vnets
        self._peerings = {key: by_name for key, by_name in staged._peerings.items() if by_name}

    def _log(self, change: Change) -> None:
        # Re-assigning a present key keeps its first-touched position.
        self._changes[(change.kind, change.key)] = change
