"""A small, realistic finished run — results.json and transcript.jsonl — built without a target.

Five checks against profile core: a passing pair scenario (peering bodies for the
timeline), a failing sync check with a curl, a SHOULD failure whose curl the report has
to build from the transcript, a target error, and a skipped check; plus a requirement
outside the profile. `leak` plants a token everywhere a careless runner could leave one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path

from conformance.requirements import load_catalog
from conformance.results import (
    CheckResult,
    RunMetadata,
    RunResults,
    ScopedRequirement,
    aggregate,
    summarize,
    write_results,
)
from conformance.exchanges.transcript import Exchange
from conformance.suite.requirement_scope import RunScope

BASE = "https://127.0.0.1:43123"
RG = f"{BASE}/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/peering-conformance"
NET = "providers/Microsoft.Network/virtualNetworks"
API = "?api-version=2025-05-01"
VNET_A, VNET_B = "pc-7c1e-m1-a", "pc-7c1e-m1-b"

PAIR = "conformance/suite/scenarios/test_lifecycle.py::test_pair_connects"
SYNC = "conformance/suite/scenarios/test_sync.py::test_added_prefix_makes_pair_not_in_sync"
ERROR_CODE = "conformance/suite/scenarios/test_arm.py::TestErrors::test_missing_peering_error_code"
DELETE = "conformance/suite/scenarios/test_lifecycle.py::test_delete_leaves_disconnected"
GONE = "conformance/suite/scenarios/test_lifecycle.py::test_deleted_peering_is_gone"

SCOPE = {
    "LIFE-001": True, "LIFE-002": True, "SYNC-003": True, "SYNC-004": True,
    "ARM-005": True, "LIFE-003": True, "LIFE-009": True, "SUBNET-001": False,
}
SERVER_HEADERS = {"Server": "Microsoft-HTTPAPI/2.0", "x-ms-served-by": "network-rp-westus",
                  "Content-Type": "application/json; charset=utf-8"}


@dataclass(frozen=True)
class SyntheticRun:
    report_dir: Path
    results: RunResults
    exchanges: list[Exchange]


def peering_url(vnet: str, name: str) -> str:
    return f"{RG}/{NET}/{vnet}/virtualNetworkPeerings/{name}{API}"


def peering_body(vnet: str, remote: str, state: str, sync: str, remote_space: list[str], remote_now: list[str]) -> str:
    return json.dumps({
        "name": f"to-{remote}",
        "id": f"/subscriptions/0/resourceGroups/peering-conformance/{NET}/{vnet}/virtualNetworkPeerings/to-{remote}",
        "properties": {
            "peeringState": state,
            "peeringSyncLevel": sync,
            "remoteVirtualNetwork": {"id": f"/subscriptions/0/resourceGroups/peering-conformance/{NET}/{remote}"},
            "remoteAddressSpace": {"addressPrefixes": remote_space},
            "remoteVirtualNetworkAddressSpace": {"addressPrefixes": remote_now},
            "provisioningState": "Succeeded",
        },
    })


class _Recorder:
    def __init__(self, leak: str | None) -> None:
        self.exchanges: list[Exchange] = []
        self.leak = leak

    def add(self, check: str, method: str, url: str, status: int | None, body: str | None = None,
            request_body: str | None = None, error: str | None = None, phase: str = "call") -> str:
        exchange_id = f"gw0-{len(self.exchanges) + 1:05d}"
        request_headers = {"Authorization": "[REDACTED]", "x-ms-client-request-id": f"c-{exchange_id}"}
        response_headers = {**SERVER_HEADERS, "x-ms-request-id": f"r-{exchange_id}"}
        if self.leak:
            request_headers["Authorization"] = f"Bearer {self.leak}"
            response_headers["X-Echo"] = self.leak
            body = json.dumps({"echo": self.leak, "value": json.loads(body) if body else None})
        if request_body:
            request_headers["Content-Type"] = "application/json"
        self.exchanges.append(Exchange(
            id=exchange_id, method=method, url=url, request_headers=request_headers, request_body=request_body,
            status=status, response_headers=response_headers if status else {}, response_body=body,
            duration_ms=12.5, started=f"2025-03-01T10:00:{len(self.exchanges):02d}+00:00",
            check=check, phase=phase, error=error,
        ))
        return exchange_id


def _pair_check(recorder: _Recorder) -> CheckResult:
    ids = [
        recorder.add(PAIR, "PUT", f"{RG}/{NET}/{VNET_A}{API}", 201, json.dumps({"name": VNET_A}), "{}", phase="setup"),
        recorder.add(PAIR, "PUT", peering_url(VNET_A, f"to-{VNET_B}"), 201,
                     peering_body(VNET_A, VNET_B, "Initiated", "FullyInSync", ["10.2.0.0/16"], ["10.2.0.0/16"]),
                     json.dumps({"properties": {"remoteVirtualNetwork": {"id": VNET_B}}})),
        recorder.add(PAIR, "GET", peering_url(VNET_A, f"to-{VNET_B}"), 200,
                     peering_body(VNET_A, VNET_B, "Initiated", "FullyInSync", ["10.2.0.0/16"], ["10.2.0.0/16"])),
        recorder.add(PAIR, "PUT", peering_url(VNET_B, f"to-{VNET_A}"), 201,
                     peering_body(VNET_B, VNET_A, "Connected", "FullyInSync", ["10.1.0.0/16"], ["10.1.0.0/16"]),
                     json.dumps({"properties": {"remoteVirtualNetwork": {"id": VNET_A}}})),
        recorder.add(PAIR, "GET", peering_url(VNET_A, f"to-{VNET_B}"), 200,
                     peering_body(VNET_A, VNET_B, "Connected", "FullyInSync", ["10.2.0.0/16"], ["10.2.0.0/16"])),
    ]
    return CheckResult(PAIR, ["LIFE-001", "LIFE-002", "SYNC-003"], "passed", duration_s=1.2,
                       exchange_ids=ids, worker="gw0")


def _sync_check(recorder: _Recorder) -> CheckResult:
    first = len(recorder.exchanges) + 1
    recorder.add(SYNC, "PUT", peering_url(VNET_A, f"to-{VNET_B}"), 201,
                 peering_body(VNET_A, VNET_B, "Initiated", "FullyInSync", ["10.2.0.0/16"], ["10.2.0.0/16"]), "{}")
    recorder.add(SYNC, "PUT", peering_url(VNET_B, f"to-{VNET_A}"), 201,
                 peering_body(VNET_B, VNET_A, "Connected", "FullyInSync", ["10.1.0.0/16"], ["10.1.0.0/16"]), "{}")
    recorder.add(SYNC, "PUT", f"{RG}/{NET}/{VNET_A}{API}", 200, json.dumps({"name": VNET_A}),
                 json.dumps({"properties": {"addressSpace": {"addressPrefixes": ["10.1.0.0/16", "10.9.0.0/16"]}}}))
    recorder.add(SYNC, "GET", peering_url(VNET_B, f"to-{VNET_A}"), 200,
                 peering_body(VNET_B, VNET_A, "Connected", "LocalNotInSync", ["10.1.0.0/16"],
                              ["10.1.0.0/16", "10.9.0.0/16"]))
    failing = recorder.add(SYNC, "GET", peering_url(VNET_A, f"to-{VNET_B}"), 200,
                           peering_body(VNET_A, VNET_B, "Connected", "FullyInSync", ["10.2.0.0/16"], ["10.2.0.0/16"]))
    leak = f" (sent with Bearer {recorder.leak})" if recorder.leak else ""
    curl = (f"curl -sS -i -X GET -H \"Authorization: Bearer ${{TOKEN}}\" '{peering_url(VNET_A, f'to-{VNET_B}')}'"
            + (f" -H 'X-Leak: {recorder.leak}'" if recorder.leak else ""))
    return CheckResult(
        SYNC, ["SYNC-004"], "failed",
        message=f"peering on {VNET_A}: expected peeringSyncLevel RemoteNotInSync, got FullyInSync{leak}",
        duration_s=2.5, exchange_ids=[f"gw0-{n:05d}" for n in range(first, len(recorder.exchanges) + 1)], curl=curl,
        failing_exchange_id=failing, worker="gw0",
    )


def _error_code_check(recorder: _Recorder) -> CheckResult:
    failing = recorder.add(ERROR_CODE, "GET", peering_url(VNET_A, "missing"), 404,
                           json.dumps({"error": {"code": "ResourceNotFound", "message": "not found"}}))
    return CheckResult(ERROR_CODE, ["ARM-005"], "failed", message="expected error code NotFound, got ResourceNotFound",
                       duration_s=0.1, exchange_ids=[failing], failing_exchange_id=failing, worker="gw0")


def _delete_check(recorder: _Recorder) -> CheckResult:
    failing = recorder.add(DELETE, "DELETE", peering_url(VNET_A, f"to-{VNET_B}"), None,
                           error="ConnectionError: ('Connection aborted.', RemoteDisconnected())")
    return CheckResult(DELETE, ["LIFE-003"], "target-error",
                       message="the target closed the connection during DELETE", duration_s=30.0,
                       exchange_ids=[failing], failing_exchange_id=failing, worker="gw0")


def build_results(
    profile: str = "core", leak: str | None = None, interrupted: bool = False, target_error: bool = True,
    whole: bool = False,
) -> tuple[RunResults, list[Exchange]]:
    """target_error=False leaves out the target-error check (and LIFE-003), so the only
    MUST failure is SYNC-004. whole=True records the run as covering its whole profile (as if
    the catalog held only these requirements) and the LIFE-009 check as passed, so that
    only SYNC-004 stands between it and certification."""
    catalog = load_catalog()
    recorder = _Recorder(leak)
    checks = [
        _pair_check(recorder), _sync_check(recorder), _error_code_check(recorder),
        *([_delete_check(recorder)] if target_error else []),
        CheckResult(GONE, ["LIFE-009"], "passed", worker="gw0") if whole else
        CheckResult(GONE, ["LIFE-009"], "skipped", message="the target cannot list peerings", worker="gw0"),
    ]
    scoped = []
    for requirement_id, in_scope in SCOPE.items():
        if requirement_id == "LIFE-003" and not target_error:
            continue
        requirement = catalog.by_id(requirement_id)
        scoped.append(ScopedRequirement(
            id=requirement.id, level=requirement.level, statement=requirement.statement,
            feature=requirement.profile, profiles=("core", "full") if requirement.profile != "subnet-peering" else ("full",),
            in_scope=in_scope,
            out_of_scope_reason=None if in_scope else f"profile {profile} does not include {requirement.profile}",
            in_profile=in_scope, source=requirement.source, provenance=requirement.provenance,
        ))
    verdicts = aggregate(scoped, checks)
    # Recorded as the --requirement narrowing it is, so `verify` can recompute it from the catalog.
    scope = RunScope.build(profile, selected=[] if whole else [item.id for item in scoped if item.in_scope]).record()
    run = RunMetadata(
        suite_version="0.1.0", run_id="7c1e9a", target_url=BASE, api_version="2025-05-01", profile=profile,
        unsupported=[], seed=1234, max_examples=20, started="2025-03-01T10:00:00+00:00",
        ended="2025-03-01T10:00:42+00:00", duration_s=42.0, workers=2, interrupted=interrupted,
        pytest_exit_status=2 if interrupted else 1, scope=scope,
    )
    summary = summarize(verdicts, checks, scope=scope, interrupted=interrupted)
    return RunResults(run=run, summary=summary, requirements=verdicts, checks=checks), recorder.exchanges


def write_run(report_dir: Path, results: RunResults, exchanges: list[Exchange]) -> SyntheticRun:
    """Write results.json and transcript.jsonl as the runner does (transcript lines unredacted
    on purpose: the report stage must not rely on its input being clean)."""
    report_dir.mkdir(parents=True, exist_ok=True)
    (report_dir / "results.json").write_text(json.dumps(results.to_dict(), indent=2), encoding="utf-8")
    with (report_dir / "transcript.jsonl").open("w", encoding="utf-8") as sink:
        for exchange in exchanges:
            sink.write(json.dumps(exchange.to_dict(), sort_keys=True) + "\n")
    return SyntheticRun(report_dir, results, exchanges)


def synthetic_run(report_dir: Path, **options) -> SyntheticRun:
    results, exchanges = build_results(**options)
    return write_run(report_dir, results, exchanges)


def recheck_of(results: RunResults, outcomes: dict[str, str]) -> RunResults:
    """The results of re-running the failing checks, with the outcomes given per test id."""
    checks = [replace(check, outcome=outcomes[check.test_id]) for check in results.checks if check.test_id in outcomes]
    return replace(results, checks=checks)


def write_recheck(report_dir: Path, results: RunResults) -> Path:
    return write_results(report_dir / "recheck", results)
