"""Server-driven paging of list answers with an opaque `$skipToken` in an absolute nextLink.

The token is the sort key of the last item served, so a page boundary stays correct when
items are added or removed between pages. nextLink is left out on the last page (never
an empty string) and carries the request's api-version, as clients follow it verbatim.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Callable, Generic, Sequence, TypeVar
from urllib.parse import quote, urlencode

from conformance.reference.arm_errors import bad_request

T = TypeVar("T")
SKIP_TOKEN = "$skipToken"


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_token: str | None


def _encode(key: str) -> str:
    return base64.urlsafe_b64encode(key.encode("utf-8")).decode("ascii").rstrip("=")


def _decode(token: str) -> str:
    try:
        padded = token + "=" * (-len(token) % 4)
        return base64.b64decode(padded, altchars=b"-_", validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise bad_request("InvalidSkipToken", f"The $skipToken {token!r} was not issued by this endpoint.") from None


def page_of(items: Sequence[T], sort_key: Callable[[T], str], skip_token: str | None, size: int) -> Page[T]:
    """The page after `skip_token` (the first page when None), in `sort_key` order."""
    ordered = sorted(items, key=sort_key)
    if skip_token is not None:
        after = _decode(skip_token)
        ordered = [item for item in ordered if sort_key(item) > after]
    page = ordered[:size]
    more = len(ordered) > size
    return Page(items=page, next_token=_encode(sort_key(page[-1])) if more else None)


def next_link(base_url: str, path: str, api_version: str, token: str | None) -> str | None:
    if token is None:
        return None
    query = urlencode({"api-version": api_version, SKIP_TOKEN: token})
    return f"{base_url.rstrip('/')}{quote(path, safe='/')}?{query}"
