"""What a check gets back from the target: the response, decoupled from requests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from requests.structures import CaseInsensitiveDict

from conformance.target.errors import InvalidJsonBody


@dataclass(frozen=True)
class ArmResponse:
    """One response of the target, with the id of its transcript exchange."""

    method: str
    url: str
    status: int
    headers: CaseInsensitiveDict
    text: str
    exchange_id: str
    elapsed_ms: float

    def json(self) -> Any:
        """The decoded body; a body that is not JSON fails the check that asked for it."""
        try:
            return json.loads(self.text)
        except ValueError as exc:
            raise InvalidJsonBody(
                f"{self.method} {self.url} answered {self.status} with a body that is not JSON "
                f"({exc}): {self.text[:200]!r}"
            ) from None

    @property
    def body(self) -> Any:
        """The decoded body, or None when it is empty or not JSON (for lenient reads)."""
        if not self.text.strip():
            return None
        try:
            return json.loads(self.text)
        except ValueError:
            return None

    @property
    def error_code(self) -> str | None:
        """`error.code` of an ARM CloudError body, when there is one."""
        body = self.body
        if isinstance(body, dict) and isinstance(body.get("error"), dict):
            code = body["error"].get("code")
            return code if isinstance(code, str) else None
        return None

    @property
    def properties(self) -> dict[str, Any]:
        """`properties` of a resource body ({} when absent), the usual thing checks read."""
        body = self.json()
        props = body.get("properties") if isinstance(body, dict) else None
        return props if isinstance(props, dict) else {}

    @property
    def retry_after(self) -> float | None:
        """Retry-After in seconds (ARM sends whole seconds); None when absent or unreadable."""
        value = self.headers.get("Retry-After")
        if value is None:
            return None
        try:
            return max(0.0, float(value.strip()))
        except ValueError:
            return None

    def describe(self) -> str:
        """A one-line summary for assertion messages."""
        return f"{self.method} {self.url} -> {self.status} {self.text[:300]}"
