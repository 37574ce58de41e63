"""The endpoint's parts on their own: routes, preconditions, paging, operations, store, TLS."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pytest
from cryptography import x509

from conformance.model import Change, VirtualNetwork, VnetId
from conformance.reference.arm_errors import ArmError
from conformance.reference.conditional_requests import Preconditions
from conformance.reference.operations import SETTLE_SECONDS, OperationBook, new_operation
from conformance.reference.paging import page_of
from conformance.reference.routes import RouteKind, match_route
from conformance.reference.store import Store, VnetMeta, WriteBatch
from conformance.reference.tls import tls_files

SUB = "00000000-0000-0000-0000-000000000001"


class TestRoutes:
    def test_literal_segments_match_in_any_case_and_values_keep_theirs(self) -> None:
        route = match_route(
            f"/SUBSCRIPTIONS/{SUB}/ResourceGroups/My-RG/providers/MICROSOFT.NETWORK"
            "/virtualnetworks/VNet1/VirtualNetworkPeerings/Peer1/"
        )
        assert route is not None and route.kind is RouteKind.PEERING
        assert (route.resource_group, route.vnet, route.peering) == ("My-RG", "VNet1", "Peer1")

    @pytest.mark.parametrize(
        "path",
        [
            "/",
            f"/subscriptions/{SUB}",
            f"/subscriptions/{SUB}/resourceGroups//providers/Microsoft.Network/virtualNetworks",
            f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualNetworks/v",
            f"/subscriptions/{SUB}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s",
        ],
    )
    def test_other_paths_match_nothing(self, path: str) -> None:
        assert match_route(path) is None

    def test_operation_routes(self) -> None:
        base = f"/subscriptions/{SUB}/providers/Microsoft.Network/locations/westus"
        status, result = match_route(f"{base}/operations/abc"), match_route(f"{base}/operationResults/abc")
        assert status is not None and status.kind is RouteKind.OPERATION
        assert result is not None and result.kind is RouteKind.OPERATION_RESULT
        assert (result.location, result.operation_id) == ("westus", "abc")


class TestPreconditions:
    @pytest.mark.parametrize(
        ("headers", "current", "passes"),
        [
            ({}, None, True),
            ({"if-match": "*"}, 'W/"a"', True),
            ({"if-match": "*"}, None, False),
            ({"if-match": 'W/"a"'}, 'W/"a"', True),
            ({"if-match": '"a"'}, 'W/"a"', True),
            ({"if-match": 'W/"b", W/"a"'}, 'W/"a"', True),
            ({"if-match": 'W/"b"'}, 'W/"a"', False),
            ({"if-none-match": "*"}, None, True),
            ({"if-none-match": "*"}, 'W/"a"', False),
            ({"if-none-match": 'W/"a"'}, 'W/"a"', False),
            ({"if-none-match": 'W/"b"'}, 'W/"a"', True),
        ],
    )
    def test_weak_comparison(self, headers: dict[str, str], current: str | None, passes: bool) -> None:
        conditions = Preconditions.from_headers(headers)
        if passes:
            conditions.check(current)
        else:
            with pytest.raises(ArmError) as refused:
                conditions.check(current)
            assert (refused.value.status, refused.value.code) == (412, "PreconditionFailed")


def test_paging_resumes_after_the_last_key_served() -> None:
    items = ["e", "a", "d", "b", "c"]
    first = page_of(items, str, None, 2)
    assert (first.items, first.next_token is not None) == (["a", "b"], True)
    second = page_of([*items, "aa"], str, first.next_token, 2)
    assert second.items == ["c", "d"]
    last = page_of(items, str, second.next_token, 2)
    assert (last.items, last.next_token) == (["e"], None)


def test_an_operation_is_in_progress_until_polled_once_or_settled() -> None:
    operation = new_operation(SUB, "westus", "put", ("k",))
    book = OperationBook([])
    book.add(operation)
    now = operation.started_at
    assert operation.status(now) == "InProgress"
    assert book.provisioning_state(("k",), now) == "Updating"
    assert operation.status(now + SETTLE_SECONDS) == "Succeeded"
    polled = book.polled(operation)
    assert polled.status(now) == "Succeeded"
    assert book.provisioning_state(("k",), now) == "Succeeded"
    assert book.find(SUB.upper(), operation.id.upper()) == polled
    assert book.find("00000000-0000-0000-0000-000000000002", operation.id) is None


class TestStore:
    def _vnet(self, name: str) -> VirtualNetwork:
        return VirtualNetwork(id=VnetId(SUB, "rg", name), location="westus", address_prefixes=("10.0.0.0/16",))

    def test_a_batch_round_trips_through_the_file(self, tmp_path: Path) -> None:
        store = Store(tmp_path / "s.db")
        vnet = self._vnet("Vnet1")
        store.write(
            WriteBatch(
                changes=[Change("vnet", vnet.id.key, vnet)],
                vnet_meta={vnet.id.key: VnetMeta('W/"e"', "guid")},
                operations=[new_operation(SUB, "westus", "put", vnet.id.key)],
            )
        )
        store.close()
        loaded = Store(tmp_path / "s.db").load()
        assert loaded.records == [vnet]
        assert loaded.vnet_meta == {vnet.id.key: VnetMeta('W/"e"', "guid")}
        assert loaded.operations[0].resource_key == vnet.id.key

    def test_a_failed_batch_stores_nothing(self) -> None:
        store = Store(None)
        vnet = self._vnet("vnet1")
        not_a_record = Change("vnet", ("x",), object())  # type: ignore[arg-type]
        broken = WriteBatch(changes=[Change("vnet", vnet.id.key, vnet), not_a_record])
        with pytest.raises(TypeError):
            store.write(broken)
        assert store.load().records == []


def test_the_certificate_names_loopback_addresses_and_localhost(tmp_path: Path) -> None:
    files = tls_files(tmp_path / "tls")
    certificate = x509.load_pem_x509_certificate(files.server_cert.read_bytes())
    names = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert set(names.get_values_for_type(x509.IPAddress)) == {
        ipaddress.ip_address("127.0.0.1"),
        ipaddress.ip_address("::1"),
    }
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert tls_files(tmp_path / "tls") == files
    assert files.server_key.stat().st_mode & 0o077 == 0
