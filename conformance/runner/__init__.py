"""`peering-conformance run`: the embedded endpoint, the pytest invocation, the exit code."""
