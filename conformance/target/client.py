"""The one HTTP client of a run: auth, TLS, api-version, bounded retries and the transcript.

Checks must be able to send what a well-behaved client would not (no api-version, an
unknown one, a raw body), so every default here can be overridden per request.
Retries cover only what ARM marks retryable (429, 503, ReferencedResourceNotProvisioned),
a bounded number of times, each attempt recorded; a target still answering 429/503 after
them raises TargetOverloaded (a target error: nothing about conformance was learnt).
"""

from __future__ import annotations

import json as jsonlib
import time
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.structures import CaseInsensitiveDict

from conformance.target.config import TargetConfig
from conformance.target.credentials import TokenSource, token_source_for
from conformance.target.errors import AnswerTimeout, BrokenResponse, TargetOverloaded, TargetUnreachable
from conformance.target.loopback import is_loopback
from conformance.target.lro import OperationBreaker
from conformance.target.pacing import RequestPacer
from conformance.target.responses import ArmResponse
from conformance.exchanges.transcript import Transcript

RETRYABLE_STATUSES = frozenset({429, 503})
RETRYABLE_CODES = frozenset({"ReferencedResourceNotProvisioned"})
USER_AGENT = "peering-conformance"


class _Default:
    """Marker: use the configured api-version."""


CONFIGURED = _Default()


def is_retryable(response: ArmResponse) -> bool:
    if response.status in RETRYABLE_STATUSES:
        return True
    return 400 <= response.status < 500 and response.error_code in RETRYABLE_CODES


def _short_reason(exc: requests.RequestException, timeout: float) -> str:
    """The cause a person needs, without urllib3's layers of wrapping."""
    if isinstance(exc, requests.Timeout):
        return f"no answer within {timeout:g} s ({type(exc).__name__})"
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
    inner = getattr(inner, "reason", inner)
    text = str(inner)
    if "): " in text and text.startswith(("HTTPConnection(", "HTTPSConnection(")):
        text = text.split("): ", 1)[1]
    if isinstance(exc, requests.exceptions.SSLError):
        return f"TLS error: {text} (is --ca-cert right, or is --insecure needed?)"
    return text


class TargetClient:
    """Sends requests to the target over one `requests.Session`."""

    def __init__(
        self,
        config: TargetConfig,
        *,
        transcript: Transcript | None = None,
        session: requests.Session | None = None,
        tokens: TokenSource | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.config = config
        self.transcript = transcript if transcript is not None else Transcript()
        self.session = session if session is not None else requests.Session()
        self.session.verify = config.verify
        self.session.headers["User-Agent"] = USER_AGENT
        self._tokens = tokens if tokens is not None else token_source_for(config)
        self.sleep = sleep
        self.pacer = RequestPacer(config.max_rps, sleep=sleep)
        # Shared by every wait on this client's operations (see lro.py).
        self.operation_breaker = OperationBreaker()
        self._settings_by_origin: dict[tuple[str, str], dict[str, Any]] = {}

    def url(self, path: str) -> str:
        """Absolute URL of a path on the target; absolute URLs pass through."""
        if urlsplit(path).scheme:
            return path
        return self.config.base_url + (path if path.startswith("/") else "/" + path)

    def request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: str | bytes | None = None,
        headers: Mapping[str, str] | None = None,
        api_version: str | None | _Default = CONFIGURED,
        retry: bool = True,
        auth: bool = True,
        timeout: float | None = None,
    ) -> ArmResponse:
        """Send one request (and its bounded retries); returns the last response.

        api-version is added to relative paths unless `params` carries one, the path's
        query already has one, or `api_version=None` asks for none. Absolute URLs (from
        Location, Azure-AsyncOperation, nextLink) are sent verbatim.
        """
        url = self.url(path)
        query = dict(params or {})
        if isinstance(api_version, str):
            query["api-version"] = api_version
        elif api_version is CONFIGURED and not urlsplit(path).scheme:
            if "api-version" not in query and "api-version=" not in urlsplit(url).query:
                query["api-version"] = self.config.api_version
        sent_headers = dict(headers or {})
        if json is not None and data is None:
            data = jsonlib.dumps(json)
            sent_headers.setdefault("Content-Type", "application/json")
        if auth and not any(name.lower() == "authorization" for name in sent_headers):
            token = self._tokens.token()
            if token:
                sent_headers["Authorization"] = f"Bearer {token}"
        retries_left = self.config.max_retries if retry else 0
        attempt = 0
        while True:
            response = self._send(method, url, query, data, sent_headers, timeout)
            if not is_retryable(response):
                return response
            if attempt >= retries_left:
                if retry and response.status in RETRYABLE_STATUSES:
                    raise TargetOverloaded(f"{method} {url}: still HTTP {response.status} after {attempt} retries")
                return response
            self.sleep(self._retry_wait(response, attempt))
            attempt += 1

    def get(self, path: str, **kwargs: Any) -> ArmResponse:
        return self.request("GET", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> ArmResponse:
        return self.request("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> ArmResponse:
        return self.request("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> ArmResponse:
        return self.request("DELETE", path, **kwargs)

    def close(self) -> None:
        self.session.close()

    def _retry_wait(self, response: ArmResponse, attempt: int) -> float:
        advised = response.retry_after
        backoff = 0.5 * 2**attempt
        return min(self.config.retry_after_cap, advised if advised is not None else backoff)

    def _environment_settings(self, url: str) -> dict[str, Any]:
        """Proxies (and the configured verify) for `url`, read from the environment once per
        scheme and host: reading it per request scanned os.environ twice per exchange, a
        tenth of a serial run's client time."""
        parts = urlsplit(url)
        key = (parts.scheme, parts.netloc)
        settings = self._settings_by_origin.get(key)
        if settings is None:
            settings = self.session.merge_environment_settings(url, {}, False, self.config.verify, None)
            self._settings_by_origin[key] = settings
        return settings

    def _send(
        self,
        method: str,
        url: str,
        query: dict[str, Any],
        data: str | bytes | None,
        headers: dict[str, str],
        timeout: float | None,
    ) -> ArmResponse:
        if not is_loopback(url) and is_loopback(self.config.base_url):
            # A local target cannot send the run (and its token) to another machine.
            raise BrokenResponse(f"{method} {url}: a loopback target pointed outside this machine; not followed")
        self.pacer.wait()
        prepared = self.session.prepare_request(
            requests.Request(method, url, params=query, data=data, headers=headers)
        )
        started = datetime.now(timezone.utc).isoformat(timespec="milliseconds")
        began = time.monotonic()
        limit = timeout if timeout is not None else self.config.timeout
        request_body = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        try:
            # The configured verify is passed explicitly: requests would otherwise let
            # REQUESTS_CA_BUNDLE replace the CA file given with --ca-cert. Proxies still
            # come from the environment.
            settings = self._environment_settings(prepared.url or url)
            raw = self.session.send(
                prepared, timeout=(min(limit, 10.0), limit), allow_redirects=False, **settings
            )
            text = raw.text
        except requests.ReadTimeout as exc:
            failure: Exception = AnswerTimeout(f"{method} {url}: {_short_reason(exc, limit)}")
        except (requests.ConnectionError, requests.Timeout) as exc:
            failure = TargetUnreachable(f"{method} {url}: {_short_reason(exc, limit)}")
        except requests.RequestException as exc:
            failure = BrokenResponse(f"{method} {url}: {type(exc).__name__}: {exc}")
        else:
            exchange = self.transcript.record(
                method=method,
                url=prepared.url or url,
                request_headers=dict(prepared.headers),
                request_body=request_body,
                status=raw.status_code,
                response_headers=dict(raw.headers),
                response_body=text,
                duration_ms=(time.monotonic() - began) * 1000,
                started=started,
            )
            return ArmResponse(
                method=method,
                url=prepared.url or url,
                status=raw.status_code,
                headers=CaseInsensitiveDict(raw.headers),
                text=text,
                exchange_id=exchange.id,
                elapsed_ms=exchange.duration_ms,
            )
        self.transcript.record(
            method=method,
            url=prepared.url or url,
            request_headers=dict(prepared.headers),
            request_body=request_body,
            status=None,
            response_headers={},
            response_body=None,
            duration_ms=(time.monotonic() - began) * 1000,
            started=started,
            error=str(failure),
        )
        raise failure
