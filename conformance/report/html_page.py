"""report.html: one self-contained page (inline CSS and JS, no network) rendered with Jinja2.

The template lays the report document out; this module only adds what a template should
not compute: the matrix grouped by requirement profile and level, the failing
requirements, and the CSS classes of states. Autoescaping is on, so text a target sent
cannot become markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from conformance.report.document import LEVELS, VERDICTS, Report, RequirementEntry

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
TEMPLATE = "report.html.j2"

_STATE_CLASSES = {"connected": "s-connected", "initiated": "s-initiated", "disconnected": "s-disconnected"}
_OUTCOME_CLASSES = {"passed": "v-pass", "failed": "v-fail", "error": "v-fail", "target-error": "v-target-error"}


@dataclass(frozen=True)
class MatrixRow:
    level: str
    requirements: list[RequirementEntry]


@dataclass(frozen=True)
class MatrixGroup:
    profile: str
    rows: list[MatrixRow]

    @property
    def count(self) -> int:
        return sum(len(row.requirements) for row in self.rows)


def requirement_matrix(requirements: list[RequirementEntry]) -> list[MatrixGroup]:
    """Requirements by requirement profile (catalog order), then by level."""
    profiles: dict[str, list[RequirementEntry]] = {}
    for item in requirements:
        profiles.setdefault(item.profile, []).append(item)
    groups = []
    for profile, members in profiles.items():
        levels = list(LEVELS) + sorted({item.level for item in members} - set(LEVELS))
        rows = [MatrixRow(level, [item for item in members if item.level == level]) for level in levels]
        groups.append(MatrixGroup(profile, [row for row in rows if row.requirements]))
    return groups


def state_class(peering_state: str | None) -> str:
    return _STATE_CLASSES.get((peering_state or "").lower(), "s-unknown")


def sync_class(sync_level: str | None) -> str:
    return "sync-" + "".join(character for character in (sync_level or "").lower() if character.isalnum())


def outcome_class(outcome: str) -> str:
    return _OUTCOME_CLASSES.get(outcome, "v-not-covered")


def _environment() -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    environment.globals.update(state_class=state_class, sync_class=sync_class, outcome_class=outcome_class)
    return environment


def report_html(report: Report) -> str:
    verdict = report.certification.verdict
    counts = {verdict_name: 0 for verdict_name in VERDICTS}
    for item in report.requirements:
        counts[item.verdict] = counts.get(item.verdict, 0) + 1
    failures = [item for item in report.requirements if item.failures or item.verdict == "waived"]
    return _environment().get_template(TEMPLATE).render(
        report=report,
        verdict_title=verdict[:1].upper() + verdict[1:],
        verdicts=VERDICTS,
        verdict_counts=counts,
        matrix=requirement_matrix(report.requirements),
        failures=failures,
    )
