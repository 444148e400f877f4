"""Unknown errors: the error records no catalog entry explains, grouped by template.

A catalog never covers everything, and the cause of a failure is often an error line
it has never seen. :class:`UnmatchedCollector` is fed every record of every input in
stream order, with the lines the catalog matched; it keeps the *error records* that
the catalog left unexplained, mines their templates (:mod:`.miner`) and returns
:class:`UnmatchedGroup` values, biggest first.

An **error record** is a record at level E or F, or a record at any other level (or
none) whose message holds an error word (:data:`ERROR_WORDS`: ``error``, ``failed``,
``timeout``, ``异常`` ...) or a non-zero error code after a key that names one
(``errorCode=2203004``, ``ret_code: 10030``: :func:`has_error_code`). Words are
matched case-insensitively and whole, where a camel-case hump before the word is an
edge but a letter after it is not: the word must end a name. ``IOException``,
``onConnectFailed`` and ``ERROR`` match; ``terror``, ``errorless``, and field names
such as ``errorReason: 0`` or ``failCount=0`` do not.

An error record is **explained** when the catalog matched any of its physical lines;
it then counts in :attr:`Unmatched.error_lines_total` only. Counts of lines are of
physical lines (a 30-line stack trace is 30 lines), so
``error_lines_unmatched / error_lines_total`` is the share of error lines the catalog
leaves unexplained.

A record is templated by its first non-blank message line: the frames of a stack trace
are part of their record, never groups of their own.

Memory: the miner holds at most ``max_groups`` clusters; when it drops one (least
frequent first), its group goes with it and is counted in
:attr:`Unmatched.evicted_groups` and :attr:`Unmatched.evicted_records`, never lost
silently. Each group keeps every occurrence, since the JSON report lists every one,
but packed (:class:`~analyzer.spill.RowStore`: compressed batches, on disk past a
budget), not as objects; an :class:`Occurrence` is made when a report reads it.
"""

from __future__ import annotations

import re
from collections.abc import Container, Sequence
from dataclasses import dataclass

from analyzer.engine.codes import CJK_KEYS, STRONG_KEYS, find_codes
from analyzer.formats.interface import Header
from analyzer.model import LEVEL_OF_VALUE, Level, LogRecord
from analyzer.spill import RowStore
from analyzer.templates.miner import (
    DEFAULT_DEPTH,
    DEFAULT_MAX_CLUSTERS,
    DEFAULT_SIMILARITY,
    ClusterId,
    TemplateKey,
    TemplateMiner,
    TokenCache,
    template_key,
)
from analyzer.textcap import cap

ERROR_WORDS: tuple[str, ...] = (
    "error",
    "exception",
    "failure",
    "failed",
    "failing",
    "fail",
    "fatal",
    "crashed",
    "crash",
    "timeout",
    "timed out",
    "refused",
    "denied",
    "aborted",
    "abort",
    "panicked",
    "panic",
)
"""Words that make a record at a quiet level an error record (a plural ``s`` is allowed)."""

ERROR_WORDS_CJK: tuple[str, ...] = ("错误", "失败", "异常", "超时", "崩溃")
"""The same for Chinese messages, matched anywhere (Chinese has no spaces between words)."""

ERROR_LEVELS: frozenset[Level] = frozenset({Level.ERROR, Level.FATAL})
"""Levels at which every record is an error record."""

DEFAULT_SAMPLES = 5
"""Occurrences per group shown as samples."""


def _error_words_re(words: tuple[str, ...], cjk: tuple[str, ...]) -> re.Pattern[str]:
    """Whole words, any case, where a camel-case hump (``onError``) is also a word edge."""
    any_case = "|".join(re.escape(w).replace(r"\ ", "[ _-]?") for w in words)
    title = "|".join(re.escape(w[0].upper() + w[1:]).replace(r"\ ", "[ _-]?") for w in words)
    cjk_words = "|".join(re.escape(w) for w in cjk)
    return re.compile(
        rf"(?:(?<![A-Za-z])(?i:{any_case})|(?<=[A-Za-z])(?:{title}))(?:e?s)?(?![A-Za-z])"
        rf"|{cjk_words}",
        re.ASCII,  # ASCII case folding only, as the fast engine's byte prefilter does
    )


ERROR_WORDS_RE = _error_words_re(ERROR_WORDS, ERROR_WORDS_CJK)
"""Finds an error word in a message (see the module docstring for the edges)."""


_CANDIDATES = [w.split()[0].lower() for w in ERROR_WORDS] + list(ERROR_WORDS_CJK)
STEMS: tuple[str, ...] = tuple(
    dict.fromkeys(w for w in _CANDIDATES if not any(o != w and o in w for o in _CANDIDATES))
)
"""What every error word starts with, in lower case: a cheap test before the regex (most
lines hold none of them, and ``in`` is ten times faster than the regex's lookarounds).
The fast engine's prefilter looks for the same stems in bytes."""


def has_error_word(text: str) -> bool:
    """Whether ``text`` holds one of :data:`ERROR_WORDS` (or :data:`ERROR_WORDS_CJK`)."""
    lowered = text.lower()
    if not any(stem in lowered for stem in STEMS):
        return False
    return ERROR_WORDS_RE.search(text) is not None


_ERROR_CODE_HINTS = ("code", "business", *CJK_KEYS)
"""Something every key of :data:`_ERROR_CODE_KEY` holds: a cheap test before the regex."""

_ERROR_CODE_KEY = re.compile("(?:" + "|".join((*STRONG_KEYS, *CJK_KEYS)) + ")", re.IGNORECASE)


def has_error_code(text: str) -> bool:
    """Whether ``text`` gives a non-zero error code after a key that names one outright
    (``errorCode=2203004``, ``ret_code: 10030``, ``错误码：-1``; not ``errCode:0``, and
    not the generic ``code``/``ret``/``result`` keys, which log plenty of non-errors)."""
    lowered = text.lower()
    if not any(hint in lowered for hint in _ERROR_CODE_HINTS):
        return False
    return any(
        hit.value != 0 and _ERROR_CODE_KEY.fullmatch(hit.key) is not None
        for hit in find_codes(text)
    )


def is_error_line(level: Level | None, message: str) -> bool:
    """Whether one physical line (its header's level, or ``None``, and its message) makes
    its record an error record: level E/F, an error word or a non-zero error code."""
    return level in ERROR_LEVELS or has_error_word(message) or has_error_code(message)


def is_error_record(record: LogRecord) -> bool:
    """Whether a record is an error record: level E/F, or an error word or a non-zero
    error code in any line of its message."""
    if record.level in ERROR_LEVELS:
        return True
    return any(has_error_word(m) or has_error_code(m) for m in record.messages)


@dataclass(frozen=True, slots=True)
class ErrorRecord:
    """What the collector needs of one error record, small enough to send between
    processes: engines classify records where they parse them (:func:`error_record`),
    and one collector takes them in stream order (:meth:`UnmatchedCollector.feed`)."""

    line: int
    """1-based first physical line of the record."""
    lines: int
    """Physical lines of the record."""
    tokens: tuple[str, ...]
    """The masked tokens of the message line the record is templated by (its first
    non-blank one), as the collector's miner sees it (:data:`~.masking.MASK_RULES`):
    masking is the costly part of mining, and this way it runs where the record is
    classified, in the worker processes."""
    occurrence: Occurrence | None
    """The record as an occurrence, or ``None`` when the catalog explains it."""
    secrets: int | None = None
    """How many values redaction replaces in the occurrence's text, counted where the
    record was classified (the fast engine's workers, in parallel), or ``None`` when
    not counted: the report's redaction then counts it."""

    def packed(self) -> PackedErrorRecord:
        """The record as plain tuples, for sending between processes: pickling tuples
        costs about a twentieth of pickling the dataclasses, and the collector packs
        them into its columns without making objects again."""
        occurrence = None if self.occurrence is None else self.occurrence.packed()
        return (self.line, self.lines, self.tokens, occurrence, self.secrets)

    @classmethod
    def unpacked(cls, packed: PackedErrorRecord) -> ErrorRecord:
        """The record :meth:`packed` gave."""
        line, lines, tokens, occurrence, secrets = packed
        if occurrence is None:
            return cls(line, lines, tokens, None, secrets)
        return cls(line, lines, tokens, group_occurrence(occurrence), secrets)


PackedOccurrence = tuple[int, int, str | None, int, str | None, str]
"""An occurrence's input, line, time, level (``0`` for none), tag and text."""

PackedErrorRecord = tuple[int, int, tuple[str, ...], PackedOccurrence | None, int | None]
"""An :class:`ErrorRecord` as :meth:`ErrorRecord.packed` gives it."""


def error_record(
    input_index: int, record: LogRecord, matched_lines: Container[int] = frozenset()
) -> ErrorRecord | None:
    """``record`` classified for the collector, or ``None`` when it is no error record.

    ``matched_lines`` holds (at least) the 1-based physical lines of this input that the
    catalog matched; only the record's own lines are looked up.
    """
    if not is_error_record(record):
        return None
    lines = len(record.raw)
    if any(n in matched_lines for n in range(record.line, record.line + lines)):
        return ErrorRecord(record.line, lines, (), None)
    index = _first_nonblank(record.messages)
    message = record.messages[index] if record.messages else ""
    raw = record.raw[index] if index < len(record.raw) else message
    occurrence = Occurrence(
        input=input_index,
        line=record.line + index,
        time=record.time,
        level=record.level,
        tag=record.tag,
        text=cap(raw),
    )
    return ErrorRecord(record.line, lines, _tokens(message) or EMPTY_MESSAGE, occurrence)


def error_line(
    input_index: int, number: int, raw: str, header: Header | None
) -> PackedErrorRecord | None:
    """:func:`error_record` of the record one line makes by itself, packed, from the
    line as :func:`~analyzer.formats.grouping.read_line` reads it (``raw``, ``header``),
    without building the record: the fast engine classifies most error lines this way.
    ``None`` when it is no error line."""
    if header is None:
        message, time, level, tag = raw, None, None, None
    else:
        message, time, level, tag = header.message, header.time, header.level, header.tag
    if not is_error_line(level, message):
        return None
    occurrence = (input_index, number, time, 0 if level is None else int(level), tag, cap(raw))
    return (number, 1, _tokens(message) or EMPTY_MESSAGE, occurrence, None)


_tokens = TokenCache()
"""Masked tokens with the default rules, as the collector's miner sees them, for recent
messages from memory."""

EMPTY_MESSAGE: tuple[str, ...] = ("<EMPTY>",)
"""The template of records whose message is blank (an E line with nothing after the
tag): a visible word, in the style of the masks, rather than an empty template."""


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One unexplained error record, in the shape of a finding's occurrence."""

    input: int
    """Index of the input in the report's ``inputs``."""
    line: int
    """1-based physical line that was templated (the record's first non-blank one)."""
    time: str | None
    """Time of the record, as written."""
    level: Level | None
    """Level of the record."""
    tag: str | None
    """Tag of the record."""
    text: str
    """The physical line as read, capped at :data:`~analyzer.textcap.MAX_TEXT_CHARS`."""

    def packed(self) -> PackedOccurrence:
        """The occurrence as plain values (what :func:`group_occurrence` reads)."""
        level = _NONE if self.level is None else int(self.level)
        return (self.input, self.line, self.time, level, self.tag, self.text)


@dataclass(frozen=True, slots=True)
class UnmatchedGroup:
    """Unexplained error records that share one template."""

    template: str
    """The records' common text: ``<NUM>``-style masks and ``<*>`` where they differ."""
    key: TemplateKey
    """Stable key of the template, equal across logs and runs (:func:`template_key`)."""
    count: int
    """Number of records in the group."""
    first: Occurrence
    """The first record fed (the earliest, when inputs are fed in order)."""
    last: Occurrence
    """The last record fed."""
    samples: tuple[Occurrence, ...]
    """The first few records, for human formats."""
    occurrences: Sequence[Occurrence]
    """Every record, in the order fed (input, then line order). From the collector a
    :class:`~analyzer.spill.Column` of :data:`PackedGroupRow` that unpacks each one
    when it is read, so a group of a million records is not a million objects."""
    level: Level | None
    """The loudest level among the records."""
    baseline_count: int | None = None
    """Records of the same template in the baseline (``--baseline``); ``None`` without
    one. Set by :func:`analyzer.baseline.apply_baseline`."""
    new: bool | None = None
    """Whether the baseline never shows this template; ``None`` without a baseline."""


@dataclass(frozen=True, slots=True)
class Unmatched:
    """Everything the collector found: the groups and the share they stand for."""

    groups: tuple[UnmatchedGroup, ...]
    """Groups by count (descending), then first occurrence."""
    error_lines_total: int
    """Physical lines of all error records, explained or not."""
    error_lines_unmatched: int
    """Physical lines of the error records no catalog entry explains."""
    evicted_groups: int = 0
    """Groups dropped to keep memory bounded (their records are not in ``groups``)."""
    evicted_records: int = 0
    """Records of the dropped groups."""

    @property
    def unexplained_share(self) -> float:
        """``error_lines_unmatched / error_lines_total`` (0.0 when there were none)."""
        if self.error_lines_total == 0:
            return 0.0
        return self.error_lines_unmatched / self.error_lines_total


_NONE = 0
"""The level byte for "no level" (``Level`` values start at 1)."""

PackedGroupRow = tuple[int, int, str | None, int, str | None, str, int]
"""How a group keeps an occurrence: :data:`PackedOccurrence` plus the record's
:attr:`ErrorRecord.secrets` (``-1`` where not counted)."""

SECRETS_AT = 6
"""Where a :data:`PackedGroupRow` holds the secrets counted in its line; the collector's
store counts its values (:meth:`~analyzer.spill.Column.value_counts`), so redaction
knows a group without a secret without reading its rows."""


def group_occurrence(row: PackedOccurrence | PackedGroupRow) -> Occurrence:
    """The occurrence a packed occurrence, or a group's packed row, holds."""
    index, line, time, level, tag, text = row[:6]
    return Occurrence(index, line, time, LEVEL_OF_VALUE[level], tag, text)


class UnmatchedCollector:
    """Collects and groups the error records the catalog leaves unexplained.

    Feed it every record in stream order with :meth:`add`; read :meth:`groups` or
    :meth:`result` at the end. ``samples`` is how many occurrences each group shows;
    ``max_groups``, ``similarity`` and ``depth`` go to the :class:`TemplateMiner`.
    """

    def __init__(
        self,
        *,
        samples: int = DEFAULT_SAMPLES,
        max_groups: int = DEFAULT_MAX_CLUSTERS,
        similarity: float = DEFAULT_SIMILARITY,
        depth: int = DEFAULT_DEPTH,
    ) -> None:
        self.samples = max(samples, 0)
        self.miner = TemplateMiner(
            similarity=similarity, depth=depth, max_clusters=max_groups, on_evict=self._evict
        )
        """The miner behind the groups (read-only use: its clusters are the groups)."""
        self._rows = RowStore(count_at=(0, SECRETS_AT))
        """Each group's occurrences (:data:`PackedGroupRow`), keyed by cluster id."""
        self._loudest: dict[ClusterId, int] = {}
        self.error_lines_total = 0
        """Physical lines of all error records seen so far."""
        self.error_lines_unmatched = 0
        """Physical lines of the unexplained error records seen so far."""
        self.evicted_groups = 0
        """Groups dropped so far to keep memory bounded."""
        self.evicted_records = 0
        """Records of the dropped groups."""

    def add(
        self, input_index: int, record: LogRecord, matched_lines: Container[int] = frozenset()
    ) -> ClusterId | None:
        """Offer one record; returns its group's id, or ``None`` when it is not kept.

        ``matched_lines`` holds (at least) the 1-based physical lines of this input
        that the catalog matched; only the record's own lines are looked up, so the
        set of every matched line of the input so far will do. A record that is not an
        error record, or that the catalog explains, is not kept.
        """
        classified = error_record(input_index, record, matched_lines)
        return None if classified is None else self.feed(classified)

    def feed(self, classified: ErrorRecord, line_offset: int = 0) -> ClusterId | None:
        """Take one classified error record; returns its group's id, or ``None`` when
        the catalog explains it. ``line_offset`` is added to its line numbers (records
        classified in a part of an input count lines from the part's start)."""
        return self.feed_packed(classified.packed(), line_offset)

    def feed_packed(self, packed: PackedErrorRecord, line_offset: int = 0) -> ClusterId | None:
        """:meth:`feed` for a record as :meth:`ErrorRecord.packed` gives it."""
        _, lines, tokens, occurrence, secrets = packed
        self.error_lines_total += lines
        if occurrence is None:
            return None
        self.error_lines_unmatched += lines
        cluster_id = self.miner.add_tokens(tokens)
        index, line, time, level, tag, text = occurrence
        self._rows.append(
            cluster_id,
            (index, line + line_offset, time, level, tag, text, -1 if secrets is None else secrets),
        )
        if level > self._loudest.get(cluster_id, -1):
            self._loudest[cluster_id] = level
        return cluster_id

    def count_explained(self, lines: int) -> None:
        """Count error records the catalog explains, by their physical lines only: what
        :meth:`feed` does with each of them, for many at once."""
        self.error_lines_total += lines

    def _evict(self, cluster_id: ClusterId) -> None:
        """The miner drops a cluster: drop its group, and count what went."""
        self.evicted_groups += 1
        self.evicted_records += self._rows.drop(cluster_id)
        self._loudest.pop(cluster_id, None)

    def groups(self) -> list[UnmatchedGroup]:
        """The groups so far, by count (descending), then first occurrence."""
        groups: list[UnmatchedGroup] = []
        for cluster_id, loudest in self._loudest.items():
            template = self.miner.template(cluster_id)
            occurrences = self._rows.column(cluster_id, group_occurrence, input_at=0)
            groups.append(
                UnmatchedGroup(
                    template=template,
                    key=template_key(template),
                    count=len(occurrences),
                    first=occurrences[0],
                    last=occurrences[-1],
                    samples=occurrences[: self.samples],
                    occurrences=occurrences,
                    level=LEVEL_OF_VALUE[loudest],
                )
            )
        groups.sort(key=lambda g: (-g.count, g.first.input, g.first.line, g.template))
        return groups

    def result(self) -> Unmatched:
        """The groups and the counts, frozen."""
        return Unmatched(
            groups=tuple(self.groups()),
            error_lines_total=self.error_lines_total,
            error_lines_unmatched=self.error_lines_unmatched,
            evicted_groups=self.evicted_groups,
            evicted_records=self.evicted_records,
        )


def _first_nonblank(messages: tuple[str, ...]) -> int:
    """Index of the first message line with text (0 when all are blank)."""
    for index, message in enumerate(messages):
        if message.strip():
            return index
    return 0
