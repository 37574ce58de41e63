"""The sync journeys against the embedded endpoint: each chain walks to its end within its
write budget, every check judging it passes, and a kind that would start from a pair out
of sync stops the journey instead of judging another story."""

from __future__ import annotations

import itertools

import pytest

from conformance.suite.check_findings import RequirementFailure
from conformance.suite.convergence import CONVERGENCE
from conformance.suite.scenarios import (
    test_address_space_changes,
    test_sync_address_fields,
    test_sync_flag,
    test_sync_levels,
)
from conformance.suite.scenarios.address_changes import CHANGE_KINDS, SYNC_CHAINS, journey_group
from conformance.suite.scenarios.journey_record import JourneyRecord, Seen, Stop
from conformance.suite.scenarios.sync_journey import KINDS, STOPPED_IN, SUBNET_OF_A, _walk, kind_part, sync_journey

from tests.suite.scenarios.journey_harness import embedded_book, walk_writes

# Writes of each chain's walk (its two VNets' cleanup comes on top): the four one-kind
# journeys they replace sent 83.
MOST_WRITES = {"sync-add": 27, "sync-grow-shrink-remove": 28}


@pytest.fixture(scope="module")
def walked():
    with embedded_book() as embedded:
        for kind in CHANGE_KINDS:
            sync_journey(embedded.book, kind)
        yield embedded.book, embedded.transcript


@pytest.mark.parametrize("chain", sorted(MOST_WRITES))
def test_each_chain_walks_to_its_end_within_its_write_budget(walked, chain):
    book, transcript = walked
    assert book.records[chain].stopped is None
    assert len(walk_writes(transcript, chain)) <= MOST_WRITES[chain]


def test_every_kind_has_a_journey_of_its_chain():
    assert sorted(journey_group(kind) for kind in CHANGE_KINDS) == sorted(
        ["sync-add", "sync-grow-shrink-remove", "sync-grow-shrink-remove", "sync-grow-shrink-remove"])
    assert {"sync-" + "-".join(chain) for chain in SYNC_CHAINS} == set(MOST_WRITES)


def _groups(marks) -> set[str]:
    return {str(mark.args[0]) for mark in marks if mark.name == "xdist_group"}


def _cases(check) -> list[tuple[dict, set[str]]]:
    """Every combination of the check's parametrize marks, as keyword arguments, with the
    journey groups of the check and of its parameters."""
    marks = getattr(check, "pytestmark", [])
    axes = []
    for mark in marks:
        if mark.name != "parametrize":
            continue
        names = [name.strip() for name in mark.args[0].split(",")] if isinstance(mark.args[0], str) else mark.args[0]
        rows = []
        for value in mark.args[1]:
            row, row_marks = (value.values, value.marks) if hasattr(value, "values") else ((value,), ())
            rows.append((dict(zip(names, row)), _groups(row_marks)))
        axes.append(rows)
    cases = []
    for combination in itertools.product(*axes):
        kwargs = {key: value for case, _ in combination for key, value in case.items()}
        cases.append((kwargs, _groups(marks).union(*(groups for _, groups in combination))))
    return cases


def _journey_checks() -> list:
    """Every check (and case) judging a sync journey: those in a sync-* journey group."""
    modules = (test_sync_levels, test_sync_address_fields, test_sync_flag, test_address_space_changes)
    checks = []
    for module in modules:
        for name in sorted(dir(module)):
            if not name.startswith("test_"):
                continue
            check = getattr(module, name)
            for case, groups in _cases(check):
                if not any(group in MOST_WRITES for group in groups):
                    continue
                label = "-".join(getattr(value, "name", str(value)) for value in case.values())
                checks.append(pytest.param(check, case, id=f"{name}[{label}]" if label else name))
    return checks


@pytest.mark.parametrize(("check", "case"), _journey_checks())
def test_every_check_passes_on_the_reference_endpoint(walked, check, case):
    check(walked[0], **case)


def test_the_checks_of_kinds_after_the_first_of_a_chain_are_parametrized():
    """The grow, shrink and remove parts are judged, not only walked."""
    judged = {case["kind"].name for check, case in (param.values for param in _journey_checks()) if "kind" in case}
    assert judged == {kind.name for kind in CHANGE_KINDS}


def test_a_stop_in_an_earlier_kind_is_a_target_error_for_the_later_ones_and_nothing_for_the_earlier():
    stop = Stop("changing vnet a: expected success, got 400", "x-9", False)
    record = JourneyRecord("sync-grow-shrink-remove", stopped=stop)
    record.keep("grow/a:changed:own", Seen("w", "x-1", 200, {}))
    record.keep("shrink/a:changed:own", Seen("w", "x-2", 200, {}))
    record.keep(STOPPED_IN, Seen("the kind", None, None, {"kind": "shrink"}))
    assert kind_part(record, KINDS["grow"]).stopped is None
    assert kind_part(record, KINDS["shrink"]).stopped == stop
    later = kind_part(record, KINDS["remove"]).stopped
    assert later.target_error and later.exchange_id == "x-9" and "shrink steps of this chain" in later.message


def test_a_kind_part_keeps_its_own_keys_and_the_chain_stop():
    stop = Stop("changing vnet a: expected success, got 400", "x-9", False)
    record = JourneyRecord("sync-grow-shrink-remove", stopped=stop)
    record.keep("grow/a:changed:own", Seen("w", "x-1", 200, {}))
    record.keep("shrink/a:changed:own", Seen("w", "x-2", 200, {}))
    part = kind_part(record, KINDS["shrink"])
    assert part.observation("a:changed:own", "SYNC-007").exchange_id == "x-2"
    with pytest.raises(RequirementFailure, match="stopped before this step: changing vnet a"):
        part.observation("b:changed:own", "SYNC-007")


def test_a_kind_that_would_start_from_a_pair_out_of_sync_stops_the_journey(monkeypatch):
    """shrink starts from the pair grow left in full sync; here vnet a changed unsynced first
    (the read waits for full sync for a settle timeout, shortened here)."""
    monkeypatch.setattr(CONVERGENCE, "timeout", 0.5)
    shrink = KINDS["shrink"]
    with embedded_book() as embedded:

        def walk(journey):
            a, b = journey.vnets.several([(shrink.a.before, SUBNET_OF_A, "a"), (shrink.b.before, None, "b")])
            a.peer(b).ensure_succeeded()
            b.peer(a).ensure_succeeded()
            a.put(("10.1.0.0/16", "10.50.0.0/16")).ensure_succeeded()
            _walk(journey, shrink, a, b, opens=False)

        record = embedded.book.take("out-of-sync-start", walk)
    assert record.stopped is not None and "before the shrink steps" in record.stopped.message
    assert record.stopped.target_error  # shrink's checks never saw their state: not judged, not failed
    assert "peeringSyncLevel expected 'FullyInSync'" in record.stopped.message
    assert record.stopped.exchange_id == record.seen["start:a->b"].exchange_id
    assert not any(key.startswith(("a:", "b:", "both")) for key in record.seen)
