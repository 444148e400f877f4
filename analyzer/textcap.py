"""Cap the log text that a report carries, so one huge line cannot swamp a report.

A device log can hold a line of many megabytes (a base64 blob, a dumped buffer).
The line is still read, counted and scanned in full; only the copy kept for the
report (an occurrence's text, a context line) is cut, and the cut says how much
was left out.
"""

from __future__ import annotations

MAX_TEXT_CHARS = 4096
"""Characters of a log line kept for a report; the rest is summarised."""


def cap(text: str, limit: int = MAX_TEXT_CHARS) -> str:
    """``text`` itself when short, else its head plus a note of what was cut."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… [{len(text) - limit} more characters]"
