"""The reference endpoint as its own process (`peering-conformance serve`), for tests that
must kill it, restart it on the same data, or hand it to `run` as an external target."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

READY_TIMEOUT_SECONDS = 30.0


class ServedEndpoint:
    """`serve --port 0` on 127.0.0.1; `url` and `ca_cert` come from its ready file."""

    def __init__(self, workdir: Path, *serve_args: str, env: dict[str, str] | None = None) -> None:
        self.workdir = Path(workdir)
        self.env = {**os.environ, **(env or {})}
        self.serve_args = serve_args
        self.process: subprocess.Popen | None = None
        self.url = ""
        self.ca_cert = ""

    def start(self) -> "ServedEndpoint":
        ready = self.workdir / "ready.json"
        ready.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "conformance", "serve", "--host", "127.0.0.1", "--port", "0",
             "--ready-file", str(ready), *self.serve_args],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL,
            cwd=self.workdir, env=self.env, start_new_session=True,
        )
        deadline = time.monotonic() + READY_TIMEOUT_SECONDS
        while not ready.exists() or not ready.read_text().strip():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the reference endpoint did not start")
            time.sleep(0.05)
        time.sleep(0.05)
        info = json.loads(ready.read_text())
        self.url, self.ca_cert = info["url"], info.get("ca_cert") or ""
        return self

    def kill(self) -> None:
        """SIGKILL: no shutdown handler runs, as after a crash."""
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def __enter__(self) -> "ServedEndpoint":
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
