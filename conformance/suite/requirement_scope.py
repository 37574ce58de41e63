"""Which catalog requirements a run judges: its profile, minus what the target declared unsupported.

A requirement is in scope when it is api-testable, its requirement profile is included
by the run profile, the target did not declare that requirement profile (a feature
such as `subnet-peering`) unsupported, and, when the run names requirements
(`--requirement ID`), it is one of them. Everything else is reported skipped-by-profile,
with the reason.

Only optional features can be declared unsupported: a profile's own core cannot be
declared away. `record` says what the run checked, and whether that was narrowed so far
that it cannot certify the profile.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from conformance.requirements import Catalog, load_catalog
from conformance.results.certification import RunScopeRecord
from conformance.results.verdicts import ScopedRequirement

# Features (requirement profiles) a target may lack and still be certified for the rest.
OPTIONAL_FEATURES = ("subnet-peering", "ipv6", "gateway")


class ScopeError(ValueError):
    """An unknown profile or feature: a usage error."""


@dataclass(frozen=True)
class RunScope:
    catalog: Catalog
    profile: str
    unsupported: frozenset[str]
    # The IDs named with --requirement; empty: every requirement of the profile.
    selected: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        profile: str,
        unsupported: Iterable[str] = (),
        catalog: Catalog | None = None,
        selected: Iterable[str] = (),
    ) -> "RunScope":
        catalog = catalog or load_catalog()
        if profile not in catalog.run_profiles:
            raise ScopeError(f"unknown profile {profile!r}; known: {', '.join(catalog.run_profiles)}")
        unknown = sorted(set(unsupported) - set(catalog.requirement_profiles))
        if unknown:
            raise ScopeError(
                f"unknown feature(s) for --unsupported: {', '.join(unknown)}; "
                f"optional features: {', '.join(OPTIONAL_FEATURES)}"
            )
        mandatory = sorted(set(unsupported) - set(OPTIONAL_FEATURES))
        if mandatory:
            raise ScopeError(
                f"--unsupported accepts only optional features ({', '.join(OPTIONAL_FEATURES)}); "
                f"{', '.join(mandatory)} cannot be declared away"
            )
        unknown_selected = sorted(item for item in set(selected) if item not in catalog)
        if unknown_selected:
            raise ScopeError(f"unknown requirement ID(s) for --requirement: {', '.join(unknown_selected)}")
        return cls(catalog, profile, frozenset(unsupported), frozenset(selected))

    def out_of_scope_reason(self, requirement_id: str) -> str | None:
        """None when the requirement is judged by this run, else why not."""
        requirement = self.catalog.by_id(requirement_id)
        if not requirement.api_testable:
            return f"not testable through the API: {requirement.why or 'see the catalog'}"
        if requirement.profile in self.unsupported:
            return f"the target declared {requirement.profile!r} unsupported"
        if requirement.profile not in self.catalog.run_profile(self.profile).includes:
            return f"requirement profile {requirement.profile!r} is not part of run profile {self.profile!r}"
        if self.selected and requirement_id not in self.selected:
            return "not among the requirements this run was narrowed to (--requirement)"
        return None

    def in_scope(self, requirement_id: str) -> bool:
        return self.out_of_scope_reason(requirement_id) is None

    def unknown_ids(self, requirement_ids: Iterable[str]) -> list[str]:
        return [item for item in requirement_ids if item not in self.catalog]

    def in_profile(self, requirement_id: str) -> bool:
        """Part of what this profile certifies (narrowed out or not)."""
        requirement = self.catalog.by_id(requirement_id)
        return (
            requirement.api_testable
            and requirement.profile not in self.unsupported
            and requirement.profile in self.catalog.run_profile(self.profile).includes
        )

    def scoped_requirements(self) -> list[ScopedRequirement]:
        scoped = []
        for requirement in self.catalog:
            reason = self.out_of_scope_reason(requirement.id)
            scoped.append(
                ScopedRequirement(
                    id=requirement.id,
                    level=requirement.level,
                    statement=requirement.statement,
                    feature=requirement.profile,
                    profiles=self._run_profiles_including(requirement.profile),
                    in_scope=reason is None,
                    out_of_scope_reason=reason,
                    in_profile=self.in_profile(requirement.id),
                    source=requirement.source,
                    provenance=requirement.provenance,
                )
            )
        return scoped

    def record(
        self,
        *,
        kind: str = "run",
        select: str | None = None,
        max_examples: int | None = None,
        shard: str | None = None,
        catalog_sha256: str | None = None,
        other_reasons: Iterable[str] = (),
    ) -> RunScopeRecord:
        """What this run was asked to check (the record derives every reason it cannot
        certify the profile)."""
        return RunScopeRecord(
            kind=kind,
            profile=self.profile,
            unsupported=sorted(self.unsupported),
            requirements=sorted(self.selected),
            select=select,
            max_examples=max_examples,
            shard=shard,
            catalog_sha256=catalog_sha256,
            other_reasons=list(other_reasons),
        )

    def _run_profiles_including(self, requirement_profile: str) -> tuple[str, ...]:
        """The run profiles that check this requirement profile (what `profiles` means in results)."""
        return tuple(
            name for name, run_profile in self.catalog.run_profiles.items() if requirement_profile in run_profile.includes
        )
