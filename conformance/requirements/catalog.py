"""The requirement catalog (`specs/requirements.yaml`) as checked, typed values.

Every later stage — checks tagging themselves with IDs, per-requirement verdicts, the
report, the planted-bug self-test — trusts these IDs, so the loader refuses a catalog
with anything it cannot vouch for instead of letting a typo surface as a missing verdict.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from conformance.paths import REQUIREMENTS_FILE

# The areas of docs/architecture.md ("Requirement IDs"), in the order they are listed.
AREAS: tuple[str, ...] = (
    "LIFE", "SYNC", "ADDR", "SUBNET", "IPV6", "GW", "DUP",
    "RO", "SHAPE", "ARM", "LRO", "EX", "ROB", "UNSUP",
)
LEVELS: tuple[str, ...] = ("MUST", "SHOULD", "MAY")
TESTABLE: tuple[str, ...] = ("api", "not-api")
# What a source is, in the order provenance lists them. Only the first two can oblige:
# the REST reference and concept page (docs) and the ARM resource-provider contract.
# Live traffic, recordings and genuine clients (live) are at most SHOULD; our model's
# reading (model) and our own issues (issue) explain a check but oblige nobody.
SOURCE_KINDS: tuple[str, ...] = ("docs", "contract", "live", "model", "issue")
OBLIGING_KINDS: frozenset[str] = frozenset({"docs", "contract"})

ID_PATTERN = re.compile(rf"^(?P<area>{'|'.join(AREAS)})-(?P<number>\d{{3}})$")
_TOP_LEVEL_KEYS = {"sources", "requirement_profiles", "profiles", "requirements"}
_REQUIRED_KEYS = ("id", "level", "profile", "statement", "source", "testable")
_OPTIONAL_KEYS = ("why", "notes")
_RUN_PROFILE_KEYS = {"description", "includes", "allow_waivers"}
_SOURCE_KEYS = {"kind", "cites"}


class CatalogError(ValueError):
    """The catalog file is malformed; the message lists every problem found."""

    def __init__(self, path: Path | str, problems: Iterable[str]) -> None:
        self.path = Path(path)
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"invalid requirement catalog {self.path}:\n{lines}")


@dataclass(frozen=True)
class Source:
    """A key requirements cite (`docs/001`, `NOTES.md/contract`, ...): what it is and where."""

    key: str
    kind: str
    cites: str


@dataclass(frozen=True)
class Requirement:
    """One testable claim a conforming target must (or should, or may) satisfy."""

    id: str
    level: str
    profile: str
    statement: str
    source: str
    testable: str
    why: str | None = None
    notes: str | None = None
    # The kinds of the sources `source` cites, in SOURCE_KINDS order (docs first).
    provenance: tuple[str, ...] = ()

    @property
    def area(self) -> str:
        return self.id.split("-", 1)[0]

    @property
    def api_testable(self) -> bool:
        return self.testable == "api"

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "level": self.level,
            "profile": self.profile,
            "statement": self.statement,
            "source": self.source,
            "provenance": list(self.provenance),
            "testable": self.testable,
            "why": self.why,
            "notes": self.notes,
        }


@dataclass(frozen=True)
class RunProfile:
    """A named selection users pass to `run --profile`: which requirement profiles count."""

    name: str
    description: str
    includes: tuple[str, ...]
    allow_waivers: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "description": self.description,
            "includes": list(self.includes),
            "allow_waivers": self.allow_waivers,
        }


@dataclass(frozen=True)
class Catalog:
    """All requirements in file order, with the profiles that select among them."""

    requirements: tuple[Requirement, ...]
    requirement_profiles: Mapping[str, str]
    run_profiles: Mapping[str, RunProfile]
    sources: Mapping[str, Source] = field(default_factory=dict)
    _index: dict[str, Requirement] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {req.id: req for req in self.requirements})

    def __iter__(self) -> Iterator[Requirement]:
        return iter(self.requirements)

    def __len__(self) -> int:
        return len(self.requirements)

    def __contains__(self, requirement_id: object) -> bool:
        return requirement_id in self._index

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(req.id for req in self.requirements)

    def by_id(self, requirement_id: str) -> Requirement:
        """The requirement with this ID; KeyError naming the ID when there is none."""
        try:
            return self._index[requirement_id]
        except KeyError:
            raise KeyError(f"unknown requirement ID {requirement_id!r}") from None

    def select(
        self,
        profile: str | None = None,
        level: str | None = None,
        *,
        api_only: bool = False,
    ) -> tuple[Requirement, ...]:
        """Requirements of one requirement profile and/or level (None: no filter)."""
        if profile is not None and profile not in self.requirement_profiles:
            raise ValueError(
                f"unknown requirement profile {profile!r}; "
                f"known: {', '.join(self.requirement_profiles)}"
            )
        if level is not None and level not in LEVELS:
            raise ValueError(f"unknown level {level!r}; known: {', '.join(LEVELS)}")
        return tuple(
            req
            for req in self.requirements
            if (profile is None or req.profile == profile)
            and (level is None or req.level == level)
            and (not api_only or req.api_testable)
        )

    def run_profile(self, name: str) -> RunProfile:
        """The run profile of this name; KeyError listing the known ones otherwise."""
        try:
            return self.run_profiles[name]
        except KeyError:
            raise KeyError(
                f"unknown run profile {name!r}; known: {', '.join(self.run_profiles)}"
            ) from None

    def requirements_for_run(
        self, profile_name: str, level: str | None = None
    ) -> tuple[Requirement, ...]:
        """What a run with this profile checks: only api-testable requirements, since
        a not-api one can never get a verdict and would otherwise block the exit code."""
        included = set(self.run_profile(profile_name).includes)
        return tuple(
            req
            for req in self.select(level=level, api_only=True)
            if req.profile in included
        )


def load_catalog(path: Path | str = REQUIREMENTS_FILE) -> Catalog:
    """Read and validate a catalog file; CatalogError lists every problem at once."""
    path = Path(path)
    try:
        # libyaml's loader when PyYAML has it: 0.7 s -> 0.03 s, paid by every process of a run
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except OSError as exc:
        raise CatalogError(path, [f"cannot read the file: {exc}"]) from exc
    except yaml.YAMLError as exc:
        raise CatalogError(path, [f"not valid YAML: {exc}"]) from exc
    return parse_catalog(data, path)


def parse_catalog(data: Any, path: Path | str = "<memory>") -> Catalog:
    """Build a Catalog from already-parsed YAML, validating it as load_catalog does."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise CatalogError(path, ["the top level must be a mapping"])
    problems += [f"unknown top-level key {key!r}" for key in data if key not in _TOP_LEVEL_KEYS]

    sources = _sources(data.get("sources"), problems)
    requirement_profiles = _string_mapping(
        data.get("requirement_profiles"), "requirement_profiles", problems
    )
    run_profiles = _run_profiles(data.get("profiles"), requirement_profiles, problems)
    requirements = _requirements(data.get("requirements"), requirement_profiles, sources, problems)

    if problems:
        raise CatalogError(path, problems)
    return Catalog(
        requirements=requirements,
        requirement_profiles=requirement_profiles,
        run_profiles=run_profiles,
        sources=sources,
    )


def _string_mapping(raw: Any, where: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        problems.append(f"{where}: must be a non-empty mapping of name to description")
        return {}
    result: dict[str, str] = {}
    for name, text in raw.items():
        if not _non_empty(text):
            problems.append(f"{where}.{name}: needs a non-empty description")
        result[str(name)] = str(text or "").strip()
    return result


def _sources(raw: Any, problems: list[str]) -> dict[str, Source]:
    if not isinstance(raw, dict) or not raw:
        problems.append("sources: must be a non-empty mapping of key to {kind, cites}")
        return {}
    result: dict[str, Source] = {}
    for key, body in raw.items():
        where = f"sources.{key}"
        if not isinstance(body, dict):
            problems.append(f"{where}: must be a mapping with kind and cites")
            continue
        problems += [f"{where}: unknown key {name!r}" for name in body if name not in _SOURCE_KEYS]
        kind, cites = body.get("kind"), body.get("cites")
        if kind not in SOURCE_KINDS:
            problems.append(f"{where}: kind {kind!r} is not one of {', '.join(SOURCE_KINDS)}")
        if not _non_empty(cites):
            problems.append(f"{where}: needs a non-empty cites")
        result[str(key)] = Source(key=str(key), kind=str(kind), cites=str(cites or "").strip())
    return result


def _run_profiles(
    raw: Any, requirement_profiles: Mapping[str, str], problems: list[str]
) -> dict[str, RunProfile]:
    if not isinstance(raw, dict) or not raw:
        problems.append("profiles: must be a non-empty mapping of run profile name to definition")
        return {}
    result: dict[str, RunProfile] = {}
    for name, body in raw.items():
        where = f"profiles.{name}"
        if not isinstance(body, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        problems += [f"{where}: unknown key {key!r}" for key in body if key not in _RUN_PROFILE_KEYS]
        description = body.get("description")
        if not _non_empty(description):
            problems.append(f"{where}: needs a non-empty description")
        includes = body.get("includes")
        if not isinstance(includes, list) or not includes:
            problems.append(f"{where}: includes must be a non-empty list of requirement profiles")
            includes = []
        for included in includes:
            if included not in requirement_profiles:
                problems.append(f"{where}: includes unknown requirement profile {included!r}")
        allow_waivers = body.get("allow_waivers", False)
        if not isinstance(allow_waivers, bool):
            problems.append(f"{where}: allow_waivers must be true or false")
            allow_waivers = False
        result[str(name)] = RunProfile(
            name=str(name),
            description=str(description or "").strip(),
            includes=tuple(str(item) for item in includes),
            allow_waivers=allow_waivers,
        )
    return result


def _requirements(
    raw: Any,
    requirement_profiles: Mapping[str, str],
    sources: Mapping[str, Source],
    problems: list[str],
) -> tuple[Requirement, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append("requirements: must be a non-empty list")
        return ()
    result: list[Requirement] = []
    for index, entry in enumerate(raw):
        requirement = _requirement(index, entry, requirement_profiles, sources, problems)
        if requirement is not None:
            result.append(requirement)
    counts = Counter(req.id for req in result)
    problems += [f"{req_id}: ID used {count} times" for req_id, count in counts.items() if count > 1]
    return tuple(result)


def _requirement(
    index: int,
    entry: Any,
    requirement_profiles: Mapping[str, str],
    sources: Mapping[str, Source],
    problems: list[str],
) -> Requirement | None:
    if not isinstance(entry, dict):
        problems.append(f"requirements[{index}]: must be a mapping")
        return None
    where = f"requirements[{index}] ({entry.get('id', 'no id')})"
    before = len(problems)
    known = set(_REQUIRED_KEYS) | set(_OPTIONAL_KEYS)
    problems += [f"{where}: unknown key {key!r}" for key in entry if key not in known]
    problems += [
        f"{where}: {key} is missing or empty" for key in _REQUIRED_KEYS if not _non_empty(entry.get(key))
    ]
    if len(problems) > before:
        return None

    req_id, level, profile = entry["id"], entry["level"], entry["profile"]
    testable, source = entry["testable"], str(entry["source"]).strip()
    if not isinstance(req_id, str) or not ID_PATTERN.match(req_id):
        problems.append(f"{where}: id must look like <AREA>-<NNN> with AREA one of {', '.join(AREAS)}")
    if level not in LEVELS:
        problems.append(f"{where}: level {level!r} is not one of {', '.join(LEVELS)}")
    if profile not in requirement_profiles:
        problems.append(f"{where}: profile {profile!r} is not a declared requirement profile")
    if testable not in TESTABLE:
        problems.append(f"{where}: testable {testable!r} is not one of {', '.join(TESTABLE)}")
    elif testable == "not-api" and not _non_empty(entry.get("why")):
        problems.append(f"{where}: a not-api requirement needs a why")
    elif testable == "api" and entry.get("why") is not None:
        problems.append(f"{where}: why belongs only to not-api requirements")
    cited, source_problems = _cited_sources(source, sources)
    problems += [f"{where}: {problem}" for problem in source_problems]
    provenance = tuple(kind for kind in SOURCE_KINDS if any(s.kind == kind for s in cited))
    if level == "MUST" and cited and not OBLIGING_KINDS & set(provenance):
        problems.append(
            f"{where}: a MUST needs a docs or contract source; {source!r} is only {', '.join(provenance)}"
        )
    for key in _OPTIONAL_KEYS:
        if key in entry and not _non_empty(entry[key]):
            problems.append(f"{where}: {key} is present but empty")
    if len(problems) > before:
        return None
    return Requirement(
        id=req_id,
        level=level,
        profile=profile,
        statement=" ".join(str(entry["statement"]).split()),
        source=source,
        testable=testable,
        why=_optional_text(entry.get("why")),
        notes=_optional_text(entry.get("notes")),
        provenance=provenance,
    )


def _cited_sources(source: str, sources: Mapping[str, Source]) -> tuple[list[Source], list[str]]:
    """The sources a citation names. Each '; '-separated part must start with a declared
    key, so every citation can be traced to a file and its kind known."""
    cited: list[Source] = []
    problems = []
    for part in (piece.strip() for piece in source.split(";")):
        found = next((s for key, s in sources.items() if part == key or part.startswith((f"{key} ", f"{key}:"))), None)
        if found is None:
            problems.append(f"source part {part!r} does not start with a key of `sources`")
        else:
            cited.append(found)
    return cited, problems


def _non_empty(value: Any) -> bool:
    return value is not None and str(value).strip() != ""


def _optional_text(value: Any) -> str | None:
    return " ".join(str(value).split()) if _non_empty(value) else None
