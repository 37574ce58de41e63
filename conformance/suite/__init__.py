"""The conformance suite: a pytest suite shipped in the package, run by `peering-conformance run`."""
