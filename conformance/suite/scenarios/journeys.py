"""Taking a scenario journey once per process and recording what it saw (journey_record.py).

    record = journeys.take("sync-add", lambda journey: walk(journey, ...))

`Journey` is what a walk writes and reads through: each write a MUST needs must
succeed (or be refused, when a refusal is the point) or the journey stops; a write only a
SHOULD or our model expects to succeed is `attempted` (kept, judged by its own check,
and the journey goes on), so it never costs a later MUST observation; each observation re-reads
until the target shows what the journey's story implies (within the settle timeout,
for an eventually consistent target) and keeps the last read whether or not it did, so
the checks judge it. The exchanges of a journey are tagged `journey:<name>`, not with
the check that happened to need it first, and its convergence times go to the checks
that judge its observations.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from conformance.exchanges.transcript import Transcript
from conformance.suite.convergence import CONVERGENCE, quiet_window, settle
from conformance.suite.scenarios.journey_record import JourneyRecord, JourneyStopped, Seen, Stop
from conformance.suite.scenarios.peering_expectations import (
    observable_fields,
    peering_label,
    property_mismatches,
)
from conformance.suite.vnets import VnetHandle
from conformance.target.errors import NonConformance, TargetError
from conformance.target.peering_api import DeleteResult, PutResult
from conformance.target.responses import ArmResponse

if TYPE_CHECKING:
    from conformance.suite.fixtures import VnetFactory

JOURNEY_PHASE = "setup"


@dataclass
class Journey:
    """The record being written by one walk, and the factory of its VNets."""

    record: JourneyRecord
    vnets: "VnetFactory"

    def wrote(self, key: str | None, result: PutResult | DeleteResult, doing: str) -> PutResult | DeleteResult:
        """A write the story needs: kept under `key` (its first answer), and the journey
        stops unless it succeeded."""
        if key is not None:
            self.record.keep(key, Seen(doing, result.initial.exchange_id, result.initial.status))
        if not result.succeeded:
            message, exchange = _failed_write(result, doing)
            raise JourneyStopped(Stop(message, exchange, False))
        return result

    def attempted(self, key: str, result: PutResult | DeleteResult, doing: str) -> bool:
        """A write only a SHOULD (or our model) expects to succeed: kept under `key` with its
        outcome for its check to judge (journey_record.expect_succeeded), and the journey
        goes on from whatever state the target is in. Returns whether it succeeded."""
        failure = None if result.succeeded else _failed_write(result, doing)
        self.record.keep(key, Seen(doing, failure[1] if failure else result.initial.exchange_id,
                                   result.initial.status, {"failure": failure[0] if failure else None},
                                   response=result.initial))
        return failure is None

    def answered(self, key: str, response: ArmResponse, doing: str) -> ArmResponse:
        """Keep a response as it came (a refusal or a read the checks judge)."""
        body = response.body
        properties = body if isinstance(body, dict) else {}
        self.record.keep(key, Seen(doing, response.exchange_id, response.status, properties, response=response))
        return response

    def refusal(self, key: str, response: ArmResponse, doing: str, read: Callable[[], ArmResponse],
                undo: Callable[[], object]) -> None:
        """A write the story expects refused: its answer kept as `key:put`, a read of what it
        would have created or changed as `key:after`. When the target took it anyway, `undo`
        puts the state back, so the later steps start from the state the story implies."""
        self.answered(f"{key}:put", response, doing)
        self.answered(f"{key}:after", read(), f"read after {doing}")
        if 200 <= response.status < 300:
            undo()

    def note(self, key: str, what: str, **values: Any) -> Seen:
        """Keep something the journey chose (names, prefixes) for the checks to refer to."""
        return self.record.keep(key, Seen(what, None, None, dict(values)))

    def listed(self, key: str, vnet: VnetHandle, what: str) -> Seen:
        """Every page of the VNet's peering list; keeps the names listed (as listed)."""
        first = vnet.api.list_peerings(vnet.name)
        items = vnet.api.list_all(first)
        names = [str(item.get("name", "")) for item in items if isinstance(item, dict)]
        return self.record.keep(key, Seen(what, first.exchange_id, first.status, {"names": names}))

    def peering(self, key: str, local: VnetHandle, remote: VnetHandle, when: str, **shown: Any) -> Seen:
        """Read local's peering toward remote until it shows `shown` (or the settle timeout
        passed) and keep the last read's properties."""
        CONVERGENCE.finish_check()

        def read_shows(response: ArmResponse) -> bool:
            return response.status == 200 and not property_mismatches(response.properties, **shown)

        response = settle(lambda: local.get_peering(remote), read_shows)
        seconds = tuple(CONVERGENCE.finish_check()) if read_shows(response) else ()
        properties = response.properties if response.status == 200 else {}
        what = f"{peering_label(local, remote)} {when}"
        return self.record.keep(key, Seen(what, response.exchange_id, response.status, properties, seconds))

    def pair_fields(self, key: str, a: VnetHandle, b: VnetHandle, when: str) -> Seen:
        """Both peerings' observable fields as read now (for "changes nothing" checks)."""
        fields: dict[str, Any] = {}
        exchange = None
        for local, remote in ((a, b), (b, a)):
            response = local.get_peering(remote)
            exchange = response.exchange_id
            if response.status != 200:
                raise JourneyStopped(
                    Stop(f"reading {peering_label(local, remote)} {when}: expected 200, got {response.describe()}",
                         exchange, False)
                )
            fields.update(observable_fields(response.properties, peering_label(local, remote)))
        return self.record.keep(key, Seen(f"both peerings {when}", exchange, 200, fields))

    def unchanged_window(self, key: str, a: VnetHandle, b: VnetHandle, when: str) -> None:
        """Both peerings now (`key`) and after a quiet window (`key` + ":later")."""
        self.pair_fields(key, a, b, when)
        quiet_window()
        self.pair_fields(key + ":later", a, b, f"{when} (read again after a quiet window)")


def _failed_write(result: PutResult | DeleteResult, doing: str) -> tuple[str, str | None]:
    """What a write that did not succeed answered, and the exchange that shows it."""
    final = result.lro.final if result.lro is not None and result.lro.final is not None else None
    ending = f"; the operation ended {result.lro.status}: {result.lro.error}" if result.lro else ""
    exchange = (final or result.initial).exchange_id
    return f"{doing}: expected success, got {result.initial.describe()}{ending}", exchange


@dataclass
class JourneyBook:
    """The journeys this process has taken, each taken at most once; their VNets stay
    until `delete_vnets` (the end of the session), as the checks judging them may come late."""

    transcript: Transcript
    new_vnets: Callable[[], "VnetFactory"]
    records: dict[str, JourneyRecord] = field(default_factory=dict)
    factories: list["VnetFactory"] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def take(self, name: str, walk: Callable[[Journey], None]) -> JourneyRecord:
        with self._lock:
            if name not in self.records:
                self.records[name] = self._walk(name, walk)
            return self.records[name]

    def _walk(self, name: str, walk: Callable[[Journey], None]) -> JourneyRecord:
        journey = Journey(JourneyRecord(name), self.new_vnets())
        self.factories.append(journey.vnets)
        held = CONVERGENCE.finish_check()
        try:
            with self.transcript.tagged(f"journey:{name}", JOURNEY_PHASE):
                walk(journey)
        except JourneyStopped as stopped:
            journey.record.stopped = stopped.stop
        except TargetError as exc:
            journey.record.stopped = Stop(f"{type(exc).__name__}: {exc}", None, True)
        except NonConformance as exc:
            journey.record.stopped = Stop(f"{type(exc).__name__}: {exc}", None, False)
        finally:
            CONVERGENCE.finish_check()
            for seconds in held:
                CONVERGENCE.converged(seconds)
        return journey.record

    def delete_vnets(self) -> None:
        """Delete every journey's VNets at once; what stays is left to the session cleanup."""
        if self.factories:
            api = self.factories[0].api
            names = [handle.name for factory in self.factories for handle in factory.standing()]
            with self.transcript.tagged("journey-cleanup", "teardown"):
                api.tracker.delete_vnets(api, names)
