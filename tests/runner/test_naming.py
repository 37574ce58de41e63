import re

import pytest

from conformance.suite.naming import ResourceNames, name_prefix

# Azure: 2-64 characters, letters, digits, '_', '.', '-'; start alphanumeric, end alphanumeric or '_'.
VNET_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}[A-Za-z0-9_]$")


def test_names_differ_between_runs_workers_tests_and_roles():
    names = set()
    for run_id in ("a1b2c3", "d4e5f6"):
        for worker in ("main", "gw0", "gw11"):
            for serial in (1, 2):
                test_names = ResourceNames(name_prefix(run_id, worker), serial)
                names |= {test_names.new("a"), test_names.new("a"), test_names.new("b")}
    assert len(names) == 2 * 3 * 2 * 3


def test_names_are_valid_vnet_names_even_at_the_longest():
    longest = ResourceNames(name_prefix("ffffff", "gw999"), 99999).new("r" * 30)
    assert VNET_NAME.match(longest) and len(longest) <= 64
    assert longest.startswith("pc-ffffff-w999-99999-")


@pytest.mark.parametrize("role", ["", "-a", "a b", "a" * 31, "a/b"])
def test_roles_that_would_make_invalid_names_are_refused(role):
    with pytest.raises(ValueError):
        ResourceNames("pc-x-m", 1).new(role)
