"""From run findings to the self-test's verdicts, score, table and JSON document.

A variant is *detected* when the requirement it breaks is judged fail or target-error
in its run's results.json; *detected elsewhere* when only other requirements are (the
suite noticed something, but no check names the broken rule, so it does not count);
*survived* when nothing failed (`covered` false: not even a check names the rule); *not
judged* when the run produced no results.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from conformance import __version__
from conformance.selftest.variant_runs import RunFindings
from conformance.selftest.variants import Variant

DETECTED, ELSEWHERE, SURVIVED, NOT_JUDGED = "detected", "detected elsewhere", "survived", "not judged"
SELFTEST_FILE = "selftest.json"
FORMAT_VERSION = 1
# The table names this many detecting checks and other failed requirements per variant;
# selftest.json lists them all.
CHECKS_SHOWN = 1
ELSEWHERE_SHOWN = 4


@dataclass(frozen=True)
class VariantVerdict:
    variant: Variant
    findings: RunFindings

    @property
    def verdict(self) -> str:
        if self.variant.requirement in self.findings.failed_requirements:
            return DETECTED
        if self.findings.failed_requirements:
            return ELSEWHERE
        return NOT_JUDGED if self.findings.problem else SURVIVED

    @property
    def detecting_checks(self) -> list[str]:
        return self.findings.failed_requirements.get(self.variant.requirement, [])

    @property
    def covered(self) -> bool:
        """Whether a check of the run judged the broken requirement at all."""
        return self.variant.requirement not in self.findings.not_covered

    @property
    def other_failures(self) -> list[str]:
        return sorted(set(self.findings.failed_requirements) - {self.variant.requirement})

    def to_dict(self) -> dict:
        return {
            "variant": self.variant.name,
            "requirement": self.variant.requirement,
            "level": self.variant.level,
            "summary": self.variant.summary,
            "verdict": self.verdict,
            "checks": self.detecting_checks,
            "covered": self.covered,
            "elsewhere": self.other_failures,
            "runner_exit": self.findings.exit_code,
            "seconds": round(self.findings.seconds, 1),
            "problem": self.findings.problem,
        }


def score_by_level(verdicts: list[VariantVerdict]) -> dict[str, dict[str, int]]:
    levels: dict[str, dict[str, int]] = {}
    for item in verdicts:
        counts = levels.setdefault(item.variant.level, {"detected": 0, "total": 0})
        counts["total"] += 1
        counts["detected"] += item.verdict == DETECTED
    return levels


def selftest_document(verdicts: list[VariantVerdict], unmutated: RunFindings, selection: str, seconds: float) -> dict:
    """What `--json` and DIR/selftest.json hold (format_version 1)."""
    detected = sum(item.verdict == DETECTED for item in verdicts)
    return {
        "format_version": FORMAT_VERSION,
        "suite_version": __version__,
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "selection": selection,
        "seconds": round(seconds, 1),
        "score": {"detected": detected, "total": len(verdicts), "by_level": score_by_level(verdicts)},
        "unmutated": {
            "false_failures": sorted(unmutated.failed_requirements),
            "runner_exit": unmutated.exit_code,
            "seconds": round(unmutated.seconds, 1),
            "problem": unmutated.problem,
        },
        "variants": [item.to_dict() for item in verdicts],
        "passed": passed(verdicts, unmutated),
    }


def passed(verdicts: list[VariantVerdict], unmutated: RunFindings) -> bool:
    """No MUST-level variant escapes detection and the unmutated endpoint fails nothing."""
    must_escaped = any(item.variant.level == "MUST" and item.verdict != DETECTED for item in verdicts)
    return not must_escaped and not unmutated.failed_requirements and unmutated.problem is None


def table(document: dict) -> str:
    rows = [("variant", "requirement", "level", "verdict", "checks / elsewhere", "time")]
    for item in document["variants"]:
        checks = _listed([_short(check) for check in item["checks"]], CHECKS_SHOWN)
        if item["elsewhere"]:
            checks += (" | " if checks else "") + "elsewhere: " + _listed(item["elsewhere"], ELSEWHERE_SHOWN)
        if item["problem"]:
            checks += (" | " if checks else "") + item["problem"]
        if not item.get("covered", True):
            checks += (" | " if checks else "") + f"no check names {item['requirement']}"
        rows.append((item["variant"], item["requirement"], item["level"], item["verdict"], checks,
                     f"{item['seconds']:.0f}s"))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row[:5], widths)) + "  " + row[5] for row in rows]
    return "\n".join([*lines, "", *score_lines(document)])


def score_lines(document: dict) -> list[str]:
    """The score by level, the false failures and the verdict: the table's last lines."""
    score, unmutated = document["score"], document["unmutated"]
    lines = [f"mutation score: {score['detected']}/{score['total']} detected"]
    lines += [f"  {level}: {counts['detected']}/{counts['total']}" for level, counts in sorted(score["by_level"].items())]
    false_failures = unmutated["false_failures"]
    lines.append(
        f"false failures on the unmutated endpoint: {len(false_failures)}"
        + (f" ({', '.join(false_failures)})" if false_failures else "")
        + (f" [{unmutated['problem']}]" if unmutated["problem"] else "")
    )
    lines.append(f"selection: {document['selection']}; {document['seconds']:.0f}s; "
                 f"{'PASSED' if document['passed'] else 'FAILED'}")
    return lines


def write_document(document: dict, path: Path) -> Path:
    """selftest.json (or a copy of it, `--json PATH`)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    return path


def _listed(items: list[str], shown: int) -> str:
    rest = len(items) - shown
    return ", ".join(items[:shown]) + (f" +{rest} more" if rest > 0 else "")


def _short(test_id: str) -> str:
    return test_id.rsplit("/", 1)[-1]
