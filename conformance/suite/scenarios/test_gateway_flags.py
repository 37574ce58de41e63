"""Gateway flags that can be judged without a gateway: useRemoteGateways toward a VNet without one.

This API cannot create a virtual network gateway, so every VNet of the suite has none;
GW-003 to GW-006 need one and are not api-testable (see the catalog's `why`).
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.peering_expectations import check_peering_absent, check_refused, check_succeeded


NO_GATEWAY_CODE = "RemoteVnetHasNoGateways"


@pytest.mark.requirements("GW-001")
def test_use_remote_gateways_toward_a_vnet_without_gateway_is_refused_at_create(pair):
    """The remote VNet has no gateway to use: a 4xx CloudError (the live 400 and its code
    are GW-007), no peering."""
    a, b = pair()
    refused = a.peer(b, useRemoteGateways=True)
    check_refused(refused.initial, "creating a->b with useRemoteGateways true", status=None)
    check_peering_absent(a, b, "after the refused create")


@pytest.mark.requirements("GW-002")
def test_use_remote_gateways_toward_a_vnet_without_gateway_is_refused_at_update(pair):
    """Turning useRemoteGateways on later is refused too, and the refused PUT changes nothing."""
    a, b = pair()
    check_succeeded(a.peer(b), "creating the peering a->b")
    before = a.peering(b)
    refused = a.peer(b, useRemoteGateways=True, allowForwardedTraffic=True)
    check_refused(refused.initial, "updating a->b to useRemoteGateways true", status=None)
    after = a.peering(b)
    assert after["properties"].get("useRemoteGateways") is False, (
        f"useRemoteGateways must stay false after the refused update: {after['properties']}"
    )
    assert after == before, f"the refused update changed the peering: before {before}, after {after}"


@pytest.mark.requirements("GW-007")
def test_the_refusals_of_use_remote_gateways_say_remote_vnet_has_no_gateways(pair):
    """The status and code of GW-001's and GW-002's refusals, as the live service answers them
    (a SHOULD)."""
    a, b = pair()
    check_refused(a.peer(b, useRemoteGateways=True).initial, "creating a->b with useRemoteGateways true",
                  code=NO_GATEWAY_CODE)
    check_succeeded(a.peer(b), "creating the peering a->b")
    check_refused(a.peer(b, useRemoteGateways=True).initial, "updating a->b to useRemoteGateways true",
                  code=NO_GATEWAY_CODE)
