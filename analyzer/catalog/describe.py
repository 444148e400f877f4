"""Catalog entries rendered for people: ``catalog list``, ``catalog show``, ``explain``.

Pure functions that return text; the CLI decides where it goes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import yaml
from rich.console import Console
from rich.table import Table

from analyzer.catalog.writing import entry_to_dict
from analyzer.model import CatalogEntry


def list_table(
    entries: Sequence[CatalogEntry], *, width: int | None = None, color: bool = False
) -> str:
    """A table of entries: id, code, severity, title."""
    table = Table(show_lines=False, header_style="bold", expand=False)
    table.add_column("id", no_wrap=True)
    table.add_column("code", justify="right", no_wrap=True)
    table.add_column("severity", no_wrap=True)
    table.add_column("title")
    for entry in entries:
        table.add_row(entry.id, entry.code, entry.severity.label, entry.title)
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or 160,
        color_system="auto" if color else None,
        force_terminal=color,
        highlight=False,
        soft_wrap=False,
    )
    console.print(table)
    console.print(f"{len(entries)} entries")
    return buffer.getvalue()


def show_yaml(entries: Sequence[CatalogEntry]) -> str:
    """Entries in their catalog-file form: exact, and pasteable into a user catalog."""
    data = [entry_to_dict(e) for e in entries]
    return yaml.safe_dump_all(data, sort_keys=False, allow_unicode=True, width=100)


def explain(entries: Sequence[CatalogEntry], query: str) -> str:
    """What a person needs to act on a code: title, message, causes, procedure, source."""
    parts: list[str] = []
    if len(entries) > 1:
        parts.append(
            f"{query} is ambiguous: {len(entries)} catalog entries have it. "
            "Log context (tag, domain, message) decides which one a log means.\n"
        )
    for index, entry in enumerate(entries, start=1):
        lead = f"[{index}/{len(entries)}] " if len(entries) > 1 else ""
        lines = [f"{lead}{entry.id}  {entry.title}", f"  code:      {entry.code}"]
        lines.append(f"  severity:  {entry.severity.label}")
        if entry.message:
            lines.append(f"  message:   {entry.message}")
        if entry.description and entry.description != entry.message:
            lines.append("  description:")
            lines.extend(f"    {line}" for line in entry.description.split("\n"))
        if entry.causes:
            lines.append("  causes:")
            lines.extend(f"    - {cause}" for cause in entry.causes)
        if entry.procedure:
            lines.append("  procedure:")
            lines.extend(f"    {n}. {step}" for n, step in enumerate(entry.procedure, start=1))
        else:
            lines.append("  procedure: (the vendor document gives none)")
        source = entry.source
        where = f"{source.document}:{source.line}" if source.line else source.document
        lines.append(f"  source:    {where}" + (f" ({source.section})" if source.section else ""))
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"
