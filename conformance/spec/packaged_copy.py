"""The copy of `specs/` and `fixtures/` that ships inside the package (`conformance/data/`).

A regular install has no repository around it, so the catalog, shapes, generated spec and
fixtures travel as package data. The repository's files stay the source: `spec generate`
refreshes the copy, `spec check` lists every file that differs, is missing or is stray.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from conformance.paths import CHECKOUT_DIR, PACKAGED_DATA_DIR

# Relative to the repository root and to conformance/data/ alike; pyproject.toml's
# package-data lists the same patterns under "data/".
PACKAGED_PATTERNS = (
    "specs/*.yaml",
    "specs/*.json",
    "specs/schemas/*.json",
    "fixtures/examples/*.json",
    "fixtures/recordings/*.json",
)


@dataclass(frozen=True)
class PackagedCopy:
    """The source tree and the package's copy of it (overridable for tests)."""

    source_root: Path = CHECKOUT_DIR
    copy_root: Path = PACKAGED_DATA_DIR

    def source_files(self) -> list[str]:
        return _relative_files(self.source_root)

    def copied_files(self) -> list[str]:
        return _relative_files(self.copy_root)


def _relative_files(root: Path) -> list[str]:
    found = {path.relative_to(root).as_posix() for pattern in PACKAGED_PATTERNS for path in root.glob(pattern)}
    return sorted(found)


def copy_problems(copy: PackagedCopy) -> list[str]:
    """Why the package's copy is not byte for byte the source; empty when it is."""
    problems = []
    source, copied = copy.source_files(), set(copy.copied_files())
    for name in source:
        target = copy.copy_root / name
        if name not in copied:
            problems.append(f"{target}: missing (the package has no copy of {name})")
        elif target.read_bytes() != (copy.source_root / name).read_bytes():
            problems.append(f"{target}: differs from {name}")
    problems += [f"{copy.copy_root / name}: no longer in the source" for name in sorted(copied - set(source))]
    return problems


def refresh_copy(copy: PackagedCopy) -> list[Path]:
    """Make the package's copy identical to the source; returns the files written or removed."""
    changed = []
    source = copy.source_files()
    for name in sorted(set(copy.copied_files()) - set(source)):
        (copy.copy_root / name).unlink()
        changed.append(copy.copy_root / name)
    for name in source:
        content, target = (copy.source_root / name).read_bytes(), copy.copy_root / name
        if not target.is_file() or target.read_bytes() != content:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            changed.append(target)
    return changed
