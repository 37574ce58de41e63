import pytest

from conformance.model import address_space as cidr
from conformance.model.sync_level import sync_level


@pytest.mark.parametrize(
    "text", ["10.0.0.0/16", "0.0.0.0/0", "10.1.2.3/32", "2001:db8::/32", "2002:2002::/64", "::/0"]
)
def test_valid_prefixes(text):
    assert cidr.is_valid_prefix(text)


@pytest.mark.parametrize(
    "text",
    [
        "10.0.0.1/16", "10.0.0.0", "10.0.0.0/33", "300.0.0.0/8", "10.0.0.0/255.255.0.0", " 10.0.0.0/8",
        "010.0.0.0/8", "10.0.0.0/08", "2001:db8::1/32", "fe80::%1/64", "abc", "", None, 10,
    ],
)
def test_invalid_prefixes(text):
    assert not cidr.is_valid_prefix(text)


def test_overlap_is_per_family_and_symmetric():
    assert cidr.overlaps("10.0.0.0/16", "10.0.0.0/8")
    assert cidr.overlaps("10.0.0.0/8", "10.0.5.0/24")
    assert not cidr.overlaps("10.0.0.0/16", "10.1.0.0/16")
    assert not cidr.overlaps("0.0.0.0/0", "::/0")
    assert cidr.first_overlap(["10.0.0.0/16", "fd00::/64"], ["fd00::/48"]) == ("fd00::/64", "fd00::/48")
    assert cidr.first_overlap(["10.0.0.0/16"], ["10.1.0.0/16"]) is None
    twice = ["10.0.0.0/16", "10.1.0.0/16", "10.0.0.0/16"]
    assert cidr.overlap_within(twice) == ("10.0.0.0/16", "10.0.0.0/16")
    assert cidr.overlap_within(["10.0.0.0/16", "10.1.0.0/16"]) is None


def test_inside_any():
    assert cidr.inside_any("10.0.1.0/24", ["192.168.0.0/16", "10.0.0.0/16"])
    assert cidr.inside_any("10.0.0.0/16", ["10.0.0.0/16"])
    assert not cidr.inside_any("10.0.0.0/15", ["10.0.0.0/16"])
    assert not cidr.inside_any("fd00::/64", ["10.0.0.0/8"])


def test_ipv6_filter_and_family_order():
    space = ["212.0.0.0/16", "2002:2002::/64", "13.0.0.0/8", "2001::/64"]
    assert cidr.only_ipv6(space) == ("2002:2002::/64", "2001::/64")
    assert cidr.ipv4_first(space) == ("212.0.0.0/16", "13.0.0.0/8", "2002:2002::/64", "2001::/64")


def test_same_space_ignores_order_and_spelling():
    assert cidr.same_space(["10.0.0.0/16", "2001:DB8::/32"], ["2001:db8::/32", "10.0.0.0/16"])
    assert not cidr.same_space(["10.0.0.0/16"], ["10.0.0.0/16", "10.99.0.0/16"])


@pytest.mark.parametrize(
    "local, remote, level",
    [(False, False, "FullyInSync"), (True, False, "LocalNotInSync"), (False, True, "RemoteNotInSync"),
     (True, True, "LocalAndRemoteNotInSync")],
)
def test_sync_level(local, remote, level):
    assert sync_level(local, remote) == level
