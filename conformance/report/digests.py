"""SHA-256 digests: how a report pins the spec and catalog it was judged against."""

from __future__ import annotations

import hashlib
from pathlib import Path

_CHUNK = 1 << 16


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        for chunk in iter(lambda: source.read(_CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()
