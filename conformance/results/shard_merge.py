"""Joining the results of `run --shard K/N` runs into the results of one run.

The checks of every shard are put together and judged again with the same `aggregate`
and `summarize` as a single run, so a merged run and an unsharded one cannot judge
differently. The merge certifies only when it holds every shard 1..N exactly once and
all of them ran the same suite version, catalog, profile (unsupported features,
requirements, selection, examples), seed and target; otherwise each problem is a reason
in the merged scope, which is then partial.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from conformance.results.certification import RunScopeRecord
from conformance.results.outcomes import CheckResult, RequirementVerdict, RunResults
from conformance.results.results_file import RESULTS_FILE, TRANSCRIPT_FILE, load_results
from conformance.results.verdicts import ScopedRequirement, aggregate, summarize
from conformance.results.shards import Shard, ShardError
from conformance.target.loopback import is_loopback

MERGE_KIND = "merge"


class ShardInputError(ValueError):
    """A shard directory whose results cannot be read."""


@dataclass(frozen=True)
class ShardRun:
    """One shard's report directory and its results."""

    directory: Path
    results: RunResults

    @property
    def shard(self) -> str | None:
        scope = self.results.run.scope
        return scope.shard if scope is not None else None

    def parsed_shard(self) -> Shard | None:
        try:
            return Shard.parse(self.shard) if self.shard else None
        except ShardError:
            return None


@dataclass
class MergedRun:
    results: RunResults
    transcript_lines: list[str]
    # Why the shards do not make one complete run (the merged scope lists them too).
    problems: list[str] = field(default_factory=list)


def read_shard(directory: Path) -> ShardRun:
    try:
        return ShardRun(Path(directory), load_results(Path(directory)))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ShardInputError(f"{directory}: no readable {RESULTS_FILE}: {exc}") from exc


def merge_shards(shards: list[ShardRun]) -> MergedRun:
    """The shards as one run; `problems` empty only when they form one complete run."""
    if not shards:
        raise ShardInputError("no shard to merge")
    problems = shard_set_problems(shards) + consistency_problems(shards)
    first = shards[0].results
    checks: list[CheckResult] = []
    lines: list[str] = []
    seen_tests: set[str] = set()
    for position, shard in enumerate(shards, start=1):
        parsed = shard.parsed_shard()
        prefix = f"s{parsed.index if parsed else position}-"
        for check in shard.results.checks:
            if check.test_id in seen_tests:
                problems.append(f"{check.test_id} ran in more than one shard")
            seen_tests.add(check.test_id)
            checks.append(_renamed_exchanges(check, prefix))
        lines += _renamed_transcript(shard.directory / shard.results.transcript, prefix)
    verdicts = aggregate(_scoped_requirements(first.requirements), checks)
    scope = _merged_scope(shards, problems)
    interrupted = any(shard.results.run.interrupted for shard in shards)
    run = replace(
        first.run,
        run_id="+".join(shard.results.run.run_id for shard in shards),
        started=min(shard.results.run.started for shard in shards),
        ended=max(shard.results.run.ended for shard in shards),
        duration_s=round(sum(shard.results.run.duration_s for shard in shards), 2),
        workers=max(shard.results.run.workers for shard in shards),
        interrupted=interrupted,
        pytest_exit_status=max((shard.results.run.pytest_exit_status or 0) for shard in shards),
        leftovers=sorted({item for shard in shards for item in shard.results.run.leftovers}),
        scope=scope,
    )
    summary = summarize(verdicts, checks, scope=scope, interrupted=interrupted)
    merged = RunResults(run=run, summary=summary, requirements=verdicts, checks=checks, transcript=TRANSCRIPT_FILE)
    return MergedRun(results=merged, transcript_lines=lines, problems=problems)


def write_merged(merged: MergedRun, out_dir: Path) -> Path:
    """results.json and transcript.jsonl of the merged run in `out_dir`."""
    from conformance.results.results_file import write_results

    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / TRANSCRIPT_FILE).write_text("".join(merged.transcript_lines), encoding="utf-8")
    return write_results(out_dir, merged.results)


def shard_set_problems(shards: list[ShardRun]) -> list[str]:
    """Missing, repeated or unsharded members of the set 1..N."""
    problems = []
    declared = [shard.parsed_shard() for shard in shards]
    unsharded = [str(shard.directory) for shard, value in zip(shards, declared) if value is None]
    if unsharded:
        problems.append(f"not a shard (run without --shard): {', '.join(unsharded)}")
    counts = sorted({value.count for value in declared if value})
    if len(counts) > 1:
        problems.append(f"shards of different splits: N = {', '.join(map(str, counts))}")
    if len(counts) == 1:
        indexes = [value.index for value in declared if value]
        missing = [f"{k}/{counts[0]}" for k in range(1, counts[0] + 1) if k not in indexes]
        repeated = sorted({f"{k}/{counts[0]}" for k in indexes if indexes.count(k) > 1})
        if missing:
            problems.append(f"shard(s) missing: {', '.join(missing)}")
        if repeated:
            problems.append(f"shard(s) given more than once: {', '.join(repeated)}")
    return problems


def consistency_problems(shards: list[ShardRun]) -> list[str]:
    """What the shards did not share: each a reason the merge cannot certify."""
    facets = {
        "suite version": lambda r: r.run.suite_version,
        "catalog digest": lambda r: r.run.scope.catalog_sha256 if r.run.scope else None,
        "profile": lambda r: r.run.profile,
        "unsupported features": lambda r: sorted(r.run.unsupported),
        "requirements (--requirement)": lambda r: r.run.scope.requirements if r.run.scope else None,
        "selection (--select)": lambda r: r.run.scope.select if r.run.scope else None,
        "max examples": lambda r: r.run.max_examples,
        "seed": lambda r: r.run.seed,
        "target": lambda r: target_identity(r.run.target_url),
        "api-version": lambda r: r.run.api_version,
        "requirement list": lambda r: [(item.id, item.verdict == "skipped-by-profile") for item in r.requirements],
    }
    problems = []
    for name, value_of in facets.items():
        values = [value_of(shard.results) for shard in shards]
        if any(value != values[0] for value in values[1:]):
            shown = "; ".join(f"{shard.shard or shard.directory}: {_short(value)}" for shard, value in zip(shards, values))
            problems.append(f"shards ran with different {name} ({shown})")
    return problems


def target_identity(url: str) -> str:
    """What makes two shards' targets the same: the URL, without the port on loopback, where
    each machine's `run` starts its own embedded endpoint on a free port."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    netloc = host if is_loopback(url) else parts.netloc.lower()
    return f"{parts.scheme.lower()}://{netloc}{parts.path.rstrip('/')}"


def _merged_scope(shards: list[ShardRun], problems: list[str]) -> RunScopeRecord:
    scope = shards[0].results.run.scope or RunScopeRecord(kind="run", profile=shards[0].results.run.profile)
    return replace(
        scope,
        kind=MERGE_KIND,
        shard=None,
        other_reasons=list(scope.other_reasons) + [f"merge: {problem}" for problem in problems],
    )


def _scoped_requirements(verdicts: list[RequirementVerdict]) -> list[ScopedRequirement]:
    """The run's scope, as the shards (which share it) recorded it."""
    return [
        ScopedRequirement(
            id=item.id, level=item.level, statement=item.statement, feature=item.feature,
            profiles=tuple(item.profiles), in_scope=item.verdict != "skipped-by-profile",
            out_of_scope_reason=(item.messages[0] if item.messages else None)
            if item.verdict == "skipped-by-profile" else None,
            in_profile=item.in_profile, source=item.source, provenance=tuple(item.provenance),
        )
        for item in verdicts
    ]


def _renamed_exchanges(check: CheckResult, prefix: str) -> CheckResult:
    """Exchange ids restart in every shard (gw0-00001...): prefixed, they stay unique."""
    return replace(
        check,
        exchange_ids=[prefix + item for item in check.exchange_ids],
        failing_exchange_id=prefix + check.failing_exchange_id if check.failing_exchange_id else None,
        findings=[
            replace(finding, exchange_id=prefix + finding.exchange_id if finding.exchange_id else None)
            for finding in check.findings
        ],
    )


def _renamed_transcript(path: Path, prefix: str) -> list[str]:
    if not path.is_file():
        return []
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            exchange = json.loads(line)
            exchange["id"] = prefix + exchange["id"]
            lines.append(json.dumps(exchange, sort_keys=False) + "\n")
    return lines


def _short(value: object, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
