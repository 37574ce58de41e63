"""Names in the URL compare case-insensitively, and the casing first given is the one kept.

Clients and people re-type names (the portal, scripts, `az` with a name from a ticket); a
target that treats `Peer1` and `peer1` as two resources creates duplicates or answers 404
for a peering that exists, and one that re-cases names breaks clients comparing ids. The
checks judge the last steps of the ARM-contract journey (arm_journey.py): peering a->b
read, updated and deleted under another casing of its name, vnet a read, listed and
re-PUT under other casings of its name and resource group.
"""

from __future__ import annotations

import pytest

from conformance.suite.check_findings import not_applicable
from conformance.suite.scenarios.arm_journey import JOURNEY, arm_journey
from conformance.suite.scenarios.journey_record import expect_status, fail

pytestmark = pytest.mark.xdist_group(JOURNEY)


@pytest.mark.requirements("ARM-016")
def test_get_put_and_delete_under_other_casing_reach_the_same_peering(journeys):
    record = arm_journey(journeys)
    name = record.observation("names", "ARM-016").properties["peering"]
    found = expect_status(record, "casing:get", "ARM-016", (200,))
    fail("ARM-016", found, [] if str(found.properties.get("id", "")).lower().endswith(name.lower()) else
         [f"id {found.properties.get('id')!r} is not peering {name}'s"])
    expect_status(record, "casing:put", "ARM-016", (200,))
    read = expect_status(record, "casing:read-first", "ARM-016", (200,))
    forwarded = (read.properties.get("properties") or {}).get("allowForwardedTraffic")
    fail("ARM-016", read, [] if forwarded is False else ["the PUT under other casing changed nothing"])
    listed = record.observation("casing:list", "ARM-016")
    names = listed.properties["names"]
    fail("ARM-016", listed, [] if [n.lower() for n in names] == [name.lower()] else
         [f"expected one peering, listed {names}"])
    deleted = record.observation("casing:deleted", "ARM-016")
    fail("ARM-016", record.observation("casing:delete", "ARM-016"),
         [] if deleted.properties["succeeded"] else ["the DELETE under other casing did not succeed"])
    expect_status(record, "casing:gone", "ARM-016", (404,))


@pytest.mark.requirements("ARM-017")
def test_a_re_put_under_other_casing_keeps_the_first_casing(journeys):
    record = arm_journey(journeys)
    first = record.observation("names", "ARM-017").properties["peering"]
    for key in ("casing:put", "casing:read-first", "casing:read-other"):
        seen = expect_status(record, key, "ARM-017", (200,))
        body = seen.properties
        name, peering_id = body.get("name"), str(body.get("id", ""))
        fail("ARM-017", seen, [] if name == first and peering_id.endswith(f"/virtualNetworkPeerings/{first}") else
             [f"name {name!r}, id {peering_id!r}; first given as {first!r}"])


@pytest.mark.requirements("ARM-018")
def test_resource_group_and_vnet_names_compare_case_insensitively(journeys):
    record = arm_journey(journeys)
    if not record.observation("casing:group", "ARM-018").properties["recasable"]:
        not_applicable("the resource group name has no letters to re-case")
    names = record.observation("names", "ARM-018").properties
    vnet = expect_status(record, "group-casing:vnet", "ARM-018", (200,))
    fail("ARM-018", vnet, [] if str(vnet.properties.get("id", "")).lower().endswith("/" + names["a"].lower()) else
         [f"id {vnet.properties.get('id')!r} is not vnet a's"])
    expect_status(record, "group-casing:peering", "ARM-018", (200,))
    listed = record.observation("group-casing:listed", "ARM-018")
    fail("ARM-018", record.observation("group-casing:list", "ARM-018"),
         [] if [n.lower() for n in listed.properties["names"]] == [names["peering"].lower()] else
         [f"listed {listed.properties['names']}"])
    put = expect_status(record, "group-casing:put", "ARM-018", (200,))
    fail("ARM-018", put, [] if record.observation("group-casing:waited", "ARM-018").properties["succeeded"] else
         ["the VNet PUT under other casing did not succeed"])
    vnets = [n.lower() for n in record.observation("group-casing:vnets", "ARM-018").properties["names"]]
    fail("ARM-018", put, [] if vnets.count(names["a"].lower()) == 1 else
         [f"{names['a']} listed {vnets.count(names['a'].lower())} times"])
