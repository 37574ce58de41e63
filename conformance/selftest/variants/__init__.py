"""Planted-bug variants of the reference endpoint, kept apart from its correct code path.

`VARIANTS` maps each name (`serve --mutant NAME`) to its `Variant`.
"""

from conformance.selftest.variants.catalog import VARIANTS
from conformance.selftest.variants.variant import Variant

__all__ = ["VARIANTS", "Variant"]
