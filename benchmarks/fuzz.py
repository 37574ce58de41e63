"""Fuzz throughput: our fuzzing phase versus the schemathesis CLI, same spec, same endpoint.

Both are timed as whole processes (start-up included, as a CI job pays it) with the same
examples per operation. Ours is started exactly as `peering-conformance run` starts the
suite (its `SuiteInvocation`: arguments, plugins, environment), narrowed to the fuzzing
phase, so a change of the runner's invocation shows here. A case is one generated
request: for our phase, a fuzzing-check exchange of the test call that is not an LRO poll
(our client follows LROs; `st` does not).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from benchmarks.core_run import FIXED_SEED, is_lro_poll, read_jsonl, suite_phase
from benchmarks.processes import ReferenceEndpoint, console_script, run_suite_timed, run_timed
from conformance.runner.pytest_invocation import SuiteInvocation
from conformance.target.config import TargetConfig

SPEC = Path(__file__).resolve().parent.parent / "specs" / "openapi.json"
ST_CASES_LINE = re.compile(r"(\d+)\s+generated")
PYTEST_NO_TESTS_COLLECTED = 5
FUZZING_PHASE = "conformance/suite/fuzzing"


def count_our_cases(exchanges: list[dict]) -> int:
    return sum(
        1 for x in exchanges
        if suite_phase(x.get("check")) == "fuzzing" and x.get("phase") == "call" and not is_lro_poll(x["url"])
    )


def count_st_cases(output: str) -> int | None:
    """The `N generated` of st's "Test cases:" summary."""
    matches = ST_CASES_LINE.findall(output)
    return int(matches[-1]) if matches else None


def rate(cases: int | None, seconds: float) -> float | None:
    return round(cases / seconds, 1) if cases and seconds > 0 else None


def fuzz_phase_invocation(endpoint: ReferenceEndpoint, max_examples: int, report_dir: Path) -> SuiteInvocation:
    """What `peering-conformance run` would ask of pytest, for the fuzzing phase only."""
    return SuiteInvocation(
        target=TargetConfig(endpoint.url, ca_cert=endpoint.ca_cert), profile="core", report_dir=report_dir,
        seed=int(FIXED_SEED), max_examples=max_examples, node_ids=(FUZZING_PHASE,),
    )


def run_ours(endpoint: ReferenceEndpoint, max_examples: int, workdir: Path) -> dict:
    report_dir = Path(tempfile.mkdtemp(prefix="fuzz-ours-", dir=workdir))
    run = run_suite_timed(fuzz_phase_invocation(endpoint, max_examples, report_dir))
    exchanges = read_jsonl(report_dir / "transcript.jsonl")
    cases = count_our_cases(exchanges)
    result = {"command": f"the runner's pytest invocation on {FUZZING_PHASE}", "exit_code": run.returncode,
              "wall_s": round(run.wall_s, 3), "cases": cases, "requests": len(exchanges),
              "cases_per_s": rate(cases, run.wall_s)}
    if run.returncode == PYTEST_NO_TESTS_COLLECTED or not cases:
        result["unavailable"] = "the fuzzing phase collected no checks (conformance/suite/fuzzing/ has no tests yet)"
    return result


def run_schemathesis(endpoint: ReferenceEndpoint, max_examples: int, workdir: Path) -> dict:
    report_dir = Path(tempfile.mkdtemp(prefix="fuzz-st-", dir=workdir))
    run = run_timed([
        console_script("st"), "run", str(SPEC), "--url", endpoint.url, "--tls-verify", endpoint.ca_cert,
        "--phases", "fuzzing", "--checks", "not_a_server_error", "--max-examples", str(max_examples),
        "--seed", FIXED_SEED, "--report-dir", str(report_dir),
    ], cwd=report_dir, env={"NO_COLOR": "1"})
    cases = count_st_cases(run.output())
    return {"command": f"st run specs/openapi.json --phases fuzzing --checks not_a_server_error "
                       f"--max-examples {max_examples}",
            "exit_code": run.returncode, "wall_s": round(run.wall_s, 3), "cases": cases,
            "cases_per_s": rate(cases, run.wall_s)}


def measure_fuzz(max_examples: int, workdir: Path) -> dict:
    """One endpoint instance serves both tools, ours first."""
    with ReferenceEndpoint(workdir / "fuzz-endpoint") as endpoint:
        ours = run_ours(endpoint, max_examples, workdir)
        theirs = run_schemathesis(endpoint, max_examples, workdir)
    ratio = None
    if ours.get("cases_per_s") and theirs.get("cases_per_s"):
        ratio = round(ours["cases_per_s"] / theirs["cases_per_s"], 2)
    return {"max_examples": max_examples, "ours": ours, "schemathesis_cli": theirs, "ratio": ratio}
