"""Where the target is and how to talk to it: the one value every part of a run shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from conformance.target.pacing import max_rps_from_environment

DEFAULT_API_VERSION = "2025-05-01"
DEFAULT_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
DEFAULT_RESOURCE_GROUP = "peering-conformance"
DEFAULT_LOCATION = "westus"
# One knob bounds every wait on the target: an HTTP exchange, and a long-running
# operation driven to its end. Generous enough for real ARM (peerings take ~10-30 s).
DEFAULT_TIMEOUT = 60.0


class InvalidTargetConfig(ValueError):
    """A configuration that cannot work; the runner turns it into exit code 2."""


@dataclass(frozen=True)
class TargetConfig:
    """Everything needed to reach a target. The token never shows in repr or logs."""

    base_url: str
    subscription: str = DEFAULT_SUBSCRIPTION
    resource_group: str = DEFAULT_RESOURCE_GROUP
    location: str = DEFAULT_LOCATION
    api_version: str = DEFAULT_API_VERSION
    token: str | None = field(default=None, repr=False)
    azure_credential: bool = False
    ca_cert: str | None = None
    insecure: bool = False
    timeout: float = DEFAULT_TIMEOUT
    lro_deadline: float = DEFAULT_TIMEOUT
    max_retries: int = 4
    # Retry-After is honoured up to this many seconds, so a target cannot stall a run.
    retry_after_cap: float = 10.0
    # Requests per second of this process (None: unlimited); see pacing.py.
    max_rps: float | None = field(default_factory=max_rps_from_environment)

    def __post_init__(self) -> None:
        object.__setattr__(self, "base_url", self.base_url.rstrip("/"))
        self.validate()

    def validate(self) -> None:
        parts = urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise InvalidTargetConfig(f"target URL must be http(s)://host[:port], got {self.base_url!r}")
        if self.token and self.azure_credential:
            raise InvalidTargetConfig("give either --token or --azure-credential, not both")
        if self.ca_cert and self.insecure:
            raise InvalidTargetConfig("give either --ca-cert or --insecure, not both")
        if self.ca_cert and not Path(self.ca_cert).is_file():
            raise InvalidTargetConfig(f"CA certificate file not found: {self.ca_cert}")
        for name in ("subscription", "resource_group", "location", "api_version"):
            if not getattr(self, name):
                raise InvalidTargetConfig(f"{name.replace('_', '-')} must not be empty")
        if self.timeout <= 0 or self.lro_deadline <= 0:
            raise InvalidTargetConfig("timeouts must be positive")
        if self.max_rps is not None and self.max_rps <= 0:
            raise InvalidTargetConfig("max-rps must be positive")
        if self.max_retries < 0 or self.retry_after_cap < 0:
            raise InvalidTargetConfig("max-retries and retry-after cap must not be negative")

    @property
    def resource_group_path(self) -> str:
        return f"/subscriptions/{self.subscription}/resourceGroups/{self.resource_group}"

    @property
    def verify(self) -> bool | str:
        """The `verify` argument of requests: a CA file, off, or the system store."""
        if self.insecure:
            return False
        return self.ca_cert or True
