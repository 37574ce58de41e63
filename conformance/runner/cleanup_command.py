"""`peering-conformance cleanup`, and the same sweep at the start of every run."""

from __future__ import annotations

from collections.abc import Callable

import click

from conformance.runner.leftovers import remove_leftovers
from conformance.runner.target_safety import real_target_refusal
from conformance.suite.run_options import TOKEN_ENVIRONMENT_VARIABLE
from conformance.target.config import (
    DEFAULT_API_VERSION,
    DEFAULT_RESOURCE_GROUP,
    DEFAULT_SUBSCRIPTION,
    DEFAULT_TIMEOUT,
    InvalidTargetConfig,
    TargetConfig,
)
from conformance.target.client import TargetClient
from conformance.target.errors import NonConformance, TargetError
from conformance.target.loopback import is_loopback

EXIT_DONE, EXIT_SOME_REMAIN, EXIT_UNREACHABLE = 0, 1, 3


def remove_leftovers_before_run(client: TargetClient, show: Callable[[str], None]) -> None:
    """Sweep leftovers of earlier runs; a line only when something was there."""
    try:
        outcome = remove_leftovers(client)
    except (TargetError, NonConformance) as exc:
        show(f"warning: could not look for leftovers of earlier runs: {exc}")
        return
    if outcome.removed:
        show(f"removed {len(outcome.removed)} leftovers of earlier runs: {', '.join(outcome.removed[:5])}")
    if outcome.failed:
        show(f"warning: could not remove {len(outcome.failed)} leftovers: {', '.join(outcome.failed[:5])}")


@click.command()
@click.option("--target", metavar="URL", required=True, help="Base URL of the implementation.")
@click.option("--subscription", metavar="ID", default=DEFAULT_SUBSCRIPTION, show_default=True)
@click.option("--resource-group", metavar="NAME", default=DEFAULT_RESOURCE_GROUP, show_default=True)
@click.option("--api-version", metavar="V", default=DEFAULT_API_VERSION, show_default=True)
@click.option("--token", metavar="T", envvar=TOKEN_ENVIRONMENT_VARIABLE, help="Bearer token; never printed.")
@click.option("--ca-cert", metavar="PATH", type=click.Path(exists=True, dir_okay=False))
@click.option("--insecure", is_flag=True, help="Do not verify the target's TLS certificate.")
@click.option("--allow-real-target", is_flag=True, help="Allow a target that is not loopback.")
@click.option("--timeout", metavar="SECONDS", type=click.FloatRange(min=0, min_open=True),
              default=DEFAULT_TIMEOUT, show_default=True)
def cleanup(target, subscription, resource_group, api_version, token, ca_cert, insecure, allow_real_target,
            timeout) -> None:
    """Delete what earlier runs left: every pc-* peering, then every pc-* VNet, of the resource group.

    Exit 0 nothing of the suite remains; 1 some could not be deleted; 2 usage; 3 unreachable."""
    if not is_loopback(target) and not allow_real_target:
        raise click.UsageError(real_target_refusal(target))
    try:
        config = TargetConfig(base_url=target, subscription=subscription, resource_group=resource_group,
                              api_version=api_version, token=token, ca_cert=ca_cert, insecure=insecure,
                              timeout=timeout, lro_deadline=timeout)
    except InvalidTargetConfig as exc:
        raise click.UsageError(str(exc)) from None
    client = TargetClient(config)
    try:
        outcome = remove_leftovers(client)
    except (TargetError, NonConformance) as exc:
        click.echo(f"peering-conformance: cleanup aborted: {exc}", err=True)
        click.get_current_context().exit(EXIT_UNREACHABLE)
    finally:
        client.close()
    for label in outcome.removed:
        click.echo(f"deleted {label}")
    for label in outcome.failed:
        click.echo(f"could not delete {label}", err=True)
    click.echo(f"{len(outcome.removed)} deleted, {len(outcome.failed)} remain")
    click.get_current_context().exit(EXIT_SOME_REMAIN if outcome.failed else EXIT_DONE)
