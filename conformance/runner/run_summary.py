"""The end of a run: its exit code and the few lines a person reads first."""

from __future__ import annotations

from pathlib import Path

from conformance.results import VERDICTS, RunResults

EXIT_CONFORMANT = 0
EXIT_MUST_FAILED = 1
EXIT_USAGE = 2
EXIT_UNREACHABLE_OR_ABORTED = 3


def exit_code(results: RunResults) -> int:
    """0 every MUST of the profile passed (or has no check yet), 1 a MUST failed,
    3 the run was aborted or a MUST could not be judged because the target was unreachable."""
    if results.run.interrupted:
        return EXIT_UNREACHABLE_OR_ABORTED
    if results.summary.failing_must:
        return EXIT_MUST_FAILED
    if results.summary.target_error_must:
        return EXIT_UNREACHABLE_OR_ABORTED
    return EXIT_CONFORMANT


def summary_lines(results: RunResults, report_dir: Path) -> list[str]:
    run, summary = results.run, results.summary
    if run.interrupted:
        verdict = f"run aborted (pytest exit status {run.pytest_exit_status}): results are partial"
    elif summary.failing_must:
        verdict = f"NOT conformant to profile {run.profile}: failing MUST {', '.join(summary.failing_must)}"
    elif summary.target_error_must:
        verdict = (
            f"no verdict for profile {run.profile}: the target could not be reached for MUST "
            f"{', '.join(summary.target_error_must)}"
        )
    else:
        verdict = f"conformant to profile {run.profile}"
    lines = [f"verdict: {verdict}"]
    for level, counts in summary.by_level.items():
        shown = "  ".join(f"{name} {counts.get(name, 0)}" for name in VERDICTS)
        lines.append(f"  {level:<6} {shown}")
    checks = ", ".join(f"{count} {outcome}" for outcome, count in sorted(summary.checks.items())) or "none ran"
    lines.append(f"checks: {checks}")
    if summary.not_covered_must and not run.interrupted:
        lines.append(f"note: {len(summary.not_covered_must)} MUST requirements of the profile have no check yet")
    if run.leftovers:
        lines.append(f"warning: could not delete {len(run.leftovers)} resources: {', '.join(run.leftovers[:5])}")
    lines.append(f"results: {report_dir / 'results.json'} (seed {run.seed}; transcript and pytest.log beside it)")
    return lines
