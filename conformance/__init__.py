"""peering-conformance: conformance suite for the Azure Virtual Network Peerings API."""

__version__ = "0.1.0"
