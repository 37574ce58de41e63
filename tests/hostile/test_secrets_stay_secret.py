"""A run with a known token leaves it in no file it produces, even when the target echoes it."""

import subprocess
import zipfile

import pytest

from tests.hostile.served_endpoint import ServedEndpoint
from tests.runner.rewriting_proxy import RewritingProxy

KNOWN = "known-plain-secret-0d9e8f7a6b5c"


def produced_files(report_dir):
    """Every file under the report directory, and every member of each zip, as (name, bytes)."""
    for path in sorted(report_dir.rglob("*")):
        if not path.is_file():
            continue
        yield str(path), path.read_bytes()
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as bundle:
                for member in bundle.namelist():
                    yield f"{path}!{member}", bundle.read(member)


def run_with_token(target_url, ca_args, report_dir):
    return subprocess.run(
        ["peering-conformance", "run", "--target", target_url, *ca_args, "--token", KNOWN,
         "--select", "lifecycle", "--seed", "5", "--timeout", "10", "--report-dir", str(report_dir)],
        capture_output=True, text=True, timeout=240,
    )


@pytest.mark.slow
@pytest.mark.parametrize("echoing", [False, True], ids=["plain-target", "target-echoing-the-token"])
def test_no_produced_file_contains_the_token(tmp_path, echoing):
    report_dir = tmp_path / "reports"
    with ServedEndpoint(tmp_path, "--retry-after", "0", env={"PEERING_REFERENCE_TOKEN": KNOWN}) as endpoint:
        if echoing:
            echo = lambda body: body.replace('"Disconnected"', f'"Disconnected {KNOWN}"')  # noqa: E731
            with RewritingProxy(endpoint.url, endpoint.ca_cert, echo) as proxy:
                completed = run_with_token(proxy.url, [], report_dir)
        else:
            completed = run_with_token(endpoint.url, ["--ca-cert", endpoint.ca_cert], report_dir)
    assert completed.returncode == (1 if echoing else 0), completed.stdout + completed.stderr
    files = dict(produced_files(report_dir))
    expected = {"results.json", "transcript.jsonl", "pytest.log", "report.json", "report.html", "junit.xml",
                "summary.md", "evidence.zip"}
    assert expected <= {name.rsplit("/", 1)[-1] for name in files}
    assert any("!" in name for name in files)
    if echoing:
        assert any("/recheck/" in name for name in files)
    leaking = [name for name, content in files.items() if KNOWN.encode() in content]
    assert leaking == []
    assert KNOWN not in completed.stdout + completed.stderr
