"""The target against the executable model, over random sequences of writes.

Bounded by --max-examples: N examples make N / 5 runs (default 20: 4 runs), each a walk
of 30 steps, sending at most redundant_writes.WRITES_PER_RUN writes, from the three VNets
the runs share (standing_vnets.py). Few long runs reach
deeper states (a connected pair changed, synced, changed back) for fewer writes than
many short ones, whose every start and end is writes; a step that would judge nothing
new sends nothing (redundant_writes.py). --seed repeats a run. No example database: a
run never depends on files left by an earlier one.
A disagreement fails only the requirement behind it, and only when that requirement is
a MUST; a SHOULD one is a finding on that requirement while the exploration goes on.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import seed as hypothesis_seed
from hypothesis.stateful import run_state_machine_as_test

from conformance.requirements import load_catalog
from conformance.suite.fuzzing.fuzz_harness import DEFAULT_MAX_EXAMPLES, fuzz_seed
from conformance.suite.naming import name_prefix
from conformance.suite.stateful.peering_machine import SLOTS, MachineContext, machine_for
from conformance.suite.stateful.standing_vnets import StandingVnets

MAX_STEPS = 30
# A run of up to MAX_STEPS steps counts as this many of --max-examples.
EXAMPLES_PER_RUN = 5

# Every requirement a disagreement of the machine can name (mismatch_requirements.py).
COMPARED = (
    "LIFE-001", "LIFE-002", "LIFE-003", "LIFE-004", "LIFE-005", "LIFE-007", "LIFE-008",
    "LIFE-009", "LIFE-010", "LIFE-011", "LIFE-012", "LIFE-015",
    "SYNC-001", "SYNC-002", "SYNC-003", "SYNC-004", "SYNC-005", "SYNC-006", "SYNC-007", "SYNC-008",
    "SYNC-009", "SYNC-010", "SYNC-011", "SYNC-012", "SYNC-013", "SYNC-014", "SYNC-015",
    "SYNC-016", "SYNC-017", "SYNC-018", "SYNC-019", "SYNC-020",
    "ADDR-001", "ADDR-002", "ADDR-003", "ADDR-005", "ADDR-006", "ADDR-007", "ADDR-008", "ADDR-009",
    "ADDR-010", "ADDR-012", "ADDR-013",
    "DUP-003", "DUP-004",
    "ARM-004", "ARM-008", "ARM-009", "ARM-011",
)


def runs_for(max_examples: int | None) -> int:
    """Runs of the machine for --max-examples (None: the default), at least one."""
    return max(1, (max_examples or DEFAULT_MAX_EXAMPLES) // EXAMPLES_PER_RUN)


@pytest.mark.requirements(*COMPARED)
def test_the_target_behaves_as_the_model_predicts(api, run_options, findings):
    seed = fuzz_seed(run_options.run_id, run_options.seed)
    levels = {requirement.id: requirement.level for requirement in load_catalog()}
    prefix = name_prefix(run_options.run_id, run_options.worker_id)
    standing = StandingVnets(api, {slot: f"{prefix}-s{slot}" for slot in SLOTS})
    context = MachineContext(
        api=api,
        standing=standing,
        name_prefix=prefix,
        seed=seed,
        levels=levels,
        findings=findings,
    )
    findings.judging()  # its pass counts only for the requirements it reached
    machine = hypothesis_seed(seed)(machine_for(context))
    try:
        run_state_machine_as_test(
            machine,
            settings=settings(
                max_examples=runs_for(run_options.max_examples),
                stateful_step_count=MAX_STEPS,
                deadline=None,
                database=None,
                print_blob=False,
                phases=run_options.hypothesis_phases(),
                suppress_health_check=list(HealthCheck),
            ),
        )
    finally:
        standing.delete()
