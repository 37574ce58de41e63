"""Legal variants of the peering semantics: where the documents leave a choice, the other
answer. Each is a `Network` subclass; everything else is the model's."""

from __future__ import annotations

from dataclasses import replace

from conformance.model import Network, Peering, PeeringSettings, PeeringView, Refusal, VirtualNetwork, VnetId, rules
from conformance.model.address_space import overlaps, parse_prefix
from conformance.model.network import INITIATED
from conformance.model.sync_level import FULLY_IN_SYNC, REMOTE_NOT_IN_SYNC

SELF_OVERLAP_CODE = "NetcfgInvalidAddressPrefix"


def outermost(prefixes: tuple[str, ...]) -> tuple[str, ...]:
    """The prefixes no other one contains (CIDR prefixes either nest or are disjoint, so
    these no longer overlap and cover the same addresses); the first of duplicates kept."""
    kept: list[str] = []
    for prefix in prefixes:
        if any(overlaps(prefix, other) and parse_prefix(other).prefixlen <= parse_prefix(prefix).prefixlen
               for other in kept):
            continue
        kept = [other for other in kept if not overlaps(prefix, other)] + [prefix]
    return tuple(kept)


class LenientSelfOverlap(Network):
    """A VNet whose own prefixes overlap one another is accepted (as one space); every
    other rule of the body, and every peering rule, still applies."""

    def put_vnet(self, vnet: VirtualNetwork) -> bool:
        try:
            return super().put_vnet(vnet)
        except Refusal as refusal:
            if refusal.code != SELF_OVERLAP_CODE:
                raise
        rules.check_vnet_layout(replace(vnet, address_prefixes=outermost(vnet.address_prefixes)))
        old = self.vnet(vnet.id)
        if old is not None:
            vnet = replace(vnet, id=old.id)
        staged = self._copy()
        staged._vnets[vnet.id.key] = vnet
        for peering in [*staged.peerings(vnet.id), *staged.peerings_toward(vnet.id)]:
            if not peering.disconnected and staged.vnet(peering.settings.remote_vnet) is not None:
                rules.check_peering(staged, peering)
        self._commit(staged)
        return old is None


class InitiatedRemoteNotInSync(Network):
    """A one-sided (Initiated) peering whose own side is in sync reports RemoteNotInSync,
    as the live service did, instead of the documentation's FullyInSync."""

    def view(self, peering: Peering) -> PeeringView:
        seen = super().view(peering)
        if seen.peering_state == INITIATED and seen.peering_sync_level == FULLY_IN_SYNC:
            return replace(seen, peering_sync_level=REMOTE_NOT_IN_SYNC)
        return seen


class RefusesPutOfDisconnected(Network):
    """A PUT of a Disconnected peering is refused (400 CloudError): the docs name only
    delete-and-recreate as the way back, so bringing it back to Initiated is not owed."""

    def put_peering(self, vnet_id: VnetId, name: str, settings: PeeringSettings, **options) -> bool:
        old = self.peering(vnet_id, name)
        if old is not None and old.disconnected:
            raise Refusal("PeeringIsDisconnected",
                          f"Peering {name!r} of {vnet_id.arm_id} is Disconnected; delete it and create it again.")
        return super().put_peering(vnet_id, name, settings, **options)
