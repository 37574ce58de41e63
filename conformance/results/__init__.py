"""Per-check outcomes turned into one verdict per requirement, written to results.json."""

from conformance.results.certification import Certification, RunScopeRecord, certify
from conformance.results.outcomes import (
    CHECK_OUTCOMES,
    VERDICTS,
    CheckResult,
    FindingRecord,
    RequirementVerdict,
    RunMetadata,
    RunResults,
    Summary,
)
from conformance.results.results_file import (
    RESULTS_FILE,
    TRANSCRIPT_FILE,
    load_results,
    merge_transcripts,
    write_results,
)
from conformance.results.verdicts import ScopedRequirement, aggregate, certification_of, summarize

__all__ = [
    "CHECK_OUTCOMES",
    "Certification",
    "FindingRecord",
    "RunScopeRecord",
    "certification_of",
    "certify",
    "RESULTS_FILE",
    "TRANSCRIPT_FILE",
    "VERDICTS",
    "CheckResult",
    "RequirementVerdict",
    "RunMetadata",
    "RunResults",
    "ScopedRequirement",
    "Summary",
    "aggregate",
    "load_results",
    "merge_transcripts",
    "summarize",
    "write_results",
]
