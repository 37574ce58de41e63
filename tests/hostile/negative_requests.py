"""A seeded generator of malformed ARM requests: paths, queries, headers and bodies that a
careless or hostile client sends. Deterministic per seed, so a 5xx can be replayed."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field

SUB = "00000000-0000-0000-0000-000000000000"
NETWORK = f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network"
GOOD_VERSION = "2025-05-01"

_NAMES = ["v1", "", " ", "a" * 300, "..", "%2e%2e", "ünïcødé", "x%00y", "a/b", "-", "_", "a.", "CON",
          "%ZZ", "'; DROP TABLE--", "${jndi:x}", "\u202e", "%F0%9F%92%A9", "1" * 80, "v1?x", "v1#f"]
_VERSIONS = [GOOD_VERSION, None, "", "2025-13-45", "latest", "2025-05-01,2025-05-01", GOOD_VERSION + "-preview",
             "9" * 40, "../../etc"]
_METHODS = ["GET", "PUT", "PATCH", "DELETE", "POST", "HEAD", "OPTIONS"]
_SCALARS = [None, True, False, 0, -1, 2**63, 1e308, "", "x" * 5000, "10.0.0.0/33", "::/0", "10.0.0.1/16",
            "999.1.1.1/8", [], {}, "\u0000", "null"]


@dataclass
class NegativeRequest:
    method: str
    path: str
    params: dict = field(default_factory=dict)
    headers: dict = field(default_factory=dict)
    body: bytes | None = None

    def describe(self) -> str:
        return f"{self.method} {self.path} params={self.params} body={self.body[:120] if self.body else None!r}"


def _path(rng: random.Random) -> str:
    name, other = rng.choice(_NAMES), rng.choice(_NAMES)
    return rng.choice([
        f"{NETWORK}/virtualNetworks/{name}",
        f"{NETWORK}/virtualNetworks/{name}/virtualNetworkPeerings/{other}",
        f"{NETWORK}/virtualNetworks/{name}/virtualNetworkPeerings",
        f"{NETWORK}/virtualNetworks",
        f"/subscriptions/{name}/resourceGroups/{other}/providers/Microsoft.Network/virtualNetworks/v",
        f"/subscriptions/{SUB}/providers/Microsoft.Network/locations/{name}/operations/{other}",
        f"/subscriptions/{SUB}/providers/Microsoft.Network/locations/westus/operationResults/{other}",
        f"{NETWORK}//virtualNetworks//{name}",
        f"{NETWORK}/virtualNetworks/{name}/subnets/{other}",
        f"/{name}",
    ])


def _value(rng: random.Random, depth: int = 0):
    roll = rng.random()
    if depth > 3 or roll < 0.5:
        return rng.choice(_SCALARS)
    if roll < 0.75:
        return [_value(rng, depth + 1) for _ in range(rng.randint(0, 4))]
    keys = ["location", "properties", "addressSpace", "addressPrefixes", "subnets", "name", "addressPrefix",
            "remoteVirtualNetwork", "id", "allowVirtualNetworkAccess", "peerCompleteVnets", "localSubnetNames",
            "remoteSubnetNames", "useRemoteGateways", "enableOnlyIPv6Peering", "etag", "tags", "zz"]
    return {rng.choice(keys): _value(rng, depth + 1) for _ in range(rng.randint(0, 5))}


def _body(rng: random.Random) -> bytes | None:
    roll = rng.random()
    if roll < 0.1:
        return None
    if roll < 0.2:
        return rng.choice([b"{", b"not json", b"\xff\xfe", b"[]" * 1000, b"{" * 2000 + b"}" * 2000, b"null"])
    structured = {
        "location": rng.choice(["westus", None, 7, ""]),
        "properties": {
            "addressSpace": {"addressPrefixes": _value(rng)},
            "remoteVirtualNetwork": {"id": rng.choice([f"{NETWORK}/virtualNetworks/v2", "x", None, 5, _path(rng)])},
            "subnets": _value(rng),
            rng.choice(["peerCompleteVnets", "localSubnetNames", "useRemoteGateways", "zz"]): _value(rng),
        },
    }
    return json.dumps(structured if roll < 0.7 else _value(rng)).encode()


def negative_requests(seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        params = {}
        version = rng.choice(_VERSIONS)
        if version is not None:
            params["api-version"] = version
        if rng.random() < 0.1:
            params[rng.choice(["$top", "$skipToken", "syncRemoteAddressSpace", "zz"])] = rng.choice(
                ["-1", "x", "true", "1" * 30, ""])
        headers = {"Content-Type": rng.choice(["application/json", "text/plain", "", "application/json; charset=x"])}
        if rng.random() < 0.1:
            headers["If-Match"] = rng.choice(["*", '"x"', "", "W/\"1\""])
        yield NegativeRequest(rng.choice(_METHODS), _path(rng), params, headers, _body(rng))
