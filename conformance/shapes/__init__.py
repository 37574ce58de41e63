"""The hand-written shape catalog (`specs/shapes.yaml`), loaded into checked dataclasses."""

from conformance.shapes.catalog import Catalog, CatalogError
from conformance.shapes.loading import load_catalog

__all__ = ["Catalog", "CatalogError", "load_catalog"]
