"""The end of a run: the few lines a person reads first, and the exit code.

Both come from the run's one certification (conformance.results.certification), so the
exit status, results.json and the reports never disagree.
"""

from __future__ import annotations

from pathlib import Path

from conformance.results import VERDICTS, RunResults
from conformance.results.certification import (
    EXIT_CONFORMANT,
    EXIT_MUST_FAILED,
    EXIT_UNREACHABLE_OR_ABORTED,
    EXIT_USAGE,
    Certification,
)

__all__ = [
    "EXIT_CONFORMANT",
    "EXIT_MUST_FAILED",
    "EXIT_UNREACHABLE_OR_ABORTED",
    "EXIT_USAGE",
    "summary_lines",
]


def summary_lines(results: RunResults, report_dir: Path, certification: Certification | None = None) -> list[str]:
    run, summary = results.run, results.summary
    certification = certification or summary.certification
    lines = [f"verdict: {certification.verdict}"]
    if run.interrupted:
        lines.append(f"  (pytest exit status {run.pytest_exit_status})")
    for level, counts in summary.by_level.items():
        shown = "  ".join(f"{name} {counts.get(name, 0)}" for name in VERDICTS)
        lines.append(f"  {level:<6} {shown}")
    checks = ", ".join(f"{count} {outcome}" for outcome, count in sorted(summary.checks.items())) or "none ran"
    lines.append(f"checks: {checks}")
    lines += [f"  {reason}" for reason in certification.reasons]
    if run.leftovers:
        lines.append(f"warning: could not delete {len(run.leftovers)} resources: {', '.join(run.leftovers[:5])}")
    lines.append(f"results: {report_dir / 'results.json'} (seed {run.seed}; transcript and pytest.log beside it)")
    return lines
