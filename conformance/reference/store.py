"""SQLite persistence of everything the endpoint knows, one transaction per write.

The model in memory is the authority while the server runs; the store only mirrors it
(model records through `conformance.model.records`, plus the endpoint's own etags,
resource guids, resource groups and operation records) so a restart picks up exactly
the acknowledged writes. A file store uses WAL with synchronous=FULL, so a write is on
disk before its response is sent and survives kill -9. The file is opened in exclusive
locking mode: a second server on the same file fails at start-up instead of drifting.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path

from conformance.model import Change, Peering, VirtualNetwork
from conformance.model.records import from_record, to_record
from conformance.reference.operations import Operation

SCHEMA_VERSION = 1
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS model_records (key TEXT PRIMARY KEY, kind TEXT NOT NULL, record TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS vnet_meta (key TEXT PRIMARY KEY, etag TEXT NOT NULL, resource_guid TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS resource_groups (key TEXT PRIMARY KEY, record TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS operations (id TEXT PRIMARY KEY, record TEXT NOT NULL)",
)

ResourceKey = tuple[str, ...]


class StoreError(RuntimeError):
    """The store file cannot be used (another server holds it, or it is not ours)."""


@dataclass(frozen=True)
class VnetMeta:
    """What the endpoint adds to a model VNet: its etag (shared by its peerings, as the
    live service shows) and its resourceGuid."""

    etag: str
    resource_guid: str


@dataclass(frozen=True)
class ResourceGroup:
    subscription: str
    name: str
    location: str

    @property
    def key(self) -> ResourceKey:
        return (self.subscription.lower(), self.name.lower())


@dataclass
class StoredState:
    records: list[VirtualNetwork | Peering]
    vnet_meta: dict[ResourceKey, VnetMeta]
    resource_groups: dict[ResourceKey, ResourceGroup]
    operations: list[Operation]


@dataclass
class WriteBatch:
    """Everything one request changed; None values are deletions."""

    changes: list[Change] = field(default_factory=list)
    vnet_meta: dict[ResourceKey, VnetMeta | None] = field(default_factory=dict)
    resource_groups: dict[ResourceKey, ResourceGroup | None] = field(default_factory=dict)
    operations: list[Operation] = field(default_factory=list)
    forgotten_operations: list[str] = field(default_factory=list)


def _key_text(key: ResourceKey) -> str:
    return json.dumps(list(key))


def _key_tuple(text: str) -> ResourceKey:
    return tuple(json.loads(text))


def _operation_from_text(text: str) -> Operation:
    data = json.loads(text)
    data["resource_key"] = tuple(data["resource_key"])
    return Operation(**data)


class Store:
    """The SQLite database behind one endpoint: in memory when `path` is None."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        target = ":memory:" if path is None else str(path)
        # One connection, used under the endpoint's lock from whichever thread serves.
        self._db = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=0.2)
        try:
            if path is not None:
                self._db.execute("PRAGMA locking_mode=EXCLUSIVE")
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("BEGIN IMMEDIATE")
            version = self._db.execute("PRAGMA user_version").fetchone()[0]
            if version not in (0, SCHEMA_VERSION):
                raise StoreError(f"{path} has schema version {version}; this endpoint writes {SCHEMA_VERSION}")
            for statement in _SCHEMA:
                self._db.execute(statement)
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self._db.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"cannot open the endpoint store {path}: {exc}") from exc

    def load(self) -> StoredState:
        db = self._db
        records = [from_record(json.loads(text)) for (text,) in db.execute("SELECT record FROM model_records")]
        meta = {
            _key_tuple(key): VnetMeta(etag=etag, resource_guid=guid)
            for key, etag, guid in db.execute("SELECT key, etag, resource_guid FROM vnet_meta")
        }
        groups = {}
        for (text,) in db.execute("SELECT record FROM resource_groups"):
            group = ResourceGroup(**json.loads(text))
            groups[group.key] = group
        operations = [_operation_from_text(text) for (text,) in db.execute("SELECT record FROM operations")]
        return StoredState(records=records, vnet_meta=meta, resource_groups=groups, operations=operations)

    def write(self, batch: WriteBatch) -> None:
        """Apply a batch in one transaction: all of it is stored, or none of it."""
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            for change in batch.changes:
                key = _key_text(change.key)
                if change.record is None:
                    db.execute("DELETE FROM model_records WHERE key = ?", (key,))
                else:
                    db.execute(
                        "INSERT OR REPLACE INTO model_records (key, kind, record) VALUES (?, ?, ?)",
                        (key, change.kind, json.dumps(to_record(change.record))),
                    )
            for meta_key, meta in batch.vnet_meta.items():
                if meta is None:
                    db.execute("DELETE FROM vnet_meta WHERE key = ?", (_key_text(meta_key),))
                else:
                    db.execute(
                        "INSERT OR REPLACE INTO vnet_meta (key, etag, resource_guid) VALUES (?, ?, ?)",
                        (_key_text(meta_key), meta.etag, meta.resource_guid),
                    )
            for group_key, group in batch.resource_groups.items():
                if group is None:
                    db.execute("DELETE FROM resource_groups WHERE key = ?", (_key_text(group_key),))
                else:
                    db.execute(
                        "INSERT OR REPLACE INTO resource_groups (key, record) VALUES (?, ?)",
                        (_key_text(group_key), json.dumps(asdict(group))),
                    )
            for operation in batch.operations:
                db.execute(
                    "INSERT OR REPLACE INTO operations (id, record) VALUES (?, ?)",
                    (operation.id.lower(), json.dumps(asdict(operation))),
                )
            for operation_id in batch.forgotten_operations:
                db.execute("DELETE FROM operations WHERE id = ?", (operation_id.lower(),))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self._db.close()
