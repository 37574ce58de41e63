"""Checks that judge one scenario journey run on one xdist worker, so the journey is taken once.

Checks mark their group with xdist's own marker, `@pytest.mark.xdist_group("sync-add")`.
xdist's `--dist loadgroup` would append `@sync-add` to every such node id (and so to the
check ids of the reports, which would then differ between `-n 0` and `-n 2`); instead,
each worker writes the groups it collected into the run's partial directory, and the
controller's scheduler (xdist's scope scheduling) reads them there: a marked check goes
with its group, every other check is a unit of its own, as with `--dist load`.

On a slow target the run lasts as long as its longest unit, so the longest go first: the
stateful check (one long walk of writes, one after another), then the groups, biggest
first (xdist's default order), then the single checks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from xdist.scheduler.loadscope import LoadScopeScheduling

from conformance.suite.progress import phase_of

GROUP_MARKER = "xdist_group"
_FILE_PATTERN = "check-groups-*.json"
# Phases whose checks are each one long sequential walk, handed out before anything else.
LONG_PHASES = ("stateful",)


def group_of(item: pytest.Item) -> str | None:
    marker = item.get_closest_marker(GROUP_MARKER)
    if marker is None:
        return None
    return str(marker.args[0] if marker.args else marker.kwargs.get("name", "default"))


def write_groups(directory: Path, worker_id: str, items: list[pytest.Item]) -> None:
    """Record node id -> group of the collected checks that have one (from a worker)."""
    groups = {item.nodeid: group for item in items if (group := group_of(item)) is not None}
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"check-groups-{worker_id}.json"
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(groups), encoding="utf-8")
    temporary.replace(target)


def read_groups(directory: Path) -> dict[str, str]:
    """The groups one worker recorded (every worker collects the same checks)."""
    for path in sorted(directory.glob(_FILE_PATTERN)):
        return json.loads(path.read_text(encoding="utf-8"))
    return {}


class GroupScheduling(LoadScopeScheduling):
    """xdist scope scheduling whose scopes are the recorded groups, else single checks."""

    def __init__(self, config: pytest.Config, log, directory: Path) -> None:
        super().__init__(config, log)
        self.directory = directory
        self._groups: dict[str, str] | None = None
        self._long_first = False

    def _split_scope(self, nodeid: str) -> str:
        if self._groups is None:
            self._groups = read_groups(self.directory)
        group = self._groups.get(nodeid)
        return f"group:{group}" if group is not None else nodeid

    def _assign_work_unit(self, node) -> None:
        if not self._long_first:
            self._long_first = True
            long_units = [scope for scope in self.workqueue if phase_of(scope) in LONG_PHASES]
            for scope in reversed(long_units):
                self.workqueue.move_to_end(scope, last=False)
        super()._assign_work_unit(node)
