"""Who can reach a resource: only through its own subscription and resource group, and only
with a valid token when the target requires one.

Subscriptions and resource groups are Azure's access boundaries; a target that resolves a
peering by name alone leaks it across tenants, and one that ignores a missing token lets
anyone write.
"""

from __future__ import annotations

import uuid

import pytest

from conformance.suite.scenarios.arm_checks import peering_path, vnet_path
from conformance.target.peering_api import peering_body


@pytest.mark.requirements("ARM-036")
def test_a_resource_cannot_be_read_through_another_subscription_or_resource_group(api, pair, names):
    a, b = pair()
    a.peer(b).ensure_succeeded()
    config, peering = api.config, a.peering_name(b)
    elsewhere = {
        "another resource group": {"resource_group": names.new("othergroup")},
        "another subscription": {"subscription": str(uuid.uuid4())},
    }
    leaks = []
    for label, scope in elsewhere.items():
        for what, path in (
            ("VNet", vnet_path(config, a.name, **scope)),
            ("peering", peering_path(config, a.name, peering, **scope)),
            ("peering list", f"{vnet_path(config, a.name, **scope)}/virtualNetworkPeerings"),
        ):
            response = api.client.get(path)
            if not 400 <= response.status < 500:
                leaks.append(f"{what} through {label}: {response.describe()}")
    assert not leaks, "resources reachable outside their scope:\n" + "\n".join(leaks)


def token_is_required(config) -> bool:
    """The run declares that the target enforces a token by giving one (--token / --azure-credential)."""
    return bool(config.token or config.azure_credential)


@pytest.mark.requirements("ARM-037")
def test_a_request_without_or_with_a_wrong_token_answers_401_and_changes_nothing(api, pair, names):
    if not token_is_required(api.config):
        pytest.skip("no token given (--token / --azure-credential): the target is not declared to require one")
    a, b = pair()
    a.peer(b).ensure_succeeded()
    before = a.get_peering(b).json()
    new_peering = names.new("unauthorized")
    credentials = {"no token": {}, "a wrong token": {"Authorization": "Bearer not-a-valid-token"}}
    for label, headers in credentials.items():
        attempts = {
            "GET": api.client.get(api.peering_id(a.name, a.peering_name(b)), headers=headers, auth=False),
            "PUT of a new peering": api.client.put(
                api.peering_id(a.name, new_peering), json=peering_body(b.id), headers=headers, auth=False
            ),
            "PUT changing a peering": api.client.put(
                api.peering_id(a.name, a.peering_name(b)),
                json=peering_body(b.id, allowForwardedTraffic=True),
                headers=headers,
                auth=False,
            ),
            "DELETE": api.client.delete(api.peering_id(a.name, a.peering_name(b)), headers=headers, auth=False),
        }
        for attempt, response in attempts.items():
            assert response.status == 401, f"{attempt} with {label}: {response.describe()}"
    assert a.get_peering(new_peering).status == 404, "an unauthenticated PUT created a peering"
    assert a.get_peering(b).json() == before, "an unauthenticated write changed the peering"
