"""One self-test: the suite against the unmutated endpoint, each chosen planted bug and
each chosen legal variant, a few runs at a time, gathered into the selftest.json document.

Shared by `peering-conformance selftest` and `run --selftest`, which records the document
in report.json so a certifier sees what the suite that judged the target catches.
"""

from __future__ import annotations

import itertools
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from conformance.selftest.check_selection import RUN_PROFILE, requirement_filter
from conformance.selftest.scoring import PASSED, LegalVerdict, VariantVerdict, selftest_document
from conformance.selftest.variant_runs import RunFindings, RunRequest, run_suite_against
from conformance.selftest.variants import LegalVariant, Variant

UNMUTATED = "unmutated"
RUNS_SUBDIR = "selftest-runs"


@dataclass(frozen=True)
class SelftestPlan:
    variants: tuple[Variant, ...]
    workers: int
    # each run's report directory goes under it, named after the variant
    runs_dir: Path
    full_suite: bool = False
    timeout: float = 5.0
    run_deadline: float = 600.0
    profile: str = RUN_PROFILE
    legal_variants: tuple[LegalVariant, ...] = ()

    def request(self, name: str, requirement: str | None) -> RunRequest:
        return RunRequest(
            mutant=None if name == UNMUTATED else name,
            report_dir=self.runs_dir / name,
            requirements=requirement_filter(requirement, self.full_suite),
            timeout=self.timeout,
            run_deadline=self.run_deadline,
            profile=self.profile,
        )

    def legal_request(self, variant: LegalVariant) -> RunRequest:
        """The whole profile, or the variant's own scope when it is a slow one."""
        return RunRequest(
            mutant=variant.name,
            report_dir=self.runs_dir / variant.name,
            requirements=variant.scope_ids(self.profile),
            timeout=variant.run_timeout or self.timeout,
            run_deadline=self.run_deadline,
            profile=self.profile,
        )


def run_selftest(plan: SelftestPlan, say: Callable[[str], None]) -> dict:
    """Run every variant and the unmutated endpoint; the selftest.json document."""
    started = time.monotonic()
    total = len(plan.variants) + len(plan.legal_variants)
    say(f"{len(plan.variants)} planted bug(s), {len(plan.legal_variants)} legal variant(s) and the unmutated "
        f"endpoint, {plan.workers} at a time; runs in {plan.runs_dir}")
    finished = itertools.count(1)  # next() on it is atomic across the pool's threads

    def announced(variant: Variant) -> RunFindings:
        findings = run_suite_against(plan.request(variant.name, variant.requirement))
        verdict = VariantVerdict(variant, findings).verdict
        say(f"[{next(finished)}/{total}] {variant.name} ({variant.requirement}): {verdict}, {findings.seconds:.0f}s")
        return findings

    def announced_legal(variant: LegalVariant) -> RunFindings:
        findings = run_suite_against(plan.legal_request(variant))
        verdict = LegalVerdict(variant, findings)
        detail = "" if verdict.verdict == PASSED else f" ({', '.join(verdict.false_failures) or findings.problem})"
        say(f"[{next(finished)}/{total}] legal {variant.name}: {verdict.verdict}{detail}, {findings.seconds:.0f}s")
        return findings

    with ThreadPoolExecutor(max_workers=plan.workers) as pool:
        unmutated_run = pool.submit(run_suite_against, plan.request(UNMUTATED, None))
        # slow legal variants first: they set the wall time
        legal_order = sorted(plan.legal_variants, key=lambda variant: variant.run_timeout is None)
        legal_runs = [(variant, pool.submit(announced_legal, variant)) for variant in legal_order]
        variant_runs = [(variant, pool.submit(announced, variant)) for variant in plan.variants]
        verdicts = [VariantVerdict(variant, future.result()) for variant, future in variant_runs]
        found = {variant.name: future.result() for variant, future in legal_runs}
        legal = [LegalVerdict(variant, found[variant.name]) for variant in plan.legal_variants]
        unmutated = unmutated_run.result()
    say(f"unmutated endpoint: {len(unmutated.failed_requirements)} failed requirement(s), {unmutated.seconds:.0f}s")
    selection = "full suite per variant" if plan.full_suite else "the checks naming the variant's requirement"
    return selftest_document(verdicts, unmutated, selection, time.monotonic() - started, legal, plan.profile)
