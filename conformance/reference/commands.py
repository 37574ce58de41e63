"""`peering-conformance serve`: run the reference endpoint until SIGINT or SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path

import click

from conformance.reference.server import ReferenceServer
from conformance.reference.store import StoreError

TOKEN_ENVIRONMENT_VARIABLE = "PEERING_REFERENCE_TOKEN"


def _write_ready_file(path: Path, url: str, ca_cert: str | None) -> None:
    """Write atomically, so a reader never sees half a file."""
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps({"url": url, "ca_cert": ca_cert}))
    os.replace(partial, path)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="0 picks a free port.")
@click.option("--http", "plain_http", is_flag=True, help="Serve plain http instead of HTTPS.")
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    help="SQLite file holding the state (kept across restarts); in memory when omitted. "
    "With HTTPS the CA and certificate are kept beside it in <PATH>.tls/.",
)
@click.option(
    "--lro",
    type=click.Choice(["async", "sync"]),
    default="async",
    show_default=True,
    help="async: PUT/DELETE answer Updating/202 with polling headers; sync: finished at once.",
)
@click.option(
    "--retry-after", type=click.IntRange(0, 3600), default=1, show_default=True, help="Retry-After seconds of LROs."
)
@click.option(
    "--latency-ms", type=click.IntRange(0, 600_000), default=0, show_default=True, help="Delay of every PUT/DELETE."
)
@click.option(
    "--operation-ms",
    type=click.IntRange(0, 3_600_000),
    default=0,
    show_default=True,
    help="With --lro async: every operation stays InProgress this long, however often polled "
    "(0: InProgress to its first poll only).",
)
@click.option(
    "--remote-lag-ms",
    type=click.IntRange(0, 3_600_000),
    default=0,
    show_default=True,
    help="Eventual consistency: the peerings a write changes besides its own resource (the other half "
    "of a pair) show the change only this long after the write's operation ends.",
)
@click.option("--page-size", type=click.IntRange(1, 1000), default=50, show_default=True, help="Items per list page.")
@click.option(
    "--require-token",
    envvar=TOKEN_ENVIRONMENT_VARIABLE,
    help=f"Refuse requests without 'Authorization: Bearer TOKEN' (or set {TOKEN_ENVIRONMENT_VARIABLE}).",
)
@click.option(
    "--mutant",
    metavar="NAME",
    help="Serve a variant (a planted bug or a legal variant) instead of the correct endpoint (self-test only; see --list-mutants).",
)
@click.option("--list-mutants", is_flag=True, help="List the variants --mutant accepts (planted bugs, then legal ones), and exit.")
@click.option(
    "--ready-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help='Write {"url": ..., "ca_cert": ...} here once the endpoint accepts connections.',
)
def serve(
    host: str,
    port: int,
    plain_http: bool,
    data: Path | None,
    lro: str,
    retry_after: int,
    latency_ms: int,
    operation_ms: int,
    remote_lag_ms: int,
    page_size: int,
    require_token: str | None,
    mutant: str | None,
    list_mutants: bool,
    ready_file: Path | None,
) -> None:
    """Serve the embedded reference endpoint of the Virtual Network Peerings API."""
    if list_mutants:
        _list_mutants()
        return
    variant = _mutant(mutant) if mutant is not None else None
    server = ReferenceServer(**{
        "http": plain_http,
        "lro": lro,
        "data": data,
        "host": host,
        "port": port,
        "retry_after": retry_after,
        "latency_ms": latency_ms,
        "operation_ms": operation_ms,
        "remote_lag_ms": remote_lag_ms,
        "page_size": page_size,
        "require_token": require_token,
        "mutant": variant,
        # a variant's own endpoint options (a legal variant's sync writes, page size, ...) win
        **(variant.endpoint_options if variant is not None else {}),
    })
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    try:
        server.start()
    except (OSError, StoreError, RuntimeError) as exc:
        raise click.ClickException(str(exc)) from exc
    try:
        click.echo(f"Reference endpoint: {server.url}")
        click.echo(f"CA certificate: {server.ca_cert}" if server.ca_cert else "CA certificate: none (plain http)")
        if ready_file is not None:
            _write_ready_file(ready_file, server.url, server.ca_cert)
        while not stopping.wait(0.5):
            pass
    finally:
        server.stop()
        if ready_file is not None:
            ready_file.unlink(missing_ok=True)
    click.echo("Reference endpoint stopped.")


def _mutant(name: str):
    """The variant (planted bug or legal) called `name`; a usage error (exit 2) listing the names otherwise."""
    from conformance.selftest.variants import ENDPOINT_VARIANTS

    if name not in ENDPOINT_VARIANTS:
        raise click.BadParameter(
            f"unknown mutant {name!r}; known: {', '.join(ENDPOINT_VARIANTS)}", param_hint="--mutant"
        )
    return ENDPOINT_VARIANTS[name]


def _list_mutants() -> None:
    from conformance.selftest.variants import LEGAL_VARIANTS, VARIANTS

    for variant in VARIANTS.values():
        click.echo(f"{variant.name}\t{variant.requirement}\t{variant.level}\t{variant.summary}")
    for legal in LEGAL_VARIANTS.values():
        click.echo(f"{legal.name}\tlegal\t-\t{legal.summary}")
