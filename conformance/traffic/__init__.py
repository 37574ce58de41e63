"""Judging traffic the suite did not send: recorded sessions (`judge`) and a client's
live traffic through a validating proxy (`proxy`).

Readers turn each recording format into redacted `TrafficRecord`s; `TrafficJudge` runs
every exchange through the shape, ARM-contract, LRO and semantic judges (the last one
replays the sequence through `conformance.model`); `judged_results` writes the same
report set as `run`.
"""
