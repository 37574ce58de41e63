"""The model-based phase passes against the reference endpoint and catches a target that
never reports LocalNotInSync, with the shrunk steps as requests."""

from __future__ import annotations

import json
import re

import pytest

from tests.fuzzing.suite_run import TOKEN, run_phase, serve

pytestmark = pytest.mark.slow


def never_local_not_in_sync(app):
    """ASGI wrapper (one-chunk bodies, as the reference sends): every LocalNotInSync in a response body reads FullyInSync."""

    async def wrapped(scope, receive, send):
        held: dict = {}

        async def send_rewritten(message):
            if message["type"] == "http.response.start":
                held["start"] = message
                return
            body = message.get("body", b"").replace(b'"LocalNotInSync"', b'"FullyInSync"')
            body = body.replace(b'"LocalAndRemoteNotInSync"', b'"RemoteNotInSync"')
            start = held.pop("start", None)
            if start is not None:
                headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
                headers.append((b"content-length", str(len(body)).encode()))
                await send({**start, "headers": headers})
            await send({**message, "body": body})

        await app(scope, receive, send_rewritten)

    return wrapped


def test_the_state_machine_passes_against_the_reference_endpoint(tmp_path):
    server = serve()
    try:
        run = run_phase("stateful", server, tmp_path)
    finally:
        server.stop()
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "1 passed" in run.stdout


def test_the_state_machine_catches_a_target_that_never_says_local_not_in_sync(tmp_path):
    server = serve(never_local_not_in_sync)
    try:
        # Shrinking replays runs against the server: the slow part (~2-3 min on a busy 2-core box).
        run = run_phase("stateful", server, tmp_path, "--max-examples", "25", timeout=400)
    finally:
        server.stop()
    assert run.returncode == 1, run.stdout[-3000:]
    assert re.search(r"peeringSyncLevel 'FullyInSync', model (\S+ or )?LocalNotInSync", run.stdout), run.stdout[-3000:]
    assert "steps (shrunk), as requests to replay in order:" in run.stdout
    assert "1. PUT https://" in run.stdout
    results = (tmp_path / "reports" / "results.json").read_text()
    verdicts = {item["id"]: item for item in json.loads(results)["requirements"]}
    assert verdicts["SYNC-005"]["verdict"] == "fail", verdicts["SYNC-005"]
    assert TOKEN not in run.stdout + run.stderr + results
