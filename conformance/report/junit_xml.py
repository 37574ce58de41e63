"""junit.xml: one testcase per check, for CI test tabs and PR annotations.

Each testcase carries its requirement IDs as <properties> (one `requirement` property
per ID) and, for a failure, how the re-check went. A waived or flaky failure stays a
<failure> with a prefix saying so: JUnit is read by machines that would otherwise count
it as green, and the decision to tolerate it belongs to the certification verdict.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from conformance.report.document import CheckEntry, Report

# XML 1.0 cannot carry most control characters, and a target's error text may hold them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_FAILED = {"failed": "failure", "error": "error", "target-error": "error"}


def junit_document(report: Report) -> ET.ElementTree:
    counts = {outcome: 0 for outcome in ("failed", "error", "target-error", "skipped")}
    for check in report.checks:
        if check.outcome in counts:
            counts[check.outcome] += 1
    total_time = f"{sum(check.duration_s for check in report.checks):.3f}"
    attributes = {
        "name": f"peering-conformance ({report.target.profile})",
        "tests": str(len(report.checks)),
        "failures": str(counts["failed"]),
        "errors": str(counts["error"] + counts["target-error"]),
        "skipped": str(counts["skipped"]),
        "time": total_time,
    }
    root = ET.Element("testsuites", attributes)
    suite = ET.SubElement(root, "testsuite", {**attributes, "timestamp": report.run.started})
    properties = ET.SubElement(suite, "properties")
    for name, value in (
        ("target", report.target.url),
        ("api-version", report.target.api_version),
        ("profile", report.target.profile),
        ("run-id", report.run.run_id),
        ("seed", "" if report.run.seed is None else str(report.run.seed)),
        ("certification", report.certification.verdict),
    ):
        ET.SubElement(properties, "property", {"name": name, "value": _clean(value)})
    waived = {item.id for item in report.requirements if item.verdict == "waived"}
    for check in report.checks:
        suite.append(_testcase(check, waived))
    ET.indent(root)
    return ET.ElementTree(root)


def junit_text(report: Report) -> str:
    return ET.tostring(junit_document(report).getroot(), encoding="unicode", xml_declaration=True) + "\n"


def _testcase(check: CheckEntry, waived: set[str]) -> ET.Element:
    classname, name = _names(check.test_id)
    case = ET.Element("testcase", {"classname": classname, "name": name, "time": f"{check.duration_s:.3f}"})
    properties = ET.SubElement(case, "properties")
    for requirement_id in check.requirement_ids:
        ET.SubElement(properties, "property", {"name": "requirement", "value": requirement_id})
    if check.recheck is not None:
        ET.SubElement(properties, "property", {"name": "recheck", "value": check.recheck})
    tag = _FAILED.get(check.outcome)
    if tag is not None:
        prefix = _prefix(check, waived)
        first_line = (check.message.splitlines() or [check.outcome])[0]
        element = ET.SubElement(case, tag, {"message": _clean(prefix + first_line), "type": check.outcome})
        body = check.message
        if check.failing_exchange_id:
            body += f"\n\nReplay: peering-conformance replay {check.failing_exchange_id} --target URL"
        if check.curl:
            body += f"\nReproduce: {check.curl}"
        element.text = _clean(prefix + body)
    elif check.outcome == "skipped":
        ET.SubElement(case, "skipped", {"message": _clean(check.message)})
    return case


def _prefix(check: CheckEntry, waived: set[str]) -> str:
    marks = []
    if check.recheck == "flaky":
        marks.append("flaky: passed on re-check")
    covered = [requirement_id for requirement_id in check.requirement_ids if requirement_id in waived]
    if covered:
        marks.append(f"waived: {', '.join(covered)}")
    return "".join(f"[{mark}] " for mark in marks)


def _names(test_id: str) -> tuple[str, str]:
    """pytest node id -> (dotted module[.Class], test name), as JUnit readers expect."""
    path, _, rest = test_id.partition("::")
    module = path.removesuffix(".py").replace("/", ".").replace("\\", ".")
    if not rest:
        return module, test_id
    *classes, name = rest.split("::")
    return ".".join([module, *classes]), name


def _clean(text: str) -> str:
    return _NOT_XML.sub("\N{REPLACEMENT CHARACTER}", text)
