"""Small finished runs built in memory, for the merge and baseline tests."""

from __future__ import annotations

import json
from pathlib import Path

from conformance.results import CheckResult, RunMetadata, RunResults, ScopedRequirement, aggregate, summarize
from conformance.results.certification import RunScopeRecord
from conformance.results.results_file import write_results

REQUIREMENTS = [
    ScopedRequirement("LIFE-001", "MUST", "creates", "core", ("core",), in_scope=True),
    ScopedRequirement("LIFE-002", "MUST", "connects", "core", ("core",), in_scope=True),
    ScopedRequirement("SYNC-001", "SHOULD", "syncs", "core", ("core",), in_scope=True),
    ScopedRequirement("SUBNET-001", "MUST", "subnets", "subnet-peering", ("full",), in_scope=False,
                      out_of_scope_reason="not in run profile core", in_profile=False),
]
CHECKS = {
    "conformance/suite/scenarios/test_a.py::test_create": ["LIFE-001"],
    "conformance/suite/scenarios/test_a.py::test_connect": ["LIFE-002"],
    "conformance/suite/scenarios/test_b.py::test_sync": ["SYNC-001", "LIFE-002"],
}


def shard_results(shard: str | None, test_ids: list[str], *, outcome: str = "passed", seed: int = 5,
                  target: str = "https://127.0.0.1:40001", run_id: str = "aaaaaa") -> RunResults:
    scope = RunScopeRecord(kind="run", profile="core", shard=shard, catalog_sha256="c" * 64)
    checks = [
        CheckResult(test_id, CHECKS[test_id], outcome, message="" if outcome == "passed" else "wrong",
                    exchange_ids=["gw0-00001"], failing_exchange_id=None if outcome == "passed" else "gw0-00001")
        for test_id in test_ids
    ]
    verdicts = aggregate(REQUIREMENTS, checks)
    run = RunMetadata(
        suite_version="0.1.0", run_id=run_id, target_url=target, api_version="2025-05-01", profile="core",
        unsupported=[], seed=seed, max_examples=None, started="2026-01-01T10:00:00+00:00",
        ended="2026-01-01T10:01:00+00:00", duration_s=60.0, workers=2, scope=scope,
    )
    return RunResults(run=run, summary=summarize(verdicts, checks, scope=scope, interrupted=False),
                      requirements=verdicts, checks=checks)


def written(directory: Path, results: RunResults) -> Path:
    write_results(directory, results)
    exchange = {"id": "gw0-00001", "method": "GET", "url": "https://127.0.0.1/x", "request_headers": {},
                "request_body": None, "status": 200, "response_headers": {}, "response_body": None,
                "duration_ms": 1.0, "started": "2026-01-01T10:00:00+00:00", "check": None, "phase": None,
                "error": None}
    (directory / "transcript.jsonl").write_text(json.dumps(exchange) + "\n", encoding="utf-8")
    return directory
