"""Resource names that never collide: not between tests, workers, nor parallel runs.

Every name is `pc-<run id>-<worker>-<test serial>-<role>`, e.g. `pc-3fa9c1-w0-17-hub`:
short enough for every Azure name limit, valid for VNets and peerings, and recognisable
by its `pc-` prefix so leftovers of a killed run can be found and removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SUITE_NAME_PREFIX = "pc-"
_ROLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,29}$")


def worker_tag(worker_id: str) -> str:
    """`gw3` -> `w3`; a run without xdist is `m` (main)."""
    return "w" + worker_id[2:] if worker_id.startswith("gw") else "m"


def name_prefix(run_id: str, worker_id: str) -> str:
    return f"{SUITE_NAME_PREFIX}{run_id}-{worker_tag(worker_id)}"


@dataclass
class ResourceNames:
    """The names of one test. `new(role)` is unique within the test: a role asked for
    twice gets a numbered second name (`a`, `a2`, ...)."""

    prefix: str
    serial: int
    _used: dict[str, int] = field(default_factory=dict)

    def new(self, role: str = "r") -> str:
        if not _ROLE.match(role):
            raise ValueError(f"a role is 1-30 letters, digits, '-' or '_', starting alphanumeric: {role!r}")
        count = self._used.get(role, 0) + 1
        self._used[role] = count
        suffix = role if count == 1 else f"{role}{count}"
        return f"{self.prefix}-{self.serial}-{suffix}"
