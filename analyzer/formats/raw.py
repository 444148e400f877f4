"""The raw fallback: any text at all, such as an issue thread pasted into a file.

Every line is a header line with no fields and the whole line as its message, so
every line starts a record. The grouper still joins Java stack frames and JS crash
blocks to the line before them, because those rules need no header fields. Detection
gives raw a fixed low score (:data:`~analyzer.formats.interface.RAW_SCORE`): it wins
only when no other format explains the sample.
"""

from __future__ import annotations

from collections.abc import Sequence

from analyzer.formats.interface import RAW_SCORE, Header, LogFormat


class RawFormat(LogFormat):
    """Plain lines without any header; never fails."""

    name: str = "raw"
    title: str = "Any text: every line is a record, no fields (fallback)"
    example: str = "推送注册失败 register failed, errCode=10008 (pasted from an issue)"
    aliases: tuple[str, ...] = ("text",)
    specificity: int = 0
    levels_in_plain_sight = True
    continuation_lines: bool = False

    def parse_line(self, line: str) -> Header | None:
        """Every line is a header with no fields; the message is the whole line."""
        return Header(message=line)

    def score(self, sample_lines: Sequence[str]) -> float:
        """Always :data:`RAW_SCORE`: low, but above zero so something is always chosen."""
        return RAW_SCORE
