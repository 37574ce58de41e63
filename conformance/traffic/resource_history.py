"""Whether a resource existed when a request reached it, as far as earlier exchanges on
the same URL tell.

Only the resource's own URL counts (compared without case): recorders that group
entries by URI keep each URI's order even when they lose the order between URIs, so
"the GET of this peering answered 404, then its PUT answered 200" is reliable evidence,
while a guess from other resources is not.
"""

from __future__ import annotations

from dataclasses import dataclass, field

EXISTS, MISSING = "exists", "missing"


@dataclass
class ResourceHistory:
    _known: dict[str, str] = field(default_factory=dict)
    # Which exchange told, for messages.
    _witness: dict[str, str] = field(default_factory=dict)

    def state(self, resource_key: str) -> str | None:
        return self._known.get(resource_key)

    def witness(self, resource_key: str) -> str:
        return self._witness.get(resource_key, "")

    def observe(self, method: str, resource_key: str, status: int, exchange_id: str, *, is_item: bool) -> None:
        """Learn from an answered request on one resource (`is_item`: not a list URL)."""
        if not is_item:
            return
        if method in ("GET", "PUT") and status in (200, 201):
            self._set(resource_key, EXISTS, exchange_id)
        elif method == "GET" and status == 404:
            self._set(resource_key, MISSING, exchange_id)
        elif method == "DELETE" and status in (200, 202, 204):
            for key in list(self._known):
                if key == resource_key or key.startswith(resource_key + "/"):
                    self._set(key, MISSING, exchange_id)
            self._set(resource_key, MISSING, exchange_id)

    def _set(self, key: str, state: str, exchange_id: str) -> None:
        self._known[key] = state
        self._witness[key] = exchange_id
