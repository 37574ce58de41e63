"""Secrets in a recording never reach the output: not the transcript, results, reports,
the evidence bundle, nor the console."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner

from conformance.cli import main
from tests.traffic.recordings import DATA

HAR = DATA / "cli_peering_sync.har"


def _har_with_secrets(tmp_path: Path) -> tuple[Path, list[str]]:
    document = json.loads(HAR.read_text())
    token = next(h["value"] for h in document["log"]["entries"][0]["request"]["headers"] if h["name"] == "Authorization")
    jwt = token.split(" ", 1)[1]
    entry = document["log"]["entries"][1]
    # a SAS-signed operation URL (as the real Azure-AsyncOperation carries) and a leaked client secret
    for header in entry["response"]["headers"]:
        if header["name"] == "azure-asyncoperation":
            header["value"] = header["value"].split("&t=")[0] + "&sig=SasSignatureValue0123456789"
    entry["request"]["headers"].append({"name": "x-ms-authorization-auxiliary", "value": "Bearer auxiliary-token-abcdef"})
    entry["request"]["postData"]["text"] = entry["request"]["postData"]["text"].replace(
        '"name": "peering1"', '"name": "peering1", "client_secret": "TopSecretClientValue42"'
    )
    path = tmp_path / "secrets.har"
    path.write_text(json.dumps(document))
    return path, [jwt, "SasSignatureValue0123456789", "auxiliary-token-abcdef", "TopSecretClientValue42"]


def test_no_secret_of_the_recording_reaches_any_output(tmp_path: Path) -> None:
    recording, secrets = _har_with_secrets(tmp_path)
    report_dir = tmp_path / "reports"
    result = CliRunner().invoke(main, ["judge", str(recording), "--report-dir", str(report_dir), "--show-skipped"])
    assert result.exit_code == 0, result.output
    outputs = {"console": result.output}
    for path in report_dir.iterdir():
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as bundle:
                outputs.update({f"{path.name}:{n}": bundle.read(n).decode("utf-8", "replace") for n in bundle.namelist()})
        elif path.is_file():
            outputs[path.name] = path.read_text(encoding="utf-8")
    assert {"transcript.jsonl", "results.json", "report.json", "report.html", "junit.xml", "summary.md"} <= set(outputs)
    leaks = [(name, secret) for name, text in outputs.items() for secret in secrets if secret in text]
    assert leaks == []
    transcript = [json.loads(line) for line in outputs["transcript.jsonl"].splitlines()]
    assert transcript[0]["request_headers"]["Authorization"] == "[REDACTED]"
