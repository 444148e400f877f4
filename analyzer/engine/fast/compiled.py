"""A catalog's prefilter compiled for hyperscan: the databases a scan runs, shared by
every scan of the process, and safe to run from several threads at once.

Hyperscan needs a scratch space per scan in progress: one shared by two threads fails
with ``ScratchInUseError``. :class:`Database` keeps a scratch space per thread, so a
compiled database is shared by every scan in the process (and inherited by forked
workers) while each thread scans with its own. Compiling takes a good part of a
second; a serialized database loads in milliseconds, so compiled databases are kept
on disk (:func:`cache_dir`) and, once loaded, in memory for the process.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from analyzer.catalog.loader import Catalog
from analyzer.engine.errorlines import ERROR_WORDS, ERROR_WORDS_CJK
from analyzer.engine.fast.patterns import (
    JSON_ESCAPE,
    JSON_LEVEL,
    Pattern,
    build,
    error_patterns,
    merge_keyed,
)
from analyzer.engine.interface import EngineUnavailable
from analyzer.secrets import NECESSARY, redact

hyperscan: Any
try:
    import hyperscan
except ImportError:  # pragma: no cover - platforms without a wheel
    hyperscan = None


def available() -> bool:
    """Whether the fast engine can run here (the ``hyperscan`` package is installed)."""
    return hyperscan is not None


class FastEngineError(EngineUnavailable):
    """The fast engine cannot run here, or cannot give the reference's answer."""


OnMatch = Callable[[int, int, int, int, Any], Any]
"""Hyperscan's match callback: pattern id, start, end, flags, context; a true result
stops the scan."""


class Database:
    """A compiled hyperscan database with a scratch space for each thread that scans."""

    def __init__(self, db: Any) -> None:
        self._db = db
        self._prototype = hyperscan.Scratch(db)
        self._local = threading.local()

    def scan(self, data: bytes | memoryview, on_match: OnMatch, context: object = None) -> None:
        """Run the database over ``data``; ``on_match`` is called for each match (a true
        result stops the scan with ``hyperscan.ScanTerminated``)."""
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = self._prototype.clone()
        self._db.scan(data, match_event_handler=on_match, context=context, scratch=scratch)


class Prefilter:
    """A catalog's hyperscan databases: the candidate patterns (by the catalogs whose
    evidence is present), the evidence patterns, and what secrets need.

    Built once per catalog and process (:func:`prefilter_for`); the variants of the
    candidate database are compiled as chunks ask for them."""

    def __init__(self, catalog: Catalog) -> None:
        if hyperscan is None:
            raise FastEngineError(
                "the fast engine needs the hyperscan package, which is not installed "
                "(no wheel for this platform?); use --engine plain or auto"
            )
        self.catalog = catalog
        self.patterns = build(catalog)
        if self.patterns.untranslatable:
            raise FastEngineError(
                "the fast engine cannot prefilter the signature regex "
                f"{self.patterns.untranslatable[0]!r}; use --engine plain or auto"
            )
        self.all_catalogs = frozenset(catalog.contexts) | frozenset(
            e.catalog for e in catalog.entries
        )
        self.always = self.patterns.always_present
        self.candidates = [p for _, p in self.patterns.candidates()]
        self.candidates += error_patterns(ERROR_WORDS, ERROR_WORDS_CJK)
        self.needed = frozenset(c for p in self.candidates for c in p.requires or ()) - self.always
        """Catalogs whose evidence some candidate pattern needs (and that can be looked for)."""
        self.assumed = self.all_catalogs - self.needed
        """Catalogs whose evidence the chunk scan does not look for: taken as present."""
        self._variants: dict[tuple[int, ...], tuple[Database, list[Pattern]]] = {}
        self._with_evidence: dict[tuple[int, ...], tuple[Database, list[Pattern]]] = {}
        every = [p for _, p in self.patterns.evidence()]
        self.secrets = SecretCount()
        self._needed_evidence = [p for p in every if p.catalog in self.needed]
        self._needed_scan = _EvidenceScan(self._needed_evidence)
        self._every_scan = _EvidenceScan(every)
        self.main(self.all_catalogs, jsonl=False)  # compile the common case up front

    def main(self, present: frozenset[str], *, jsonl: bool) -> tuple[Database, list[Pattern]]:
        """The database of the candidate patterns that can fire where the catalogs
        ``present`` have evidence, and the pattern of each of its ids."""
        chosen = self._chosen(present) + ((-1, -2) if jsonl else ())
        found = self._variants.get(chosen)
        if found is None:
            extra = {-1: JSON_ESCAPE, -2: JSON_LEVEL}
            table = merge_keyed([self.candidates[i] if i >= 0 else extra[i] for i in chosen])
            found = self._variants[chosen] = (compile_patterns(table, approximate=True), table)
        return found

    def _chosen(self, present: frozenset[str]) -> tuple[int, ...]:
        return tuple(
            i for i, p in enumerate(self.candidates) if p.requires is None or p.requires & present
        )

    def with_evidence(self, present: frozenset[str]) -> tuple[Database, list[Pattern]]:
        """:meth:`main` (not JSON lines) with the evidence patterns of :attr:`needed`
        after the candidates, each reporting at most once: one scan of a chunk instead
        of two, when the catalogs with evidence in it are guessed right (the previous
        chunk's; :meth:`covers` says whether the guess was good enough)."""
        chosen = self._chosen(present)
        found = self._with_evidence.get(chosen)
        if found is None:
            _, table = self.main(present, jsonl=False)
            both = table + self._needed_evidence
            db = compile_patterns(both, approximate=True, single_from=len(table))
            found = self._with_evidence[chosen] = (db, both)
        return found

    def covers(self, guess: frozenset[str], present: frozenset[str]) -> bool:
        """Whether a scan for the catalogs ``guess`` fires on every candidate line of
        a scan for ``present`` (it then fires on a superset, which is checked exactly
        anyway)."""
        return set(self._chosen(present)) <= set(self._chosen(guess))

    def evidence_in(self, data: bytes | memoryview) -> set[str]:
        """The catalogs of :attr:`needed` with evidence somewhere in ``data``."""
        return self._needed_scan.catalogs(data, stop_at=len(self.needed))

    def catalogs_in(self, data: bytes) -> frozenset[str]:
        """Every catalog that may have evidence in ``data`` (a superset: the catalogs
        whose evidence has no byte pattern are always in it)."""
        return frozenset(self._every_scan.catalogs(data)) | self.always


def _stop(pid: int, start: int, end: int, flags: int, found: list[bool]) -> bool:
    found.append(True)
    return True  # one is enough: stop


class SecretCount:
    """How many values :func:`~analyzer.secrets.redact` masks in a line, with the rules
    run only where one of their necessary patterns (:data:`~analyzer.secrets.NECESSARY`)
    is found: one hyperscan call per line instead of a dozen regex searches, and most
    lines hold no secret."""

    def __init__(self) -> None:
        expressions = [x.encode() for patterns in NECESSARY.values() for x in patterns]
        self._db = compile_patterns([Pattern(x, "secret", None) for x in expressions], single=True)

    def may_hold(self, text: str) -> bool:
        """False only where :func:`~analyzer.secrets.redact` masks nothing in ``text``."""
        if not text.isascii():
            return True
        found: list[bool] = []
        # Not contextlib.suppress: its context manager costs more than the scan itself
        # on the short lines this runs on, once per error line.
        try:  # noqa: SIM105
            self._db.scan(text.encode("ascii"), _stop, found)
        except hyperscan.ScanTerminated:
            pass
        return bool(found)

    def __call__(self, text: str) -> int:
        return redact(text)[1] if self.may_hold(text) else 0


class _EvidenceScan:
    """Which catalogs have evidence in some bytes: one hyperscan database of evidence
    patterns, each reporting at most once per scan."""

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self._names = [p.catalog or "" for p in patterns]
        self._db = compile_patterns(patterns, single=True) if patterns else None

    def catalogs(self, data: bytes | memoryview, stop_at: int | None = None) -> set[str]:
        """The catalogs found in ``data``; the scan stops once ``stop_at`` were found."""
        found: set[str] = set()
        if self._db is None or not data:
            return found
        names = self._names

        def on_match(pid: int, start: int, end: int, flags: int, context: object) -> bool:
            found.add(names[pid])
            return len(found) == stop_at  # all that are wanted were found: stop

        with contextlib.suppress(hyperscan.ScanTerminated):
            self._db.scan(data, on_match)
        return found


_LOADED: OrderedDict[str, Database] = OrderedDict()
"""Databases compiled or loaded in this process, by the digest of their patterns, the
most recently used last."""

_LOADED_MAX = 32
"""Databases :data:`_LOADED` keeps: a catalog's prefilter holds a handful."""


def compile_patterns(
    patterns: Sequence[Pattern],
    *,
    single: bool = False,
    approximate: bool = False,
    single_from: int | None = None,
) -> Database:
    """A hyperscan block-mode database, from memory or the on-disk cache when they have
    it, else compiled (and cached).

    ``approximate`` compiles in hyperscan's prefilter mode: it may report matches the
    patterns do not have, never misses one, and scans faster. For candidates only:
    every line it reports is checked exactly, so an extra report costs a check and
    changes nothing. Any cache problem just means compiling.

    ``single`` makes every pattern report at most once per scan; ``single_from`` only
    the patterns from that index on.
    """
    assert hyperscan is not None
    flag = hyperscan.HS_FLAG_CASELESS | (hyperscan.HS_FLAG_SINGLEMATCH if single else 0)
    flag |= hyperscan.HS_FLAG_PREFILTER if approximate else 0
    flags = [
        flag
        | (hyperscan.HS_FLAG_SINGLEMATCH if single_from is not None and i >= single_from else 0)
        for i in range(len(patterns))
    ]
    expressions = [p.expression for p in patterns]
    digest = hashlib.sha256(
        repr((getattr(hyperscan, "__version__", ""), flags, expressions)).encode()
    ).hexdigest()[:32]
    loaded = _LOADED.get(digest)
    if loaded is not None:
        with contextlib.suppress(KeyError):  # another thread may have dropped it
            _LOADED.move_to_end(digest)
        return loaded
    directory = cache_dir()
    cached = directory / f"{digest}.hsdb" if directory is not None else None
    db = _load(cached) if cached is not None else None
    if db is None:
        db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        try:
            db.compile(
                expressions=expressions,
                ids=list(range(len(patterns))),
                elements=len(patterns),
                flags=flags,
            )
        except hyperscan.error as exc:  # pragma: no cover - the transpiler's output compiles
            raise FastEngineError(f"the fast engine's prefilter does not compile: {exc}") from None
        if cached is not None:
            _save(db, cached)
    loaded = _LOADED[digest] = Database(db)
    while len(_LOADED) > _LOADED_MAX:
        with contextlib.suppress(KeyError):
            _LOADED.popitem(last=False)
    return loaded


def _load(cached: Path) -> Any:
    try:
        return hyperscan.loadb(cached.read_bytes(), hyperscan.HS_MODE_BLOCK)
    except Exception:  # noqa: S110 - no cache, stale or damaged: compile
        return None


def _save(db: Any, cached: Path) -> None:
    with contextlib.suppress(OSError):
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_bytes(hyperscan.dumpb(db))
        os.replace(temporary, cached)


def cache_dir() -> Path | None:
    """Where compiled prefilters are kept: ``$ANALYZER_CACHE_DIR`` (empty: no cache),
    else ``$XDG_CACHE_HOME/analyzer``, else ``~/.cache/analyzer``."""
    configured = os.environ.get("ANALYZER_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "analyzer"


_PREFILTERS: dict[int, Prefilter] = {}
_PREFILTERS_LOCK = threading.Lock()


def prefilter_for(catalog: Catalog) -> Prefilter:
    """The process-wide prefilter of ``catalog`` (built on first use; the last catalog's
    only, so a process that loads many catalogs does not keep them all)."""
    key = id(catalog)
    with _PREFILTERS_LOCK:
        found = _PREFILTERS.get(key)
        if found is None or found.catalog is not catalog:
            _PREFILTERS.clear()
            found = _PREFILTERS[key] = Prefilter(catalog)
        return found
