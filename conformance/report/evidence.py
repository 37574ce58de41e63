"""evidence.zip: what a certifier needs to check a verdict, sealed with sha256 digests.

The bundle holds report.json, results.json, transcript.jsonl, the spec (openapi.json)
and the requirement catalog (requirements.yaml) — plus the waiver file and the re-check
results when the run had them — and manifest.json listing every other member with its
sha256 and size. `verify_bundle` recomputes every digest, refuses missing and extra
members, validates report.json against its schema, checks that the report names the
bundled spec and catalog, and recomputes every verdict and the certification from the
bundled results and catalog (bundle_audit.py): a report that claims more is refused. The digests prove integrity, not origin: whoever can rewrite
the bundle can rewrite the manifest, so a certifier records the manifest digest that
`verify` prints.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import zipfile
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path

from conformance.report.digests import sha256_bytes
from conformance.report.report_schema import schema_problems

BUNDLE_FORMAT = 1
MANIFEST = "manifest.json"
REPORT_MEMBER = "report.json"
SPEC_MEMBER = "openapi.json"
CATALOG_MEMBER = "requirements.yaml"
REQUIRED_MEMBERS = (REPORT_MEMBER, "results.json", "transcript.jsonl", SPEC_MEMBER, CATALOG_MEMBER)
SELFTEST_MEMBER = "selftest.json"
OPTIONAL_MEMBERS = ("waivers.yaml", "recheck-results.json", SELFTEST_MEMBER)
# The members `verify` recomputes the certification from, by role.
_AUDITED_MEMBERS = {
    "report": REPORT_MEMBER, "results": "results.json", "catalog": CATALOG_MEMBER, "spec": SPEC_MEMBER,
    "waivers": "waivers.yaml", "recheck": "recheck-results.json",
}
# Zip entries carry a timestamp; a fixed one makes the same evidence give the same bytes.
_ENTRY_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class BundleMember:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    bundle_format: int
    suite_version: str
    run_id: str
    created: str
    files: list[BundleMember]

    def to_json(self) -> str:
        return json.dumps(
            {
                "bundle_format": self.bundle_format,
                "suite_version": self.suite_version,
                "run_id": self.run_id,
                "created": self.created,
                "files": [asdict(member) for member in self.files],
            },
            indent=2,
        ) + "\n"


@dataclass
class BundleVerification:
    """The outcome of `verify`: ok when `problems` is empty."""

    path: Path
    problems: list[str] = field(default_factory=list)
    members: list[BundleMember] = field(default_factory=list)
    manifest_sha256: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def write_bundle(path: Path, contents: Mapping[str, bytes], *, suite_version: str, run_id: str) -> Path:
    """Write the bundle atomically; `contents` maps member names to their (redacted) bytes."""
    missing = [name for name in REQUIRED_MEMBERS if name not in contents]
    unknown = [name for name in contents if name not in REQUIRED_MEMBERS + OPTIONAL_MEMBERS]
    if missing or unknown:
        raise ValueError(f"evidence bundle members: missing {missing}, unknown {unknown}")
    manifest = Manifest(
        bundle_format=BUNDLE_FORMAT,
        suite_version=suite_version,
        run_id=run_id,
        created=dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        files=[BundleMember(name, sha256_bytes(data), len(data)) for name, data in sorted(contents.items())],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for name, data in [(MANIFEST, manifest.to_json().encode("utf-8")), *sorted(contents.items())]:
            entry = zipfile.ZipInfo(name, date_time=_ENTRY_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            bundle.writestr(entry, data)
    os.replace(partial, path)
    return path


def verify_bundle(path: Path) -> BundleVerification:
    result = BundleVerification(path=path)
    try:
        with zipfile.ZipFile(path) as bundle:
            contents = _read_members(bundle, result.problems)
    except (zipfile.BadZipFile, OSError) as exc:
        result.problems.append(f"not a readable zip file: {exc}")
        return result
    if MANIFEST not in contents:
        result.problems.append(f"{MANIFEST} is missing")
        return result
    result.manifest_sha256 = sha256_bytes(contents[MANIFEST])
    listed = _manifest_members(contents[MANIFEST], result.problems)
    if listed is None:
        return result
    result.members = listed
    _check_members(listed, contents, result.problems)
    if REPORT_MEMBER in contents:
        _check_report(contents, result.problems)
    if not result.problems:
        from conformance.report.bundle_audit import audit_claims  # the report assembly: only now

        result.problems += audit_claims(contents, _AUDITED_MEMBERS)
    return result


def _read_members(bundle: zipfile.ZipFile, problems: list[str]) -> dict[str, bytes]:
    contents: dict[str, bytes] = {}
    for info in bundle.infolist():
        if info.filename in contents:
            problems.append(f"{info.filename}: appears twice in the zip")
            continue
        try:
            contents[info.filename] = bundle.read(info)
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            problems.append(f"{info.filename}: cannot be read ({exc})")
    return contents


def _manifest_members(raw: bytes, problems: list[str]) -> list[BundleMember] | None:
    try:
        manifest = json.loads(raw.decode("utf-8"))
        if manifest.get("bundle_format") != BUNDLE_FORMAT:
            problems.append(f"{MANIFEST}: bundle_format {manifest.get('bundle_format')!r} is not {BUNDLE_FORMAT}")
            return None
        return [BundleMember(str(item["name"]), str(item["sha256"]), int(item["size"])) for item in manifest["files"]]
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        problems.append(f"{MANIFEST}: malformed ({exc.__class__.__name__}: {exc})")
        return None


def _check_members(listed: list[BundleMember], contents: dict[str, bytes], problems: list[str]) -> None:
    names = [member.name for member in listed]
    for name in REQUIRED_MEMBERS:
        if name not in names:
            problems.append(f"{name}: required but not listed in the manifest")
    for name in sorted(set(contents) - set(names) - {MANIFEST}):
        problems.append(f"{name}: in the bundle but not in the manifest")
    for member in listed:
        data = contents.get(member.name)
        if data is None:
            problems.append(f"{member.name}: listed in the manifest but missing from the bundle")
            continue
        actual = sha256_bytes(data)
        if actual != member.sha256:
            problems.append(f"{member.name}: sha256 {actual} does not match the manifest's {member.sha256}")
        elif len(data) != member.size:
            problems.append(f"{member.name}: {len(data)} bytes, the manifest says {member.size}")


def _check_report(contents: dict[str, bytes], problems: list[str]) -> None:
    try:
        document = json.loads(contents[REPORT_MEMBER].decode("utf-8"))
    except ValueError as exc:
        problems.append(f"{REPORT_MEMBER}: not JSON ({exc})")
        return
    problems += [f"{REPORT_MEMBER}: schema: {problem}" for problem in schema_problems(document)]
    if not isinstance(document, dict):
        return
    for key, member in (("spec", SPEC_MEMBER), ("catalog", CATALOG_MEMBER)):
        claimed = (document.get(key) or {}).get("sha256") if isinstance(document.get(key), dict) else None
        if member in contents and claimed != sha256_bytes(contents[member]):
            problems.append(f"{REPORT_MEMBER}: names {key} sha256 {claimed}, but the bundled {member} differs")
    selftest = document.get("selftest")
    if isinstance(selftest, dict):
        claimed = (selftest.get("source") or {}).get("sha256")
        if SELFTEST_MEMBER not in contents:
            problems.append(f"{REPORT_MEMBER}: records a self-test, but {SELFTEST_MEMBER} is not bundled")
        elif claimed != sha256_bytes(contents[SELFTEST_MEMBER]):
            problems.append(f"{REPORT_MEMBER}: names selftest sha256 {claimed}, but the bundled {SELFTEST_MEMBER} differs")
