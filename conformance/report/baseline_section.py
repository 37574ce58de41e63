"""The "since the baseline" section as Markdown: in summary.md and printed by `report diff`.

Fit for a pull-request comment: the regressions first (what makes the job fail), then
new failures, fixes, what still fails and the requirements the baseline did not have.
Lists are capped; report.json holds them whole.
"""

from __future__ import annotations

from conformance.report.markdown_text import code as _code
from conformance.report.markdown_text import escape as _escape
from conformance.results.baseline_diff import BaselineComparison, RequirementChange

_MAX_LISTED = 25


def baseline_markdown(comparison: BaselineComparison, heading: str = "###") -> str:
    base = comparison.baseline
    verdict = (
        f"❌ **{len(comparison.regressions)} regression(s)**: passed in the baseline, fail now"
        if comparison.regressed else "✅ **no regression**: nothing that passed in the baseline fails now"
    )
    lines = [
        f"{heading} Since the baseline",
        "",
        f"Baseline: run `{_code(base.run_id)}` of `{_code(base.target_url)}` (suite {_code(base.suite_version)}, "
        f"started {_code(base.started)})" + (f" from `{_code(base.source)}`" if base.source else "") + ".",
        "",
        verdict,
        "",
        "| Regressions | New failures | Fixed | Still failing | New requirements |",
        "|---:|---:|---:|---:|---:|",
        f"| {len(comparison.regressions)} | {len(comparison.new_failures)} | {len(comparison.fixed)} "
        f"| {len(comparison.still_failing)} | {len(comparison.new_requirements)} |",
        "",
    ]
    regressions = {change.id for change in comparison.regressions}
    for title, changes in (
        ("New failures", comparison.new_failures),
        ("Fixed", comparison.fixed),
        ("Still failing", comparison.still_failing),
        ("New requirements", comparison.new_requirements),
    ):
        if changes:
            lines += [f"**{title}**", ""]
            lines += [_change_line(change, change.id in regressions) for change in changes[:_MAX_LISTED]]
            if len(changes) > _MAX_LISTED:
                lines.append(f"- … and {len(changes) - _MAX_LISTED} more (report.json lists them all)")
            lines.append("")
    return "\n".join(lines)


def _change_line(change: RequirementChange, regression: bool) -> str:
    before = change.before or "absent"
    mark = " — **regression**" if regression else ""
    return f"- **{change.id}** ({change.level}): {before} → {change.now}{mark} — {_escape(change.statement)}"
