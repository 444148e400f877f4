"""The scan contract: what every engine is given, and what it hands back.

An engine scans one input at a time (:meth:`Engine.scan`): the input, its log format
and its index in the report (:class:`ScanInput`). Everything it finds goes to a
:class:`Sink`, in line order, as it is found, so nothing is held for the whole input:
the catalog matches (packed: :data:`~analyzer.store.rows.MATCH`), a few of them as
samples with their context lines, the error records for the unknown-error groups,
the error lines the catalog explains (as a count), and, where the engine checks them,
which matched lines hold a secret. What it returns (:class:`InputScan`) is what was
read and which catalog regexes it had to switch off.

The engines give the same matches, samples and error records for the same input: the
plain engine (:mod:`.plain`) parses every line; the fast engine (:mod:`.fast`) runs a
byte prefilter and parses only around candidate lines. The tests hold them equal.
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import TracebackType
from typing import ClassVar, Protocol

from analyzer.catalog.loader import Catalog
from analyzer.engine.errorlines import Tokenize
from analyzer.errors import AnalyzerError
from analyzer.formats.interface import LogFormat
from analyzer.model import EntryId, RegexFailure, Sample
from analyzer.sources import InputStats, LogInput
from analyzer.store.rows import MatchRow, PackedErrorRecord


@dataclass(frozen=True)
class ScanInput:
    """One input to scan."""

    index: int
    """The input's index in the report: what its matches and error records point to."""
    source: LogInput
    """The input itself."""
    format: LogFormat
    """Its log format (detected or forced)."""


@dataclass(frozen=True)
class ScanSettings:
    """How an engine scans, the same for every input of an analysis."""

    tokenize: Tokenize
    """The template tokens of an error message, for the unknown-error groups (run where
    records are classified, so by the fast engine's workers)."""
    context: int = 2
    """Lines of context before and after each sample."""
    jobs: int | None = None
    """Worker processes for large inputs (the fast engine); ``None``: one per core
    where the process may start them (:func:`~analyzer.engine.fast.pool.default_jobs`)."""
    count_secrets: bool = False
    """Check the matched lines and error records handed over for secrets (the report
    will be redacted): the fast engine does it where it finds them, in parallel."""


class Sink(Protocol):
    """Where an engine hands what it finds, in input and line order."""

    def match(self, row: MatchRow) -> None:
        """One match, packed, with its input's line numbers."""

    def wants_sample(self, entry: EntryId) -> bool:
        """Whether the next match of ``entry`` is to be a sample; a true answer counts
        it, so the engine then hands the sample over with :meth:`sample`."""

    def sample(self, sample: Sample) -> None:
        """A match with its context lines, as :meth:`wants_sample` asked for."""

    def error_record(self, record: PackedErrorRecord, line_offset: int) -> None:
        """One classified error record, packed; its line numbers are counted from
        ``line_offset`` (add it to get the input's)."""

    def explained(self, lines: int) -> None:
        """Error lines the catalog explains, counted only."""

    def checked(self, input_index: int, secret_lines: Iterable[int]) -> None:
        """Every matched line of the input was checked for secrets, and these hold one
        (called once per input, by an engine that counts secrets)."""


@dataclass(frozen=True)
class InputScan:
    """What scanning one input amounted to, besides what went to the sink."""

    stats: InputStats
    """Lines and bytes read, and the fault that stopped reading, if any."""
    failures: tuple[RegexFailure, ...] = ()
    """Catalog regexes that ran out of time on this input and were switched off."""


class EngineUnavailable(AnalyzerError):
    """An engine cannot run here (a missing package), or cannot give the reference's
    answer for this catalog."""


Progress = Callable[[int], None]
"""Called now and then with the bytes of the input read so far."""


class Engine(abc.ABC):
    """A way to scan inputs against one catalog; a context manager that frees what it
    started (worker processes) on exit."""

    name: ClassVar[str]
    """The value of ``--engine``."""

    def __init__(self, catalog: Catalog, settings: ScanSettings) -> None:
        self.catalog = catalog
        self.settings = settings

    @abc.abstractmethod
    def scan(
        self, scan_input: ScanInput, sink: Sink, progress: Progress | None = None
    ) -> InputScan:
        """Scan one input, handing what it finds to ``sink`` as it is found."""

    def close(self) -> None:  # noqa: B027 - most engines start nothing
        """Free what the engine started."""

    def __enter__(self) -> Engine:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
