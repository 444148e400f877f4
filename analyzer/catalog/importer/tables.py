"""Tables (Tencent push): any table with an error-code column and any number of other
columns, read row by row; one catalog per table heading.

Real tables break the GFM rules (header and separator with different column counts,
rows with a stray leading space), so rows are split here rather than by a strict
parser."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from analyzer.catalog.importer.sections import finish, title_from
from analyzer.catalog.importer.shapes import (
    ADVICE,
    LABELS,
    LIST_ITEM,
    PLACEHOLDER,
    SENTENCE,
    TABLE_SEP,
    Doc,
)
from analyzer.catalog.markdown import cell_text, inline_text
from analyzer.errors import CatalogError
from analyzer.model import CatalogEntry, EntryId, SourceRef

# Table header cells, by the field they fill.
COLUMNS: dict[str, str] = {
    "error code": "code",
    "code": "code",
    "return code": "code",
    "error no.": "code",
    "errno": "code",
    "ret_code": "code",
    "status code": "code",
    "错误码": "code",
    "返回码": "code",
    "错误代码": "code",
    "name": "title",
    "title": "title",
    "error name": "title",
    "名称": "title",
    "meaning": "description",
    "说明": "description",
    "含义": "description",
    "错误说明": "description",
    "错误描述": "description",
}
for _name, _field in LABELS.items():
    COLUMNS.setdefault(_name, _field)


@dataclass
class Table:
    heading: str
    heading_line: int
    columns: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def is_table_start(lines: list[str], index: int) -> bool:
    if "|" not in lines[index] or index + 1 >= len(lines):
        return False
    return bool(TABLE_SEP.match(lines[index + 1])) and "-" in lines[index + 1]


def _split_row(line: str) -> list[str]:
    """Split a table row on unescaped pipes outside code spans."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells: list[str] = []
    current: list[str] = []
    in_code = False
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body) and body[i + 1] == "|":
            current.append("|")
            i += 2
            continue
        if char == "`":
            in_code = not in_code
        if char == "|" and not in_code:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(char)
        i += 1
    cells.append("".join(current).strip())
    return cells


def read_table(
    lines: list[str], start: int, heading: str, heading_line: int, doc: Doc
) -> tuple[Table | None, int]:
    """Read a table from its header line; returns it (or None without a code column)."""
    header = [_column_key(cell) for cell in _split_row(lines[start])]
    index = start + 2
    rows: list[tuple[int, list[str]]] = []
    while index < len(lines) and lines[index].strip() and "|" in lines[index]:
        rows.append((index + 1, _split_row(lines[index])))
        index += 1
    if "code" not in header or not rows:
        # No code column: a parameter table. No rows: nothing to import, and an empty
        # catalog would hide that the document gave no codes.
        return None, index
    table = Table(heading, heading_line, header, start + 1, rows)
    code_col = header.index("code")
    for lineno, cells in rows:
        if not (_code_text(cells[code_col]) if code_col < len(cells) else ""):
            raise CatalogError("table row has no error code", str(doc.path), lineno)
    return table, index


def _code_text(cell: str) -> str:
    """The code of a row as plain text on one line.

    The cell is rendered like any other (``**10110**``, `` `-502` ``); what is left must
    not be empty: a cell holding only markup (``<br>``) is no code, and an entry with an
    empty code would make the generated catalog unreadable.
    """
    text, items = cell_text(cell)
    return " ".join(" ".join([text, *items]).split()).strip("`*_ ")


def _column_key(cell: str) -> str:
    key = re.sub(r"[*_`]+", "", inline_text(cell)).strip().rstrip(":：").lower()
    return COLUMNS.get(key, key)


def name_tables(tables: list[Table], base: str, *, has_sections: bool) -> list[tuple[str, Table]]:
    """One catalog per table heading; a lone table takes the document's name."""
    headings = list(dict.fromkeys(t.heading for t in tables))
    if len(headings) <= 1 and not has_sections:
        return [(base, t) for t in tables]
    named: list[tuple[str, Table]] = []
    for table in tables:
        position = headings.index(table.heading) + 1
        named.append((f"{base}-{_heading_slug(table.heading, position)}", table))
    return named


# Chinese table headings ("终端返回码", "服务端返回码") would slug to nothing and fall back
# to table1/table2, ids that change when a table is added above; name them as the
# English documents do.
_HEADING_WORDS = {"客户端": "client", "终端": "client", "服务端": "server", "服务器": "server"}


def _heading_slug(heading: str, position: int) -> str:
    words = re.sub(r"\b(error|return|result|status)?\s*codes?\b", " ", heading, flags=re.I)
    for chinese, english in _HEADING_WORDS.items():
        words = words.replace(chinese, f" {english} ")
    slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")
    return slug or f"table{position}"


def row_entry(row: tuple[int, list[str]], catalog: str, table: Table, doc: Doc) -> CatalogEntry:
    lineno, cells = row
    columns = table.columns
    # More cells than columns: a pipe in the text; fold the extras into the last column.
    if len(cells) > len(columns) and columns:
        cells = cells[: len(columns) - 1] + [" | ".join(cells[len(columns) - 1 :])]
    values: dict[str, list[str]] = {}
    extras: list[str] = []
    for column, cell in zip(columns, cells, strict=False):
        if column == "code":
            continue
        text, items = cell_text(cell)
        if not items and PLACEHOLDER.fullmatch(text):
            text = ""
        if column in ("causes", "procedure"):
            # Cells separate causes and steps with <br> ("1. Check X.<br>2. Check Y."):
            # each line is an item of its own, without its list marker.
            lines = [_unmarked(line) for line in text.split("\n")]
            values.setdefault(column, []).extend(p for p in [*lines, *items] if p)
        elif column in ("title", "message", "description"):
            joined = "\n".join([text, *(f"- {item}" for item in items)]).strip()
            values.setdefault(column, []).append(joined)
        elif text or items:
            # A column the importer has no field for is kept in the description,
            # list items included (they are the content of "<ul><li>" cells).
            name = cell_text(column)[0].capitalize()
            extras.append("\n".join([f"{name}: {text}".rstrip(), *(f"- {i}" for i in items)]))
    code = _code_text(cells[columns.index("code")])
    description = "\n".join(v for v in values.get("description", []) if v)
    if extras:
        description = "\n".join([description, *extras]).strip()
    message = "\n".join(v for v in values.get("message", []) if v)
    procedure = list(values.get("procedure", []))
    if not procedure:
        procedure = _advice(description)
    title = " ".join(values.get("title", [])).strip() or title_from(description or message)
    value = int(code) if re.fullmatch(r"[-+]?\d+", code) else None
    entry = CatalogEntry(
        id=EntryId(f"{catalog}:{code}"),
        catalog=catalog,
        code=code,
        value=value,
        title=title or code,
        message=message,
        description=description,
        causes=tuple(values.get("causes", [])),
        procedure=tuple(procedure),
        source=SourceRef(doc.path.name, table.heading, lineno, doc.kit, doc.subsystem),
    )
    return finish(entry)


def _unmarked(line: str) -> str:
    """A line without its list marker (``1.``, ``-``, ``（1）``)."""
    item = LIST_ITEM.match(line)
    return (item.group(1) if item else line).strip()


def _advice(description: str) -> list[str]:
    """Pick the advice sentences out of a table description as procedure steps.

    Table rows have a single description column that mixes what happened with what to
    do ("... Please check the network connectivity."). The description keeps the full
    text; the advice is repeated as procedure so every finding says what to do.
    """
    steps: list[str] = []
    for paragraph in description.split("\n"):
        if paragraph.startswith("- "):
            continue
        for sentence in SENTENCE.split(paragraph):
            text = sentence.strip()
            inner = re.search(
                r"\(([^()]*\b(?:try again|switch|check|you can|you need)\b[^()]*)\)", text, re.I
            )
            if ADVICE.match(text):
                steps.append(text)
            elif inner:
                step = inner.group(1).strip()
                steps.append(step[:1].upper() + step[1:] + ("" if step.endswith(".") else "."))
    return steps
