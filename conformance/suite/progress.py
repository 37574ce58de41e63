"""One line per phase of a run (collecting, scenarios, fuzzing, stateful, writing results).

Printed by the controller through pytest's terminal; every line starts with
PROGRESS_PREFIX so `peering-conformance run` can pick them out of pytest's output.
Phases are the suite's sub-packages; with xdist they interleave, so a phase is
announced at its first result and summed up when its last check has reported.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable

import pytest

PROGRESS_PREFIX = "[peering-conformance] "
PHASES = ("scenarios", "fuzzing", "stateful")


def phase_of(nodeid: str) -> str:
    """`conformance/suite/fuzzing/test_x.py::t` (or `fuzzing/test_x.py::t`, when pytest's
    rootdir is the suite itself) -> `fuzzing`; anything else -> `other`."""
    parts = nodeid.split("::", 1)[0].split("/")
    if "suite" in parts:
        parts = parts[parts.index("suite") + 1 :]
    return parts[0] if len(parts) > 1 and parts[0] in PHASES else "other"


def phase_rank(nodeid: str) -> int:
    phase = phase_of(nodeid)
    return PHASES.index(phase) if phase in PHASES else len(PHASES)


def say(config: pytest.Config, text: str) -> None:
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    line = PROGRESS_PREFIX + text
    if reporter is not None:
        reporter.ensure_newline()
        reporter.write_line(line)
    else:
        print(line, file=sys.stderr, flush=True)


class PhaseProgress:
    """Controller-side hooks that announce phases as checks report."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.totals: Counter[str] | None = None
        self.outcomes: dict[str, Counter[str]] = {}
        self.finished: set[str] = set()

    def pytest_sessionstart(self) -> None:
        say(self.config, "collecting checks")

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        if not hasattr(self.config, "workerinput"):
            self._collected(item.nodeid for item in session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: object, ids: list[str]) -> None:
        if self.totals is None:
            self._collected(ids)

    def _collected(self, nodeids: Iterable[str]) -> None:
        self.totals = Counter(phase_of(nodeid) for nodeid in nodeids)
        parts = ", ".join(f"{phase} {count}" for phase, count in sorted(self.totals.items(), key=_phase_order))
        say(self.config, f"collected {sum(self.totals.values())} checks" + (f": {parts}" if parts else ""))

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if self.totals is None:
            return
        phase = phase_of(report.nodeid)
        if phase not in self.outcomes:
            self.outcomes[phase] = Counter()
            say(self.config, f"{phase}: running {self.totals.get(phase, 0)} checks")
        if report.when == "teardown":
            counts = self.outcomes[phase]
            counts["done"] += 1
            if counts["done"] == self.totals.get(phase) and phase not in self.finished:
                self.finished.add(phase)
                summary = ", ".join(f"{counts[key]} {key}" for key in ("passed", "failed", "error", "skipped") if counts[key])
                say(self.config, f"{phase}: done ({summary or 'nothing ran'})")
        elif report.failed:
            self.outcomes[phase]["failed" if report.when == "call" else "error"] += 1
        elif report.when == "call" or report.skipped:
            self.outcomes[phase]["passed" if report.passed else "skipped"] += 1


def _phase_order(entry: tuple[str, int]) -> int:
    return PHASES.index(entry[0]) if entry[0] in PHASES else len(PHASES)
