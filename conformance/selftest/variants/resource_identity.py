"""Planted bugs in how a resource is identified and versioned: peering names compared
with their case, and an etag that never changes after creation."""

from __future__ import annotations

from dataclasses import replace

from conformance.model import Network, Peering, VnetId
from conformance.reference.endpoint_state import EndpointState


class CaseSensitivePeeringNames(Network):
    """Finds a peering only under the exact casing it was created with; a PUT under
    another casing replaces it as a new peering."""

    def peering(self, vnet_id: VnetId, name: str) -> Peering | None:
        found = super().peering(vnet_id, name)
        return found if found is not None and found.name == name else None


class EtagFixedAtCreation(EndpointState):
    """Keeps the etag a VNet (and so its peerings) got when created."""

    def _commit(self, *args, **kwargs):
        first_etags = {key: meta.etag for key, meta in self._meta.items()}
        result = super()._commit(*args, **kwargs)
        for key, etag in first_etags.items():
            if key in self._meta:
                self._meta[key] = replace(self._meta[key], etag=etag)
        return result
