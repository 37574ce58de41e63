"""What the endpoint accepts as a subscription id, a resource-group, resource or location name.

The limits follow Azure's naming rules for Microsoft.Network and resource groups:

| name            | length | characters                                                        |
|-----------------|--------|-------------------------------------------------------------------|
| subscription    | -      | a UUID                                                            |
| resource group  | 1-90   | letters, digits (Unicode), `_` `-` `.` `(` `)`; not ending in `.` |
| virtual network | 2-64   | ASCII letters, digits, `_` `-` `.`; starts with a letter or digit, |
|                 |        | ends with a letter, digit or `_`                                  |
| peering, subnet | 1-80   | same characters and ends as a virtual network                     |
| location        | 1-90   | ASCII letters, digits and spaces (compared without case/spaces)   |

Names are validated where a resource is written (PUT); a read or delete of a name that
could never have been created simply finds nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from conformance.reference.arm_errors import ArmError, bad_request

_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")
_RESOURCE_GROUP = re.compile(r"[\w().-]+")
_RESOURCE = re.compile(r"[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9_])?")
_LOCATION = re.compile(r"[A-Za-z0-9 ]+")


@dataclass(frozen=True)
class NameRule:
    kind: str
    min_length: int
    max_length: int


VNET_NAME = NameRule("virtual network", 2, 64)
PEERING_NAME = NameRule("virtual network peering", 1, 80)
SUBNET_NAME = NameRule("subnet", 1, 80)
RESOURCE_GROUP_MAX_LENGTH = 90
LOCATION_MAX_LENGTH = 90


def check_subscription(subscription: str) -> None:
    if not _UUID.fullmatch(subscription):
        raise bad_request(
            "InvalidSubscriptionId",
            f"The provided subscription identifier '{subscription}' is malformed or invalid.",
        )


def check_resource_group(name: str) -> None:
    if (
        not 1 <= len(name) <= RESOURCE_GROUP_MAX_LENGTH
        or not _RESOURCE_GROUP.fullmatch(name)
        or name.endswith(".")
    ):
        raise bad_request(
            "InvalidResourceGroupName",
            f"Resource group name '{name}' is invalid. It can be 1 to {RESOURCE_GROUP_MAX_LENGTH} "
            "characters long and may contain letters, digits, '_', '-', '.', '(' and ')', "
            "and must not end with '.'.",
        )


def check_resource_name(name: str, rule: NameRule) -> None:
    if not rule.min_length <= len(name) <= rule.max_length or not _RESOURCE.fullmatch(name):
        raise ArmError(
            400,
            "InvalidResourceName",
            f"Resource name {name} is invalid. A {rule.kind} name can be {rule.min_length} to "
            f"{rule.max_length} characters long. It must begin with a letter or digit, end with "
            "a letter, digit or '_', and may contain only letters, digits, '.', '-' and '_'.",
            target=rule.kind,
        )


def check_location(location: str) -> str:
    """The location as ARM normalizes it (lower case, no spaces): 'West US 2' -> 'westus2'."""
    if not 1 <= len(location) <= LOCATION_MAX_LENGTH or not _LOCATION.fullmatch(location):
        raise bad_request(
            "LocationNotAvailableForResourceType",
            f"The provided location '{location}' is not available for resource type "
            "'Microsoft.Network/virtualNetworks'.",
            target="location",
        )
    return normalize_location(location)


def normalize_location(location: str) -> str:
    return location.replace(" ", "").lower()
