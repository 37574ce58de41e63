"""summary.md: the few lines a CI job summary or a pull-request comment should show.

Verdict first, then counts, then what blocks certification; everything else is in
report.html. Lists are capped so a bad run does not produce a wall of text.
"""

from __future__ import annotations

from conformance.report.baseline_section import baseline_markdown
from conformance.report.document import LEVELS, VERDICTS, Report, RequirementEntry, SelftestRecord
from conformance.report.markdown_text import code as _code
from conformance.report.markdown_text import escape as _escape

_MAX_LISTED = 15
_MAX_MESSAGE = 160


def summary_markdown(report: Report) -> str:
    certification = report.certification
    icon = "✅" if certification.conformant else "❌"
    run, target = report.run, report.target
    lines = [
        f"## {icon} {_capitalized(certification.verdict)}",
        "",
        f"Target `{_code(target.url)}` · api-version `{_code(target.api_version)}` · profile **{target.profile}**"
        f" · run `{_code(run.run_id)}` · {run.duration_s:.0f} s"
        + (f" · seed `{run.seed}`" if run.seed is not None else ""),
        "",
    ]
    if run.interrupted:
        lines += ["> ⚠️ The run was interrupted: these results are partial.", ""]
    lines += _counts_table(report)
    for reason in certification.reasons:
        lines.append(f"- {_escape(reason)}")
    if certification.reasons:
        lines.append("")
    if report.selftest is not None:
        lines += [selftest_line(report.selftest), ""]
    if report.baseline is not None:
        lines += [baseline_markdown(report.baseline), ""]
    failing = [item for item in report.requirements if item.verdict in ("fail", "target-error")]
    failing.sort(key=lambda item: (LEVELS.index(item.level) if item.level in LEVELS else 9, item.id))
    if failing:
        lines += ["### Failures", ""]
        lines += [_failure_line(item) for item in failing[:_MAX_LISTED]]
        if len(failing) > _MAX_LISTED:
            lines.append(f"- … and {len(failing) - _MAX_LISTED} more in report.html")
        lines.append("")
    if report.waivers:
        lines += ["### Waivers", ""]
        lines += [
            f"- **{waiver.id}** {waiver.status} (owner {_escape(waiver.owner)}, expires {waiver.expires})"
            for waiver in report.waivers[:_MAX_LISTED]
        ]
        lines.append("")
    lines.append("Details: `report.html`; evidence: `evidence.zip` (check it with `peering-conformance verify`).")
    return "\n".join(lines) + "\n"


def selftest_line(selftest: SelftestRecord) -> str:
    levels = ", ".join(f"{level} {score.detected}/{score.total}" for level, score in sorted(selftest.by_level.items()))
    return (
        f"Self-test of this suite: **{selftest.detected}/{selftest.total}** planted bugs detected ({levels}), "
        f"**{selftest.legal_passed}/{selftest.legal_total}** legal variants passed, "
        f"{len(selftest.false_failures)} false failure(s) on the unmutated endpoint"
        f" — {'passed' if selftest.passed else 'FAILED'} (`peering-conformance selftest`)."
    )


def _counts_table(report: Report) -> list[str]:
    shown = [verdict for verdict in VERDICTS if any(counts.get(verdict) for counts in report.summary.by_level.values())]
    shown = shown or ["pass", "fail"]
    lines = ["| Level | " + " | ".join(shown) + " |", "|---|" + "---:|" * len(shown)]
    for level, counts in report.summary.by_level.items():
        if any(counts.values()):
            lines.append(f"| {level} | " + " | ".join(str(counts.get(verdict, 0)) for verdict in shown) + " |")
    return lines + [""]


def _failure_line(item: RequirementEntry) -> str:
    kind = item.failure_kind or item.verdict
    message = item.failures[0].message if item.failures else (item.messages[0] if item.messages else "")
    message = message.splitlines()[0] if message else ""
    if len(message) > _MAX_MESSAGE:
        message = message[: _MAX_MESSAGE - 1] + "…"
    suffix = f" — `{_code(message)}`" if message else ""
    return f"- **{item.id}** ({item.level}, {kind}): {_escape(item.statement)}{suffix}"


def _capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]
