"""`peering-conformance proxy --target URL [--port P]`: judge a genuine client's traffic
as it passes; the reports are written when the proxy is stopped (Ctrl-C or SIGTERM).

Exit codes: 0 no MUST requirement failed in the traffic seen, 1 a MUST requirement
failed, 2 usage error (the port is taken, the target URL is not http(s)).
"""

from __future__ import annotations

import json
import os
import signal
import threading
from pathlib import Path
from urllib.parse import urlsplit

import click

from conformance.traffic.judge_command import EXIT_USAGE, finish
from conformance.traffic.judged_results import JudgeSession, write_judged_reports
from conformance.traffic.validating_proxy import ProxySettings, ValidatingProxy


@click.command("proxy")
@click.option("--target", required=True, help="Base URL of the endpoint to forward to, e.g. https://127.0.0.1:8443.")
@click.option("--port", type=click.IntRange(0, 65535), default=0, show_default=True, help="0 picks a free port.")
@click.option("--ca-cert", type=click.Path(exists=True, dir_okay=False), help="CA bundle to trust the target with.")
@click.option("--tls-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Keep the proxy's CA and certificate here (reused on restart); a fresh pair when omitted.")
@click.option("--report-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("reports"),
              show_default=True, help="Where the reports are written when the proxy stops.")
@click.option("--ready-file", type=click.Path(dir_okay=False, path_type=Path),
              help='Write {"url": ..., "ca_cert": ...} here once the proxy accepts connections.')
def proxy(target: str, port: int, ca_cert: str | None, tls_dir: Path | None, report_dir: Path,
          ready_file: Path | None) -> None:
    """Forward a client's requests to TARGET over HTTPS, judging every exchange as it passes."""
    if urlsplit(target).scheme not in ("http", "https") or not urlsplit(target).netloc:
        click.echo(f"error: --target {target!r} is not an http(s) URL", err=True)
        raise SystemExit(EXIT_USAGE)
    try:
        validating = ValidatingProxy(ProxySettings(target=target, target_ca=ca_cert, port=port, tls_dir=tls_dir),
                                     show=click.echo)
    except OSError as exc:
        click.echo(f"error: cannot listen on port {port}: {exc}", err=True)
        raise SystemExit(EXIT_USAGE) from None
    stopping = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stopping.set())
    session = JudgeSession.begin(target)
    with validating:
        click.echo(f"Validating proxy: {validating.url} -> {target}")
        click.echo(f"CA certificate: {validating.ca_cert}")
        if ready_file is not None:
            partial = ready_file.with_name(ready_file.name + ".partial")
            partial.write_text(json.dumps({"url": validating.url, "ca_cert": validating.ca_cert}))
            os.replace(partial, ready_file)
        while not stopping.wait(0.5):
            pass
    if ready_file is not None:
        ready_file.unlink(missing_ok=True)
    click.echo("proxy stopped; writing reports")
    results, paths = write_judged_reports(report_dir, validating.findings, validating.judged_records(), session)
    finish(results, paths)
