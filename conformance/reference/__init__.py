"""The embedded reference endpoint: an ARM-shaped Virtual Network Peerings service.

It runs the executable model (`conformance.model`) behind the ARM resource-provider
contract (status codes, headers, LROs, etags, paging, CloudErrors) and keeps its state
in SQLite. Start one with `ReferenceServer` or `peering-conformance serve`.
"""

from conformance.reference.request_context import EndpointSettings
from conformance.reference.server import ReferenceServer, ServeProcess

__all__ = ["EndpointSettings", "ReferenceServer", "ServeProcess"]
