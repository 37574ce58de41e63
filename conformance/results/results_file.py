"""results.json and transcript.jsonl in the report directory: the runner's output contract.

results.json (format_version 2), written once per run by the pytest controller::

    {
      "format_version": 2,
      "transcript": "transcript.jsonl",          # relative to the report directory
      "run": {
        "suite_version": "0.1.0", "run_id": "3fa9c1",
        "target_url": "https://127.0.0.1:43123", "api_version": "2025-05-01",
        "profile": "core", "unsupported": ["subnet-peering"],
        "seed": 1234 | null, "max_examples": 50 | null,
        "started": "2025-01-01T10:00:00+00:00", "ended": "...", "duration_s": 12.3,
        "workers": 2,                             # 0 without xdist
        "interrupted": false,                     # Ctrl-C / abort: results are partial
        "pytest_exit_status": 0,
        "leftovers": ["virtual network pc-3fa9c1-w0-4-a"],  # created, could not be deleted
        "scope": {"kind": "run", "profile": "core", "unsupported": [], "requirements": [],
                  "select": null, "max_examples": null, "shard": null, "catalog_sha256": "...",
                  "narrowed_by": []}       # non-empty: a partial run, which certifies nothing
      },
      "summary": {
        "by_level": {"MUST": {"pass": 10, "fail": 1, "not-applicable": 0, "skipped-by-profile": 3,
                              "not-covered": 2, "target-error": 0}, "SHOULD": {...}, "MAY": {...}},
        "checks": {"passed": 20, "failed": 1},    # check outcomes that occurred
        "certification": {                        # results/certification.py, before waivers
          "profile": "core", "status": "not-conformant", "conformant": false, "exit_code": 1,
          "verdict": "NOT conformant to profile core: failing MUST LIFE-003",
          "checked": 120, "total": 143, "failing_must": ["LIFE-003"], "not_covered_must": [], ...}
      },
      "requirements": [                           # one per catalog requirement, catalog order
        {"id": "LIFE-003", "level": "MUST", "feature": "core",   # the catalog's requirement profile
         "profiles": ["core", "full"],            # the run profiles that check it
         "statement": "...",
         "verdict": "pass|fail|not-applicable|skipped-by-profile|not-covered|target-error",
         "checks": ["conformance/suite/scenarios/test_lifecycle.py::test_x"],
         "messages": ["<test id>: <first line of the failure>"],
         "in_profile": true, "source": "docs/001 ...", "provenance": ["docs"]}
      ],
      "checks": [                                 # one per pytest test that ran or was skipped
        {"test_id": "...", "requirement_ids": ["LIFE-003"],
         "outcome": "passed|failed|error|skipped|not-applicable|target-error", "message": "...",
         "duration_s": 0.42, "exchange_ids": ["gw0-00017", ...],
         "curl": "curl -sS ... (token as ${TOKEN})" | null,
         "failing_exchange_id": "gw0-00019" | null, "worker": "gw0",
         "failed_requirement_ids": [],           # a failure that disproved only these
         "findings": [{"requirement_id": "ADDR-010", "message": "...", "exchange_id": "gw0-00020"}]}
      ]
    }

transcript.jsonl holds one redacted `conformance.exchanges.transcript.Exchange` per line
(id, check, phase, method, url, request_headers, request_body, status, response_headers,
response_body, duration_ms, started, error); `exchange_ids` above refer to its `id`s.
Test ids not deselected by profile appear in `checks`; deselected ones do not.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from pathlib import Path

from conformance.results.outcomes import RunResults
from conformance.exchanges.redaction import redact_text

RESULTS_FILE = "results.json"
TRANSCRIPT_FILE = "transcript.jsonl"


def write_results(report_dir: Path, results: RunResults) -> Path:
    """Write results.json atomically (a reader never sees half a file), redacted."""
    report_dir.mkdir(parents=True, exist_ok=True)
    path = report_dir / RESULTS_FILE
    text = redact_text(json.dumps(results.to_dict(), indent=2, sort_keys=False)) or ""
    partial = path.with_suffix(".json.partial")
    partial.write_text(text + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def load_results(report_dir_or_file: Path) -> RunResults:
    path = report_dir_or_file
    if path.is_dir():
        path = path / RESULTS_FILE
    return RunResults.from_dict(json.loads(path.read_text(encoding="utf-8")))


def merge_transcripts(parts: Iterable[Path], destination: Path) -> int:
    """Concatenate per-worker transcript files into one; returns the number of exchanges."""
    count = 0
    destination.parent.mkdir(parents=True, exist_ok=True)
    with destination.open("w", encoding="utf-8") as sink:
        for part in sorted(parts):
            with part.open(encoding="utf-8") as source:
                for line in source:
                    if line.strip():
                        sink.write(line if line.endswith("\n") else line + "\n")
                        count += 1
    return count
