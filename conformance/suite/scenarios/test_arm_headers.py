"""The tracing headers of ARM: x-ms-request-id on every answer, the correlation id echoed.

Support cases with Azure start from these ids; a response without one - an error, a
poll of an operation, a 204 - cannot be traced, which is why the check looks at every
exchange of the ARM-contract journey (arm_journey.py) rather than at a few chosen ones.
"""

from __future__ import annotations

import pytest

from conformance.suite.scenarios.arm_checks import REQUEST_ID, describe_exchange, exchange_header
from conformance.suite.scenarios.arm_journey import CORRELATION_ID, JOURNEY, arm_journey, journey_exchanges
from conformance.suite.scenarios.journey_record import fail, fail_findings

pytestmark = pytest.mark.xdist_group(JOURNEY)


@pytest.mark.requirements("ARM-014")
def test_every_response_carries_x_ms_request_id(journeys, target):
    seen = journey_exchanges(arm_journey(journeys), target, "ARM-014")
    missing = [(describe_exchange(exchange), exchange.id)
               for exchange in seen if not exchange_header(exchange, REQUEST_ID)]
    fail_findings("ARM-014", f"{len(missing)} of {len(seen)} responses lack {REQUEST_ID}", missing)


@pytest.mark.requirements("ARM-015")
def test_the_correlation_id_sent_comes_back(journeys):
    record = arm_journey(journeys)
    labels = [key.split(":", 1)[1] for key in record.seen if key.startswith("correlation:")]
    if not labels:
        record.observation("correlation:peering PUT", "ARM-015")
    for label in labels:
        seen = record.observation(f"correlation:{label}", "ARM-015")
        sent = record.observation(f"correlation-sent:{label}", "ARM-015").properties["id"]
        echoed = seen.response.headers.get(CORRELATION_ID)
        fail("ARM-015", seen, [] if echoed == sent else [f"sent {sent}, got {echoed!r}"])
