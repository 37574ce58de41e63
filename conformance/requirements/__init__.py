"""The requirement catalog (`specs/requirements.yaml`): IDs, levels, profiles.

Checks, verdicts, reports and the self-test all refer to requirements by these IDs.
"""

from conformance.requirements.catalog import (
    AREAS,
    LEVELS,
    Catalog,
    CatalogError,
    Requirement,
    RunProfile,
    load_catalog,
    parse_catalog,
)

__all__ = [
    "AREAS",
    "LEVELS",
    "Catalog",
    "CatalogError",
    "Requirement",
    "RunProfile",
    "load_catalog",
    "parse_catalog",
]
