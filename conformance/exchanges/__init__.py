"""What a run exchanged with the target, in a form safe to show: secret redaction, the
transcript of exchanges and their rendering as curl commands.

Its own package so that `target` (which records), `results` and `report` (which read and
show) share it without `report` depending on the HTTP client.  It imports nothing from
`conformance.target`.
"""
