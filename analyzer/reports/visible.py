"""Make invisible and control characters in log text visible before a format shows it.

A log line is untrusted input. ESC starts terminal escape sequences (clear the
screen, set the window title, hide text), CR and backspace overwrite what came
before, bidirectional overrides make a reader see text in another order than it is
(Trojan Source), and most C0 controls are not allowed in XML at all. Every human
format passes log text through :func:`visible`, which shows such characters instead
of obeying them: C0 controls become their Unicode "control pictures" (``\\x1b`` is
shown as ``␛``), everything else as an escape such as ``\\x9b`` or ``\\u202e``.
Tabs stay tabs: they are harmless and common in stack traces. JSON keeps the raw
text (its own escaping is exact).
"""

from __future__ import annotations

import re
from typing import Final


def _table() -> dict[int, str]:
    table: dict[int, str] = {c: chr(0x2400 + c) for c in range(0x20) if c != 0x09}
    table[0x7F] = "\u2421"  # ␡
    for c in range(0x80, 0xA0):  # C1 controls, including CSI (0x9b)
        table[c] = f"\\x{c:02x}"
    bidi = [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
    for c in [*bidi, 0x2028, 0x2029, 0xFFFE, 0xFFFF, *range(0xD800, 0xE000)]:
        table[c] = f"\\u{c:04x}"
    return table


_TABLE: Final = _table()


def visible(text: str) -> str:
    """``text`` with every control, bidi-override and non-character shown, not obeyed."""
    return text.translate(_TABLE)


_SPACES = re.compile(r"[ \t\r\n\f\v]+")


def one_line(text: str) -> str:
    """Prose (catalog text) on one line: whitespace runs become one space, then :func:`visible`."""
    return visible(_SPACES.sub(" ", text).strip())
