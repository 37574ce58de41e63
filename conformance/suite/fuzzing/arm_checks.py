"""The checks every fuzz response goes through, chosen for an ARM resource provider.

Used: `not_a_server_error` (ROB-011/012), `cloud_error_on_4xx` below (ARM: every failed
request carries `{"error": {"code", "message"}}`), `response_schema_conformance` (2xx
bodies against the generated schemas: SHAPE-001/007/008; error bodies against
CloudError).

Not used, on purpose:
- `status_code_conformance`: every operation documents `default`, so it cannot fail.
- `negative_data_rejection` / `positive_data_acceptance`: the spec is a conformance view
  and looser or stricter than ARM in places (e.g. `api-version` is one enum value);
  acceptance is judged by the scenarios, where the rule is known.
- `use_after_free` / `ensure_resource_availability`: stateful-only, and they take a DELETE's
  202 as the end of the deletion, which an ARM long-running delete is not. Here every
  accepted write is instead driven to its end before the next case (`fuzz_harness.py`).
- `content_type_conformance`, `response_headers_conformance`, `max_response_time`:
  owned by the ARM and LRO scenarios, which name the requirement they prove.
- `ignored_auth`: token enforcement is ARM-037, a SHOULD judged by its scenario; here a
  miss would fail ROB-011/012 instead, and its probes go out over schemathesis' own
  transport, past the run's client (pacing, retries, the loopback guard, the transcript).
"""

from __future__ import annotations

import json

from schemathesis import Case, CheckContext, Response
from schemathesis.checks import CheckFunction, not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance


def cloud_error_on_4xx(ctx: CheckContext, response: Response, case: Case) -> bool | None:
    """A 4xx answer carries an ARM CloudError body: `{"error": {"code": str, "message": str}}`."""
    if not 400 <= response.status_code < 500:
        return None
    try:
        body = json.loads(response.content or b"")
    except ValueError:
        raise AssertionError(f"{response.status_code} without a JSON CloudError body: {response.content[:200]!r}") from None
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict) or not all(isinstance(error.get(key), str) for key in ("code", "message")):
        raise AssertionError(f"{response.status_code} body is not a CloudError (error.code, error.message): {body!r:.300}")
    return None


def fuzz_checks() -> list[CheckFunction]:
    return [not_a_server_error, cloud_error_on_4xx, response_schema_conformance]
