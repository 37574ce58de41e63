"""Every legal variant, by name: a behaviour the REST reference, the concept page or the
ARM resource-provider contract allows but the reference endpoint does not choose by
default, with the source that allows it. The suite must pass each with 0 MUST failures.

`deviates_from` names the SHOULD requirements a variant knowingly does not meet; on
every other requirement, SHOULDs included, it claims to be legal, so any other failure
is a false failure of the suite. `scope` narrows the slow variants to the checks their
behaviour concerns (each write of theirs waits seconds).
"""

from __future__ import annotations

from conformance.selftest.variants import legal_answers, legal_models, legal_paging
from conformance.selftest.variants.legal_sync_on_get import SyncOnFlaggedGet
from conformance.selftest.variants.variant import LegalVariant, catalog

# Checks that drive operations to their end and read the resource back: what a slow
# variant changes. Every write of theirs waits the variant's Retry-After.
LRO_ENDS = ("LRO-005", "LRO-008", "LRO-013")
OPERATIONS_TABLE = "NOTES.md, The operations (official OpenAPI): "
CONTRACT = "NOTES.md, The ARM resource-provider contract: "

def refusal_code_shoulds() -> tuple[str, ...]:
    """The SHOULD requirements that fix a refusal's code (the live service's), by the codes
    their statements name: what a target answering other codes knowingly deviates from."""
    return tuple(
        requirement.id for requirement in catalog()
        if requirement.level == "SHOULD" and any(code in requirement.statement for code in legal_answers.RULE_REFUSAL_CODES)
    )


_ALL = (
    # how writes finish
    LegalVariant(
        name="synchronous-writes", summary="every PUT answers 200/201 Succeeded and every DELETE 200, no operation headers",
        reason=CONTRACT + "PUT answers 200 or 201, only a long-running one needs Azure-AsyncOperation; "
        "DELETE of an existing resource answers 200",
        endpoint_options={"lro": "sync"},
    ),
    LegalVariant(
        name="delete-answers-200-at-once", summary="PUTs are long-running, DELETEs answer 200 when done at once",
        reason=OPERATIONS_TABLE + "Delete success codes 200, 202, 204; " + CONTRACT + "DELETE of an existing one: 200",
        middleware=legal_answers.delete_answers_200,
    ),
    LegalVariant(
        name="delete-answers-204-at-once", summary="DELETE of an existing resource answers 204 at once",
        reason=OPERATIONS_TABLE + "VirtualNetworkPeerings_Delete and VirtualNetworks_Delete list 204 as a success code",
        middleware=legal_answers.delete_answers_204,
    ),
    LegalVariant(
        name="delete-202-location-only", summary="a DELETE answers 202 with Location and Retry-After, no Azure-AsyncOperation",
        reason=CONTRACT + "DELETE of an existing one: 202 with a Location header when async; "
        + OPERATIONS_TABLE + "final state via Location. Azure-AsyncOperation on a DELETE is only seen live (LRO-011)",
        middleware=legal_answers.delete_with_location_only, deviates_from=("LRO-011",),
    ),
    LegalVariant(
        name="operation-in-progress-for-3-polls",
        summary="every operation answers InProgress to 3 polls; its resource reads Updating until then",
        reason=CONTRACT + "a long-running PUT answers a non-terminal provisioningState and the operation "
        "resource reports status until terminal; nothing bounds the number of polls",
        middleware=legal_answers.OperationInProgressForPolls,
    ),
    LegalVariant(
        name="retry-after-1", summary="operations advise Retry-After: 1",
        reason=CONTRACT + "Retry-After is in whole seconds (the live service sent 3, the contract asks 10)",
        endpoint_options={"retry_after": 1}, scope=LRO_ENDS + ("LRO-007",),
    ),
    LegalVariant(
        name="retry-after-10", summary="operations advise Retry-After: 10, as the contract asks",
        reason="NOTES.md, Docs versus the live service: the contract asks Retry-After of at least 10 s",
        endpoint_options={"retry_after": 10}, scope=("LRO-007",), run_timeout=30.0,
    ),
    LegalVariant(
        name="slow-operations", summary="every operation stays InProgress for 2 s, however often polled",
        reason=CONTRACT + "a long-running operation ends when it ends; clients poll until a terminal status",
        endpoint_options={"operation_ms": 2000, "retry_after": 1}, scope=LRO_ENDS + ("LIFE-002", "SYNC-004"),
    ),
    LegalVariant(
        name="operation-status-with-every-field",
        summary="operation status bodies carry id, name, startTime, endTime and percentComplete",
        reason=CONTRACT + "the operation resource has at least status (more members are allowed)",
        middleware=legal_answers.status_with_every_field,
    ),
    LegalVariant(
        name="no-retry-after-on-polls", summary="status and operationResults answers carry no Retry-After",
        reason=CONTRACT + "Retry-After is asked of the long-running PUT or DELETE, not of every poll; "
        "NOTES.md, Genuine clients: without it the SDK waits on its own schedule",
        middleware=legal_answers.no_retry_after_on_polls,
    ),
    # what answers carry
    LegalVariant(
        name="unknown-response-properties",
        summary="bodies carry remoteGateways, routeServiceVips, ipamPoolPrefixAllocations, systemData and more",
        reason="NOTES.md, Real behaviour: live bodies carry properties the spec lacks; validators must not "
        "reject unknown properties in responses",
        middleware=legal_answers.extra_properties,
    ),
    LegalVariant(
        name="live-response-headers",
        summary="answers carry Cache-Control, Pragma, Expires, Strict-Transport-Security, x-ms-ratelimit-* ...",
        reason="recordings/azure-libraries-for-net__CreateUpdatePeering.json: every live answer carries them",
        middleware=legal_answers.extra_headers,
    ),
    LegalVariant(
        name="json-without-charset", summary="Content-Type application/json without a charset",
        reason="RFC 8259 section 11: application/json has no charset parameter; JSON text is UTF-8",
        middleware=legal_answers.json_without_charset,
    ),
    LegalVariant(
        name="other-error-messages", summary="every error message is worded otherwise (codes kept)",
        reason="docs/001 Definitions CloudErrorBody: message is a free string; no document fixes a wording",
        middleware=legal_answers.other_error_messages,
    ),
    LegalVariant(
        name="other-refusal-codes",
        summary=f"refusals of the peering and address-space rules answer 400 {legal_answers.OTHER_REFUSAL_CODE}",
        reason="NOTES.md, Error codes seen from the live service: those codes are live observations; "
        "the documents fix the refusal, not its code",
        middleware=legal_answers.other_refusal_codes, deviates_from=refusal_code_shoulds(),
    ),
    LegalVariant(
        name="prefixes-in-another-order", summary="every addressPrefixes list of an answer comes reversed",
        reason="docs/000: an address space is a set of ranges (sync compares ranges, not their order); "
        "docs/001 AddressSpace.addressPrefixes fixes no order",
        middleware=legal_answers.prefixes_in_another_order,
    ),
    # lists
    LegalVariant(
        name="page-size-1", summary="one item per list page",
        reason=CONTRACT + "lists page through nextLink; the page size is the service's", endpoint_options={"page_size": 1},
    ),
    LegalVariant(
        name="page-size-1000", summary="up to 1000 items per list page (no paging in practice)",
        reason=CONTRACT + "lists page through nextLink; the page size is the service's",
        endpoint_options={"page_size": 1000},
    ),
    LegalVariant(
        name="opaque-next-links", summary="nextLink carries api-version and a random continuationToken",
        reason=CONTRACT + "lists page through nextLink; NOTES.md, Genuine clients: nextLink is followed "
        "verbatim, so only its api-version is fixed",
        middleware=legal_paging.OpaqueNextLinks,
    ),
    LegalVariant(
        name="empty-first-page", summary="every list's first page is empty and links to the next",
        reason=CONTRACT + "a page with zero items and a nextLink is allowed (ARM-022)",
        middleware=legal_paging.EmptyFirstPage,
    ),
    LegalVariant(
        name="list-items-in-another-order", summary="list pages hold their items in reverse order",
        reason=CONTRACT + "lists return every item exactly once; no document fixes their order",
        middleware=legal_paging.items_in_another_order,
    ),
    # the documents' choices
    LegalVariant(
        name="initiated-remote-not-in-sync", summary="a one-sided (Initiated) peering reports RemoteNotInSync",
        reason="NOTES.md, Docs versus the live service: the docs show FullyInSync, the live service "
        "RemoteNotInSync; a verdict must not fail either",
        network=legal_models.InitiatedRemoteNotInSync,
    ),
    LegalVariant(
        name="lenient-self-overlapping-vnet", summary="a VNet whose own prefixes overlap is accepted as one space",
        reason="no document demands the refusal: ADDR-010 is a SHOULD sourced from observed behaviour, so "
        "this variant fails that SHOULD and must still fail no MUST",
        network=legal_models.LenientSelfOverlap, deviates_from=("ADDR-010",),
    ),
    LegalVariant(
        name="refuses-put-of-disconnected", summary="a PUT of a Disconnected peering is refused with a 400 CloudError",
        reason="docs/001 and docs/000 name only deleting and re-creating as the remedy for a Disconnected peering; "
        "LIFE-007/008 (bringing it back by a PUT) are SHOULDs from our model and an issue",
        network=legal_models.RefusesPutOfDisconnected, deviates_from=("LIFE-007", "LIFE-008"),
    ),
    LegalVariant(
        name="syncs-on-flagged-get", summary="a GET of a peering carrying syncRemoteAddressSpace=true syncs it",
        reason="no document says what a GET with the sync flag does: SYNC-022 (it changes nothing) and ARM-035 "
        "(the GET answers as without it) are SHOULDs from live traffic, so this variant fails those SHOULDs "
        "and must still fail no MUST",
        middleware=SyncOnFlaggedGet, deviates_from=("SYNC-022", "ARM-035"),
    ),
    # eventual consistency: the suite must wait for the other half of a pair to converge
    LegalVariant(
        name="remote-half-lags", summary="the other half of a pair shows a write's effect 0.5 s after its operation ends",
        reason="docs/000 Section 1: the sync state of the remote peering follows the change; ARM resources are "
        "eventually consistent, and nothing in the sources makes the two halves change at one instant",
        endpoint_options={"remote_lag_ms": 500},
    ),
)

LEGAL_VARIANTS: dict[str, LegalVariant] = {variant.name: variant for variant in _ALL}
