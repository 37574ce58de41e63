"""A plain-http proxy in front of the reference endpoint that breaks one rule on purpose:
response bodies pass through `rewrite`; the forwarding core turns absolute URLs in headers
back to the proxy, so long-running operations are polled through it as well."""

from __future__ import annotations

from collections.abc import Callable

from conformance.exchanges.forwarding import ClientRequest, ForwardingProxy, Reply


class RewritingProxy(ForwardingProxy):
    def __init__(self, upstream: str, ca_cert: str | None, rewrite: Callable[[str], str]) -> None:
        super().__init__(upstream, verify=ca_cert or True, timeout=30)
        self.rewrite = rewrite

    def reply(self, request: ClientRequest) -> Reply:
        answer = self.forward(request)
        return self.relayed(answer, self.rewrite(answer.text).encode())
