"""`peering-conformance serve` as a user runs it: ready file, HTTPS with its CA, SIGTERM, tokens."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import requests

from conformance.reference import ServeProcess
from tests.reference.arm_session import ArmSession, assert_cloud_error

TOKEN = "s3cret-token-value"


def test_serve_writes_the_ready_file_serves_https_and_stops_on_sigterm(tmp_path: Path) -> None:
    ready = tmp_path / "ready.json"
    process = subprocess.Popen(
        [sys.executable, "-m", "conformance", "serve", "--port", "0", "--ready-file", str(ready)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert process.poll() is None, process.communicate()
            assert time.monotonic() < deadline, "serve never wrote its ready file"
            time.sleep(0.05)
        announced = json.loads(ready.read_text())
        assert set(announced) == {"url", "ca_cert"}
        assert announced["url"].startswith("https://127.0.0.1:")
        assert not announced["url"].endswith(":0")
        ca_cert = announced["ca_cert"]
        assert Path(ca_cert).is_file()
        path = f"/subscriptions/{uuid.uuid4()}/resourceGroups/rg?api-version=2024-03-01"
        assert requests.get(announced["url"] + path, verify=ca_cert, timeout=30).status_code == 200
        process.send_signal(signal.SIGTERM)
        stdout, _ = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert announced["url"] in stdout and ca_cert in stdout
    assert not ready.exists()
    assert not Path(ca_cert).exists(), "the temporary CA is removed on shutdown"


def test_serve_over_plain_http_announces_no_ca(tmp_path: Path) -> None:
    with ServeProcess(["--http", "--lro", "sync"], tmp_path) as process:
        assert process.url.startswith("http://127.0.0.1:")
        assert process.ca_cert is None
        arm = ArmSession(process.url, None, str(uuid.uuid4()))
        assert arm.put_vnet("vnet1", ["10.1.0.0/16"]).status_code == 201
        arm.close()
        process.stop(signal.SIGINT)
    assert process.returncode == 0


def test_require_token_refuses_requests_without_the_bearer_token(tmp_path: Path) -> None:
    with ServeProcess(["--lro", "sync", "--require-token", TOKEN], tmp_path) as process:
        subscription = str(uuid.uuid4())
        anonymous = ArmSession(process.url, process.ca_cert, subscription)
        wrong = ArmSession(process.url, process.ca_cert, subscription, token="other")
        right = ArmSession(process.url, process.ca_cert, subscription, token=TOKEN)
        missing = anonymous.get(anonymous.vnet_path("vnet1"))
        assert_cloud_error(missing, 401, "AuthenticationFailed")
        assert missing.headers["WWW-Authenticate"].startswith("Bearer ")
        invalid = wrong.put_vnet("vnet1", ["10.1.0.0/16"])
        assert_cloud_error(invalid, 401, "InvalidAuthenticationToken")
        assert invalid.headers["WWW-Authenticate"].startswith("Bearer ")
        assert_cloud_error(anonymous.get("/no/such/route"), 401)
        assert right.put_vnet("vnet1", ["10.1.0.0/16"]).status_code == 201
        for session in (anonymous, wrong, right):
            session.close()
        stderr = process.stop()
    assert TOKEN not in stderr
