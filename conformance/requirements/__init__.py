"""The requirement catalog (`specs/requirements.yaml`): IDs, levels, profiles, provenance.

Checks, verdicts, reports and the self-test all refer to requirements by these IDs.
"""

from conformance.requirements.catalog import (
    AREAS,
    LEVELS,
    SOURCE_KINDS,
    Catalog,
    CatalogError,
    Requirement,
    RunProfile,
    Source,
    load_catalog,
    parse_catalog,
)

__all__ = [
    "AREAS",
    "LEVELS",
    "SOURCE_KINDS",
    "Catalog",
    "CatalogError",
    "Requirement",
    "RunProfile",
    "Source",
    "load_catalog",
    "parse_catalog",
]
