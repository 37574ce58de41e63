"""The self-test's selftest.json, as the report records it (report.json `selftest`).

The self-test is about the suite, not the target: it says how many planted bugs the
checks that judged this target catch, out of how many API-testable MUST requirements,
and how many legal variants of the endpoint they pass. Only the scores and one row per
planted bug go into report.json; the whole document travels in evidence.zip, named by
its digest.
"""

from __future__ import annotations

import json
from pathlib import Path

from conformance.report.digests import sha256_bytes
from conformance.report.document import FileDigest, LevelScore, SelftestRecord, SelftestVariantRow
from conformance.report.evidence import SELFTEST_MEMBER


class SelftestInputError(ValueError):
    """The file is not a selftest.json of this suite."""


def selftest_record(document: dict, source: FileDigest) -> SelftestRecord:
    try:
        score, unmutated = document["score"], document["unmutated"]
        legal = document.get("legal", {"passed": 0, "total": 0})
        return SelftestRecord(
            source=source,
            suite_version=str(document["suite_version"]),
            generated=str(document["generated"]),
            passed=bool(document["passed"]),
            detected=int(score["detected"]),
            total=int(score["total"]),
            by_level={level: LevelScore(int(counts["detected"]), int(counts["total"]))
                      for level, counts in score["by_level"].items()},
            false_failures=[str(item) for item in unmutated["false_failures"]],
            selection=str(document["selection"]),
            seconds=float(document["seconds"]),
            variants=[
                SelftestVariantRow(str(row["variant"]), str(row["requirement"]), str(row["level"]),
                                   str(row["verdict"]), [str(check) for check in row["checks"]])
                for row in document["variants"]
            ],
            legal_passed=int(legal["passed"]),
            legal_total=int(legal["total"]),
            must_requirements_planted=int(score.get("must_requirements_planted", 0)),
            must_requirements_testable=int(score.get("must_requirements_testable", 0)),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise SelftestInputError(f"{source.name} is not a selftest.json of this suite: {exc!r}") from exc


def read_selftest(path: Path) -> tuple[SelftestRecord, bytes]:
    """The record and the file's bytes (for the evidence bundle)."""
    try:
        raw = Path(path).read_bytes()
        document = json.loads(raw)
    except (OSError, ValueError) as exc:
        raise SelftestInputError(f"cannot read the self-test results {path}: {exc}") from exc
    return selftest_record(document, FileDigest(name=SELFTEST_MEMBER, sha256=sha256_bytes(raw))), raw
