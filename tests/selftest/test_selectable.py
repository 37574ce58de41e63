"""`serve --mutant` and `selftest --list`: every variant is selectable by name, and an
unknown name is a usage error listing the names."""

from __future__ import annotations

from click.testing import CliRunner

from conformance.reference.commands import serve
from conformance.selftest.commands import selftest
from conformance.selftest.variants import LEGAL_VARIANTS, VARIANTS


def test_serve_lists_every_mutant_with_its_requirement_and_every_legal_variant():
    result = CliRunner().invoke(serve, ["--list-mutants"])
    assert result.exit_code == 0
    listed = {line.split("\t")[0]: line.split("\t")[1] for line in result.output.splitlines()}
    assert listed == {**{name: variant.requirement for name, variant in VARIANTS.items()},
                      **dict.fromkeys(LEGAL_VARIANTS, "legal")}


def test_serve_refuses_an_unknown_mutant_with_exit_2_listing_the_names():
    result = CliRunner().invoke(serve, ["--mutant", "no-such-bug"])
    assert result.exit_code == 2
    assert "no-such-bug" in result.output and "sync-flag-ignored" in result.output


def test_selftest_lists_the_variants_and_refuses_unknown_ones():
    listed = CliRunner().invoke(selftest, ["--list"])
    assert listed.exit_code == 0 and len(listed.output.splitlines()) == len(VARIANTS) + len(LEGAL_VARIANTS)
    unknown = CliRunner().invoke(selftest, ["--variant", "no-such-bug"])
    assert unknown.exit_code == 2 and "no-such-bug" in unknown.output
