"""Each kind of disagreement of the state machine names the one requirement behind it."""

from __future__ import annotations

import pytest

from conformance.model.network import CONNECTED, DISCONNECTED, INITIATED
from conformance.requirements import load_catalog
from conformance.suite.stateful import mismatch_requirements as rq
from conformance.suite.stateful.mismatch_requirements import PeeringSituation, WriteSituation
from conformance.suite.stateful.test_model_based import COMPARED

F, L, R, LR = "FullyInSync", "LocalNotInSync", "RemoteNotInSync", "LocalAndRemoteNotInSync"


def connected(level: str, **situation) -> PeeringSituation:
    return PeeringSituation(state=CONNECTED, level=level, **situation)


@pytest.mark.parametrize(
    ("situation", "requirement"),
    [
        (PeeringSituation(state=INITIATED, level=F), "LIFE-001"),
        (PeeringSituation(state=INITIATED, level=F, revived=True), "LIFE-007"),
        (connected(F), "LIFE-002"),
        (connected(F, revived=True), "LIFE-008"),
        (connected(F, last_step=rq.REVERSE_UPDATED), "LIFE-015"),
        (connected(R, last_step=rq.LOCAL_VNET_PUT, vnet_put_added=True), "ADDR-001"),
        (PeeringSituation(state=DISCONNECTED, level=F, disconnected_by="LIFE-004"), "LIFE-004"),
        (PeeringSituation(state=DISCONNECTED, level=F), "LIFE-003"),
    ],
)
def test_a_wrong_peering_state_names_the_lifecycle_requirement_of_the_situation(situation, requirement):
    assert rq.peering_state_requirement(situation) == requirement


@pytest.mark.parametrize(
    ("situation", "seen", "requirement"),
    [
        # one-sided: the docs' rule (SYNC-002), and after the remote changed (SYNC-020, a SHOULD)
        (PeeringSituation(state=INITIATED, level=F), L, "SYNC-002"),
        (PeeringSituation(state=INITIATED, level=L, remote_change=rq.ADDED), F, "SYNC-020"),
        # a connected pair, nothing changed
        (connected(F), R, "SYNC-003"),
        # a prefix added to B: P (toward B) must say LocalNotInSync; added to A: RemoteNotInSync
        (connected(L, remote_change=rq.ADDED, last_step=rq.REMOTE_VNET_PUT), F, "SYNC-005"),
        (connected(R, local_change=rq.ADDED, last_step=rq.LOCAL_VNET_PUT), F, "SYNC-004"),
        (connected(L, remote_change=rq.REMOVED), F, "SYNC-006"),
        (connected(R, local_change=rq.RESIZED), F, "SYNC-007"),
        (connected(LR, remote_change=rq.ADDED, local_change=rq.ADDED), L, "SYNC-008"),
        # after peering PUTs of the pair
        (connected(F, last_step=rq.SYNCED, before_level=L), L, "SYNC-013"),
        (connected(R, last_step=rq.SYNCED, before_level=LR), F, "SYNC-016"),
        (connected(R, last_step=rq.SYNCED, before_level=R), F, "SYNC-015"),
        (connected(F, last_step=rq.REVERSE_SYNCED, reverse_before_level=F), R, "SYNC-018"),
        (connected(L, last_step=rq.UPDATED, before_level=L), F, "SYNC-014"),
        # back to the peered space without a sync (SYNC-019, a SHOULD); in sync after an earlier sync
        (connected(F, remote_changed_back=True), L, "SYNC-019"),
        (connected(F, snapshot_by_sync=True), L, "SYNC-013"),
        (connected(F, local_changed_back=True), R, "SYNC-019"),
        # a level that is no level at all: the first half that cannot be right
        (connected(F), "InSyncish", "SYNC-003"),
    ],
)
def test_a_wrong_sync_level_names_the_sync_requirement_of_the_situation(situation, seen, requirement):
    assert rq.sync_level_requirement(situation, seen) == requirement


@pytest.mark.parametrize(
    ("situation", "remote_space", "remote_vnet_space"),
    [
        (connected(F, last_step=rq.CREATED), "SYNC-001", "SYNC-001"),
        (connected(L, remote_change=rq.ADDED), "SYNC-009", "SYNC-010"),
        (connected(R, local_change=rq.ADDED), "SYNC-011", "SYNC-011"),
        (connected(F, last_step=rq.SYNCED, before_level=L), "SYNC-012", "SYNC-010"),
        (connected(F, last_step=rq.SYNCED, before_level=F), "SYNC-018", "SYNC-010"),
        (connected(L, last_step=rq.UPDATED, before_level=L), "SYNC-014", "SYNC-010"),
    ],
)
def test_a_wrong_address_space_field_names_its_sync_requirement(situation, remote_space, remote_vnet_space):
    assert rq.remote_address_space_requirement(situation) == remote_space
    assert rq.remote_vnet_address_space_requirement(situation) == remote_vnet_space


def test_a_missing_or_unexpected_peering_names_what_should_have_kept_or_removed_it():
    assert rq.missing_peering_requirement(connected(F, last_step=rq.LOCAL_VNET_PUT)) == "ADDR-012"
    assert rq.missing_peering_requirement(PeeringSituation(state=INITIATED, level=F)) == "LIFE-001"
    assert rq.unexpected_peering_requirement("LIFE-010") == "LIFE-010"
    assert rq.unexpected_peering_requirement(None) == "LIFE-009"


@pytest.mark.parametrize(
    ("write", "code", "requirement"),
    [
        (WriteSituation("put_vnet"), "NetcfgInvalidAddressPrefix", "ADDR-010"),
        (WriteSituation("put_vnet", own_link_overlaps=True), "VnetAddressSpacesOverlap", "ADDR-006"),
        (WriteSituation("put_vnet"), "VnetAddressSpacesOverlap", "ADDR-007"),
        (WriteSituation("put_vnet"), "VnetAddressSpaceOverlapsWithAlreadyPeeredVnet", "ADDR-009"),
        (WriteSituation("put_peering"), "VnetAddressSpacesOverlap", "ADDR-005"),
        (WriteSituation("put_peering"), "CannotPeerVirtualNetworkWithItself", "LIFE-012"),
        (WriteSituation("put_peering"), "RemoteVirtualNetworkNotFound", "LIFE-011"),
        (WriteSituation("put_peering"), "RemotePeeringIsDisconnected", "LIFE-005"),
        (WriteSituation("put_peering"), "ResourceNotFound", "ARM-011"),
        (WriteSituation("put_peering"), "SomethingTheModelNeverSays", None),
    ],
)
def test_a_refusal_the_target_did_not_give_names_the_rule_that_refuses(write, code, requirement):
    assert rq.refusal_requirement(write, code) == requirement


@pytest.mark.parametrize(
    ("write", "requirement"),
    [
        (WriteSituation("put_peering"), "LIFE-001"),
        (WriteSituation("put_peering", reverse_exists=True), "LIFE-002"),
        (WriteSituation("put_peering", reverse_exists=True, reverse_revived=True), "LIFE-008"),
        (WriteSituation("put_peering", others_peer_remote=True), "DUP-004"),
        (WriteSituation("put_peering", existed=True, disconnected=True), "LIFE-007"),
        (WriteSituation("put_peering", existed=True), "DUP-003"),
        (WriteSituation("put_peering", existed=True, sync=True, level_before=L), "SYNC-012"),
        (WriteSituation("put_peering", existed=True, sync=True, level_before=F), "SYNC-018"),
        (WriteSituation("delete_peering", existed=True, reverse_exists=True), "LIFE-003"),
        (WriteSituation("delete_peering", existed=True), "LIFE-009"),
        (WriteSituation("delete_peering"), "ARM-008"),
        (WriteSituation("delete_peering", vnet_exists=False), None),
        (WriteSituation("delete_vnet"), "ARM-009"),
        (WriteSituation("delete_vnet", existed=True, has_own_peerings=True), "LIFE-010"),
        (WriteSituation("put_vnet", existed=True, linked=True, space_change=rq.ADDED), "ADDR-001"),
        (WriteSituation("put_vnet", existed=True, linked=True, space_change=rq.REMOVED), "ADDR-002"),
        (WriteSituation("put_vnet", existed=True, linked=True, space_change=rq.RESIZED), "ADDR-003"),
        # a VNet nothing peers with: no peering requirement says it must be accepted
        (WriteSituation("put_vnet"), None),
    ],
)
def test_a_refused_write_the_model_accepts_names_the_requirement_that_it_succeeds(write, requirement):
    assert rq.success_requirement(write) == requirement


def test_status_and_code_of_a_refusal_are_judged_only_where_a_requirement_fixes_them():
    assert rq.refusal_status_accepted("ADDR-005", 400, 409)
    assert not rq.refusal_status_accepted("ADDR-010", 400, 409)
    assert rq.code_requirement("ADDR-005", 400, "VnetAddressSpacesOverlap") is None
    assert rq.code_requirement("ADDR-005", 409, "VnetAddressSpacesOverlap") == "ADDR-013"
    assert rq.code_requirement("ADDR-006", 400, "Conflict") == "ADDR-008"
    assert rq.code_requirement("ADDR-010", 400, "AnyCode") is None


def test_a_refusal_with_the_fixed_status_and_code_bears_out_the_code_requirement():
    assert rq.fixed_code_requirement("ADDR-005") == "ADDR-013"
    assert rq.fixed_code_requirement("ADDR-007") == "ADDR-008"
    assert rq.fixed_code_requirement("ADDR-010") is None


@pytest.mark.parametrize(
    ("situation", "requirements"),
    [
        # both halves of a connected pair's level: the remote half stale after A grew (SYNC-004)
        (connected(R, local_change=rq.ADDED, last_step=rq.LOCAL_VNET_PUT), ("SYNC-003", "SYNC-004")),
        (connected(L, remote_change=rq.ADDED), ("SYNC-005", "SYNC-003")),
        (connected(R, local_change=rq.REMOVED), ("SYNC-003", "SYNC-006")),
        (connected(LR, remote_change=rq.ADDED, local_change=rq.ADDED), ("SYNC-008",)),
        (connected(F), ("SYNC-003",)),
        # a PUT of the pair just set the level: its requirement only
        (connected(F, last_step=rq.SYNCED, before_level=L), ("SYNC-013",)),
        (PeeringSituation(state=INITIATED, level=F), ("SYNC-002",)),
    ],
)
def test_an_agreeing_sync_level_bears_out_the_requirement_of_each_half(situation, requirements):
    assert rq.agreeing_sync_level_requirements(situation) == requirements


@pytest.mark.parametrize(
    ("peered", "now", "change"),
    [
        (["10.0.0.0/16"], ["10.0.0.0/16", "10.100.0.0/16"], rq.ADDED),
        (["10.0.0.0/16", "10.100.0.0/16"], ["10.0.0.0/16"], rq.REMOVED),
        (["10.0.0.0/16"], ["10.0.0.0/15"], rq.RESIZED),
        (["10.0.0.0/16"], ["10.1.0.0/16"], rq.ADDED),
        (["10.0.0.0/16", "2001:DB8::/32"], ["2001:db8::/32", "10.0.0.0/16"], None),
    ],
)
def test_how_a_space_changed(peered, now, change):
    assert rq.space_change(tuple(peered), tuple(now)) == change


def test_every_requirement_a_disagreement_can_name_is_in_the_catalog_and_named_by_the_check():
    named = {
        *rq.PEERING_REFUSALS.values(), *rq.VNET_REFUSALS.values(), *rq.REFUSAL_CODES,
        *(code for code, _ in rq.REFUSAL_CODES.values()), *rq.ANY_CLIENT_ERROR,
        "ADDR-001", "ADDR-002", "ADDR-003", "ADDR-006", "ADDR-007", "ADDR-012", "DUP-003", "DUP-004",
        "ARM-004", "ARM-008", "ARM-009", "LIFE-015", *(f"SYNC-{n:03}" for n in range(1, 21)),
    }
    catalog = load_catalog()
    assert not named - set(catalog.ids)
    assert not named - set(COMPARED)
    assert set(COMPARED) <= set(catalog.ids)
