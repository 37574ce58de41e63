"""Literal expectations on what a target shows, checked with messages fit for the report.

Scenario checks read a peering (or VNet) back and compare each field with the value the
scenario implies. Every mismatch is named with the peering, the field, what was expected
and what was seen, because that message is what the report shows for a failed check.

Address prefixes are compared as sets, spelled canonically (`2001:DB8::/32` is
`2001:db8::/32`): the catalog requires no order.

Targets are eventually consistent (convergence.py): `check_peering` re-reads until the
peering shows what is expected, within the settle timeout, and a "nothing changes" check
(`check_stays_unchanged`) looks a second time after a quiet window.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from conformance.suite.convergence import await_shown, quiet_window
from conformance.suite.vnets import VnetHandle
from conformance.target.errors import NonConformance
from conformance.target.peering_api import DeleteResult, PutResult
from conformance.target.responses import ArmResponse

# The docs' examples show FullyInSync for a one-sided (Initiated) peering, the live
# service RemoteNotInSync (NOTES.md, "Docs versus the live service"): both conform.
ONE_SIDED_IN_SYNC = ("FullyInSync", "RemoteNotInSync")
# A one-sided peering whose remote VNet changed: LocalNotInSync by the docs' rule (no
# reverse, so the remote part is in sync), LocalAndRemoteNotInSync on the live service,
# which reports every one-sided peering RemoteNotInSync (catalog SYNC-020).
ONE_SIDED_REMOTE_CHANGED = ("LocalNotInSync", "LocalAndRemoteNotInSync")

_ABSENT = object()


def require(condition: bool, message: str) -> None:
    """Fail the check with `message` unless `condition` holds (an explicit raise, so the
    check holds under `python -O` too)."""
    if not condition:
        raise NonConformance(message)


def canonical_prefix(text: Any) -> Any:
    """The prefix in canonical spelling; anything that is not a valid prefix stays as sent."""
    try:
        return str(ipaddress.ip_network(text, strict=True))
    except (TypeError, ValueError):
        return text


def prefix_set(prefixes: Iterable[Any]) -> frozenset:
    return frozenset(canonical_prefix(prefix) for prefix in prefixes)


def _prefix_order(prefix: Any) -> tuple:
    try:
        network = ipaddress.ip_network(prefix, strict=False)
    except (TypeError, ValueError):
        return (2, 0, str(prefix))
    return (network.version, int(network.network_address), network.prefixlen)


def shown(prefixes: Any) -> str:
    """A prefix list (or set) for a message, sorted by address so two messages compare at a glance."""
    if prefixes is _ABSENT:
        return "absent"
    if isinstance(prefixes, (list, tuple, set, frozenset)):
        return "[" + ", ".join(str(prefix) for prefix in sorted(prefixes, key=_prefix_order)) + "]"
    return repr(prefixes)


def address_prefixes(properties: dict[str, Any], field: str) -> Any:
    """`properties[field].addressPrefixes`, or _ABSENT when the body lacks it."""
    space = properties.get(field)
    if not isinstance(space, dict) or not isinstance(space.get("addressPrefixes"), list):
        return _ABSENT
    return space["addressPrefixes"]


def peering_label(local: VnetHandle, remote: VnetHandle | str) -> str:
    """`peering a->b (<name>)`, or `peering <name> of vnet a` when only the name is known."""
    if isinstance(remote, VnetHandle):
        return f"peering {local.role}->{remote.role} ({local.peering_name(remote)})"
    return f"peering {remote} of vnet {local.role}"


def property_mismatches(properties: dict[str, Any], **expected: Any) -> list[str]:
    """What differs from `expected` (field -> value; a tuple of strings means any of them;
    fields ending in AddressSpace take a prefix list compared as a set)."""
    problems = []
    for field, wanted in expected.items():
        if field.endswith("AddressSpace"):
            seen = address_prefixes(properties, field)
            if seen is _ABSENT or prefix_set(seen) != prefix_set(wanted):
                problems.append(f"{field} expected {shown(list(wanted))}, saw {shown(seen)}")
            continue
        seen = properties.get(field, _ABSENT)
        if isinstance(wanted, tuple):
            if seen not in wanted:
                problems.append(f"{field} expected one of {', '.join(wanted)}, saw {_value(seen)}")
        elif seen != wanted:
            problems.append(f"{field} expected {_value(wanted)}, saw {_value(seen)}")
    return problems


def check_properties(properties: dict[str, Any], what: str, when: str, **expected: Any) -> None:
    """Fail with every mismatch at once when `properties` differ from `expected`."""
    problems = property_mismatches(properties, **expected)
    require(not problems, f"{what} {when}: " + "; ".join(problems))


def check_peering(local: VnetHandle, remote: VnetHandle | str, when: str, **expected: Any) -> dict[str, Any]:
    """GET local's peering toward `remote` until its properties show `expected` (within the
    settle timeout, else the check fails with what was seen last); returns them.

    `expected` uses the ARM property names: `peeringState="Connected"`,
    `peeringSyncLevel=("FullyInSync", "RemoteNotInSync")`,
    `remoteAddressSpace=["10.2.0.0/16"]`, ...
    """

    def problems(response: ArmResponse) -> list[str]:
        if response.status != 200:
            return [f"expected 200 on GET, got {response.describe()}"]
        return property_mismatches(response.properties, **expected)

    response = await_shown(lambda: local.get_peering(remote), problems, f"{peering_label(local, remote)} {when}")
    return response.properties


def observable_fields(properties: dict[str, Any], label: str) -> dict[str, str]:
    """peeringState, peeringSyncLevel and both remote address-space fields of one
    peering, as comparable text (prefixes as sets)."""
    seen = {
        f"{label} {field}": _value(properties.get(field, _ABSENT)) for field in ("peeringState", "peeringSyncLevel")
    }
    for field in ("remoteAddressSpace", "remoteVirtualNetworkAddressSpace"):
        space = address_prefixes(properties, field)
        seen[f"{label} {field}"] = shown(space if space is _ABSENT else prefix_set(space))
    return seen


def pair_observation(a: VnetHandle, b: VnetHandle) -> dict[str, str]:
    """observable_fields of both peerings of a pair, as read now: what a "changes
    nothing" check compares before and after the step it judges."""
    seen = {}
    for local, remote in ((a, b), (b, a)):
        seen.update(observable_fields(local.peering(remote)["properties"], peering_label(local, remote)))
    return seen


def check_unchanged(before: dict[str, str], after: dict[str, str], step: str) -> None:
    """Every field of `before` must read the same in `after`."""
    changed = [
        f"{field} was {before[field]} before, {after.get(field)} after"
        for field in before
        if before[field] != after.get(field)
    ]
    require(not changed, f"{step}: expected it to change nothing, but " + "; ".join(changed))


def check_stays_unchanged(before: dict[str, str], observe: Callable[[], dict[str, str]], step: str) -> None:
    """`observe()` must read as `before` now and again after a quiet window (a late change
    on an eventually consistent target counts as a change)."""
    check_unchanged(before, observe(), step)
    quiet_window()
    check_unchanged(before, observe(), f"{step} (read again after a quiet window)")


def check_vnet_prefixes(vnet: VnetHandle, expected: Sequence[str], when: str) -> None:
    response = vnet.get()
    require(response.status == 200, f"vnet {vnet.role} {when}: expected 200 on GET, got {response.describe()}")
    seen = address_prefixes(response.properties, "addressSpace")
    require(
        seen is not _ABSENT and prefix_set(seen) == prefix_set(expected),
        f"vnet {vnet.role} {when}: addressSpace expected {shown(list(expected))}, saw {shown(seen)}",
    )


def check_succeeded(result: PutResult | DeleteResult, doing: str) -> None:
    ending = ""
    if result.lro is not None and not result.lro.succeeded:
        ending = f"; the operation ended {result.lro.status}: {result.lro.error}"
    require(result.succeeded, f"{doing}: expected success, got {result.initial.describe()}{ending}")


def check_refused(
    response: ArmResponse, doing: str, *, status: int | None = 400, code: str | None = None
) -> str | None:
    """`response` must refuse with `status` (None: any 4xx) and a CloudError body carrying
    error.code and error.message, and `code` when given. Returns the code seen."""
    wanted = f"{status}" if status is not None else "a 4xx"
    if code:
        wanted += f" {code}"
    status_ok = response.status == status if status is not None else 400 <= response.status < 500
    require(status_ok, f"{doing}: expected {wanted} CloudError, got {response.describe()}")
    body = response.body
    error = body.get("error") if isinstance(body, dict) else None
    shaped = isinstance(error, dict) and isinstance(error.get("code"), str) and isinstance(error.get("message"), str)
    require(shaped, f"{doing}: expected a CloudError body {{error: {{code, message}}}}, got {response.describe()}")
    if code:
        require(error["code"] == code, f"{doing}: expected error code {code}, got {response.describe()}")
    return error["code"]


def check_peering_absent(local: VnetHandle, remote: VnetHandle | str, when: str) -> None:
    """The peering must not exist: its GET answers 404."""
    response = local.get_peering(remote)
    require(
        response.status == 404,
        f"{peering_label(local, remote)} {when}: expected 404 (no such peering), got {response.describe()}",
    )


def _value(value: Any) -> str:
    return "absent" if value is _ABSENT else repr(value)
