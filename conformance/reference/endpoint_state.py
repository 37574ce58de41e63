"""The endpoint's single authority: the model `Network`, its store and its operations.

Every method runs under one lock and awaits nothing, so concurrent requests are
serialized: a write applies the model operation, persists what it changed (records,
etags, operation) in one SQLite transaction, and only then becomes visible. A refused
write changes nothing; a write whose persistence fails is undone by reloading the store.
"""

from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass, replace
from typing import Callable, Iterable, TypeVar

from conformance.model import Network, Peering, Refusal, VirtualNetwork, VnetId
from conformance.reference.arm_errors import ArmError, peering_not_found, vnet_not_found
from conformance.reference.conditional_requests import Preconditions
from conformance.reference.operations import Operation, OperationBook, new_operation
from conformance.reference.peering_resources import PeeringRequest, PeeringSnapshot
from conformance.reference.remote_lag import LaggingViews
from conformance.reference.store import ResourceGroup, ResourceKey, Store, VnetMeta, WriteBatch
from conformance.reference.vnet_resources import VnetRequest, VnetSnapshot

T = TypeVar("T")


def new_etag() -> str:
    return f'W/"{uuid.uuid4()}"'


@dataclass(frozen=True)
class PutOutcome:
    created: bool
    operation: Operation | None


@dataclass(frozen=True)
class PeeringPutOutcome(PutOutcome):
    snapshot: PeeringSnapshot


@dataclass(frozen=True)
class VnetPutOutcome(PutOutcome):
    snapshot: VnetSnapshot


@dataclass(frozen=True)
class DeleteOutcome:
    existed: bool
    operation: Operation | None


@dataclass(frozen=True)
class OperationPoll:
    """An operation's status as this poll answers it."""

    operation: Operation
    status: str


def _refused(refusal: Refusal) -> ArmError:
    return ArmError(refusal.status, refusal.code, refusal.message, target=refusal.target)


class EndpointState:
    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()
        # `serve --operation-ms` / `--remote-lag-ms`: how long operations stay InProgress,
        # and how late other peerings show a write's effects (see set_timing).
        self._operation_seconds = 0.0
        self._lag = LaggingViews(0.0)
        self._load()

    def set_timing(self, operation_seconds: float = 0.0, remote_lag_seconds: float = 0.0) -> None:
        """Operations InProgress for at least `operation_seconds`; other peerings show a
        write's effects `remote_lag_seconds` after its operation ends."""
        with self._lock:
            self._operation_seconds = operation_seconds
            self._lag = LaggingViews(remote_lag_seconds)

    def _load(self) -> None:
        stored = self._store.load()
        self._network = Network()
        self._network.load(stored.records)
        self._meta = stored.vnet_meta
        self._groups = stored.resource_groups
        self._operations = OperationBook(stored.operations)
        missing = {
            vnet.id.key: VnetMeta(new_etag(), str(uuid.uuid4()))
            for vnet in self._network.records()
            if isinstance(vnet, VirtualNetwork) and vnet.id.key not in self._meta
        }
        if missing:
            self._store.write(WriteBatch(vnet_meta=dict(missing)))
            self._meta.update(missing)

    def close(self) -> None:
        with self._lock:
            self._store.close()

    # ----- snapshots (call under the lock) -----------------------------------------------

    def _peering_snapshot(self, peering: Peering, now: float) -> PeeringSnapshot:
        view = self._network.view(peering)
        return PeeringSnapshot(
            peering=peering,
            view=self._lag.shown(peering.key, view, now) if self._lag.enabled else view,
            etag=self._meta[peering.vnet.key].etag,
            provisioning_state=self._operations.provisioning_state(peering.key, now),
        )

    def _vnet_snapshot(self, vnet_id: VnetId, now: float) -> VnetSnapshot | None:
        vnet = self._network.vnet(vnet_id)
        if vnet is None:
            return None
        meta = self._meta[vnet.id.key]
        return VnetSnapshot(
            vnet=vnet,
            etag=meta.etag,
            resource_guid=meta.resource_guid,
            provisioning_state=self._operations.provisioning_state(vnet.id.key, now),
            peerings=tuple(self._peering_snapshot(p, now) for p in self._network.peerings(vnet.id)),
        )

    # ----- reads -------------------------------------------------------------------------

    def vnet(self, vnet_id: VnetId) -> VnetSnapshot | None:
        with self._lock:
            return self._vnet_snapshot(vnet_id, time.time())

    def vnets(self, subscription: str, resource_group: str | None) -> list[VnetSnapshot]:
        with self._lock:
            now = time.time()
            found = [self._vnet_snapshot(v.id, now) for v in self._network.vnets(subscription, resource_group)]
            return [snapshot for snapshot in found if snapshot is not None]

    def peering(self, vnet_id: VnetId, name: str) -> PeeringSnapshot:
        """The peering; 404 ResourceNotFound without its VNet, 404 NotFound without it."""
        with self._lock:
            if self._network.vnet(vnet_id) is None:
                raise vnet_not_found(vnet_id.resource_group, vnet_id.name)
            peering = self._network.peering(vnet_id, name)
            if peering is None:
                raise peering_not_found(f"{vnet_id.arm_id}/virtualNetworkPeerings/{name}")
            return self._peering_snapshot(peering, time.time())

    def peerings(self, vnet_id: VnetId) -> list[PeeringSnapshot]:
        with self._lock:
            if self._network.vnet(vnet_id) is None:
                raise vnet_not_found(vnet_id.resource_group, vnet_id.name)
            now = time.time()
            return [self._peering_snapshot(p, now) for p in self._network.peerings(vnet_id)]

    def resource_group(self, subscription: str, name: str) -> ResourceGroup | None:
        with self._lock:
            return self._groups.get((subscription.lower(), name.lower()))

    # ----- writes ------------------------------------------------------------------------

    def _etag_of(self, vnet_id: VnetId) -> str | None:
        vnet = self._network.vnet(vnet_id)
        return self._meta[vnet.id.key].etag if vnet is not None else None

    def _commit(
        self,
        apply: Callable[[], T],
        touched: Iterable[ResourceKey] = (),
        operation: Operation | None = None,
        resource_groups: dict[ResourceKey, ResourceGroup | None] | None = None,
        written: ResourceKey | None = None,
    ) -> T:
        """Apply model writes and persist them with new etags; all or nothing."""
        before = self._lag.views(self._network) if self._lag.enabled else None
        try:
            result = apply()
        except Refusal as refusal:
            self._network.drain_changes()
            raise _refused(refusal) from None
        except BaseException:
            self._load()
            raise
        changes = self._network.drain_changes()
        batch = WriteBatch(changes=changes, resource_groups=dict(resource_groups or {}))
        vnet_keys = {change.key[:3] for change in changes} | {tuple(key) for key in touched}
        for key in sorted(vnet_keys):
            if self._network.vnet(VnetId(*key)) is None:
                batch.vnet_meta[key] = None
            else:
                previous = self._meta.get(key)
                guid = previous.resource_guid if previous else str(uuid.uuid4())
                batch.vnet_meta[key] = VnetMeta(etag=new_etag(), resource_guid=guid)
        if operation is not None:
            batch.operations.append(operation)
        try:
            self._store.write(batch)
        except BaseException:
            self._load()
            raise
        for key, meta in batch.vnet_meta.items():
            if meta is None:
                self._meta.pop(key, None)
            else:
                self._meta[key] = meta
        for key, group in batch.resource_groups.items():
            if group is None:
                self._groups.pop(key, None)
            else:
                self._groups[key] = group
        if operation is not None:
            forgotten = self._operations.add(operation)
            if forgotten:
                self._store.write(WriteBatch(forgotten_operations=forgotten))
        if before is not None:
            now = time.time()
            self._lag.written(before, self._network, written, now, now + self._operation_seconds)
        return result

    def _operation(self, long_running: bool, kind: str, vnet: VirtualNetwork, key: ResourceKey) -> Operation | None:
        """The operation a write starts in async mode, located where its VNet is."""
        if not long_running:
            return None
        return new_operation(vnet.id.subscription, vnet.location, kind, key, self._operation_seconds)

    def _group_casing(self, subscription: str, resource_group: str) -> str:
        """The resource group's name as first given (by its PUT or its first VNet)."""
        group = self._groups.get((subscription.lower(), resource_group.lower()))
        if group is not None:
            return group.name
        vnets = self._network.vnets(subscription, resource_group)
        return vnets[0].id.resource_group if vnets else resource_group

    def put_vnet(
        self, vnet_id: VnetId, request: VnetRequest, conditions: Preconditions, long_running: bool
    ) -> VnetPutOutcome:
        with self._lock:
            conditions.check(self._etag_of(vnet_id))
            existing = self._network.vnet(vnet_id)
            if existing is None:
                group = self._group_casing(vnet_id.subscription, vnet_id.resource_group)
                vnet_id = replace(vnet_id, resource_group=group)
            vnet = request.vnet(vnet_id, existing)
            operation = self._operation(long_running, "put", vnet, vnet_id.key)
            created = self._commit(lambda: self._network.put_vnet(vnet), [vnet_id.key], operation)
            snapshot = self._vnet_snapshot(vnet_id, time.time())
            assert snapshot is not None
            return VnetPutOutcome(created=created, operation=operation, snapshot=snapshot)

    def delete_vnet(self, vnet_id: VnetId, conditions: Preconditions, long_running: bool) -> DeleteOutcome:
        with self._lock:
            conditions.check(self._etag_of(vnet_id))
            vnet = self._network.vnet(vnet_id)
            if vnet is None:
                return DeleteOutcome(existed=False, operation=None)
            operation = self._operation(long_running, "delete", vnet, vnet_id.key)
            self._commit(lambda: self._network.delete_vnet(vnet_id), [vnet_id.key], operation)
            return DeleteOutcome(existed=True, operation=operation)

    def put_peering(
        self,
        vnet_id: VnetId,
        name: str,
        request: PeeringRequest,
        sync: bool,
        conditions: Preconditions,
        long_running: bool,
    ) -> PeeringPutOutcome:
        with self._lock:
            vnet = self._network.vnet(vnet_id)
            if vnet is None:
                raise vnet_not_found(vnet_id.resource_group, vnet_id.name)
            existing = self._network.peering(vnet_id, name)
            conditions.check(self._meta[vnet.id.key].etag if existing is not None else None)
            settings = request.settings(existing)
            remote = self._network.vnet(settings.remote_vnet)
            if remote is not None:
                settings = replace(settings, remote_vnet=remote.id)
            key = (*vnet.id.key, name.lower())
            operation = self._operation(long_running, "put", vnet, key)
            created = self._commit(
                lambda: self._network.put_peering(vnet_id, name, settings, sync=sync),
                [vnet.id.key],
                operation,
                written=key,
            )
            peering = self._network.peering(vnet_id, name)
            assert peering is not None
            snapshot = self._peering_snapshot(peering, time.time())
            return PeeringPutOutcome(created=created, operation=operation, snapshot=snapshot)

    def delete_peering(
        self, vnet_id: VnetId, name: str, conditions: Preconditions, long_running: bool
    ) -> DeleteOutcome:
        with self._lock:
            vnet = self._network.vnet(vnet_id)
            existing = self._network.peering(vnet_id, name) if vnet is not None else None
            conditions.check(self._meta[vnet.id.key].etag if vnet is not None and existing is not None else None)
            if vnet is None or existing is None:
                return DeleteOutcome(existed=False, operation=None)
            operation = self._operation(long_running, "delete", vnet, existing.key)
            self._commit(lambda: self._network.delete_peering(vnet_id, name), [vnet.id.key], operation)
            return DeleteOutcome(existed=True, operation=operation)

    def put_resource_group(self, subscription: str, name: str, location: str) -> tuple[bool, ResourceGroup]:
        with self._lock:
            existing = self._groups.get((subscription.lower(), name.lower()))
            group = ResourceGroup(
                subscription=existing.subscription if existing else subscription,
                name=self._group_casing(subscription, name),
                location=location,
            )
            self._commit(lambda: None, resource_groups={group.key: group})
            return existing is None, group

    def delete_resource_group(self, subscription: str, name: str, long_running: bool) -> Operation | None:
        """Delete the group's VNets (with their peerings) and forget the group."""
        with self._lock:
            vnets = self._network.vnets(subscription, name)
            group_key = (subscription.lower(), name.lower())
            group = self._groups.get(group_key)
            location = group.location if group else (vnets[0].location if vnets else "global")
            operation = new_operation(subscription, location, "delete", group_key) if long_running else None

            def delete_all() -> None:
                for vnet in vnets:
                    self._network.delete_vnet(vnet.id)

            self._commit(delete_all, [v.id.key for v in vnets], operation, resource_groups={group_key: None})
            return operation

    def poll_operation(self, subscription: str, operation_id: str) -> OperationPoll | None:
        """The operation's status now, counting this poll (the first one says InProgress)."""
        with self._lock:
            operation = self._operations.find(subscription, operation_id)
            if operation is None:
                return None
            status = operation.status(time.time())
            polled = self._operations.polled(operation)
            self._store.write(WriteBatch(operations=[polled]))
            return OperationPoll(operation=polled, status=status)
