"""Which checks a variant's run executes.

A variant breaks one requirement, so its run is narrowed with `run --requirement ID` to
the checks naming that ID: the verdict only counts a failure of such a check, and every
other check would spend time (and, against a broken endpoint, shrink failures) without
changing it. `--full-suite` drops the narrowing, to see what else a bug trips; the
unmutated endpoint always gets the whole run, since a false failure may come from any check.
"""

from __future__ import annotations

RUN_PROFILE = "full"


def requirement_filter(requirement_id: str | None, full_suite: bool) -> tuple[str, ...]:
    """The `--requirement` IDs of a run judging `requirement_id` (None: the unmutated run)."""
    if requirement_id is None or full_suite:
        return ()
    return (requirement_id,)
