"""If-Match / If-None-Match on writes, compared weakly (etags are weak: W/"<uuid>")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping

from conformance.reference.arm_errors import precondition_failed


def _opaque(tag: str) -> str:
    tag = tag.strip()
    if tag[:2].upper() == "W/":
        tag = tag[2:]
    return tag.strip().strip('"')


def _tags(header: str | None) -> tuple[str, ...] | None:
    if header is None:
        return None
    return tuple(_opaque(part) for part in header.split(",") if part.strip())


@dataclass(frozen=True)
class Preconditions:
    if_match: tuple[str, ...] | None = None
    if_none_match: tuple[str, ...] | None = None

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> "Preconditions":
        return cls(if_match=_tags(headers.get("if-match")), if_none_match=_tags(headers.get("if-none-match")))

    def check(self, current_etag: str | None) -> None:
        """Raise 412 PreconditionFailed unless the resource's etag (None: missing) passes."""
        current = _opaque(current_etag) if current_etag is not None else None
        if self.if_match is not None:
            if current is None or ("*" not in self.if_match and current not in self.if_match):
                raise precondition_failed()
        if self.if_none_match is not None and current is not None:
            if "*" in self.if_none_match or current in self.if_none_match:
                raise precondition_failed()
