"""Which checks a variant's run executes.

The runner has no option to pick checks, so `selftest` narrows a run with the options
it does have: the `full` run profile, with every requirement profile (feature) other than
the variant's own declared `--unsupported`. The plugin then deselects every check whose
requirements all lie in those features, leaving the checks of the broken requirement's
area (e.g. all `core` checks for a SYNC variant, all `lro` checks for an LRO one).
`--full-suite` drops the narrowing; the unmutated endpoint always gets the whole run.
"""

from __future__ import annotations

from conformance.requirements import Catalog

RUN_PROFILE = "full"


def unsupported_features(
    catalog: Catalog, requirement_id: str | None, full_suite: bool, run_profile: str = RUN_PROFILE
) -> list[str]:
    """The `--unsupported` features of a run judging `requirement_id` (None: the unmutated run)."""
    if requirement_id is None or full_suite:
        return []
    own = catalog.by_id(requirement_id).profile
    return [feature for feature in catalog.run_profile(run_profile).includes if feature != own]
