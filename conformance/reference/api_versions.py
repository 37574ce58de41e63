"""The api-versions the endpoint serves, and the errors for the others.

Genuine clients cannot be told which version to send (the Azure CLI 2.91.0 sends
2023-11-01 for peerings and 2025-07-01 for VNets, azure-mgmt-network 30.2.0 sends
2025-05-01, 33.1.0 sends 2026-03-01), so every Microsoft.Network version such a client
sends is served with the same (2025-05-01) semantics; older ones seen in the recordings
are served too.
"""

from __future__ import annotations

from conformance.reference.arm_errors import ArmError, bad_request

NETWORK_API_VERSIONS: tuple[str, ...] = (
    "2021-02-01",
    "2022-07-01",
    "2023-02-01",
    "2023-04-01",
    "2023-05-01",
    "2023-06-01",
    "2023-09-01",
    "2023-11-01",
    "2024-01-01",
    "2024-03-01",
    "2024-05-01",
    "2024-07-01",
    "2024-10-01",
    "2025-01-01",
    "2025-03-01",
    "2025-05-01",
    "2025-07-01",
    "2026-01-01",
    "2026-03-01",
)

# Microsoft.Resources/resourceGroups versions recent SDKs, the CLI and PowerShell send.
RESOURCE_GROUP_API_VERSIONS: tuple[str, ...] = (
    "2019-10-01",
    "2020-06-01",
    "2020-10-01",
    "2021-01-01",
    "2021-04-01",
    "2022-09-01",
    "2023-07-01",
    "2024-03-01",
    "2024-07-01",
    "2024-11-01",
    "2025-03-01",
    "2025-04-01",
)


def missing_api_version() -> ArmError:
    return bad_request(
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.",
    )


def check_network_api_version(values: list[str], resource_type: str) -> str:
    """The api-version of a Microsoft.Network request; ArmError when missing or not served."""
    if not values or not values[-1]:
        raise missing_api_version()
    for value in values:
        if value not in NETWORK_API_VERSIONS:
            raise bad_request(
                "NoRegisteredProviderFound",
                f"No registered resource provider found for API version '{value}' and type "
                f"'{resource_type}'. The supported api-versions are "
                f"'{', '.join(NETWORK_API_VERSIONS)}'.",
            )
    return values[-1]


def check_resource_group_api_version(values: list[str]) -> str:
    """The api-version of an ARM resource-group request (ARM's own type: InvalidApiVersionParameter)."""
    if not values or not values[-1]:
        raise missing_api_version()
    for value in values:
        if value not in RESOURCE_GROUP_API_VERSIONS:
            raise bad_request(
                "InvalidApiVersionParameter",
                f"The api-version '{value}' is invalid. The supported versions are "
                f"'{', '.join(RESOURCE_GROUP_API_VERSIONS)}'.",
            )
    return values[-1]
