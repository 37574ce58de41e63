"""Start and stop a reference endpoint: in a thread of this process, or as a `serve` subprocess.

`ReferenceServer` is what tests and the runner use:

    with ReferenceServer(lro="sync") as server:
        requests.get(f"{server.url}/subscriptions/...", verify=server.ca_cert)

It binds its socket before uvicorn starts, so port 0 yields the real port at once, and
returns from `start()` only when the server accepts connections.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Literal, Protocol

import uvicorn
from starlette.types import ASGIApp

from conformance.reference.app import ReferenceApp
from conformance.reference.endpoint_state import EndpointState
from conformance.reference.request_context import EndpointSettings
from conformance.reference.store import Store
from conformance.reference.tls import TlsFiles, tls_directory_for, tls_files

START_TIMEOUT_SECONDS = 30.0
# How long stop() lets in-flight requests finish.
STOP_GRACE_SECONDS = 10.0


class EndpointMutant(Protocol):
    """The one injection point of the self-test's planted bugs (conformance/selftest/variants):
    the state class to run and a wrapper around the app. The correct path never has one."""

    def endpoint_state(self, store: Store) -> EndpointState: ...

    def wrap(self, app: ASGIApp) -> ASGIApp: ...


def url_host(host: str) -> str:
    """The host as it goes in a URL; wildcard binds are reached through loopback."""
    if host in ("0.0.0.0", ""):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _bound_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


class ReferenceServer:
    """The reference endpoint served by uvicorn in a background thread of this process.

    Defaults: HTTPS with a fresh CA in a temporary directory (removed by `stop()`), async
    LROs with Retry-After 1, in-memory state, 127.0.0.1 on a free port.
    """

    def __init__(
        self,
        *,
        http: bool = False,
        lro: Literal["async", "sync"] = "async",
        data: str | Path | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        retry_after: int = 1,
        latency_ms: int = 0,
        page_size: int = 50,
        require_token: str | None = None,
        mutant: EndpointMutant | None = None,
        operation_ms: int = 0,
        remote_lag_ms: int = 0,
    ) -> None:
        self.http = http
        self.mutant = mutant
        self.data = Path(data) if data is not None else None
        self.host = host
        self.port = port
        self.settings = EndpointSettings(
            lro=lro,
            retry_after=retry_after,
            latency_ms=latency_ms,
            page_size=page_size,
            require_token=require_token,
        )
        # Slow and eventually consistent on demand (`serve --operation-ms`, `--remote-lag-ms`).
        self.operation_ms = operation_ms
        self.remote_lag_ms = remote_lag_ms
        self._tls: TlsFiles | None = None
        self._temporary_tls_dir: Path | None = None
        self._state: EndpointState | None = None
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """Base URL, e.g. https://127.0.0.1:50123 (no trailing slash)."""
        scheme = "http" if self.http else "https"
        return f"{scheme}://{url_host(self.host)}:{self.port}"

    @property
    def ca_cert(self) -> str | None:
        """Path of the CA certificate clients must trust; None with http."""
        return str(self._tls.ca_cert) if self._tls is not None else None

    def _prepare_tls(self) -> None:
        if self.http:
            return
        if self.data is not None:
            directory = tls_directory_for(self.data)
        else:
            directory = self._temporary_tls_dir = Path(tempfile.mkdtemp(prefix="peering-reference-tls-"))
        self._tls = tls_files(directory)

    def start(self) -> "ReferenceServer":
        if self._thread is not None:
            raise RuntimeError("the reference server is already running")
        self._prepare_tls()
        try:
            store = Store(self.data)
            self._state = self.mutant.endpoint_state(store) if self.mutant else EndpointState(store)
            self._state.set_timing(self.operation_ms / 1000, self.remote_lag_ms / 1000)
            sock = _bound_socket(self.host, self.port)
        except BaseException:
            self._release()
            raise
        self.port = sock.getsockname()[1]
        app: ASGIApp = ReferenceApp(self._state, self.settings)
        config = uvicorn.Config(
            self.mutant.wrap(app) if self.mutant else app,
            ssl_certfile=str(self._tls.server_cert) if self._tls else None,
            ssl_keyfile=str(self._tls.server_key) if self._tls else None,
            log_level="warning",
            access_log=False,
            lifespan="off",
            ws="none",
            timeout_graceful_shutdown=STOP_GRACE_SECONDS,
        )
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [sock]}, name="reference-endpoint", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the reference server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        """Finish in-flight requests, close the store, remove a temporary CA.

        Idle keep-alive TLS connections would hold uvicorn's graceful shutdown until the
        client answers close_notify (which an idle client never does), so once no request
        is in flight the remaining connections are dropped."""
        if self._server is not None and self._thread is not None:
            server, thread = self._server, self._thread
            server.should_exit = True
            thread.join(timeout=0.3)
            deadline = time.monotonic() + STOP_GRACE_SECONDS
            while thread.is_alive() and server.server_state.tasks and time.monotonic() < deadline:
                thread.join(timeout=0.05)
            server.force_exit = True
            thread.join(timeout=START_TIMEOUT_SECONDS)
        self._server = None
        self._thread = None
        self._release()

    def _release(self) -> None:
        if self._state is not None:
            self._state.close()
            self._state = None
        if self._temporary_tls_dir is not None:
            shutil.rmtree(self._temporary_tls_dir, ignore_errors=True)
            self._temporary_tls_dir = None
            self._tls = None

    def __enter__(self) -> "ReferenceServer":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class ServeProcess:
    """`peering-conformance serve` in a subprocess, for whoever needs a separate process
    (a crash test, or a runner that must not share its interpreter with the endpoint).

    `args` are extra `serve` options, e.g. ["--lro", "sync", "--data", "state.db"].
    """

    def __init__(self, args: list[str], workdir: Path) -> None:
        self.args = list(args)
        self.ready_file = workdir / f"ready-{os.getpid()}-{time.monotonic_ns()}.json"
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""
        self.ca_cert: str | None = None

    def start(self) -> "ServeProcess":
        command = [sys.executable, "-m", "conformance", "serve", "--ready-file", str(self.ready_file), *self.args]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while not self.ready_file.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                stderr = self.stop()
                raise RuntimeError(f"`serve` did not become ready: {stderr}")
            time.sleep(0.05)
        ready = json.loads(self.ready_file.read_text())
        self.url, self.ca_cert = ready["url"], ready["ca_cert"]
        return self

    def stop(self, sig: int = signal.SIGTERM) -> str:
        """Send `sig` (SIGKILL to simulate a crash) and wait; returns what it wrote to stderr."""
        if self.process is None:
            return ""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            _, stderr = self.process.communicate(timeout=START_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            self.process.kill()
            _, stderr = self.process.communicate()
        self.ready_file.unlink(missing_ok=True)
        return stderr.decode("utf-8", "replace")

    @property
    def returncode(self) -> int | None:
        return self.process.returncode if self.process is not None else None

    def __enter__(self) -> "ServeProcess":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
