"""The whole-VNet examples of the REST reference page, replayed against the target.

The documented examples are what people copy first; a target answering them otherwise
than documented (beyond what the live service itself does differently) surprises every
newcomer. The replay machinery is in `example_replay.py`.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.example_replay import (  # noqa: F401 (example_replayer is a fixture)
    documented_example,
    example_replayer,
    whole_vnet_setup,
)

REMOTE_ENCRYPTION = {"encryption": {"enabled": True, "enforcement": "AllowUnencrypted"}}


def assert_as_documented(replay) -> None:
    differences = replay.differences()
    assert not differences, f"{replay.example.name!r} answered otherwise than documented:\n" + "\n".join(differences)


@pytest.mark.requirements("EX-001")
def test_the_create_peering_example_answers_as_documented(example_replayer):
    example = documented_example("create-peering")
    assert_as_documented(example_replayer.replay(example, whole_vnet_setup(example)))


@pytest.mark.requirements("EX-002")
def test_the_create_peering_with_remote_encryption_example_answers_as_documented(example_replayer):
    example = documented_example("create-peering-with-remote-virtual-network-encryption")
    setup = whole_vnet_setup(example, remote_extra=REMOTE_ENCRYPTION)
    assert_as_documented(example_replayer.replay(example, setup))


@pytest.mark.requirements("EX-005")
def test_the_sync_peering_example_on_an_existing_peering_answers_as_documented(example_replayer):
    example = documented_example("sync-peering")
    assert_as_documented(example_replayer.replay(example, whole_vnet_setup(example, existing_peering=True)))
