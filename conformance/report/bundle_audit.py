"""Does a bundle's report.json claim more than its results support?

Digests prove that nobody changed a bundle after it was sealed, not that what it says
follows from what it holds: an edited report.json resealed with a fresh manifest still
verifies. So `verify` recomputes: the verdict of every requirement from the bundled
checks, scope and catalog; the run's scope from its recorded options; then the report
(waivers and re-checks applied) and its certification, through the same functions the
run used. Any disagreement with the bundled results.json or report.json is a problem.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path

from conformance.report.assembly import ReportInputs, assemble_report
from conformance.report.flake_control import RecheckClassification, classify_rechecks
from conformance.report.waivers import WaiverError, load_waivers
from conformance.requirements.catalog import CatalogError, load_catalog
from conformance.results import RunResults, aggregate

# What must agree between the claimed and the recomputed certification.
_CERTIFICATION_FIELDS = ("status", "conformant", "exit_code", "failing_must", "target_error_must", "not_covered_must")


def audit_claims(contents: Mapping[str, bytes], members: Mapping[str, str]) -> list[str]:
    """Problems found recomputing the bundle's verdicts. `members` names the bundle's
    results, report, catalog, spec, waivers and re-check members."""
    from conformance.suite.requirement_scope import RunScope, ScopeError  # the one scope rule

    with tempfile.TemporaryDirectory(prefix="pc-verify-") as tmp:
        folder = Path(tmp)
        for name in members.values():
            if name in contents:
                (folder / name).write_bytes(contents[name])
        try:
            results_document = json.loads(contents[members["results"]])
            results = RunResults.from_dict(results_document)
            report = json.loads(contents[members["report"]])
            catalog = load_catalog(folder / members["catalog"])
        except (KeyError, ValueError, TypeError, CatalogError) as exc:
            return [f"cannot recompute the verdicts: {exc}"]
        recorded = results.run.scope
        if recorded is None:
            return ["results.json records no scope: its certification cannot be recomputed"]
        try:
            scope = RunScope.build(recorded.profile, recorded.unsupported, catalog, selected=recorded.requirements)
        except (ScopeError, ValueError) as exc:
            return [f"results.json records a scope the bundled catalog refuses: {exc}"]
        problems: list[str] = []
        claimed_reasons = ((results_document.get("run") or {}).get("scope") or {}).get("narrowed_by")
        if recorded.narrowed and not claimed_reasons:
            problems.append(
                f"results.json: the scope claims a whole-profile run, but it was narrowed: "
                f"{'; '.join(recorded.narrowed_by)}"
            )
        verdicts = aggregate(scope.scoped_requirements(), results.checks)
        claimed = {item.id: item.verdict for item in results.requirements}
        for item in verdicts:
            if item.verdict == "skipped-by-profile" and item.id not in claimed:
                continue  # a results file may leave out what the run did not judge
            if claimed.get(item.id) != item.verdict:
                problems.append(
                    f"results.json: {item.id} is {claimed.get(item.id)!r}, but its checks give {item.verdict!r}"
                )
        results.requirements = verdicts
        inputs, input_problems = _inputs(folder, members, contents, catalog, results)
        problems += input_problems
        if inputs is None:
            return problems
        rebuilt = assemble_report(results, inputs).to_dict()
        problems += _compare_report(report, rebuilt)
        return problems


def _inputs(folder: Path, members: Mapping[str, str], contents: Mapping[str, bytes], catalog, results: RunResults):
    waivers = None
    if members.get("waivers") in contents:
        try:
            waivers = load_waivers(folder / members["waivers"], catalog)
        except WaiverError as exc:
            return None, [f"the bundled waiver file cannot be read: {exc}"]
    rechecks = RecheckClassification()
    if members.get("recheck") in contents:
        try:
            second = RunResults.from_dict(json.loads(contents[members["recheck"]]))
        except (ValueError, TypeError, KeyError) as exc:
            return None, [f"the bundled re-check results cannot be read: {exc}"]
        rechecks = classify_rechecks(results, second)
    inputs = ReportInputs(
        exchanges=[], catalog=catalog, catalog_path=folder / members["catalog"],
        spec_path=folder / members["spec"], waivers=waivers, rechecks=rechecks,
    )
    return inputs, []


def _compare_report(claimed: dict, rebuilt: dict) -> list[str]:
    problems = []
    claimed_cert, rebuilt_cert = claimed.get("certification") or {}, rebuilt["certification"]
    for key in _CERTIFICATION_FIELDS:
        if claimed_cert.get(key) != rebuilt_cert[key]:
            problems.append(
                f"report.json: certification {key} is {claimed_cert.get(key)!r}, "
                f"but the bundled results give {rebuilt_cert[key]!r}"
            )
    verdicts = {item["id"]: item["verdict"] for item in rebuilt["requirements"]}
    for item in claimed.get("requirements") or []:
        if isinstance(item, dict) and verdicts.get(item.get("id")) != item.get("verdict"):
            problems.append(
                f"report.json: {item.get('id')} is {item.get('verdict')!r}, "
                f"but the bundled results give {verdicts.get(item.get('id'))!r}"
            )
    return problems
