"""What one pytest process of a run holds: settings, scope, transcript, and the resources left.

Created in `pytest_configure` when the suite is active and kept in `config.stash`, so
fixtures and hooks of that process share one transcript and one run id. Under xdist
each worker has its own RunState; the run id and target come from the controller.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import pytest

from conformance.suite.check_findings import FindingLog
from conformance.suite.naming import ResourceNames, name_prefix
from conformance.suite.requirement_scope import RunScope
from conformance.suite.run_options import RUN_STATE, RunOptions
from conformance.target.config import TargetConfig
from conformance.exchanges.transcript import Transcript

PARTIAL_DIR_PREFIX = ".partial-"


@dataclass
class RunState:
    options: RunOptions
    target_config: TargetConfig
    scope: RunScope
    transcript: Transcript
    leftovers: list[str] = field(default_factory=list)
    # Findings of the check running now in this process (fixture `findings`).
    findings: FindingLog = field(default_factory=FindingLog)
    _serials: itertools.count = field(default_factory=lambda: itertools.count(1), repr=False)

    def names_for_next_test(self) -> ResourceNames:
        return ResourceNames(name_prefix(self.options.run_id, self.options.worker_id), next(self._serials))


def partial_dir(options: RunOptions):
    """Where this run's workers stream their transcripts before the controller merges them."""
    return options.report_dir / f"{PARTIAL_DIR_PREFIX}{options.run_id}"


def run_state(config: pytest.Config) -> RunState:
    return config.stash[RUN_STATE]


def new_transcript(options: RunOptions) -> Transcript:
    worker = options.worker_id
    return Transcript(path=partial_dir(options) / f"transcript-{worker}.jsonl", id_prefix=worker)
