"""Running one phase of the shipped suite in a pytest subprocess against a reference server
this process serves (optionally wrapped by a planted bug), for the phase tests."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from conformance.paths import PACKAGE_DIR
from conformance.reference.endpoint_state import EndpointState
from conformance.reference.server import ReferenceServer

TOKEN = "phase-test-token-5d1c9a7e"


class WrappingMutant:
    """An EndpointMutant that only wraps the ASGI app (the state stays correct)."""

    def __init__(self, wrap: Callable) -> None:
        self.wrap = wrap

    def endpoint_state(self, store) -> EndpointState:
        return EndpointState(store)


def serve(wrap: Callable | None = None) -> ReferenceServer:
    mutant = WrappingMutant(wrap) if wrap else None
    return ReferenceServer(retry_after=0, require_token=TOKEN, mutant=mutant).start()


def run_phase(phase: str, server: ReferenceServer, tmp_path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    (tmp_path / "pytest.ini").write_text("[pytest]\n")
    command = [
        sys.executable, "-m", "pytest", str(PACKAGE_DIR / "suite" / phase),
        "-c", str(tmp_path / "pytest.ini"), "--rootdir", str(PACKAGE_DIR.parent), "-p", "no:cacheprovider",
        "--target", server.url, "--ca-cert", server.ca_cert, "--report-dir", str(tmp_path / "reports"),
        "--seed", "1", "-q", "--tb=short", *args,
    ]
    environment = {**os.environ, "PEERING_CONFORMANCE_TOKEN": TOKEN}
    environment.pop("PYTEST_ADDOPTS", None)
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=environment)
