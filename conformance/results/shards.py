"""`--shard K/N`: a deterministic 1/N of the suite's checks, the same on every machine.

A check belongs to shard `1 + sha256(key) mod N`, its key being its node id from
`conformance/suite/` on (the same whatever the rootdir). Each check creates and deletes
its own resources, so its writes stay inside its shard, and N machines running shards
1..N together run every check exactly once (`report merge` joins them).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

SUITE_PREFIX = "conformance/suite/"
_SHARD = re.compile(r"\s*(\d+)\s*/\s*(\d+)\s*")


class ShardError(ValueError):
    """A --shard value that is not K/N with 1 <= K <= N."""


@dataclass(frozen=True)
class Shard:
    index: int  # 1-based
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        match = _SHARD.fullmatch(text or "")
        if not match:
            raise ShardError(f"--shard {text!r}: expected K/N, e.g. 2/3")
        index, count = int(match.group(1)), int(match.group(2))
        if count < 1 or not 1 <= index <= count:
            raise ShardError(f"--shard {text!r}: K must be between 1 and N (N at least 1)")
        return cls(index, count)

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def holds(self, node_id: str) -> bool:
        return shard_of(node_id, self.count) == self.index


def check_key(node_id: str) -> str:
    """The part of a node id that does not depend on where pytest was started."""
    position = node_id.find(SUITE_PREFIX)
    return node_id[position:] if position >= 0 else node_id


def shard_of(node_id: str, count: int) -> int:
    """The 1-based shard of a check among `count`."""
    digest = hashlib.sha256(check_key(node_id).encode("utf-8")).digest()
    return 1 + int.from_bytes(digest[:8], "big") % count
