"""`report compare`: several runs side by side, as one self-contained HTML page and a Markdown table.

Requirements down, runs across (target, suite version, date), one verdict per cell; a
row whose runs disagree is marked, so a vendor comparing its releases or a platform team
comparing vendors sees the differences first. Rows follow the first run's catalog order,
then requirements only later runs have.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from conformance.report.html_page import TEMPLATES_DIR
from conformance.report.markdown_text import code, escape
from conformance.results.baseline_diff import load_run_results
from conformance.results.outcomes import RunResults

TEMPLATE = "comparison.html.j2"
COMPARISON_HTML = "comparison.html"
COMPARISON_MD = "comparison.md"
ABSENT = "absent"


@dataclass(frozen=True)
class ComparedRun:
    """One column: a run and what names it."""

    label: str
    target_url: str
    suite_version: str
    date: str
    run_id: str
    profile: str
    certification: str


@dataclass(frozen=True)
class ComparisonRow:
    id: str
    level: str
    statement: str
    verdicts: list[str]  # one per run; ABSENT when the run's catalog lacks the requirement

    @property
    def differs(self) -> bool:
        return len(set(self.verdicts)) > 1


@dataclass(frozen=True)
class Comparison:
    runs: list[ComparedRun]
    rows: list[ComparisonRow]

    @property
    def differing(self) -> list[ComparisonRow]:
        return [row for row in self.rows if row.differs]


def compare_runs(runs: list[RunResults], labels: list[str] | None = None) -> Comparison:
    labels = list(labels or [])
    columns = []
    for position, results in enumerate(runs):
        run = results.run
        label = labels[position] if position < len(labels) else f"run {position + 1}"
        columns.append(ComparedRun(
            label=label, target_url=run.target_url, suite_version=run.suite_version, date=_date(run.started),
            run_id=run.run_id, profile=run.profile, certification=results.summary.certification.verdict,
        ))
    verdicts = [{item.id: item for item in results.requirements} for results in runs]
    order = list(dict.fromkeys(item.id for results in runs for item in results.requirements))
    rows = []
    for requirement_id in order:
        known = next(by_id[requirement_id] for by_id in verdicts if requirement_id in by_id)
        rows.append(ComparisonRow(
            id=requirement_id, level=known.level, statement=known.statement,
            verdicts=[by_id[requirement_id].verdict if requirement_id in by_id else ABSENT for by_id in verdicts],
        ))
    return Comparison(columns, rows)


def load_runs(paths: list[Path]) -> list[RunResults]:
    """Each RUN as results.json, report directory or evidence.zip (RunResultsError otherwise)."""
    return [load_run_results(Path(path)) for path in paths]


def comparison_markdown(comparison: Comparison) -> str:
    """Differing rows first and marked ⚠️, their verdicts in bold."""
    header = "| | Requirement | Level | " + " | ".join(escape(run.label) for run in comparison.runs) + " |"
    lines = [
        "## Conformance runs compared",
        "",
        *(f"- **{escape(run.label)}**: `{code(run.target_url)}` · suite {code(run.suite_version)} · {run.date}"
          f" · run `{code(run.run_id)}` · profile {escape(run.profile)} · {escape(run.certification)}"
          for run in comparison.runs),
        "",
        f"{len(comparison.differing)} of {len(comparison.rows)} requirement(s) differ between the runs.",
        "",
        header,
        "|---|---|---|" + "---|" * len(comparison.runs),
    ]
    ordered = comparison.differing + [row for row in comparison.rows if not row.differs]
    for row in ordered:
        cells = [f"**{verdict}**" if row.differs else verdict for verdict in row.verdicts]
        lines.append(f"| {'⚠️' if row.differs else ''} | {row.id} | {row.level} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def comparison_html(comparison: Comparison) -> str:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
    )
    return environment.get_template(TEMPLATE).render(comparison=comparison, absent=ABSENT)


def write_comparison(comparison: Comparison, out_dir: Path) -> tuple[Path, Path]:
    from conformance.report.redacted_output import write_redacted_text

    out_dir.mkdir(parents=True, exist_ok=True)
    html = write_redacted_text(out_dir / COMPARISON_HTML, comparison_html(comparison))
    markdown = write_redacted_text(out_dir / COMPARISON_MD, comparison_markdown(comparison))
    return html, markdown


def _date(started: str) -> str:
    """`2026-01-01 10:00` from an ISO timestamp (UTC as recorded)."""
    return started[:16].replace("T", " ") if started else ""
