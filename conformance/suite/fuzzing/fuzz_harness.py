"""Running one operation's generated cases against the target: send, record, check, settle.

Each case is pinned to the run's resources (case_scope.py), sent over the run's session
(CA file or --insecure, bearer token), recorded in the run's transcript (redacted; the
failing exchange gets the plugin's curl line), checked (arm_checks.py), and, when it
started a long-running write, driven to its end so the next case meets a settled target
and what it created is known for cleanup.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from urllib.parse import urlsplit

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from requests.structures import CaseInsensitiveDict
from schemathesis import Case, GenerationMode, Response
from schemathesis.checks import CheckFunction
from schemathesis.core.failures import FailureGroup

from conformance.suite.fuzzing.case_scope import FuzzScope
from conformance.suite.fuzzing.operations import operation_by_id
from conformance.suite.run_options import hypothesis_phases
from conformance.target.credentials import TokenSource, token_source_for
from conformance.target.lro import LroPoller
from conformance.target.peering_api import PeeringApi
from conformance.exchanges.redaction import redact_text
from conformance.target.responses import ArmResponse

DEFAULT_MAX_EXAMPLES = 20
_WRITES = ("PUT", "DELETE")


class FuzzFailure(AssertionError):
    """A generated request got an answer that breaks a check; the message is redacted."""


def fuzz_seed(run_id: str, seed: int | None) -> int:
    """The seed given with --seed, else one derived from the run id (same in every worker)."""
    if seed is not None:
        return seed
    return int(hashlib.sha256(run_id.encode()).hexdigest()[:8], 16)


@dataclass
class FuzzHarness:
    api: PeeringApi
    scope: FuzzScope
    checks: list[CheckFunction]
    seed: int
    max_examples: int = DEFAULT_MAX_EXAMPLES
    phases: list[Phase] = field(default_factory=lambda: hypothesis_phases(shrink=True))
    _tokens: TokenSource | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._tokens = token_source_for(self.api.config)

    def fuzz(self, operation_id: str, mode: GenerationMode) -> None:
        """Generate up to max_examples cases of the operation and exercise each."""
        operation = operation_by_id(operation_id)

        @hypothesis_seed(self.seed)
        @settings(
            max_examples=self.max_examples,
            phases=self.phases,
            deadline=None,
            database=None,
            print_blob=False,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def exercise_generated(case: Case) -> None:
            self.exercise(case)

        exercise_generated()

    def exercise(self, case: Case) -> None:
        self.scope.pin(case)
        config = self.api.config
        headers = self._auth_headers()
        transport = {"session": self.api.client.session, "verify": config.verify, "timeout": config.timeout}
        response = case.call(base_url=config.base_url, headers=headers, allow_redirects=False, **transport)
        initial = self._record(response)
        try:
            case.validate_response(
                response, checks=self.checks, headers=headers,
                transport_kwargs={**transport, "base_url": config.base_url, "headers": headers},
            )
        except FailureGroup as failures:
            raise FuzzFailure(
                f"{redact_text(str(failures))}\nseed {self.seed}: repeat with --seed {self.seed}"
            ) from None
        if case.method.upper() in _WRITES and initial.status in (200, 201, 202):
            self._settle(case, initial)

    def _auth_headers(self) -> dict[str, str]:
        token = self._tokens.token() if self._tokens else None
        return {"Authorization": f"Bearer {token}"} if token else {}

    def _record(self, response: Response) -> ArmResponse:
        """Keep the exchange in the run's transcript (redacted there) and return it as an ArmResponse."""
        request = response.request
        body = request.body.decode("utf-8", "replace") if isinstance(request.body, bytes) else request.body
        headers = {name: ", ".join(values) for name, values in response.headers.items()}
        text = (response.content or b"").decode("utf-8", "replace")
        exchange = self.api.client.transcript.record(
            method=str(request.method), url=str(request.url), request_headers=dict(request.headers),
            request_body=body, status=response.status_code, response_headers=headers, response_body=text,
            duration_ms=response.elapsed * 1000, started=datetime.now(timezone.utc).isoformat(timespec="milliseconds"),
        )
        return ArmResponse(
            method=str(request.method), url=str(request.url), status=response.status_code,
            headers=CaseInsensitiveDict(headers), text=text, exchange_id=exchange.id, elapsed_ms=exchange.duration_ms,
        )

    def _settle(self, case: Case, initial: ArmResponse) -> None:
        """Drive the write to its end; note what now exists in the run's resource group,
        and delete at once what an unpinned (deliberately broken) path created elsewhere."""
        outcome = LroPoller(self.api.client, initial).wait()
        path = case.path_parameters
        in_scope = (
            str(path.get("subscriptionId", "")).lower() == self.scope.subscription.lower()
            and str(path.get("resourceGroupName", "")).lower() == self.scope.resource_group.lower()
        )
        vnet, peering = path.get("virtualNetworkName"), path.get("virtualNetworkPeeringName")
        tracker = self.api.tracker
        if case.method.upper() == "DELETE":
            if in_scope and outcome.succeeded and peering:
                tracker.deleted_peering(vnet, peering)
            elif in_scope and outcome.succeeded:
                tracker.deleted_vnet(vnet)
        elif not in_scope:
            resource = urlsplit(initial.url)._replace(query="", fragment="").geturl()
            LroPoller(self.api.client, self.api.client.delete(resource, api_version=self.api.config.api_version)).wait()
        elif peering:
            tracker.created_peering(vnet, peering)
        else:
            tracker.created_vnet(vnet)
