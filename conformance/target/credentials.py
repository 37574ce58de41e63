"""Where the bearer token comes from: a static value, or azure-identity on demand.

azure-identity is an optional extra (`pip install 'peering-conformance[azure]'`); it is
imported only when `--azure-credential` is used. Every token handed out is registered
for redaction before anyone can log it.
"""

from __future__ import annotations

import time
from typing import Protocol

from conformance.target.config import InvalidTargetConfig, TargetConfig
from conformance.exchanges.redaction import register_secret

ARM_SCOPE = "https://management.azure.com/.default"
# Refresh a little before expiry so a token never dies mid-request.
_REFRESH_MARGIN_SECONDS = 300


class TokenSource(Protocol):
    def token(self) -> str | None: ...


class NoToken:
    """For targets that do not check authentication (the embedded endpoint by default)."""

    def token(self) -> str | None:
        return None


class StaticToken:
    def __init__(self, value: str) -> None:
        register_secret(value)
        self._value = value

    def token(self) -> str | None:
        return self._value

    def __repr__(self) -> str:
        return "StaticToken([REDACTED])"


class AzureCredentialToken:
    """Tokens for ARM from DefaultAzureCredential, cached until shortly before expiry."""

    def __init__(self, scope: str = ARM_SCOPE) -> None:
        try:
            from azure.identity import DefaultAzureCredential
        except ImportError as exc:
            raise InvalidTargetConfig(
                "--azure-credential needs azure-identity: pip install 'peering-conformance[azure]'"
            ) from exc
        self._credential = DefaultAzureCredential()
        self._scope = scope
        self._value: str | None = None
        self._expires_on = 0.0

    def token(self) -> str | None:
        if self._value is None or time.time() > self._expires_on - _REFRESH_MARGIN_SECONDS:
            try:
                access = self._credential.get_token(self._scope)
            except Exception as exc:  # azure-identity raises several unrelated types
                raise InvalidTargetConfig(f"azure-identity could not get a token: {exc}") from None
            register_secret(access.token)
            self._value, self._expires_on = access.token, float(access.expires_on)
        return self._value

    def __repr__(self) -> str:
        return "AzureCredentialToken()"


def token_source_for(config: TargetConfig) -> TokenSource:
    if config.azure_credential:
        return AzureCredentialToken()
    if config.token:
        return StaticToken(config.token)
    return NoToken()
