"""A peering session of the genuine azure-mgmt-network client, as a user would run it:
two VNets, a pair of peerings, an address-space change, a sync, reads, deletes.

It asserts nothing about the answers: the validating proxy in front of the endpoint is
what judges them (a planted bug must reach the proxy, not trip the script).
"""

from __future__ import annotations

import time
import uuid
from typing import Any

from azure.core.credentials import AccessToken
from azure.mgmt.network import NetworkManagementClient
from azure.mgmt.network.models import AddressSpace, SubResource, VirtualNetwork, VirtualNetworkPeering

GROUP = "proxy-rg"
SECRET_TOKEN = "sdk-session-secret-token-0123456789"


class StaticCredential:
    """A TokenCredential with one long-lived token, so tests can look for it in the output."""

    def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        return AccessToken(SECRET_TOKEN, int(time.time()) + 3600)


def run_session(base_url: str, ca_cert: str) -> None:
    client = NetworkManagementClient(
        StaticCredential(), str(uuid.uuid4()), base_url=base_url, connection_verify=ca_cert, polling_interval=0
    )
    vnets, peerings = client.virtual_networks, client.virtual_network_peerings

    def create_vnet(name: str, prefix: str) -> VirtualNetwork:
        body = VirtualNetwork(location="westus", address_space=AddressSpace(address_prefixes=[prefix]))
        return vnets.begin_create_or_update(GROUP, name, body).result()

    vnet1, vnet2 = create_vnet("vnet1", "10.1.0.0/16"), create_vnet("vnet2", "10.2.0.0/16")
    peerings.begin_create_or_update(
        GROUP, "vnet1", "to-vnet2", VirtualNetworkPeering(remote_virtual_network=SubResource(id=vnet2.id))
    ).result()
    peerings.get(GROUP, "vnet1", "to-vnet2")
    peerings.begin_create_or_update(
        GROUP, "vnet2", "to-vnet1", VirtualNetworkPeering(remote_virtual_network=SubResource(id=vnet1.id))
    ).result()
    peerings.get(GROUP, "vnet1", "to-vnet2")
    grown = vnets.get(GROUP, "vnet1")
    grown.address_space.address_prefixes.append("10.99.0.0/16")
    vnets.begin_create_or_update(GROUP, "vnet1", grown).result()
    peerings.get(GROUP, "vnet1", "to-vnet2")
    on_vnet2 = peerings.get(GROUP, "vnet2", "to-vnet1")
    peerings.begin_create_or_update(GROUP, "vnet2", "to-vnet1", on_vnet2, sync_remote_address_space="true").result()
    peerings.get(GROUP, "vnet1", "to-vnet2")
    list(peerings.list(GROUP, "vnet1"))
    peerings.begin_delete(GROUP, "vnet2", "to-vnet1").result()
    peerings.get(GROUP, "vnet1", "to-vnet2")
    peerings.begin_delete(GROUP, "vnet1", "to-vnet2").result()
    vnets.begin_delete(GROUP, "vnet1").result()
    vnets.begin_delete(GROUP, "vnet2").result()
    client.close()
