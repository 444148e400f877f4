"""Turn a vendor error-code document (markdown) into catalog entries.

Two shapes exist in the wild and both are handled in one pass over the lines:

* heading sections (OpenHarmony): ``## 2100002 Service Connection Failure`` followed by
  labelled parts (**Error Message**, **Cause**, ...), in English or Chinese;
* tables (Tencent push): ``| Error Code | Description |`` rows, one catalog per table
  heading (client and server return codes are different catalogs).

The importer works line by line rather than on a markdown AST because provenance needs
exact line numbers and because real tables break the GFM rules (header and separator
with different column counts, rows with a stray leading space) that a strict parser
would reject. Inline markdown inside a line is rendered by
:mod:`analyzer.catalog.markdown`. The modules: :mod:`.document` (the pass over the
lines), :mod:`.sections`, :mod:`.tables`, and :mod:`.shapes` (what a line can be).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from analyzer.catalog.importer.document import (
    read_document,
    strip_comments,
    strip_front_matter,
    walk,
)
from analyzer.catalog.importer.sections import section_entry
from analyzer.catalog.importer.shapes import Doc
from analyzer.catalog.importer.tables import name_tables, row_entry
from analyzer.errors import CatalogError
from analyzer.model import CatalogEntry, EntryId


@dataclass(frozen=True)
class ImportedCatalog:
    """The entries one document contributes to one catalog."""

    name: str
    """Catalog name (``net-connection``, ``tpns-client``)."""
    title: str
    """Human title: the document's title, or the table's heading."""
    document: str
    """File name of the source document."""
    entries: tuple[CatalogEntry, ...]
    """Entries in document order."""


def catalog_base_name(path: Path) -> str:
    """Derive a catalog name from the document's file name.

    ``errorcode-net-connection.md`` -> ``net-connection``; ``tpns-return-codes.md`` ->
    ``tpns``. A stable name matters because it is half of every entry id.
    """
    stem = path.stem.lower()
    for prefix in ("errorcode-", "error-code-", "errorcodes-", "error-codes-", "errcode-"):
        if stem.startswith(prefix):
            stem = stem[len(prefix) :]
    for suffix in ("-return-codes", "-error-codes", "-errorcode", "-error-code", "-codes"):
        if stem.endswith(suffix) and len(stem) > len(suffix):
            stem = stem[: -len(suffix)]
    stem = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")
    return stem or "catalog"


def import_document(path: Path, name: str | None = None) -> list[ImportedCatalog]:
    """Read one vendor document and return its catalogs.

    Raises :class:`CatalogError` naming ``file:line`` for anything the importer cannot
    make sense of; a document that yields no entries at all is an error too, because a
    silently empty catalog would make every later scan quietly miss that vendor.
    """
    text = read_document(path)
    lines = text.split("\n")
    doc = Doc(path=path)
    cleaned = strip_front_matter(lines, doc)
    cleaned = strip_comments(cleaned, doc)
    base = name or catalog_base_name(path)
    sections, tables = walk(cleaned, doc)
    catalogs: list[ImportedCatalog] = []
    if sections:
        entries = [section_entry(s, base, doc) for s in sections]
        catalogs.append(ImportedCatalog(base, doc.title or base, path.name, _number(entries)))
    named_tables = name_tables(tables, base, has_sections=bool(sections))
    for table_name, table in named_tables:
        entries = [row_entry(row, table_name, table, doc) for row in table.rows]
        title = table.heading or doc.title or table_name
        catalogs.append(ImportedCatalog(table_name, title, path.name, _number(entries)))
    if not catalogs:
        # A problem of the whole document is reported at line 1, as linters do for
        # file-level findings, so that every document error reads ``file:line: ...``.
        raise CatalogError(
            "no error codes found: expected '## <code> <title>' sections or a table "
            "with an 'Error Code' column",
            str(path),
            1,
        )
    return _merge_same_name(catalogs)


def _number(entries: Iterable[CatalogEntry]) -> tuple[CatalogEntry, ...]:
    """Give repeated codes ``#2``, ``#3`` ids: both rows are real, so both are kept."""
    seen: dict[str, int] = {}
    out: list[CatalogEntry] = []
    for entry in entries:
        count = seen.get(entry.id, 0) + 1
        seen[entry.id] = count
        out.append(entry if count == 1 else replace(entry, id=EntryId(f"{entry.id}#{count}")))
    return tuple(out)


def _merge_same_name(catalogs: list[ImportedCatalog]) -> list[ImportedCatalog]:
    """Tables under one heading split by prose are still one catalog."""
    merged: dict[str, ImportedCatalog] = {}
    for catalog in catalogs:
        if catalog.name in merged:
            previous = merged[catalog.name]
            entries = _number(
                replace(e, id=EntryId(f"{e.catalog}:{e.code}"))
                for e in (*previous.entries, *catalog.entries)
            )
            merged[catalog.name] = replace(previous, entries=entries)
        else:
            merged[catalog.name] = catalog
    return list(merged.values())
