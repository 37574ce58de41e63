"""The whole-VNet examples of the REST reference page, replayed against the target.

The documented examples are what people copy first; a target answering them otherwise
than documented (beyond what the live service itself does differently) surprises every
newcomer. The replay machinery is in `example_replay.py`.

The three examples share their VNets, walked once per process as a journey: vnet local1,
local2 and the remote (the documented remote address space) are created together; the
create example is replayed as local1 -> remote, the sync example on that peering; then
an encrypted remote VNet is created (the session cleanup deletes it) and the encryption
example is replayed as local2 -> it.
"""

from __future__ import annotations

import pytest

from conformance.suite.check_findings import RequirementFailure
from conformance.suite.scenarios.example_replay import (
    ExampleReplayer,
    VnetLayout,
    documented_example,
    whole_vnet_setup,
)
from conformance.suite.scenarios.journey_record import JourneyRecord
from conformance.suite.scenarios.journeys import Journey
from conformance.target.errors import NonConformance

REMOTE_ENCRYPTION = {"encryption": {"enabled": True, "enforcement": "AllowUnencrypted"}}
JOURNEY = "documented-examples"
CREATE, ENCRYPTED, SYNC = ("create-peering", "create-peering-with-remote-virtual-network-encryption", "sync-peering")

pytestmark = pytest.mark.xdist_group(JOURNEY)


def examples_journey(journeys) -> JourneyRecord:
    return journeys.take(JOURNEY, _walk)


def _walk(journey: Journey) -> None:
    api = journey.vnets.api
    replayer = ExampleReplayer(api, journey.vnets.names)
    create, encrypted, sync = (documented_example(slug) for slug in (CREATE, ENCRYPTED, SYNC))
    plain = whole_vnet_setup(create)
    local1, local2, remote = journey.vnets.several([
        (plain.local.prefixes, None, "local1"), (whole_vnet_setup(encrypted).local.prefixes, None, "local2"),
        (plain.remote.prefixes, None, "remote")])
    peering = journey.vnets.names.new("peer")
    replay = replayer.send(create, local1.name, remote.name, peering, 201)
    journey.note("create", "the replay of the create example", replay=replay)
    if replay.final.status != 200:  # taken and read back, or the sync example needs it made
        journey.wrote(None, api.put_peering(local1.name, peering, body=replayer.request_body(
            sync, local1.name, remote.name, peering)), "creating the peering the sync example runs on")
    journey.note("sync", "the replay of the sync example", replay=replayer.send(sync, local1.name, remote.name,
                                                                                 peering, 200))
    layout = VnetLayout(whole_vnet_setup(encrypted).remote.prefixes, extra_properties=REMOTE_ENCRYPTION)
    remote_encrypted = journey.vnets.names.new("remote-encrypted")
    try:
        unkept = replayer.put_layout(remote_encrypted, layout)
    except NonConformance as exc:
        journey.note("encryption", "creating the encrypted remote VNet", failure=str(exc))
        return
    if unkept:
        journey.note("encryption", "creating the encrypted remote VNet", unkept=unkept)
        return
    replay = replayer.send(encrypted, local2.name, remote_encrypted, journey.vnets.names.new("peer"), 201)
    journey.note("encryption", "the replay of the encryption example", replay=replay)


def assert_replayed_as_documented(journeys, key: str, requirement: str) -> None:
    """The replay kept as `key` answered as documented (the journey's stop, when it never
    got there); a difference names the exchange of the replayed request."""
    record = examples_journey(journeys)
    seen = record.observation(key, requirement)
    if seen.properties.get("unkept"):
        pytest.skip(seen.properties["unkept"])
    if seen.properties.get("failure"):
        raise RequirementFailure(f"{seen.what}: {seen.properties['failure']}", [requirement])
    replay = seen.properties["replay"]
    differences = replay.differences()
    if differences:
        raise RequirementFailure(
            f"{replay.example.name!r} answered otherwise than documented (exchange {replay.initial.exchange_id}):\n"
            + "\n".join(differences), [requirement], exchange_id=replay.initial.exchange_id)


@pytest.mark.requirements("EX-001")
def test_the_create_peering_example_answers_as_documented(journeys):
    assert_replayed_as_documented(journeys, "create", "EX-001")


@pytest.mark.requirements("EX-002")
def test_the_create_peering_with_remote_encryption_example_answers_as_documented(journeys):
    assert_replayed_as_documented(journeys, "encryption", "EX-002")


@pytest.mark.requirements("EX-005")
def test_the_sync_peering_example_on_an_existing_peering_answers_as_documented(journeys):
    assert_replayed_as_documented(journeys, "sync", "EX-005")
