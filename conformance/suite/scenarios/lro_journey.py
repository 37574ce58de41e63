"""The long-running-operation journey: one sequence of writes, every answer kept, judged by the LRO checks.

Every LRO check judges one rule on the same sequence of writes, so it is sent once per
process: two VNet creates (at once), a VNet update, a peering create, a peering sync, a
peering delete and two VNet deletes. Each write is followed to its end before the next,
leniently (`drive`), so that one broken rule fails only its own check: the PUTs and the
peering delete through Azure-AsyncOperation (then the resource is read back), the VNet
deletes through Location (then their Azure-AsyncOperation is read once, as ended).
When the target is on loopback, the VNet update, the sync and the first VNet delete go
through its other loopback name (127.0.0.1 <-> localhost), so the operation URLs are
judged against both spellings of the origin.

Every wait is patient (never cut short by the client's breaker): an operation that does
not end within the deadline is kept as `stalled` for LRO-005 to fail, and the journey
stops there as a target error for the other checks, which had nothing left to judge.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from urllib.parse import urlsplit

from conformance.suite.scenarios.arm_checks import TERMINAL_STATES
from conformance.suite.scenarios.journey_record import JourneyRecord, JourneyStopped, Stop
from conformance.suite.scenarios.journeys import Journey, JourneyBook
from conformance.target.client import TargetClient
from conformance.target.errors import NonConformance
from conformance.target.lro import poll_wait
from conformance.target.peering_api import PeeringApi
from conformance.target.responses import ArmResponse

ASYNC_OPERATION = "Azure-AsyncOperation"
LOCATION = "Location"
RETRY_AFTER = "Retry-After"
JOURNEY = "lro"
# The steps sent through the target's other loopback name, when it has one.
THROUGH_ALIAS = ("VNet update", "peering sync", "VNet delete (remote)")


@dataclass
class Write:
    """One write of the sequence, and the answers its operation gave until it ended."""

    label: str
    initial: ArmResponse
    resource_path: str
    polls: list[ArmResponse] = field(default_factory=list)
    operation_status: object = None
    ended_as: str | None = None
    # The resource read once its PUT's operation ended Succeeded (LRO-013).
    read_back: ArmResponse | None = None
    # The origin the write was sent to (LRO-014).
    through_alias: bool = False

    @property
    def method(self) -> str:
        return self.initial.method

    @property
    def answered_unfinished(self) -> bool:
        """The answer shows a provisioningState that is not terminal (Updating, Deleting, ...)."""
        state = provisioning_state_of(self.initial)
        return isinstance(state, str) and not is_terminal(state)

    @property
    def long_running(self) -> bool:
        """Answered as an operation still under way rather than finished."""
        headers = self.initial.headers
        has_operation_url = ASYNC_OPERATION in headers or LOCATION in headers
        return self.initial.status == 202 or has_operation_url or self.answered_unfinished


def poll_until(api: PeeringApi, url: str, done) -> list[ArmResponse]:
    """GET `url` until `done(answer)`, honouring Retry-After; NonConformance past the deadline.

    Between polls, the LroPoller's schedule: a positive Retry-After as advised, else a
    few polls at once, then a growing backoff (never a tight loop on `Retry-After: 0`).
    Unlike the LroPoller it waits out the deadline even when the client's breaker has
    seen operations never finish: LRO-005 judges the stall, and the journey stops there."""
    config = api.client.config
    breaker = api.client.operation_breaker
    ends_at = time.monotonic() + config.lro_deadline
    answers: list[ArmResponse] = []
    while True:
        answer = api.client.get(url)
        answers.append(answer)
        if done(answer):
            breaker.finished()
            return answers
        if time.monotonic() >= ends_at:
            breaker.ran_out(url)
            raise NonConformance(f"{url}: not finished after {config.lro_deadline:g} s: {answer.describe()}")
        wait = min(poll_wait(answer.retry_after, len(answers)), config.retry_after_cap)
        if wait > 0:
            api.client.sleep(wait)


def is_terminal(state: object) -> bool:
    """Terminal whatever the spelling's case (the exact spelling is LRO-004's business)."""
    return isinstance(state, str) and state.lower() in {terminal.lower() for terminal in TERMINAL_STATES}


def status_of(answer: ArmResponse) -> object:
    body = answer.body
    return body.get("status") if isinstance(body, dict) else None


def provisioning_state_of(answer: ArmResponse) -> object:
    body = answer.body
    properties = body.get("properties") if isinstance(body, dict) else None
    return properties.get("provisioningState") if isinstance(properties, dict) else None


def status_resource_settled(answer: ArmResponse) -> bool:
    return answer.status != 200 or not isinstance(status_of(answer), str) or is_terminal(status_of(answer))


def resource_settled(answer: ArmResponse) -> bool:
    return answer.status != 200 or is_terminal(provisioning_state_of(answer))


def drive(api: PeeringApi, write: Write, *, prefer: str = ASYNC_OPERATION) -> None:
    """Follow the operation to its end, leniently, so that one broken rule fails only its own
    check: through the `prefer`red header, then the other one, then the resource itself.

    Unlike the suite's LroPoller this does not stop at a status spelled in another case or
    missing; only the deadline stops it."""
    headers = write.initial.headers
    for name in (prefer, LOCATION if prefer == ASYNC_OPERATION else ASYNC_OPERATION):
        url = headers.get(name)
        if not url:
            continue
        if name == ASYNC_OPERATION:
            answers = poll_until(api, url, status_resource_settled)
            write.polls += answers
            write.operation_status = status_of(answers[-1])
            if answers[-1].status == 200 and is_terminal(write.operation_status):
                write.ended_as = str(write.operation_status)
                return
        else:
            answers = poll_until(api, url, lambda answer: answer.status != 202)
            write.polls += answers
            write.ended_as = "Succeeded" if answers[-1].status < 300 else "Failed"
            return
    if write.method == "PUT":
        answers = poll_until(api, write.resource_path, resource_settled)
        write.ended_as = str(provisioning_state_of(answers[-1])) if answers[-1].status == 200 else "Failed"
    else:
        answers = poll_until(api, write.resource_path, lambda answer: answer.status != 200)
        write.ended_as = "Succeeded" if answers[-1].status == 404 else "Failed"
    write.polls += answers


def drive_delete_by_location(api: PeeringApi, write: Write) -> None:
    """Through Location (LRO-010); then the Azure-AsyncOperation, if any, is read once,
    ended, so its status still counts for LRO-003 and LRO-004."""
    drive(api, write, prefer=LOCATION)
    url = write.initial.headers.get(ASYNC_OPERATION)
    if url and write.initial.headers.get(LOCATION) and write.operation_status is None:
        answer = api.client.get(url)
        write.polls.append(answer)
        write.operation_status = status_of(answer)


def drive_then_read(api: PeeringApi, write: Write) -> None:
    drive(api, write)
    if write.method == "PUT" and str(write.ended_as).lower() == "succeeded":
        write.read_back = api.client.get(write.resource_path)


def polls_of(write: Write, header: str) -> list[ArmResponse]:
    """The answers of the URL the initial response gave in `header`."""
    url = write.initial.headers.get(header)
    if not url:
        return []
    path = urlsplit(url).path.lower()
    return [answer for answer in write.polls if urlsplit(answer.url).path.lower() == path]


@dataclass(frozen=True)
class Step:
    label: str
    resource_path: str
    send: Callable[[PeeringApi], ArmResponse]
    driver: Callable[[PeeringApi, Write], None] = drive_then_read
    # Tells the resource tracker what a delete that ended Succeeded removed.
    removed: Callable[[PeeringApi], None] | None = None


def steps(api: PeeringApi, names) -> tuple[list[Step], list[Step]]:
    """The two VNet creates (sent together), then the writes one after another."""
    local, remote, peering = names.new("local"), names.new("remote"), names.new("peering")
    creates = [
        Step("VNet create", api.vnet_id(local),
             lambda api: api.put_vnet(local, ["10.70.0.0/16"], wait=False).initial),
        Step("VNet create", api.vnet_id(remote),
             lambda api: api.put_vnet(remote, ["10.71.0.0/16"], wait=False).initial),
    ]
    ordered = [
        Step("VNet update", api.vnet_id(local),
             lambda api: api.put_vnet(local, ["10.70.0.0/16", "10.72.0.0/16"], wait=False).initial),
        Step("peering create", api.peering_id(local, peering),
             lambda api: api.put_peering(local, peering, remote, wait=False).initial),
        Step("peering sync", api.peering_id(local, peering),
             lambda api: api.put_peering(local, peering, remote, sync=True, wait=False).initial),
        Step("peering delete", api.peering_id(local, peering),
             lambda api: api.delete_peering(local, peering, wait=False).initial,
             removed=lambda api: api.tracker.deleted_peering(local, peering)),
        Step("VNet delete (remote)", api.vnet_id(remote),
             lambda api: api.delete_vnet(remote, wait=False).initial, drive_delete_by_location,
             removed=lambda api: api.tracker.deleted_vnet(remote)),
        Step("VNet delete (local)", api.vnet_id(local),
             lambda api: api.delete_vnet(local, wait=False).initial, drive_delete_by_location,
             removed=lambda api: api.tracker.deleted_vnet(local)),
    ]
    return creates, ordered


def lro_journey(journeys: JourneyBook) -> JourneyRecord:
    return journeys.take(JOURNEY, _walk)


def writes_of(record: JourneyRecord, requirement: str) -> list[Write]:
    """The writes sent, each followed to its end, or as far as the journey got (see `complete`)."""
    return record.observation("writes", requirement).properties["writes"]


def complete(record: JourneyRecord, requirement: str) -> None:
    """A check found nothing wrong: that is a pass only when the whole sequence was sent;
    otherwise the journey's stop (a target error when an operation never ended)."""
    record.observation("complete", requirement)


def _walk(journey: Journey) -> None:
    api = journey.vnets.api
    creates, ordered = steps(api, journey.vnets.names)
    alias = loopback_alias(api.config.base_url)
    alias_client = (
        TargetClient(replace(api.config, base_url=alias), transcript=api.client.transcript) if alias else None
    )
    writes: list[Write] = []
    try:
        with ThreadPoolExecutor(max_workers=len(creates)) as pool:
            sent = list(pool.map(lambda step: Write(step.label, step.send(api), step.resource_path), creates))
        for step, write in zip(creates, sent):
            _finish(journey, api, step, write, writes)
        for step in ordered:
            through_alias = alias_client is not None and step.label in THROUGH_ALIAS
            via = PeeringApi(alias_client, api.tracker) if through_alias else api
            write = Write(step.label, step.send(via), step.resource_path, through_alias=through_alias)
            _finish(journey, via, step, write, writes)
        journey.note("complete", "the whole sequence of writes")
    finally:
        journey.note("writes", "the sequence of writes", writes=writes)
        if alias_client is not None:
            alias_client.close()


def _finish(journey: Journey, api: PeeringApi, step: Step, write: Write, writes: list[Write]) -> None:
    if not 200 <= write.initial.status < 300:
        refused = Stop(f"{write.label} refused: {write.initial.describe()}", write.initial.exchange_id, False)
        raise JourneyStopped(refused)
    writes.append(write)
    try:
        step.driver(api, write)
    except NonConformance as exc:
        journey.note("stalled", f"the operation of the {write.label}", message=str(exc),
                     exchange_id=(write.polls[-1] if write.polls else write.initial).exchange_id)
        raise JourneyStopped(Stop(f"the operation of the {write.label} did not end: {exc}", None, True)) from None
    if step.removed is not None and str(write.ended_as).lower() == "succeeded":
        step.removed(api)


def origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def loopback_alias(base_url: str) -> str | None:
    """The same loopback endpoint under its other name (127.0.0.1 <-> localhost), if it is one."""
    parts = urlsplit(base_url)
    alias = {"127.0.0.1": "localhost", "localhost": "127.0.0.1"}.get(parts.hostname or "")
    if alias is None:
        return None
    netloc = alias + (f":{parts.port}" if parts.port else "")
    return parts._replace(netloc=netloc).geturl()




def operation_urls_off_origin(writes: list[Write]) -> list[tuple[str, str]]:
    """(problem, exchange id) of every operation URL not on the origin of the request it answered."""
    wrong = []
    for write in writes:
        answers = [write.initial] + [poll for poll in write.polls if poll.status == 202]
        for answer in answers:
            for name in (ASYNC_OPERATION, LOCATION):
                url = answer.headers.get(name)
                if url and origin(url) != origin(answer.url):
                    wrong.append((f"{write.label}: {name} {url} answering {answer.method} {answer.url}",
                                  answer.exchange_id))
    return wrong
