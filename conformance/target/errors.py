"""Why talking to a target went wrong, split the way verdicts need it.

`TargetError` means the target could not be talked to (refused connection, timeout,
reset): results classify it as target-error, not as non-conformance. `NonConformance`
means the target answered, wrongly; it subclasses AssertionError so a check that hits
it fails like any other assertion.
"""

from __future__ import annotations


class TargetError(Exception):
    """The exchange did not complete; nothing can be concluded about conformance."""


class TargetUnreachable(TargetError):
    """Connection refused, name not resolved, TLS handshake failed or timed out."""


class AnswerTimeout(TargetUnreachable):
    """The target took the request but sent no answer within the per-request timeout.

    A target error for most checks; the check of ROB-013 (answers within the timeout)
    turns it into the failure it is."""


class BrokenResponse(TargetError):
    """The connection broke while the response was being read."""


class TargetOverloaded(TargetError):
    """Still 429/503 after the bounded retries: the target would not serve, so nothing was judged."""


class OperationsStalled(TargetError):
    """The target's operations were seen never to finish, so this one was not waited out:
    nothing about the check's requirements was learnt (the LRO checks judge the stall)."""


class NonConformance(AssertionError):
    """The target answered in a way the contract does not allow."""


class InvalidJsonBody(NonConformance):
    """A body that should be JSON is not."""


class LroTimeout(NonConformance):
    """A long-running operation did not reach a terminal state before the deadline."""


class LroProtocolError(NonConformance):
    """The operation-status resource answered outside the ARM contract."""
