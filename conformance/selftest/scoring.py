"""From run findings to the self-test's verdicts, score, table and JSON document.

A planted bug is *detected* only when the requirement it breaks is judged fail by a
check naming it, and fails again when the failing checks are re-run (confirmed);
*flaky* when it failed once only and *target error* when its checks met only target
errors (neither counts); *detected elsewhere* when only other requirements failed (no
check names the broken rule, so it does not count); *survived* when nothing failed
(`covered` false: not even a check names the rule); *not judged* when the run produced
no results. The score's honest denominator is the number of API-testable MUST
requirements of the run profile, of which the planted bugs break only some.

A legal variant *passed* when its run failed no MUST and no SHOULD beyond those it
knowingly deviates from; any other failure (or target error) is a *false failure*.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from conformance import __version__
from conformance.selftest.variant_runs import RunFindings
from conformance.selftest.variants import LegalVariant, Variant
from conformance.selftest.variants.variant import catalog

DETECTED, ELSEWHERE, SURVIVED, NOT_JUDGED = "detected", "detected elsewhere", "survived", "not judged"
FLAKY, TARGET_ERROR = "flaky (not confirmed)", "target error"
PASSED, FALSE_FAILURE = "passed", "false failure"
SELFTEST_FILE = "selftest.json"
FORMAT_VERSION = 2
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
        requirement, findings = self.variant.requirement, self.findings
        if requirement in findings.failed_requirements:
            if requirement in findings.target_errors:
                return TARGET_ERROR
            if requirement in findings.confirmed and self.detecting_checks:
                return DETECTED
            return FLAKY
        if findings.failed_requirements:
            return ELSEWHERE
        return NOT_JUDGED if findings.problem else SURVIVED

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


@dataclass(frozen=True)
class LegalVerdict:
    variant: LegalVariant
    findings: RunFindings

    @property
    def false_failures(self) -> list[str]:
        """Failed (or target-error) requirements the variant does not knowingly deviate from."""
        deviated = set(self.variant.deviates_from)
        return sorted(r for r in self.findings.failed_requirements if r not in deviated)

    @property
    def recorded(self) -> list[str]:
        """The SHOULDs the variant deviates from that the suite reported failed, as expected."""
        return sorted(r for r in self.findings.failed_requirements if r in set(self.variant.deviates_from))

    @property
    def verdict(self) -> str:
        if self.false_failures:
            return FALSE_FAILURE
        return NOT_JUDGED if self.findings.problem else PASSED

    def to_dict(self) -> dict:
        findings = self.findings
        return {
            "variant": self.variant.name,
            "summary": self.variant.summary,
            "reason": self.variant.reason,
            "deviates_from": list(self.variant.deviates_from),
            "scope": list(self.variant.scope),
            "verdict": self.verdict,
            "false_failures": self.false_failures,
            "must_failures": findings.failed_at("MUST"),
            "recorded": self.recorded,
            "target_errors": sorted(findings.target_errors),
            "checks": sorted({check for r in self.false_failures for check in findings.failed_requirements[r]}),
            "runner_exit": findings.exit_code,
            "seconds": round(findings.seconds, 1),
            "problem": findings.problem,
        }


def score_by_level(verdicts: list[VariantVerdict]) -> dict[str, dict[str, int]]:
    levels: dict[str, dict[str, int]] = {}
    for item in verdicts:
        counts = levels.setdefault(item.variant.level, {"detected": 0, "total": 0})
        counts["total"] += 1
        counts["detected"] += item.verdict == DETECTED
    return levels


def testable_musts(profile: str) -> list[str]:
    """The API-testable MUST requirements of a run profile: what planted bugs could break."""
    return [requirement.id for requirement in catalog().requirements_for_run(profile, "MUST")]


def selftest_document(verdicts: list[VariantVerdict], unmutated: RunFindings, selection: str, seconds: float,
                      legal: list[LegalVerdict] | None = None, profile: str = "full") -> dict:
    """What `--json` and DIR/selftest.json hold (format_version 2)."""
    legal = legal or []
    detected = sum(item.verdict == DETECTED for item in verdicts)
    musts = set(testable_musts(profile))
    broken = {item.variant.requirement for item in verdicts} & musts
    return {
        "format_version": FORMAT_VERSION,
        "suite_version": __version__,
        "generated": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "selection": selection,
        "seconds": round(seconds, 1),
        "profile": profile,
        "score": {
            "detected": detected,
            "total": len(verdicts),
            "by_level": score_by_level(verdicts),
            # the honest denominator: planted bugs break this many of the profile's testable MUSTs
            "must_requirements_planted": len(broken),
            "must_requirements_caught": len({item.variant.requirement for item in verdicts
                                             if item.verdict == DETECTED} & musts),
            "must_requirements_testable": len(musts),
        },
        "legal": {"passed": sum(item.verdict == PASSED for item in legal), "total": len(legal)},
        "unmutated": {
            "false_failures": sorted(unmutated.failed_requirements),
            "runner_exit": unmutated.exit_code,
            "seconds": round(unmutated.seconds, 1),
            "problem": unmutated.problem,
        },
        "variants": [item.to_dict() for item in verdicts],
        "legal_variants": [item.to_dict() for item in legal],
        "passed": passed(verdicts, unmutated, legal),
    }


def passed(verdicts: list[VariantVerdict], unmutated: RunFindings, legal: list[LegalVerdict] = ()) -> bool:
    """No MUST-level variant escapes detection, the unmutated endpoint fails nothing and
    every legal variant passes."""
    must_escaped = any(item.variant.level == "MUST" and item.verdict != DETECTED for item in verdicts)
    legal_failed = any(item.verdict != PASSED for item in legal)
    return not must_escaped and not legal_failed and not unmutated.failed_requirements and unmutated.problem is None


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
    legal_rows = [("legal variant", "verdict", "false failures / recorded SHOULD", "time")]
    for item in document.get("legal_variants", []):
        found = ", ".join(item["false_failures"])
        if item["recorded"]:
            found += ("; " if found else "") + "recorded: " + ", ".join(item["recorded"])
        if item["problem"]:
            found += ("; " if found else "") + item["problem"]
        legal_rows.append((item["variant"], item["verdict"], found, f"{item['seconds']:.0f}s"))
    return "\n".join([*_aligned(rows), "", *_aligned(legal_rows), "", *score_lines(document)])


def _aligned(rows: list[tuple[str, ...]]) -> list[str]:
    """Columns padded to their widest cell, the last one left as is."""
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[-1] for row in rows]


def score_lines(document: dict) -> list[str]:
    """The score by level, the false failures and the verdict: the table's last lines."""
    score, unmutated, legal = document["score"], document["unmutated"], document["legal"]
    lines = [f"planted bugs caught {score['detected']}/{score['total']} (confirmed by a re-run of a check naming "
             "the broken requirement)"]
    lines += [f"  {level}: {counts['detected']}/{counts['total']}" for level, counts in sorted(score["by_level"].items())]
    lines.append(f"  they break {score['must_requirements_planted']} of the {score['must_requirements_testable']} "
                 f"API-testable MUST requirements of the {document['profile']} profile; "
                 f"{score['must_requirements_caught']} of those are caught")
    lines.append(f"legal variants passed {legal['passed']}/{legal['total']}")
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
