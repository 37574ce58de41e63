"""Sending a generated case through the run's TargetClient, and handing the answer back to
schemathesis' checks.

`case.call` would send over schemathesis' own transport: no pacing (--max-rps), no
Retry-After or bounded retries on 429/503, no loopback guard, and the transcript written
after the fact. Instead the case is serialized as schemathesis' requests transport would
(`case.as_transport_kwargs`), prepared by requests into the exact bytes, sent with
`TargetClient.request` (which records it), and the answer is wrapped in schemathesis'
`Response` so its checks judge what the client received.
"""

from __future__ import annotations

from dataclasses import dataclass

import requests
from schemathesis import Case, Response

from conformance.target.client import TargetClient
from conformance.target.responses import ArmResponse

# What `serialize_case` of schemathesis' requests transport can return, as requests.Request names it.
_REQUEST_FIELDS = ("method", "url", "headers", "params", "cookies", "json", "data", "files", "auth")


@dataclass(frozen=True)
class SentCase:
    """One generated case as sent: the client's answer and schemathesis' view of it."""

    answer: ArmResponse
    response: Response


def prepare_case(case: Case, base_url: str) -> requests.PreparedRequest:
    """The request schemathesis would send for `case`, prepared (URL with query, body bytes).

    The case's metadata is settled first, so that it describes what is sent (after
    pinning) and a later check cannot re-label it."""
    case.meta  # noqa: B018  (revalidates the metadata of a case edited after generation)
    case.freeze_metadata()
    kwargs = case.as_transport_kwargs(base_url=base_url)
    return requests.Request(**{name: kwargs[name] for name in _REQUEST_FIELDS if name in kwargs}).prepare()


def send_case(client: TargetClient, case: Case) -> SentCase:
    """Send `case` with the client (auth, pacing, retries, guard, transcript); TargetError when
    the exchange could not be completed."""
    request = prepare_case(case, client.config.base_url)
    # requests computes the length again from the body the client sends.
    headers = {name: value for name, value in request.headers.items() if name.lower() != "content-length"}
    answer = client.request(str(request.method), str(request.url), data=request.body, headers=headers, api_version=None)
    response = Response(
        status_code=answer.status,
        headers={name: [value] for name, value in answer.headers.items()},
        content=answer.text.encode("utf-8"),
        request=request,
        elapsed=answer.elapsed_ms / 1000,
        verify=client.config.verify is not False,
        encoding="utf-8",
    )
    return SentCase(answer=answer, response=response)
