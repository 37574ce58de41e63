"""The self-test: planted-bug variants of the reference endpoint (variants/) and
`peering-conformance selftest`, which measures how many of them the suite catches."""
