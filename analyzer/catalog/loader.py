"""Assemble the catalog in force: the bundled one, then user catalogs, in order.

Order matters and is reported: a user file that redefines ``tpns-client:-502``
replaces the bundled entry, and the override is listed so that nobody is surprised
by a catalog they forgot was in ``$ANALYZER_CATALOG``.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from analyzer.catalog.store import CatalogFile, LocatedEntry, iter_catalog_files, read_catalog_file
from analyzer.errors import CatalogError
from analyzer.model import CatalogContext, CatalogEntry, EntryId, Requires

ENV_VAR = "ANALYZER_CATALOG"
"""Environment variable with extra catalog paths, separated by ``os.pathsep``."""


def builtin_dir() -> Path:
    """Where the bundled catalog lives: inside the wheel, or ``patterns/`` in a checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_patterns"
    if packaged.is_dir():
        return packaged
    return here.parent / "patterns"


@dataclass(frozen=True)
class Override:
    """A later catalog file replacing an entry of an earlier one."""

    id: EntryId
    """The entry id both files define."""
    previous: str
    """``file:line`` of the replaced entry."""
    current: str
    """``file:line`` of the entry now in force."""

    def __str__(self) -> str:
        return f"{self.current}: entry {self.id} overrides {self.previous}"


@dataclass(frozen=True)
class Catalog:
    """The entries in force, in load order, with lookups the engine and CLI need."""

    entries: tuple[CatalogEntry, ...]
    """Entries in load order (bundled catalogs first)."""
    overrides: tuple[Override, ...] = ()
    """Entries that a later file replaced."""
    files: tuple[str, ...] = ()
    """Every catalog file read, in order."""
    contexts: Mapping[str, CatalogContext] = field(default_factory=dict)
    """Context rules by catalog name (a catalog without rules needs no evidence)."""

    def context(self, catalog: str) -> CatalogContext:
        """The context rules of ``catalog``; none given means no evidence is needed."""
        found = self.contexts.get(catalog)
        return found if found is not None else CatalogContext(catalog, requires=Requires.NONE)

    def get(self, entry_id: str) -> CatalogEntry | None:
        """The entry with this id, if any."""
        for entry in self.entries:
            if entry.id == entry_id:
                return entry
        return None

    def by_code(self, code: str) -> list[CatalogEntry]:
        """Every entry whose code is ``code`` (as written, or by integer value).

        A code can be in several catalogs (TPNS 10008 twice, 200 in WebSocket and as an
        HTTP status elsewhere), so this always returns a list.
        """
        text = code.strip()
        try:
            value: int | None = int(text)
        except ValueError:
            value = None
        return [
            e
            for e in self.entries
            if e.code.lower() == text.lower() or (value is not None and e.value == value)
        ]

    def lookup(self, query: str) -> list[CatalogEntry]:
        """Resolve an id, else a code: what ``catalog show`` and ``explain`` accept."""
        entry = self.get(query.strip())
        if entry is not None:
            return [entry]
        return self.by_code(query)

    def search(self, text: str) -> list[CatalogEntry]:
        """Entries whose title, message or signatures contain ``text`` (case-insensitive)."""
        needle = text.strip().lower()
        if not needle:
            return []
        return [
            e
            for e in self.entries
            if needle in e.title.lower()
            or needle in e.message.lower()
            or any(needle in s.pattern.lower() for s in e.signatures)
        ]


def catalog_paths(
    extra: Sequence[str | Path] = (), *, env: Mapping[str, str] | None = None
) -> list[Path]:
    """User catalog paths in override order: the environment variable, then ``--catalog``."""
    environ = os.environ if env is None else env
    paths = [Path(p) for p in environ.get(ENV_VAR, "").split(os.pathsep) if p.strip()]
    paths.extend(Path(p) for p in extra)
    return paths


def load_catalog(
    extra: Sequence[str | Path] = (),
    *,
    builtin: bool = True,
    env: Mapping[str, str] | None = None,
) -> Catalog:
    """Load the bundled catalog (unless ``builtin`` is false) and then each user path.

    Within one path (a file or a directory), entries load before patches, so a
    directory can ship entries and their tuning side by side.
    """
    groups: list[Path] = [builtin_dir()] if builtin else []
    groups.extend(catalog_paths(extra, env=env))
    for path in groups:
        if not path.exists():
            raise CatalogError("no such catalog file or directory", str(path))
    return merge(_read_group(path) for path in groups)


def _read_group(path: Path) -> list[CatalogFile]:
    return [read_catalog_file(p) for p in iter_catalog_files(path)]


def merge(groups: Iterable[Sequence[CatalogFile]]) -> Catalog:
    """Apply entries and patches in order; report overrides, reject dangling patches."""
    by_id: dict[str, LocatedEntry] = {}
    overrides: list[Override] = []
    files: list[str] = []
    contexts: dict[str, CatalogContext] = {}
    for group in groups:
        for catalog_file in group:
            files.append(catalog_file.path)
            for located in catalog_file.entries:
                previous = by_id.get(located.entry.id)
                if previous is not None:
                    overrides.append(
                        Override(
                            located.entry.id,
                            f"{previous.path}:{previous.line}",
                            f"{located.path}:{located.line}",
                        )
                    )
                by_id[located.entry.id] = located
        for catalog_file in group:
            for context in catalog_file.contexts:
                contexts[context.catalog] = context
            for patch in catalog_file.patches:
                target = by_id.get(patch.id)
                if target is None:
                    raise CatalogError(
                        f"patch for unknown entry id {patch.id!r}", patch.path, patch.line
                    )
                entry = replace(target.entry, **patch.changes)
                if patch.signatures:
                    known = {(s.pattern, s.regex) for s in entry.signatures}
                    added = tuple(s for s in patch.signatures if (s.pattern, s.regex) not in known)
                    entry = replace(entry, signatures=entry.signatures + added)
                by_id[patch.id] = replace(target, entry=entry)
    return Catalog(tuple(v.entry for v in by_id.values()), tuple(overrides), tuple(files), contexts)
