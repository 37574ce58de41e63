"""Waivers: known failures a team accepts for a while, written down with an owner and an end.

File format (YAML)::

    waivers:
      - id: SYNC-004                 # a requirement ID of the catalog
        reason: "remote sync level lags; fix tracked in ABC-123"
        owner: "network-team@example.com"
        expires: 2025-12-31          # last day the waiver counts (inclusive)

A waiver turns a `fail` verdict into `waived`; nothing else (a target error concluded
nothing, so there is nothing to waive). Waivers are judged on the day the run started,
so re-rendering an old run gives the same report. An expired waiver is ignored and
reported as expired. Whether a waived MUST still blocks certification is the run
profile's `allow_waivers` (see certification.py), not the waiver file's.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from conformance.requirements.catalog import Catalog

_REQUIRED_KEYS = ("id", "reason", "owner", "expires")


class WaiverError(ValueError):
    """The waiver file cannot be used; the message lists every problem found."""

    def __init__(self, source: str, problems: Iterable[str]) -> None:
        self.source = source
        self.problems = tuple(problems)
        lines = "\n".join(f"  - {problem}" for problem in self.problems)
        super().__init__(f"invalid waiver file {source}:\n{lines}")


@dataclass(frozen=True)
class Waiver:
    requirement_id: str
    reason: str
    owner: str
    expires: dt.date

    def is_active(self, on: dt.date) -> bool:
        return on <= self.expires


@dataclass(frozen=True)
class WaiverDecision:
    """What a waiver did to one requirement's verdict."""

    verdict: str
    waiver: Waiver | None
    status: str | None  # applied | unused | expired, None without a waiver


@dataclass(frozen=True)
class WaiverSet:
    waivers: tuple[Waiver, ...]
    source: str
    text: str  # the file as read, kept for the evidence bundle

    def for_requirement(self, requirement_id: str) -> Waiver | None:
        return next((item for item in self.waivers if item.requirement_id == requirement_id), None)

    def decide(self, requirement_id: str, verdict: str, on: dt.date) -> WaiverDecision:
        waiver = self.for_requirement(requirement_id)
        if waiver is None:
            return WaiverDecision(verdict, None, None)
        if not waiver.is_active(on):
            return WaiverDecision(verdict, waiver, "expired")
        if verdict == "fail":
            return WaiverDecision("waived", waiver, "applied")
        return WaiverDecision(verdict, waiver, "unused")


def load_waivers(path: Path, catalog: Catalog) -> WaiverSet:
    """Read and check a waiver file; WaiverError lists every problem at once."""
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise WaiverError(source, [f"cannot read the file: {exc.strerror or exc}"]) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise WaiverError(source, [f"not valid YAML: {exc}"]) from exc
    return parse_waivers(data, catalog, source=source, text=text)


def parse_waivers(data: Any, catalog: Catalog, *, source: str = "<memory>", text: str = "") -> WaiverSet:
    problems: list[str] = []
    if not isinstance(data, dict) or set(data) != {"waivers"}:
        raise WaiverError(source, ["the top level must be a mapping with the single key `waivers`"])
    entries = data["waivers"]
    if not isinstance(entries, list):
        raise WaiverError(source, ["`waivers` must be a list (it may be empty: `waivers: []`)"])
    waivers = [_waiver(index, entry, catalog, problems) for index, entry in enumerate(entries)]
    found = [item for item in waivers if item is not None]
    counts = Counter(item.requirement_id for item in found)
    problems += [f"{req_id}: waived {count} times; keep one waiver per requirement"
                 for req_id, count in counts.items() if count > 1]
    if problems:
        raise WaiverError(source, problems)
    return WaiverSet(waivers=tuple(found), source=source, text=text)


def _waiver(index: int, entry: Any, catalog: Catalog, problems: list[str]) -> Waiver | None:
    if not isinstance(entry, dict):
        problems.append(f"waivers[{index}]: must be a mapping with {', '.join(_REQUIRED_KEYS)}")
        return None
    where = f"waivers[{index}] ({entry.get('id', 'no id')})"
    before = len(problems)
    problems += [f"{where}: unknown key {key!r}" for key in entry if key not in _REQUIRED_KEYS]
    problems += [f"{where}: {key} is missing or empty" for key in _REQUIRED_KEYS
                 if entry.get(key) is None or str(entry.get(key)).strip() == ""]
    if len(problems) > before:
        return None
    requirement_id = str(entry["id"]).strip()
    if requirement_id not in catalog:
        problems.append(f"{where}: unknown requirement ID {requirement_id!r} (not in the catalog)")
    expires = _date(entry["expires"])
    if expires is None:
        problems.append(f"{where}: expires must be a date like 2025-12-31, got {entry['expires']!r}")
    if len(problems) > before:
        return None
    return Waiver(
        requirement_id=requirement_id,
        reason=" ".join(str(entry["reason"]).split()),
        owner=str(entry["owner"]).strip(),
        expires=expires,
    )


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def judgement_day(started: str) -> dt.date:
    """The day waivers are judged on: the run's start (UTC), today if it is unreadable."""
    try:
        moment = dt.datetime.fromisoformat(started)
    except (TypeError, ValueError):
        return dt.datetime.now(dt.timezone.utc).date()
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.timezone.utc)
    return moment.date()
