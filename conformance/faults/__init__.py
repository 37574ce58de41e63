"""A fault-injecting reverse proxy for testing how the runner copes with hostile targets."""

from conformance.faults.proxy import Fault, FaultPlan, FaultProxy

__all__ = ["Fault", "FaultPlan", "FaultProxy"]
