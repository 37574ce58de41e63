"""Where a check's evidence is attached: in the process that ran it (an xdist worker or the
only process), onto the pytest report, which xdist carries to the controller intact.

Each phase's report gets, as `user_properties`, the ids of the exchanges sent in that
phase and, when the phase failed, a one-paragraph message, the failing exchange (the
one a RequirementFailure names, else the last one sent) with its curl reproduction, and
whether the failure was a TargetError (the target could not be talked to: target-error,
not non-conformance).
"""

from __future__ import annotations

import pytest

from conformance.suite.check_findings import NOT_APPLICABLE_PREFIX, NotApplicable, RequirementFailure
from conformance.suite.run_state import RunState
from conformance.exchanges.curl import curl_command
from conformance.exchanges.transcript import Exchange
from conformance.target.errors import TargetError

PROPERTY_PREFIX = "conformance."
REQUIREMENTS = PROPERTY_PREFIX + "requirements"
EXCHANGES = PROPERTY_PREFIX + "exchanges"
MESSAGE = PROPERTY_PREFIX + "message"
CURL = PROPERTY_PREFIX + "curl"
FAILING_EXCHANGE = PROPERTY_PREFIX + "failing_exchange"
TARGET_ERROR = PROPERTY_PREFIX + "target_error"
WORKER = PROPERTY_PREFIX + "worker"
FAILED_REQUIREMENTS = PROPERTY_PREFIX + "failed_requirements"
NOT_APPLICABLE = PROPERTY_PREFIX + "not_applicable"
FINDINGS = PROPERTY_PREFIX + "findings"
JUDGED = PROPERTY_PREFIX + "judged"
_MAX_MESSAGE_CHARS = 1500


def requirement_ids_of(item: pytest.Item) -> list[str]:
    """The IDs of every `requirements` marker on the item (function, class, module)."""
    ids: list[str] = []
    for marker in item.iter_markers("requirements"):
        ids += [str(arg) for arg in marker.args if str(arg) not in ids]
    return ids


def failure_message(call: pytest.CallInfo) -> str:
    if call.excinfo is None:
        return ""
    text = call.excinfo.exconly().strip()
    return text if len(text) <= _MAX_MESSAGE_CHARS else text[:_MAX_MESSAGE_CHARS] + " ..."


def skip_reason(report: pytest.TestReport) -> str:
    if isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
        return str(report.longrepr[2]).removeprefix("Skipped: ")
    return str(report.longrepr or "")


class CheckRecorder:
    """pytest hooks of a process that runs checks."""

    def __init__(self, state: RunState) -> None:
        self.state = state

    def _tag(self, item: pytest.Item, phase: str) -> None:
        self.state.transcript.check, self.state.transcript.phase = item.nodeid, phase

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_setup(self, item: pytest.Item):
        self._tag(item, "setup")
        return (yield)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_call(self, item: pytest.Item):
        self._tag(item, "call")
        return (yield)

    @pytest.hookimpl(wrapper=True, tryfirst=True)
    def pytest_runtest_teardown(self, item: pytest.Item, nextitem: pytest.Item | None):
        self._tag(item, "teardown")
        return (yield)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(self, item: pytest.Item, call: pytest.CallInfo):
        report: pytest.TestReport = yield
        exchanges = [e for e in self.state.transcript.for_check(item.nodeid) if e.phase == call.when]
        properties: list[tuple[str, object]] = [
            (REQUIREMENTS, requirement_ids_of(item)),
            (WORKER, self.state.options.worker_id),
            (EXCHANGES, [exchange.id for exchange in exchanges]),
        ]
        findings = self.state.findings.take()
        judged = self.state.findings.take_judged()
        if judged is not None:
            properties.append((JUDGED, judged))
        if findings:
            properties.append(
                (FINDINGS, [{"requirement_id": f.requirement_id, "message": f.message, "exchange_id": f.exchange_id}
                            for f in findings])
            )
        raised = call.excinfo.value if call.excinfo is not None else None
        if report.failed:
            properties += [
                (MESSAGE, failure_message(call)),
                (TARGET_ERROR, isinstance(raised, TargetError)),
            ]
            if isinstance(raised, RequirementFailure):
                properties.append((FAILED_REQUIREMENTS, list(raised.requirement_ids)))
            failing = self._failing_exchange(raised, exchanges)
            if failing is not None:
                config = self.state.target_config
                properties += [
                    (FAILING_EXCHANGE, failing.id),
                    (CURL, curl_command(failing, ca_cert=config.ca_cert, insecure=config.insecure)),
                ]
        elif report.skipped:
            properties.append((MESSAGE, skip_reason(report).removeprefix(NOT_APPLICABLE_PREFIX)))
            if isinstance(raised, NotApplicable):
                properties.append((NOT_APPLICABLE, True))
        report.user_properties.extend(properties)
        return report

    def _failing_exchange(self, raised: BaseException | None, exchanges: list[Exchange]) -> Exchange | None:
        """The exchange a RequirementFailure names (found among those still held, a journey's
        too), else the check's last exchange of the phase."""
        named = getattr(raised, "exchange_id", None) if isinstance(raised, RequirementFailure) else None
        if named:
            for exchange in [*exchanges, *self.state.transcript.exchanges()]:
                if exchange.id == named:
                    return exchange
        return exchanges[-1] if exchanges else None

    def pytest_runtest_logfinish(self, nodeid: str) -> None:
        self.state.transcript.forget(nodeid)
        self.state.transcript.check = self.state.transcript.phase = None
