"""No token reaches any file the report stage writes, even when its inputs hold one."""

from __future__ import annotations

import json
import zipfile

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from conformance.report.redacted_output import redact_tree, redacted_json_lines
from conformance.report.report_files import write_reports
from conformance.exchanges.redaction import register_secret
from tests.report.synthetic_run import synthetic_run

RAW_TOKEN = "knownRunnerToken-5f4e3d2c1b0a-not-a-jwt"
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjZXJ0aWZpZXIifQ.c2lnbmVkLWJ5LW5vYm9keQ"


def produced_texts(paths) -> dict[str, bytes]:
    """Every file the report stage wrote, zip members unpacked (compression would hide a hit)."""
    texts = {}
    for path in (paths.report_json, paths.junit_xml, paths.report_html, paths.summary_md):
        texts[path.name] = path.read_bytes()
    texts["evidence.zip (raw)"] = paths.evidence_zip.read_bytes()
    with zipfile.ZipFile(paths.evidence_zip) as bundle:
        for name in bundle.namelist():
            texts[f"evidence.zip:{name}"] = bundle.read(name)
    return texts


@pytest.mark.parametrize(
    "token, secrets",
    [(RAW_TOKEN, [RAW_TOKEN]), (JWT, [])],
    ids=["token known to the runner", "token-shaped value nobody registered"],
)
def test_a_planted_token_is_in_none_of_the_produced_files(tmp_path, token, secrets):
    run = synthetic_run(tmp_path / "run", leak=token)
    assert token in (run.report_dir / "transcript.jsonl").read_text()
    paths = write_reports(run.report_dir, secrets=secrets)
    texts = produced_texts(paths)
    assert len(texts) == 11  # 4 files, the raw zip and its 6 members
    hits = [name for name, data in texts.items() if token.encode() in data]
    assert hits == []
    assert b"[REDACTED]" in texts["evidence.zip:transcript.jsonl"]
    assert b"[REDACTED]" in texts["report.html"]


# No token keyword in it (eyJ, bearer, token, secret, sig...): the keyword pre-test must
# not be what catches it.
SECRET_WITH_ESCAPES = 'knownValue"with\\quote/slash-77'
PIECES = ["Bearer ", "token=", "sig", "eyJabcd.eyJefgh.ijkl", "plain", "/", "\\", '"', "é", "\n", "\u0007", ":", " ",
          "ok-value-123", SECRET_WITH_ESCAPES, "knownValue", "quote"]
strings = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)
records = st.dictionaries(strings, st.one_of(strings, st.lists(strings, max_size=3), st.integers()), max_size=4)


@given(record=records, ascii_only=st.booleans(), slash_escaped=st.booleans())
@example(record={"k": f"x {SECRET_WITH_ESCAPES} y"}, ascii_only=True, slash_escaped=False)
@example(record={SECRET_WITH_ESCAPES: ["plain", "Bearer abcdefgh1234"]}, ascii_only=False, slash_escaped=True)
def test_lines_passed_through_unparsed_decode_to_what_full_redaction_gives(record, ascii_only, slash_escaped):
    register_secret(SECRET_WITH_ESCAPES)
    line = json.dumps(record, ensure_ascii=ascii_only)
    if slash_escaped:
        line = line.replace("/", "\\/")
    (out,) = redacted_json_lines(line).splitlines()
    assert json.loads(out) == redact_tree(record)
    assert SECRET_WITH_ESCAPES not in json.dumps(json.loads(out))
