import json

from hypothesis import given
from hypothesis import strategies as st

from conformance.exchanges import redaction
from conformance.target import TargetClient, TargetConfig
from conformance.exchanges.transcript import Transcript
from conformance.exchanges.curl import curl_command
from conformance.exchanges.redaction import REDACTED, redact_headers, redact_text

from tests.runner.scripted_adapter import Reply, scripted_session

TOKEN = "knownTokenValue-9f8e7d6c5b4a-not-a-jwt"
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXZhbHVl"


def echoing_target(request):
    """A target that leaks the caller's token everywhere it can."""
    auth = request.headers.get("Authorization", "")
    return Reply(
        200,
        {"echo": auth, "token": TOKEN, "nested": f"access_token={TOKEN}&x=1", "jwt": JWT},
        {"X-Echo-Authorization": auth, "Set-Cookie": f"session={TOKEN}"},
    )


def test_a_known_token_reaches_neither_the_transcript_file_nor_the_curl(tmp_path):
    path = tmp_path / "transcript.jsonl"
    session, _ = scripted_session(echoing_target)
    client = TargetClient(
        TargetConfig("https://target.test", token=TOKEN), session=session, transcript=Transcript(path=path)
    )
    client.put(f"/things/x?sig={TOKEN}", json={"password": TOKEN, "name": "x"})
    text = path.read_text()
    assert TOKEN not in text and JWT not in text
    (exchange,) = client.transcript.exchanges()
    assert exchange.request_headers["Authorization"] == REDACTED
    assert json.loads(exchange.response_body)["token"] == REDACTED
    curl = curl_command(exchange, ca_cert="/tmp/ca.pem")
    assert TOKEN not in curl
    assert '"Authorization: Bearer ${TOKEN}"' in curl and "--cacert /tmp/ca.pem" in curl
    assert "--data-binary" in curl and "'https://target.test/things/x?" in curl


def test_token_shaped_values_are_redacted_without_being_registered():
    text = f'{{"access_token": "abcdefgh12345678", "auth": "Bearer zzzzyyyyxxxx1111", "t": "{JWT}"}}'
    redacted = redact_text(text)
    assert "abcdefgh12345678" not in redacted
    assert "zzzzyyyyxxxx1111" not in redacted
    assert JWT not in redacted
    assert redacted.count(REDACTED) == 3


def test_credential_headers_are_blanked_and_others_kept():
    headers = redact_headers({"Authorization": "Bearer abc", "Cookie": "a=b", "x-ms-request-id": "r1"})
    assert headers == {"Authorization": REDACTED, "Cookie": REDACTED, "x-ms-request-id": "r1"}


def test_ordinary_resource_bodies_survive_redaction():
    body = '{"name": "pc-1a2b3c-m1-a", "properties": {"peeringState": "Connected", "resourceGuid": "0f0e"}}'
    assert redact_text(body) == body


def _every_pattern_applied(text: str) -> str:
    for secret in redaction._secrets_longest_first:
        text = text.replace(secret, REDACTED)
    for pattern, replacement in redaction._PATTERNS:
        text = pattern.sub(replacement, text)
    return text


@given(st.lists(st.sampled_from([
    "eyJhbGciOi", ".", "eyJzdWIi", "Bearer ", "BASIC ", "bearer\t", "access_token", "Token", "SIG", "client_secret",
    "password", "=", ":", "\"", " ", "&", "abcdefgh1234", "A_b-c~d+e/f=", "signal", "id_token=", "x" * 9,
]), max_size=12).map("".join))
def test_the_prefilter_never_spares_text_a_pattern_would_redact(text):
    assert redaction.redact_text(text) == _every_pattern_applied(text)
