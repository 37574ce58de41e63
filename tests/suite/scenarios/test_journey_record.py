"""A journey's observations are judged one requirement at a time, naming their exchange."""

from __future__ import annotations

import pytest

from conformance.suite.check_findings import RequirementFailure
from conformance.suite.scenarios.journey_record import (
    JourneyRecord,
    Seen,
    Stop,
    expect_peering,
    expect_status,
    expect_unchanged,
    expect_vnet_prefixes,
)
from conformance.target.errors import TargetError


def record_with(**seen: Seen) -> JourneyRecord:
    record = JourneyRecord("sync-add")
    for key, value in seen.items():
        record.keep(key, value)
    return record


def test_a_mismatch_fails_only_the_named_requirement_and_names_the_exchange():
    record = record_with(toward=Seen("peering b->a (p) after vnet a grew", "gw0-00042", 200,
                                     {"peeringSyncLevel": "FullyInSync"}))
    with pytest.raises(RequirementFailure) as failure:
        expect_peering(record, "toward", "SYNC-005", peeringSyncLevel="LocalNotInSync")
    assert failure.value.requirement_ids == ("SYNC-005",)
    assert failure.value.exchange_id == "gw0-00042"
    assert "peeringSyncLevel expected 'LocalNotInSync', saw 'FullyInSync'" in str(failure.value)
    assert "gw0-00042" in str(failure.value)


def test_a_matching_observation_passes_and_returns_its_properties():
    record = record_with(toward=Seen("w", "x-1", 200, {"peeringSyncLevel": "LocalNotInSync"}))
    assert expect_peering(record, "toward", "SYNC-005", peeringSyncLevel="LocalNotInSync")["peeringSyncLevel"]


def test_a_read_that_was_not_200_fails():
    record = record_with(toward=Seen("w", "x-1", 404, {}))
    with pytest.raises(RequirementFailure, match="expected 200 on GET, got 404"):
        expect_peering(record, "toward", "SYNC-005", peeringSyncLevel="LocalNotInSync")


def test_a_journey_that_stopped_early_fails_the_later_checks_with_its_reason():
    record = JourneyRecord("sync-add", stopped=Stop("changing vnet a: expected success, got 400", "x-9", False))
    with pytest.raises(RequirementFailure, match="stopped before this step: changing vnet a") as failure:
        expect_peering(record, "never", "SYNC-012", peeringSyncLevel="FullyInSync")
    assert failure.value.exchange_id == "x-9"


def test_a_journey_stopped_by_the_target_is_a_target_error_not_a_failure():
    record = JourneyRecord("sync-add", stopped=Stop("no answer", None, True))
    with pytest.raises(TargetError):
        expect_status(record, "never", "SYNC-018", (200,))


def test_unchanged_compares_the_later_read_too():
    fields = {"peering a->b peeringSyncLevel": "'RemoteNotInSync'"}
    record = record_with(
        before=Seen("before", "x-1", 200, dict(fields)),
        after=Seen("after the PUT", "x-2", 200, dict(fields)),
        **{"after:later": Seen("after the PUT (again)", "x-3", 200,
                               {"peering a->b peeringSyncLevel": "'FullyInSync'"})},
    )
    with pytest.raises(RequirementFailure, match="was 'RemoteNotInSync' before, 'FullyInSync' after") as failure:
        expect_unchanged(record, "before", "after", "SYNC-014")
    assert failure.value.exchange_id == "x-3"


def test_a_status_and_vnet_prefixes_are_judged_from_the_kept_answer():
    record = record_with(
        put=Seen("the sync PUT", "x-4", 201),
        vnet=Seen("vnet a", "x-5", 200, {"properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16"]}}}),
    )
    with pytest.raises(RequirementFailure, match="expected 200, got 201"):
        expect_status(record, "put", "SYNC-018", (200,))
    expect_vnet_prefixes(record, "vnet", "ADDR-001", ["10.1.0.0/16"])
    with pytest.raises(RequirementFailure, match=r"addressSpace expected \[10.1.0.0/16, 10.99.0.0/16\]"):
        expect_vnet_prefixes(record, "vnet", "ADDR-001", ["10.1.0.0/16", "10.99.0.0/16"])


def test_an_observation_is_kept_once():
    record = record_with(toward=Seen("w", "x-1", 200))
    with pytest.raises(ValueError):
        record.keep("toward", Seen("w", "x-2", 200))
