"""The embedded reference endpoint, started as a subprocess through its public CLI.

`peering-conformance serve --port 0 --ready-file PATH` writes `{"url", "ca_cert"}` to
PATH once it accepts connections. Going through the command (not the Python API) keeps
the runner independent of how the endpoint is built, and a crash there cannot take the
run down with it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from conformance.target.errors import TargetUnreachable

STARTUP_DEADLINE_SECONDS = 30.0
STOP_GRACE_SECONDS = 5.0
REFERENCE_TOKEN_VARIABLE = "PEERING_REFERENCE_TOKEN"


@dataclass
class EmbeddedEndpoint:
    """A reference endpoint on 127.0.0.1 with a free port; use as a context manager."""

    https: bool = True
    lro: str = "async"
    retry_after: int = 0
    startup_deadline: float = STARTUP_DEADLINE_SECONDS
    # `serve --operation-ms` / `--remote-lag-ms`: slow, eventually consistent on demand
    operation_ms: int = 0
    remote_lag_ms: int = 0
    # Given: the endpoint refuses requests without it, so access checks mean something.
    # Passed in the environment, never on a command line `ps` can show.
    require_token: str | None = field(default=None, repr=False)
    url: str | None = None
    ca_cert: str | None = None
    _process: subprocess.Popen | None = field(default=None, repr=False)
    _workdir: tempfile.TemporaryDirectory | None = field(default=None, repr=False)

    def command(self, ready_file: Path) -> list[str]:
        command = [sys.executable, "-m", "conformance", "serve", "--port", "0"]
        if not self.https:
            command.append("--http")
        # A small page size so that every run exercises nextLink paging (ARM-019..021).
        command += ["--lro", self.lro, "--retry-after", str(self.retry_after), "--page-size", "2"]
        if self.operation_ms:
            command += ["--operation-ms", str(self.operation_ms)]
        if self.remote_lag_ms:
            command += ["--remote-lag-ms", str(self.remote_lag_ms)]
        return command + ["--ready-file", str(ready_file)]

    def _environment(self) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key != REFERENCE_TOKEN_VARIABLE}
        env["PYTHONUNBUFFERED"] = "1"
        if self.require_token:
            env[REFERENCE_TOKEN_VARIABLE] = self.require_token
        return env

    def start(self) -> "EmbeddedEndpoint":
        """Start the endpoint and wait until it answers; TargetUnreachable if it does not."""
        self._workdir = tempfile.TemporaryDirectory(prefix="peering-conformance-endpoint-")
        workdir = Path(self._workdir.name)
        ready_file = workdir / "ready.json"
        log = (workdir / "endpoint.log").open("wb")
        # Own session: a Ctrl-C reaches the runner, which stops the endpoint after cleanup.
        self._process = subprocess.Popen(
            self.command(ready_file),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            env=self._environment(),
        )
        log.close()
        ends_at = time.monotonic() + self.startup_deadline
        while time.monotonic() < ends_at:
            if self._process.poll() is not None:
                raise TargetUnreachable(f"the embedded endpoint exited at start-up:\n{self.log_tail()}")
            info = self._read_ready(ready_file)
            if info is not None:
                self.url, self.ca_cert = info["url"], info.get("ca_cert")
                return self
            time.sleep(0.05)
        self.stop()
        raise TargetUnreachable(
            f"the embedded endpoint was not ready within {self.startup_deadline:g} s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """Terminate the endpoint (kill it if it lingers) and remove its files."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(STOP_GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None

    def log_tail(self, lines: int = 20) -> str:
        if self._workdir is None:
            return ""
        path = Path(self._workdir.name) / "endpoint.log"
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])

    def __enter__(self) -> "EmbeddedEndpoint":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @staticmethod
    def _read_ready(path: Path) -> dict | None:
        """The ready file's content once it is complete JSON with a url."""
        try:
            info = json.loads(path.read_text())
        except (OSError, ValueError):
            return None
        return info if isinstance(info, dict) and info.get("url") else None
