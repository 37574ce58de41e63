"""One judge for a stream of exchanges: `judge` feeds it a whole recording, `proxy` one
exchange at a time as they pass. Each exchange goes through every rule family in the
order they happened."""

from __future__ import annotations

from dataclasses import dataclass, field

from conformance.traffic.arm_judge import ArmJudge
from conformance.traffic.exchange_filter import routed
from conformance.traffic.findings import Finding
from conformance.traffic.lro_judge import judge_lro
from conformance.traffic.recorded_traffic import TrafficRecord
from conformance.traffic.semantic_judge import SemanticJudge
from conformance.traffic.shape_judge import judge_shapes


@dataclass
class TrafficJudge:
    arm: ArmJudge = field(default_factory=ArmJudge)
    semantics: SemanticJudge = field(default_factory=SemanticJudge)
    judged: list[TrafficRecord] = field(default_factory=list)
    ignored: list[TrafficRecord] = field(default_factory=list)

    def observe(self, record: TrafficRecord) -> list[Finding]:
        """Every finding on one exchange; an exchange outside the VNet and peering API
        (another resource type, a token request) is kept aside and judged by nothing."""
        item = routed(record)
        if item is None:
            self.ignored.append(record)
            return []
        self.judged.append(record)
        return judge_shapes(item) + self.arm.observe(item) + judge_lro(item) + self.semantics.observe(item)


def judge_records(records: list[TrafficRecord]) -> tuple[TrafficJudge, list[Finding]]:
    judge = TrafficJudge()
    findings = [finding for record in records for finding in judge.observe(record)]
    return judge, findings
