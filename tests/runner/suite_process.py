"""Running pytest with the suite's plugin on a few hand-written checks, in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


def write_checks(directory: Path, source: str) -> Path:
    path = directory / "test_checks.py"
    path.write_text(textwrap.dedent(source))
    (directory / "pytest.ini").write_text("[pytest]\n")
    return path


def run_pytest(directory: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    command = [
        sys.executable, "-m", "pytest", str(directory / "test_checks.py"),
        "-c", str(directory / "pytest.ini"), "--rootdir", str(directory), "-p", "no:cacheprovider",
        "--report-dir", str(directory / "reports"), *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=directory)


def results_of(directory: Path) -> dict:
    return json.loads((directory / "reports" / "results.json").read_text())


def verdict_of(results: dict, requirement_id: str) -> dict:
    return next(item for item in results["requirements"] if item["id"] == requirement_id)


class JsonServer:
    """A 127.0.0.1 server answering every request with 200 and `{}`."""

    def __init__(self) -> None:
        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                self.rfile.read(length)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            do_GET = do_PUT = do_DELETE = _answer

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "JsonServer":
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.server.shutdown()
        self.server.server_close()
