"""CIDR prefixes as the model needs them: strict parsing, overlap, containment, family order.

Prefixes stay the strings the caller wrote (Azure echoes them verbatim); they are parsed
only to compare them, with the stdlib `ipaddress`.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from functools import lru_cache

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# `address/length` only: no bare addresses, netmask forms, zone ids or padded lengths.
_CIDR_SHAPE = re.compile(r"^[0-9A-Fa-f:.]+/(0|[1-9][0-9]{0,2})$")


@lru_cache(maxsize=4096)
def parse_prefix(text: str) -> IPNetwork:
    """The network a CIDR prefix denotes; ValueError unless it is `address/length` with
    the host bits zero (Azure refuses 10.0.0.1/16 rather than silently truncating it)."""
    if not isinstance(text, str) or not _CIDR_SHAPE.match(text):
        raise ValueError(f"{text!r} is not in CIDR notation (address/length)")
    try:
        return ipaddress.ip_network(text, strict=True)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid CIDR prefix: {exc}") from None


def is_valid_prefix(text: object) -> bool:
    try:
        parse_prefix(text)  # type: ignore[arg-type]
    except (ValueError, TypeError):
        return False
    return True


def is_ipv6(prefix: str) -> bool:
    return parse_prefix(prefix).version == 6


def only_ipv6(prefixes: Iterable[str]) -> tuple[str, ...]:
    """What enableOnlyIPv6Peering keeps of a space."""
    return tuple(p for p in prefixes if is_ipv6(p))


def ipv4_first(prefixes: Iterable[str]) -> tuple[str, ...]:
    """IPv4 prefixes before IPv6 ones, each family in the given order: the order the
    documented subnet-peering examples show (212.0.0.0/16, 13.0.0.0/8, 2002:2002::/64)."""
    prefixes = tuple(prefixes)
    return tuple(p for p in prefixes if not is_ipv6(p)) + only_ipv6(prefixes)


def overlaps(a: str, b: str) -> bool:
    """Whether two prefixes share an address (prefixes of different families never do)."""
    na, nb = parse_prefix(a), parse_prefix(b)
    return na.version == nb.version and na.overlaps(nb)


def first_overlap(left: Iterable[str], right: Iterable[str]) -> tuple[str, str] | None:
    """The first (left, right) pair of overlapping prefixes, for a refusal to name."""
    right = tuple(right)
    for a in left:
        for b in right:
            if overlaps(a, b):
                return a, b
    return None


def overlap_within(prefixes: Iterable[str]) -> tuple[str, str] | None:
    """The first pair of overlapping prefixes inside one list (duplicates included)."""
    prefixes = tuple(prefixes)
    for i, a in enumerate(prefixes):
        for b in prefixes[i + 1 :]:
            if overlaps(a, b):
                return a, b
    return None


def inside_any(prefix: str, containers: Iterable[str]) -> bool:
    """Whether `prefix` lies wholly inside one of `containers` (a subnet inside its VNet)."""
    net = parse_prefix(prefix)
    for container in containers:
        outer = parse_prefix(container)
        if outer.version == net.version and net.subnet_of(outer):  # type: ignore[arg-type]
            return True
    return False


def same_space(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two lists cover the same ranges: order and spelling (2001:DB8::/32 versus
    2001:db8::/32) do not change what is peered, so they do not make a peering stale."""
    return {parse_prefix(p) for p in a} == {parse_prefix(p) for p in b}
