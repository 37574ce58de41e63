"""`peering-conformance spec generate|check`: keep the committed spec in step with the catalog."""

from __future__ import annotations

from pathlib import Path

import click

from conformance.paths import running_from_checkout
from conformance.shapes.catalog import CatalogError
from conformance.spec.artifacts import SpecLocations, write_artifacts
from conformance.spec.checking import check_artifacts
from conformance.spec.examples import ExampleFixtureError
from conformance.spec.packaged_copy import PackagedCopy, copy_problems, refresh_copy

DEFAULTS = SpecLocations()


def _location_options(command: click.Command) -> click.Command:
    options = [
        click.option("--shapes", "shapes_file", type=click.Path(path_type=Path), default=DEFAULTS.shapes_file,
                     show_default=True, help="Shape catalog to read."),
        click.option("--examples", "examples_dir", type=click.Path(path_type=Path), default=DEFAULTS.examples_dir,
                     show_default=True, help="Folder of documented example fixtures."),
        click.option("--openapi", "openapi_file", type=click.Path(path_type=Path), default=DEFAULTS.openapi_file,
                     show_default=True, help="OpenAPI document to write or check."),
        click.option("--schemas", "schemas_dir", type=click.Path(path_type=Path), default=DEFAULTS.schemas_dir,
                     show_default=True, help="Folder of JSON Schemas to write or check."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _packaged_copy(locations: SpecLocations) -> PackagedCopy | None:
    """The package's copy of specs/ and fixtures/, kept in step when working on a checkout's own
    files; with other locations given, only those are generated or checked."""
    return PackagedCopy() if running_from_checkout() and locations == DEFAULTS else None


@click.group()
def spec() -> None:
    """Generate and check specs/openapi.json from specs/shapes.yaml, and the package's copy of
    specs/ and fixtures/ (conformance/data/)."""


@spec.command()
@_location_options
def generate(shapes_file: Path, examples_dir: Path, openapi_file: Path, schemas_dir: Path) -> None:
    """Write the OpenAPI document and JSON Schemas from the shape catalog."""
    locations = SpecLocations(shapes_file, examples_dir, openapi_file, schemas_dir)
    try:
        changed = write_artifacts(locations)
    except (CatalogError, ExampleFixtureError) as exc:
        raise click.ClickException(str(exc)) from exc
    packaged = _packaged_copy(locations)
    if packaged is not None:
        changed += refresh_copy(packaged)
    click.echo(f"{len(changed)} file(s) updated" + "".join(f"\n  {path}" for path in changed))


@spec.command()
@_location_options
def check(shapes_file: Path, examples_dir: Path, openapi_file: Path, schemas_dir: Path) -> None:
    """Fail when the committed spec is stale or not valid OpenAPI, or the package's copy differs."""
    locations = SpecLocations(shapes_file, examples_dir, openapi_file, schemas_dir)
    try:
        problems = check_artifacts(locations)
    except (CatalogError, ExampleFixtureError) as exc:
        raise click.ClickException(str(exc)) from exc
    packaged = _packaged_copy(locations)
    if packaged is not None:
        problems += copy_problems(packaged)
    if problems:
        click.echo("The committed spec is not current:", err=True)
        for problem in problems:
            click.echo(f"- {problem}", err=True)
        raise click.ClickException("run `peering-conformance spec generate` and commit the result")
    click.echo(f"{locations.openapi_file} and {locations.schemas_dir}/ are current and valid")
    if packaged is not None:
        click.echo(f"{packaged.copy_root}/ holds the same {len(packaged.source_files())} files as specs/ and fixtures/")
