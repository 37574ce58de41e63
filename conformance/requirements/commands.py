"""`peering-conformance requirements`: list the catalog, whole or by profile and level,
with each requirement's provenance (the kinds of source behind it: docs, contract, live,
model, issue) so a reader sees at once whether a MUST rests on the documents."""

from __future__ import annotations

import json
import shutil
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import click

from conformance.paths import REQUIREMENTS_FILE
from conformance.requirements.catalog import LEVELS, Catalog, CatalogError, Requirement, load_catalog

RUN_PREFIX = "run:"
REQUIREMENT_PREFIX = "requirement:"


@dataclass(frozen=True)
class ProfileChoice:
    """What --profile named: a run profile (several requirement profiles) or a single one."""

    kind: str  # "run" | "requirement"
    name: str


def resolve_profile(catalog: Catalog, value: str) -> ProfileChoice:
    """Read a --profile value. A bare name that is both (e.g. `core`) means the run
    profile, as in `run --profile`; `requirement:core` asks for the requirement profile."""
    if value.startswith(RUN_PREFIX):
        kinds, name = ("run",), value[len(RUN_PREFIX):]
    elif value.startswith(REQUIREMENT_PREFIX):
        kinds, name = ("requirement",), value[len(REQUIREMENT_PREFIX):]
    else:
        kinds, name = ("run", "requirement"), value
    if "run" in kinds and name in catalog.run_profiles:
        return ProfileChoice("run", name)
    if "requirement" in kinds and name in catalog.requirement_profiles:
        return ProfileChoice("requirement", name)
    raise click.BadParameter(
        f"unknown profile {value!r}. Run profiles: {', '.join(catalog.run_profiles)}; "
        f"requirement profiles: {', '.join(catalog.requirement_profiles)} "
        f"(prefix with {REQUIREMENT_PREFIX!r} when a name is both).",
        param_hint="'--profile'",
    )


def _selected(catalog: Catalog, choice: ProfileChoice | None, level: str | None) -> tuple[Requirement, ...]:
    if choice is None:
        return catalog.select(level=level)
    if choice.kind == "run":
        return catalog.requirements_for_run(choice.name, level=level)
    return catalog.select(profile=choice.name, level=level)


def _level_counts(requirements: tuple[Requirement, ...]) -> str:
    counts = Counter(req.level for req in requirements)
    return ", ".join(f"{level} {counts[level]}" for level in LEVELS)


def _render_table(
    catalog: Catalog, choice: ProfileChoice | None, requirements: tuple[Requirement, ...]
) -> str:
    headers = ("ID", "LEVEL", "PROFILE", "TESTABLE", "PROVENANCE")
    rows = [(req.id, req.level, req.profile, req.testable, ",".join(req.provenance)) for req in requirements]
    widths = [max([len(h)] + [len(row[i]) for row in rows]) for i, h in enumerate(headers)]
    prefix_width = sum(widths) + 2 * len(widths)
    statement_width = max(40, shutil.get_terminal_size((120, 24)).columns - prefix_width - 1)

    def line(cells: tuple[str, ...], statement: str) -> list[str]:
        prefix = "".join(cell.ljust(width + 2) for cell, width in zip(cells, widths))
        wrapped = textwrap.wrap(statement, statement_width) or [""]
        return [prefix + wrapped[0]] + [" " * prefix_width + rest for rest in wrapped[1:]]

    out: list[str] = []
    if choice is not None and choice.kind == "run":
        run = catalog.run_profile(choice.name)
        waivers = "waivers allowed" if run.allow_waivers else "no waivers"
        out.append(f"run profile {run.name}: {', '.join(run.includes)} (api-testable only, {waivers})")
        out.append(f"  {run.description}")
        out.append("")
    out += line(headers, "STATEMENT")
    for row, req in zip(rows, requirements):
        out += line(row, req.statement)
    out.append("")
    out.append(f"{len(requirements)} requirement(s): {_level_counts(requirements)}")
    return "\n".join(out)


def _render_json(catalog: Catalog, choice: ProfileChoice | None, level: str | None,
                 requirements: tuple[Requirement, ...]) -> str:
    profile: dict[str, object] | None = None
    if choice is not None and choice.kind == "run":
        profile = {"kind": "run", **catalog.run_profile(choice.name).to_dict()}
    elif choice is not None:
        profile = {"kind": "requirement", "name": choice.name,
                   "description": catalog.requirement_profiles[choice.name]}
    document = {
        "profile": profile,
        "level": level,
        "count": len(requirements),
        "requirements": [req.to_dict() for req in requirements],
    }
    return json.dumps(document, indent=2)


@click.command()
@click.option("--profile", "profile_value", metavar="PROFILE",
              help="A run profile (core, full, ...: its api-testable requirements) or a requirement "
                   "profile (subnet-peering, ...). `requirement:NAME` forces the latter.")
@click.option("--level", type=click.Choice(LEVELS, case_sensitive=False), help="Only this level.")
@click.option("--format", "output_format", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="Human table or JSON for tools.")
@click.option("--catalog", "catalog_file", type=click.Path(dir_okay=False, path_type=Path),
              default=REQUIREMENTS_FILE, show_default=True, help="Catalog file to validate and list.")
def requirements(
    profile_value: str | None, level: str | None, output_format: str, catalog_file: Path
) -> None:
    """List the requirement catalog, optionally filtered by profile and level."""
    try:
        catalog = load_catalog(catalog_file)
    except CatalogError as exc:
        raise click.ClickException(str(exc)) from exc
    choice = resolve_profile(catalog, profile_value) if profile_value is not None else None
    level = level.upper() if level else None
    selected = _selected(catalog, choice, level)
    if output_format == "json":
        click.echo(_render_json(catalog, choice, level, selected))
    else:
        click.echo(_render_table(catalog, choice, selected))
