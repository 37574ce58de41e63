"""Running one operation's generated cases against the target: send, record, check, settle.

Each case is pinned to the run's resources (case_scope.py), sent through the run's
TargetClient (case_transport.py: auth, pacing, bounded retries on 429/503, the loopback
guard, the redacted transcript whose failing exchange gets the plugin's curl line),
checked (arm_checks.py), and, when it started a long-running write, driven to its end so
the next case meets a settled target and what it created is known for cleanup.

Write operations (PUT, DELETE) get a quarter of the examples reads get (--max-examples
N: N for a read, N / 4 for a write, at least one): on a real target each accepted write
is a long-running operation of seconds and each write a change to undo, while a read is
a fraction of a second. Most generated writes are refused at validation anyway (a
random location, a broken api-version) or address a name that does not exist (a delete
answered 204), so each adds less than a read; the checks' meaning is unchanged.

A target error (no answer, still 429/503 after the retries) ends the operation's fuzzing
at once, unshrunk: shrinking would only send more requests to a target that cannot answer,
and the check is reported as a target error, not as a failure.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from schemathesis import Case, GenerationMode
from schemathesis.checks import CheckFunction
from schemathesis.core.failures import FailureGroup

from conformance.suite.fuzzing.case_scope import FuzzScope
from conformance.suite.fuzzing.case_transport import send_case
from conformance.suite.fuzzing.operations import operation_by_id
from conformance.suite.run_options import hypothesis_phases
from conformance.results.certification import CERTIFYING_MAX_EXAMPLES
from conformance.suite.check_findings import RequirementFailure
from conformance.target.errors import TargetError, TargetUnreachable
from conformance.target.lro import LroPoller
from conformance.target.peering_api import PeeringApi
from conformance.exchanges.redaction import redact_text
from conformance.target.responses import ArmResponse

# The default is what a certifying run needs: one number, kept in results.certification.
DEFAULT_MAX_EXAMPLES = CERTIFYING_MAX_EXAMPLES
# A write operation gets 1/WRITE_SHARE of the examples of a read (see the module docstring).
WRITE_SHARE = 4
_WRITES = ("PUT", "DELETE")


class FuzzFailure(AssertionError):
    """A generated request got an answer that breaks a check; the message is redacted."""


class _TargetFailed(BaseException):
    """Carries a TargetError out of Hypothesis, which shrinks on an Exception but lets a
    BaseException through untouched."""

    def __init__(self, error: TargetError) -> None:
        super().__init__(str(error))
        self.error = error


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

    def fuzz(self, operation_id: str, mode: GenerationMode) -> None:
        """Generate up to max_examples cases of the operation and exercise each."""
        operation = operation_by_id(operation_id)

        @hypothesis_seed(self.seed)
        @settings(
            max_examples=self.examples_for(operation.method),
            phases=self.phases,
            deadline=None,
            database=None,
            print_blob=False,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy(generation_mode=mode))
        def exercise_generated(case: Case) -> None:
            try:
                self.exercise(case)
            except TargetError as error:
                raise _TargetFailed(error) from None

        try:
            exercise_generated()
        except _TargetFailed as stopped:
            raise stopped.error from None

    def examples_for(self, method: str) -> int:
        """Examples of an operation: max_examples for a read, a WRITE_SHARE-th of it for a write."""
        if method.upper() in _WRITES:
            return max(1, self.max_examples // WRITE_SHARE)
        return self.max_examples

    def exercise(self, case: Case) -> None:
        self.scope.pin(case)
        try:
            sent = send_case(self.api.client, case)
        except TargetUnreachable as error:
            if not self._target_answers():
                raise  # the target is gone, not this request's fault: target-error
            raise RequirementFailure(
                f"no answer to this generated request ({redact_text(str(error))}), while the target answers "
                f"others: ROB-013\nseed {self.seed}: repeat with --seed {self.seed}",
                ["ROB-013"],
            ) from None
        try:
            case.validate_response(
                sent.response, checks=self.checks, transport_kwargs={"base_url": self.api.config.base_url}
            )
        except FailureGroup as failures:
            raise FuzzFailure(
                f"{redact_text(str(failures))}\nseed {self.seed}: repeat with --seed {self.seed}"
            ) from None
        if case.method.upper() in _WRITES and sent.answer.status in (200, 201, 202):
            self._settle(case, sent.answer)

    def _target_answers(self) -> bool:
        """Whether the target still answers a plain read (the drop was this request's)."""
        try:
            self.api.list_vnets()
        except TargetError:
            return False
        return True

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
