"""Context evidence: is this log line about WebSocket, TPNS, VPN...?

Evidence is looked for in the record itself (tag, domain, process, every message
line) and in the records that ended within :data:`WINDOW_LINES` physical lines before
it, from the same writer: the same process, and the same tag when both carry one.
An app's own tag in the same process as the TPNS SDK (``D/ShopApp`` beside
``D/TPush``) is not TPNS context: the SDK logs under its own tags. Formats without
tags (logcat ``thread``) fall back to the thread: the app's main thread is not the
SDK's worker thread. The window is counted in physical lines, not records, so a
scanner that only parses the lines around a candidate (the fast engine) sees exactly
the same evidence as one that parses everything.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import regex

from analyzer.engine.signatures import REGEX_TIMEOUT
from analyzer.model import CatalogContext, LogRecord

WINDOW_LINES = 16
"""How many physical lines before a record still lend it their context."""


@dataclass(slots=True)
class _Seen:
    """A record in the window: the fields that decide whether it may lend evidence, its
    text, and what each catalog's evidence regex found in it so far.

    A record stays in the window for up to :data:`WINDOW_LINES` records after it, and
    each of them may ask it for the same catalog: remembering the answer makes a log
    where every line asks (an error repeated on every line) cost one search per record
    instead of seventeen. The answers are forgotten when a regex is switched off
    (:attr:`EvidenceIndex.generation`), so they never outlive the regex that gave them.
    Not frozen: the answers are filled in as they are asked for.
    """

    end_line: int
    pid: int | None
    tid: int | None
    tag: str | None
    text: str
    found: dict[str, str | None] = field(default_factory=dict)
    generation: int = 0

    def search(self, index: EvidenceIndex, catalog: str) -> str | None:
        """``index.search(catalog, self.text)``, remembered."""
        if self.generation != index.generation:
            self.found = {}
            self.generation = index.generation
        if catalog in self.found:
            return self.found[catalog]
        result = self.found[catalog] = index.search(catalog, self.text)
        return result


def record_text(record: LogRecord) -> str:
    """The text evidence regexes search: a line of fields, then the message.

    The field line is always there (empty for a record without fields) and starts
    with the hilog domain when there is one, so a rule can anchor the domain at the
    start of the text (``\\A[ACDIPT][0-9A-Fa-f]{5}``) without matching a hex word
    that opens a tag or a message.
    """
    fields = " ".join(f for f in (record.domain, record.tag, record.process) if f)
    return f"{fields}\n{record.message}"


_NOTHING: regex.Pattern[str] = regex.compile(r"(?!)")
"""Matches nothing: what a switched-off evidence regex becomes."""


class EvidenceIndex:
    """Compiled evidence regexes for every catalog that has context rules."""

    def __init__(self, contexts: Mapping[str, CatalogContext]) -> None:
        self._patterns: dict[str, regex.Pattern[str]] = {}
        self._written: dict[str, str] = {}
        for name, context in contexts.items():
            if context.evidence:
                joined = "|".join(f"(?:{p})" for p in context.evidence)
                self._patterns[name] = regex.compile(joined, regex.IGNORECASE)
                self._written[name] = joined
        self.failed: list[tuple[str, str]] = []
        """Evidence regexes switched off for running out of time: (pattern, catalog)."""
        self.generation = 0
        """Changes whenever a regex is switched off or on: remembered results of
        searches from before are stale."""

    def has_rules(self, catalog: str) -> bool:
        """Whether the catalog defines any evidence at all."""
        return catalog in self._patterns

    def search(self, catalog: str, text: str) -> str | None:
        """The evidence text for ``catalog`` in ``text``, if any.

        Evidence regexes come from catalog files, users' included, so each search has a
        time budget (:data:`~analyzer.engine.signatures.REGEX_TIMEOUT`). One that runs
        out is switched off, which means no evidence for its catalog from then on (the
        safe side: codes that need evidence stop counting), and listed in :attr:`failed`.
        """
        pattern = self._patterns.get(catalog)
        if pattern is None:
            return None
        try:
            match = pattern.search(text, timeout=REGEX_TIMEOUT)
        except TimeoutError:
            self._patterns[catalog] = _NOTHING
            self.failed.append((self._written[catalog], catalog))
            self.generation += 1
            return None
        return match.group(0) if match else None


class EvidenceWindow:
    """The current record plus recent ones, asked per catalog and cached per record."""

    def __init__(self, index: EvidenceIndex) -> None:
        self._index = index
        self._recent: deque[_Seen] = deque()
        self._record: LogRecord | None = None
        self._cache: dict[str, str | None] = {}
        self._own: set[str] = set()
        self._seen = _Seen(0, None, None, None, "")
        """The current record as it will join the window, with what was found in it."""
        self._history: Callable[[], Iterable[LogRecord]] | None = None
        self._history_may_hold: Callable[[str], bool] | None = None

    def defer(
        self,
        history: Callable[[], Iterable[LogRecord]],
        may_hold: Callable[[str], bool] | None = None,
    ) -> None:
        """Start a window in the middle of a log without parsing what came before.

        ``history`` gives, in order, the records before the first one pushed next (at
        least those that ended within :data:`WINDOW_LINES` lines before it). It is
        called only when evidence is first looked for outside a record's own text, and
        only for a catalog whose evidence those records ``may_hold`` (a cheap, safe
        test: true whenever they hold some): most records that can match carry their
        evidence themselves, and parsing the lines before them costs more than the
        rest of their scan.
        """
        self._history = history
        self._history_may_hold = may_hold

    def _fill(self) -> None:
        history, self._history = self._history, None
        if history is not None:
            seen = [_Seen(r.end_line, r.pid, r.tid, r.tag, record_text(r)) for r in history()]
            self._recent.extendleft(reversed(seen))

    def push(self, record: LogRecord) -> None:
        """Make ``record`` current; the previous one joins the window."""
        if self._record is not None:
            self._recent.append(self._seen)
        while self._recent and self._recent[0].end_line < record.line - WINDOW_LINES:
            self._recent.popleft()
        self._record = record
        self._seen = _Seen(
            record.end_line,
            record.pid,
            record.tid,
            record.tag,
            record_text(record),
            generation=self._index.generation,
        )
        self._cache = {}
        self._own = set()

    def evidence(self, catalog: str) -> str | None:
        """Text that shows the current record is in ``catalog``'s context, or None."""
        if catalog in self._cache:
            return self._cache[catalog]
        if not self._index.has_rules(catalog):
            self._cache[catalog] = None
            return None
        found = self._seen.search(self._index, catalog)
        if found is not None:
            self._own.add(catalog)
        elif self._record is not None:
            may_hold = self._history_may_hold
            if may_hold is None or may_hold(catalog):
                self._fill()
            for seen in reversed(self._recent):
                if seen.end_line < self._record.line - WINDOW_LINES:
                    break
                if not _same_writer(self._record, seen):
                    continue
                found = seen.search(self._index, catalog)
                if found is not None:
                    break
        self._cache[catalog] = found
        return found

    def is_own(self, catalog: str) -> bool:
        """Whether the evidence for ``catalog`` is in the current record itself.

        A record's own tag or text is stronger evidence than a neighbour's: when two
        catalogs both have evidence, the one the record names itself wins.
        """
        self.evidence(catalog)
        return catalog in self._own


def _same_writer(record: LogRecord, seen: _Seen) -> bool:
    """Whether ``seen`` may lend ``record`` its context: the same process and tag.

    A field missing on either side does not separate them (a ``raw`` paste has no
    fields at all). Without tags on both sides the thread stands in for the tag.
    """
    if record.pid is not None and seen.pid is not None and seen.pid != record.pid:
        return False
    if record.tag is not None and seen.tag is not None:
        return seen.tag == record.tag
    if record.tag is None and seen.tag is None:
        return record.tid is None or seen.tid is None or seen.tid == record.tid
    return True
