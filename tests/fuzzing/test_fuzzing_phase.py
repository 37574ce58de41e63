"""The fuzzing phase passes against the reference endpoint and catches a planted 5xx."""

from __future__ import annotations

import json

import pytest

from tests.fuzzing.suite_run import TOKEN, run_phase, serve

pytestmark = pytest.mark.slow


def server_error_instead_of_refusal(app):
    """ASGI wrapper: a refused peering PUT (400) answers 500 instead."""

    async def wrapped(scope, receive, send):
        refusing_peering_put = scope.get("method") == "PUT" and "/virtualNetworkPeerings/" in scope.get("path", "")

        async def send_broken(message):
            if refusing_peering_put and message["type"] == "http.response.start" and message["status"] == 400:
                message = {**message, "status": 500}
            await send(message)

        await app(scope, receive, send_broken)

    return wrapped


def test_fuzzing_passes_against_the_reference_endpoint_with_two_workers(tmp_path):
    server = serve()
    try:
        run = run_phase("fuzzing", server, tmp_path, "--max-examples", "8", "-n", "2")
    finally:
        server.stop()
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "16 passed" in run.stdout


def test_fuzzing_fails_on_a_5xx_names_rob_012_and_never_shows_the_token(tmp_path):
    server = serve(server_error_instead_of_refusal)
    try:
        run = run_phase(
            "fuzzing", server, tmp_path, "--max-examples", "8",
            "-k", "VirtualNetworkPeerings_CreateOrUpdate",
        )
    finally:
        server.stop()
    assert run.returncode == 1, run.stdout[-3000:]
    assert "Server error" in run.stdout
    assert "curl" in run.stdout and "--seed 1" in run.stdout
    results = (tmp_path / "reports" / "results.json").read_text()
    verdicts = {item["id"]: item for item in json.loads(results)["requirements"]}
    assert verdicts["ROB-012"]["verdict"] == "fail", verdicts["ROB-012"]
    assert TOKEN not in run.stdout + run.stderr + results


def silent_on_non_ascii_vnet_put(app):
    """ASGI wrapper: a VNet PUT whose body holds a non-ASCII character is never answered
    (the kind of input-specific drop fuzzing is there to find); everything else is."""
    import asyncio

    async def wrapped(scope, receive, send):
        vnet_put = (
            scope.get("type") == "http" and scope.get("method") == "PUT"
            and "/virtualNetworks/" in scope.get("path", "") and "/virtualNetworkPeerings/" not in scope["path"]
        )
        if not vnet_put:
            return await app(scope, receive, send)
        messages, body = [], b""
        while True:
            message = await receive()
            messages.append(message)
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        try:
            text = json.dumps(json.loads(body), ensure_ascii=False)
        except ValueError:
            text = body.decode("utf-8", "replace")
        if any(ord(character) > 127 for character in text):
            await asyncio.sleep(30)
            return

        async def replay():
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        await app(scope, replay, send)

    return wrapped


def test_an_unanswered_generated_request_fails_rob_013_not_a_target_error(tmp_path):
    server = serve(silent_on_non_ascii_vnet_put)
    try:
        run = run_phase(
            # The default examples (a write operation gets a quarter of them) find it.
            "fuzzing", server, tmp_path, "--timeout", "1", "--no-shrink",
            "-k", "test_conforming_requests and VirtualNetworks_CreateOrUpdate",
        )
    finally:
        server.stop()
    results = json.loads((tmp_path / "reports" / "results.json").read_text())
    verdicts = {item["id"]: item["verdict"] for item in results["requirements"]}
    assert run.returncode == 1, run.stdout[-3000:]
    assert verdicts["ROB-013"] == "fail" and verdicts["ROB-012"] != "fail", verdicts
    (check,) = [check for check in results["checks"] if "VirtualNetworks_CreateOrUpdate" in check["test_id"]]
    assert check["outcome"] == "failed" and check["failed_requirement_ids"] == ["ROB-013"]
    assert "while the target answers others" in check["message"]
