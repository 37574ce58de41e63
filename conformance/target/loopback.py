"""Is a URL's host this machine? Decided from the URL alone, so that checking sends nothing."""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit


def is_loopback(url: str) -> bool:
    """127.0.0.0/8, ::1 or localhost; a name that merely resolves there does not count."""
    host = (urlsplit(url).hostname or "").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
