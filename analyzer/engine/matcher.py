"""The reference matcher: every line of a record, every rule.

For each physical line of a record it finds code hits and signature hits, decides
which catalog entries they mean using the catalog's context rules, and emits one
:class:`~analyzer.model.Match` per (line, entry). Both engines run it on the records
they scan (the plain engine on all, the fast engine on those that can match), so it
is the definition of a match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Literal

import regex

from analyzer.catalog.loader import Catalog
from analyzer.engine.codes import CodeHit, find_codes
from analyzer.engine.context import EvidenceIndex, EvidenceWindow
from analyzer.engine.signatures import SignatureHit, SignatureMatcher
from analyzer.model import (
    CatalogEntry,
    EntryId,
    LogRecord,
    Match,
    MatchedBy,
    RegexFailure,
    Severity,
    SignatureKind,
    is_catch_all,
)
from analyzer.textcap import cap

_PRIVATE = regex.compile(r"(?:code|errcode|error[ _]?code)[\"']?\s*[:=：]?\s*<private>", regex.I)
_MESSAGE_KEY = regex.compile(
    r"(?<![\p{L}\p{N}_])(?:message|msg|errmsg|err_msg|error[ _]?message|errormessage|reason"
    r"|错误信息)[\"']?\s*[:=：]",
    regex.I,
)
_KEYWORD = regex.compile(r"[A-Za-z][A-Za-z0-9]{3,}")
_STOPWORDS = frozenset(
    {
        "this",
        "that",
        "with",
        "from",
        "have",
        "been",
        "will",
        "error",
        "code",
        "reported",
        "occurs",
        "check",
        "whether",
        "failed",
        "failure",
        "please",
        "incorrect",
        "correct",
        "when",
        "then",
        "than",
        "which",
        "could",
        "their",
        "there",
        "call",
        "again",
        "using",
        "used",
        "into",
        "only",
        "other",
        "does",
        "exist",
        "exists",
    }
)


Needs = frozenset[str] | None | Literal[False]
"""What :meth:`Matcher.needs` says a line needs to produce a match."""


@dataclass(frozen=True, slots=True)
class _Candidate:
    entry: CatalogEntry
    evidence: str | None
    overlap: int
    own: bool = False
    """Whether the evidence is in the record itself rather than a recent neighbour."""


class Matcher:
    """Catalog matcher over parsed records.

    One per scan (an engine): the regexes a hand-written catalog entry brings are
    switched off when they run out of time, and that state is the scan's own."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self._by_value: dict[int, list[CatalogEntry]] = {}
        for entry in catalog.entries:
            if entry.value is not None:
                self._by_value.setdefault(entry.value, []).append(entry)
        self._by_id = {entry.id: entry for entry in catalog.entries}
        # Catch-all rows (TPNS "Other: Unknown error") stand for any code of their
        # catalog that the catalog does not list.
        self._catch_all = [e for e in catalog.entries if is_catch_all(e)]
        self._signatures = SignatureMatcher(catalog.entries)
        self._evidence = EvidenceIndex(catalog.contexts)
        self._keywords = {entry.id: _keywords(entry) for entry in catalog.entries}
        self._taken = (0, 0)

    def scan(self, records: Iterable[LogRecord], input_index: int = 0) -> Iterator[Match]:
        """Matches of every record, in line order."""
        window = self.new_window()
        for record in records:
            window.push(record)
            yield from self._scan_record(record, input_index, window)

    def scan_records(
        self, records: Iterable[LogRecord], input_index: int = 0
    ) -> Iterator[tuple[LogRecord, list[Match]]]:
        """Every record with its matches, for callers that need both (the unknown-error
        collector looks at the records the catalog did not explain)."""
        window = self.new_window()
        for record in records:
            window.push(record)
            yield record, list(self._scan_record(record, input_index, window))

    def take_failures(self, input_index: int) -> list[RegexFailure]:
        """Catalog regexes switched off (for running out of time) since the last call,
        charged to input ``input_index``. They stay off for the rest of the scan."""
        out: list[RegexFailure] = []
        for pattern, entries in self._signatures.failed[self._taken[0] :]:
            source = self._by_id[entries[0]].source
            where = f"{source.document}:{source.line}" if source.document else ""
            owner = "signature of " + ", ".join(entries)
            out.append(RegexFailure(pattern, owner, where, input_index))
        for pattern, catalog in self._evidence.failed[self._taken[1] :]:
            out.append(RegexFailure(pattern, f"evidence of {catalog}", "", input_index))
        self._taken = (len(self._signatures.failed), len(self._evidence.failed))
        return out

    # -- for engines that scan only some records (analyzer.engine.fast)

    def new_window(self) -> EvidenceWindow:
        """An empty evidence window, as at the start of a log."""
        return EvidenceWindow(self._evidence)

    def scan_record(
        self, record: LogRecord, input_index: int, window: EvidenceWindow
    ) -> Iterator[Match]:
        """Matches of one record; ``window`` must have had it pushed last."""
        return self._scan_record(record, input_index, window)

    def needs(self, message: str) -> Needs:
        """What a line with this message needs to produce any match (a necessary
        condition, from the same hits and rules as the scan).

        ``False``: it cannot match whatever its context. ``None``: its record must be
        scanned. A set of catalogs: it can match only with evidence of one of them in
        its record or the records before it.
        """
        hits = list(find_codes(message))
        sigs = _outermost(self._signatures.find(message))
        if not hits and not sigs:
            return False
        need: set[str] = set()
        if not self._codes_need(hits, need) or not self._signatures_need(message, sigs, need):
            return None
        return frozenset(need) if need else False

    def _codes_need(self, hits: Sequence[CodeHit], need: set[str]) -> bool:
        """Add the catalogs whose evidence the code hits need to ``need``; ``False``
        when one of them counts without evidence (the record must be scanned)."""
        for hit in hits:
            for entry in self._by_value.get(hit.value, ()):
                if not self.catalog.context(entry.catalog).needs_evidence(hit.value):
                    return False
                need.add(entry.catalog)
            if hit.strong and hit.value != 0:
                need.update(entry.catalog for entry in self._catch_all)
        return True

    def _signatures_need(self, message: str, sigs: Sequence[SignatureHit], need: set[str]) -> bool:
        """:meth:`_codes_need` for the signature hits."""
        if not sigs:
            return True
        private, keyed = _message_keys(message)
        for sig in sigs:
            if sig.distinctive or private:
                return False
            for entry_id in sig.entries:
                catalog = self._by_id[entry_id].catalog
                if keyed and not self._evidence.has_rules(catalog):
                    return False
                need.add(catalog)
        return True

    def _scan_record(
        self, record: LogRecord, input_index: int, window: EvidenceWindow
    ) -> Iterator[Match]:
        words: set[str] | None = None
        for offset, message in enumerate(record.messages):
            if not message:
                continue
            codes = list(find_codes(message))
            sigs = _outermost(self._signatures.find(message))
            if not codes and not sigs:
                continue
            found: dict[EntryId, Match] = {}
            if words is None:
                words = _words(record.message)
            at = _Line(record, offset, message, words, window, input_index)
            for hit in codes:
                match = self._code_match(hit, sigs, at)
                if match is not None and match.entry not in found:
                    found[match.entry] = match
            for sig in sigs:
                # A message whose owner the line's code already named is that owner's
                # message: "errorCode=19900001 ... Invalid parameter value." is one
                # finding, not 19900001 plus whichever owner context would pick.
                if found.keys() & set(sig.entries):
                    continue
                match = self._signature_match(sig, at)
                if match is not None and not (set(match.candidates) & found.keys()):
                    found[match.entry] = match
            yield from found.values()

    # -- codes

    def _code_match(self, hit: CodeHit, sigs: Sequence[SignatureHit], at: _Line) -> Match | None:
        entries = self._by_value.get(hit.value)
        if not entries:
            return self._catch_all_match(hit, at)
        allowed: list[_Candidate] = []
        for entry in entries:
            evidence = at.window.evidence(entry.catalog)
            if evidence is None and self.catalog.context(entry.catalog).needs_evidence(hit.value):
                continue
            allowed.append(self._candidate(entry, evidence, at))
        if not allowed:
            # Every listed owner lacks its context (401 after errCode in a TPush line
            # is no universal error); to the catalog in context it is an unlisted code.
            return self._catch_all_match(hit, at)
        confirmed = {e for s in sigs for e in s.entries}
        best, ambiguous = _choose(allowed, confirmed)
        key = f"{hit.key}{'=' if hit.key.isascii() else ''}{hit.text}"
        if ambiguous:
            confidence = 0.5
            reason = (
                f"{key}: code of {len(ambiguous)} entries "
                f"({', '.join(c.entry.id for c in ambiguous)}); context did not decide"
            )
        elif best.entry.id in confirmed:
            confidence = 0.99
            reason = f"{key} with the entry's own message on the line"
        else:
            confidence = 0.9 if hit.strong else 0.8
            reason = f"{key} used as an error code"
            if best.entry.severity <= Severity.INFO:
                reason = f"{key}: a success code ({best.entry.title!r}), not a problem"
            if len(allowed) > 1:
                reason += f"; context picked it over {len(allowed) - 1} other entries"
        if best.evidence is not None:
            reason += f" ({best.entry.catalog} context: {best.evidence!r})"
        candidates = tuple(c.entry.id for c in (ambiguous or [best]))
        return at.match(best.entry, candidates, MatchedBy.CODE, confidence, reason)

    def _catch_all_match(self, hit: CodeHit, at: _Line) -> Match | None:
        """An unlisted code after an explicit error-code key, in a catch-all's context.

        Only strong keys (``errCode``, ``ret_code``) and non-zero codes count, and only
        with the catalog's own evidence: an unknown number is a weak signal by itself.
        """
        if not hit.strong or hit.value == 0:
            return None
        for entry in self._catch_all:
            evidence = at.window.evidence(entry.catalog)
            if evidence is None:
                continue
            reason = (
                f"{hit.key}={hit.text} is not a listed {entry.catalog} code; "
                f"the catalog's catch-all row applies ({entry.catalog} context: {evidence!r})"
            )
            return at.match(entry, (entry.id,), MatchedBy.CODE, 0.6, reason)
        return None

    # -- signatures

    def _signature_match(self, sig: SignatureHit, at: _Line) -> Match | None:
        # A short message ("Internal error.") counts with its catalog's evidence; or
        # after "Code: <private>", hilog's mask for an error code it will not print,
        # which says an OpenHarmony API reported an error with exactly this message;
        # or after a message key when its catalog has no evidence rules at all.
        private, keyed = _message_keys(at.message)
        allowed: list[_Candidate] = []
        for entry_id in sig.entries:
            entry = self._by_id[entry_id]
            evidence = at.window.evidence(entry.catalog)
            if (
                sig.distinctive
                or evidence is not None
                or private
                or (keyed and not self._evidence.has_rules(entry.catalog))
            ):
                allowed.append(self._candidate(entry, evidence, at))
        if not allowed:
            return None
        best, ambiguous = _choose(allowed, set())
        by = MatchedBy.MESSAGE if sig.kind is SignatureKind.MESSAGE else MatchedBy.SIGNATURE
        quoted = sig.pattern if len(sig.pattern) <= 60 else sig.pattern[:57] + "..."
        if by is MatchedBy.MESSAGE:
            reason = f"catalog message {quoted!r}"
            confidence = 0.9 if private else 0.85
            if private:
                reason += " with the code hidden as <private>"
        elif sig.kind is SignatureKind.RECORD:
            reason, confidence = f"log record {quoted!r} quoted by the vendor document", 0.85
        else:
            reason, confidence = f"hand-written signature {quoted!r}", 0.8
        if ambiguous:
            confidence = 0.45
            reason += (
                f"; shared by {', '.join(c.entry.id for c in ambiguous)}, context did not decide"
            )
        elif len(allowed) > 1:
            reason += f"; context picked it over {len(allowed) - 1} other entries"
        if best.evidence is not None:
            reason += f" ({best.entry.catalog} context: {best.evidence!r})"
        candidates = tuple(c.entry.id for c in (ambiguous or [best]))
        return at.match(best.entry, candidates, by, confidence, reason)

    def _candidate(self, entry: CatalogEntry, evidence: str | None, at: _Line) -> _Candidate:
        own = evidence is not None and at.window.is_own(entry.catalog)
        return _Candidate(entry, evidence, len(at.words & self._keywords[entry.id]), own)


class _Line:
    """One line of a record with code or signature hits: where it is, what surrounds
    it, and how a match on it is made."""

    __slots__ = ("input_index", "message", "offset", "record", "window", "words")

    def __init__(
        self,
        record: LogRecord,
        offset: int,
        message: str,
        words: set[str],
        window: EvidenceWindow,
        input_index: int,
    ) -> None:
        self.record = record
        self.offset = offset
        self.message = message
        self.words = words
        self.window = window
        self.input_index = input_index

    def match(
        self,
        entry: CatalogEntry,
        candidates: tuple[EntryId, ...],
        by: MatchedBy,
        confidence: float,
        reason: str,
    ) -> Match:
        record = self.record
        return Match(
            entry=entry.id,
            candidates=candidates,
            input=self.input_index,
            line=record.line + self.offset,
            record_line=record.line,
            text=cap(record.raw[self.offset]),
            matched_by=by,
            confidence=confidence,
            reason=reason,
            time=record.time,
            level=record.level,
            tag=record.tag,
            process=record.process,
            pid=record.pid,
        )


def _choose(
    allowed: list[_Candidate], confirmed: set[EntryId]
) -> tuple[_Candidate, list[_Candidate]]:
    """Pick the candidate the context supports best; return the tie when it can't.

    Order of preference: the entry whose own message is on the line, then the one
    whose catalog has evidence in the record itself, then evidence in a recent record
    of the same writer, then the one sharing most keywords with the record
    (``AccessKey`` picks TPNS 10008#2 over the ContentProvider 10008).
    """
    if len(allowed) == 1:
        return allowed[0], []

    def score(c: _Candidate) -> tuple[bool, int, int]:
        level = 2 if c.own else 1 if c.evidence is not None else 0
        return (c.entry.id in confirmed, level, c.overlap)

    ranked = sorted(allowed, key=score, reverse=True)
    top = score(ranked[0])
    tied = [c for c in ranked if score(c) == top]
    if len(tied) == 1:
        return ranked[0], []
    return tied[0], tied


def _outermost(hits: Iterable[SignatureHit]) -> list[SignatureHit]:
    """The hits not lying inside a longer hit on the same line.

    "System internal error." contains "Internal error."; the longer message is the
    one the line carries, so the shorter one's owners (WebSocket 2302999, link
    enhance 32390300) must not be reported too.
    """
    found = list(hits)
    return [
        h
        for h in found
        if not any(
            o is not h
            and o.start <= h.start
            and h.end <= o.end
            and (o.end - o.start) > (h.end - h.start)
            for o in found
        )
    ]


def _message_keys(message: str) -> tuple[bool, bool]:
    """(code hidden as ``<private>``, message introduced by a key): both the exact
    matcher and the fast engine's candidate check decide on these two facts."""
    private = bool(_PRIVATE.search(message))
    return private, private or bool(_MESSAGE_KEY.search(message))


def _words(text: str) -> set[str]:
    return {w.lower() for w in _KEYWORD.findall(text)} - _STOPWORDS


def _keywords(entry: CatalogEntry) -> set[str]:
    """Words that set an entry apart from others with the same code or message."""
    text = " ".join((entry.title, entry.message, entry.description))
    return _words(text)
