"""Stored records as plain JSON-able dicts, so a persistence layer needs no model knowledge.

`from_record(to_record(x)) == x` for every VirtualNetwork and Peering; the dicts carry a
`kind` ("vnet" | "peering", as in `Change.kind`) and use lists where the model uses tuples.
"""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from conformance.model.entities import Change, Peering, PeeringSettings, Subnet, VirtualNetwork, VnetId


def _vnet_id(vnet_id: VnetId) -> dict[str, str]:
    return {"subscription": vnet_id.subscription, "resource_group": vnet_id.resource_group, "name": vnet_id.name}


def _settings(settings: PeeringSettings) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(PeeringSettings):
        value = getattr(settings, f.name)
        if isinstance(value, VnetId):
            value = _vnet_id(value)
        out[f.name] = list(value) if isinstance(value, tuple) else value
    return out


def to_record(obj: VirtualNetwork | Peering) -> dict[str, Any]:
    if isinstance(obj, VirtualNetwork):
        return {
            "kind": "vnet",
            "id": _vnet_id(obj.id),
            "location": obj.location,
            "address_prefixes": list(obj.address_prefixes),
            "subnets": [{"name": s.name, "prefixes": list(s.prefixes)} for s in obj.subnets],
            "has_gateway": obj.has_gateway,
        }
    if isinstance(obj, Peering):
        return {
            "kind": "peering",
            "vnet": _vnet_id(obj.vnet),
            "name": obj.name,
            "settings": _settings(obj.settings),
            "peered_remote": list(obj.peered_remote),
            "peered_local": list(obj.peered_local),
            "disconnected": obj.disconnected,
            "resource_guid": obj.resource_guid,
        }
    raise TypeError(f"not a model record: {obj!r}")


def from_record(record: dict[str, Any]) -> VirtualNetwork | Peering:
    kind = record.get("kind")
    if kind == "vnet":
        return VirtualNetwork(
            id=VnetId(**record["id"]),
            location=record["location"],
            address_prefixes=tuple(record["address_prefixes"]),
            subnets=tuple(Subnet(s["name"], tuple(s["prefixes"])) for s in record.get("subnets", ())),
            has_gateway=bool(record.get("has_gateway", False)),
        )
    if kind == "peering":
        raw = dict(record["settings"])
        settings = PeeringSettings(
            remote_vnet=VnetId(**raw.pop("remote_vnet")),
            **{k: tuple(v) if isinstance(v, list) else v for k, v in raw.items()},
        )
        return Peering(
            vnet=VnetId(**record["vnet"]),
            name=record["name"],
            settings=settings,
            peered_remote=tuple(record["peered_remote"]),
            peered_local=tuple(record["peered_local"]),
            disconnected=bool(record["disconnected"]),
            resource_guid=record["resource_guid"],
        )
    raise ValueError(f"unknown record kind {kind!r}")


def record_key(obj: VirtualNetwork | Peering) -> tuple[str, ...]:
    """The case-insensitive key a record is stored under (the `Change.key` of its writes)."""
    return obj.id.key if isinstance(obj, VirtualNetwork) else obj.key


def change_to_record(change: Change) -> dict[str, Any] | None:
    """A drained change as the dict to store, or None when the record was deleted."""
    return None if change.record is None else to_record(change.record)
