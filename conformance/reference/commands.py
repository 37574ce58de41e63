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
@click.option("--page-size", type=click.IntRange(1, 1000), default=50, show_default=True, help="Items per list page.")
@click.option(
    "--require-token",
    envvar=TOKEN_ENVIRONMENT_VARIABLE,
    help=f"Refuse requests without 'Authorization: Bearer TOKEN' (or set {TOKEN_ENVIRONMENT_VARIABLE}).",
)
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
    page_size: int,
    require_token: str | None,
    ready_file: Path | None,
) -> None:
    """Serve the embedded reference endpoint of the Virtual Network Peerings API."""
    server = ReferenceServer(
        http=plain_http,
        lro=lro,  # type: ignore[arg-type]
        data=data,
        host=host,
        port=port,
        retry_after=retry_after,
        latency_ms=latency_ms,
        page_size=page_size,
        require_token=require_token,
    )
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
