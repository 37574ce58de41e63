"""Variants of the reference endpoint, kept apart from its correct code path.

`VARIANTS` maps each planted bug's name to its `Variant`, `LEGAL_VARIANTS` each legal
variant's to its `LegalVariant`; `serve --mutant NAME` serves either (`ENDPOINT_VARIANTS`).
"""

from conformance.selftest.variants.catalog import VARIANTS
from conformance.selftest.variants.legal_catalog import LEGAL_VARIANTS
from conformance.selftest.variants.variant import EndpointVariant, LegalVariant, Variant

ENDPOINT_VARIANTS: dict[str, EndpointVariant] = {**VARIANTS, **LEGAL_VARIANTS}

__all__ = ["ENDPOINT_VARIANTS", "LEGAL_VARIANTS", "VARIANTS", "EndpointVariant", "LegalVariant", "Variant"]
