"""Turn a vendor error-code document (markdown) into catalog entries.

Two shapes exist in the wild and both are handled in one pass over the lines:

* heading sections (OpenHarmony): ``## 2100002 Service Connection Failure`` followed by
  labelled parts (**Error Message**, **Cause**, ...), in English or Chinese;
* tables (Tencent push): ``| Error Code | Description |`` rows, one catalog per table
  heading (client and server return codes are different catalogs).

The importer works line by line rather than on a markdown AST because provenance needs
exact line numbers and because real tables break the GFM rules (header and separator
with different column counts, rows with a stray leading space) that a strict parser
would reject. Inline markdown inside a line is rendered by :mod:`.markdown`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from analyzer.catalog.markdown import cell_text, inline_text
from analyzer.catalog.severity import default_severity
from analyzer.errors import CatalogError
from analyzer.model import CatalogEntry, EntryId, Signature, SignatureKind, SourceRef

# --- labels -----------------------------------------------------------------------------

_LABELS: dict[str, str] = {}
for _field, _names in {
    "message": ["error message", "error information", "message", "error info", "错误信息"],
    "description": ["description", "error description", "错误描述", "描述"],
    "causes": ["cause", "causes", "possible cause", "possible causes", "可能原因"],
    "procedure": [
        "procedure",
        "solution",
        "solutions",
        "resolution",
        "resolution steps",
        "handling steps",
        "handling procedure",
        "处理步骤",
        "解决措施",
        "处理方法",
    ],
}.items():
    for _name in _names:
        _LABELS[_name] = _field

# Table header cells, by the field they fill.
_COLUMNS: dict[str, str] = {
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
for _name, _field in _LABELS.items():
    _COLUMNS.setdefault(_name, _field)

# --- line shapes ------------------------------------------------------------------------

_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_CODE_TITLE = re.compile(r"^(?:error\s*code\s*)?[`*_]*(-?\d+)[`*_]*(?:[\s:：.、\-–—]+(.*))?$", re.I)
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)]|\d{1,3}、|[（(]\d{1,3}[)）])[ \t]+(.*)$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
_COMMENT_META = re.compile(r"^\s*(Kit|Subsystem)\s*[:：]\s*(.*?)\s*$", re.I | re.M)
_QUOTED_RECORD = re.compile(
    r"[\"“「]([^\"”」\n]{3,200})[\"”」]\s*(?:log\s+records?|log\s+entr(?:y|ies)|logs?|日志)"
    r"|(?:log\s+records?|日志)\s*[\"“「]([^\"”」\n]{3,200})[\"”」]",
    re.I,
)
# A field that only says "NA" says nothing: ArkUI's router codes write **处理步骤** NA, and
# tables put "-" in empty cells. Kept, "NA" would be shown as a step to follow and would
# hide the missing procedure from lint.
_PLACEHOLDER = re.compile(r"n/?a|none|nil|null|无|暂无|[-–—/]+", re.I)
_TRAILING_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]$")
# Chinese full stops are not followed by a space ("参数错误。请检查参数。").
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])\s*(?=\S)")
_ADVICE = re.compile(
    r"^(?:please\b|check\b|ensure\b|make sure\b|to fix\b|try\b|alternatively\b|switch\b"
    r"|for (?:more information|details)\b|see\b|contact\b|upgrade\b|restart\b|call\b"
    r"|configure\b|you (?:need|can|should)\b|请|检查|确认)",
    re.I,
)


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


@dataclass
class _Section:
    """An error-code heading section being collected."""

    code: str
    title: str
    heading: str
    line: int
    level: int
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    current: str | None = None
    loose: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Doc:
    """What the importer knows about a document while walking it."""

    path: Path
    title: str = ""
    kit: str | None = None
    subsystem: str | None = None


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
    text = _read(path)
    lines = text.split("\n")
    doc = _Doc(path=path)
    cleaned = _strip_front_matter(lines, doc)
    cleaned = _strip_comments(cleaned, doc)
    base = name or catalog_base_name(path)
    sections, tables = _walk(cleaned, doc)
    catalogs: list[ImportedCatalog] = []
    if sections:
        entries = [_section_entry(s, base, doc) for s in sections]
        catalogs.append(ImportedCatalog(base, doc.title or base, path.name, _number(entries)))
    named_tables = _name_tables(tables, base, has_sections=bool(sections))
    for table_name, table in named_tables:
        entries = [_row_entry(row, table_name, table, doc) for row in table.rows]
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


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError("no such file", str(path)) from None
    except IsADirectoryError:
        raise CatalogError("is a directory, expected a markdown document", str(path)) from None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    nul = data.find(b"\x00", 0, 8192)
    if nul >= 0:
        line = data[:nul].count(b"\n") + 1
        raise CatalogError("binary file (NUL byte), expected a markdown document", str(path), line)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(f"invalid UTF-8 at byte {exc.start}", str(path), line) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _strip_front_matter(lines: list[str], doc: _Doc) -> list[str]:
    """Blank out YAML front matter, keeping line numbers; pick up its title."""
    if not lines or lines[0].strip() != "---":
        return lines
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            for raw in lines[1:end]:
                key, _, value = raw.partition(":")
                if key.strip().lower() == "title" and value.strip():
                    doc.title = value.strip().strip("'\"")
            return [""] * (end + 1) + lines[end + 1 :]
    raise CatalogError("YAML front matter is not closed with '---'", str(doc.path), 1)


def _strip_comments(lines: list[str], doc: _Doc) -> list[str]:
    """Remove HTML comments (keeping line numbers) and read Kit/Subsystem from them."""
    out: list[str] = []
    open_line = 0
    buffer = ""
    in_fence = False
    for number, line in enumerate(lines, start=1):
        if not open_line and _FENCE.match(line):
            in_fence = not in_fence
        if in_fence:
            out.append(line)
            continue
        rest = line
        kept = ""
        while rest:
            if open_line:
                end = rest.find("-->")
                if end < 0:
                    buffer += rest + "\n"
                    rest = ""
                    break
                buffer += rest[:end]
                _comment_meta(buffer, doc)
                buffer = ""
                open_line = 0
                rest = rest[end + 3 :]
            else:
                start = rest.find("<!--")
                if start < 0:
                    kept += rest
                    break
                kept += rest[:start]
                open_line = number
                rest = rest[start + 4 :]
        out.append(kept if kept.strip() or not line.strip() else "")
    if open_line:
        raise CatalogError("HTML comment '<!--' is never closed", str(doc.path), open_line)
    return out


def _comment_meta(comment: str, doc: _Doc) -> None:
    """Read ``Kit:``/``Subsystem:`` from a comment.

    OpenHarmony writes one ``<!--Kit: ...-->`` per line, but a single comment holding
    several ``Key: value`` lines is the same metadata, so every line is looked at.
    Whitespace is normalised as in all other text (values end up in catalog files).
    """
    for match in _COMMENT_META.finditer(comment):
        key, value = match.group(1).lower(), " ".join(match.group(2).split())
        if key == "kit" and value and doc.kit is None:
            doc.kit = value
        elif key == "subsystem" and value and doc.subsystem is None:
            doc.subsystem = value


@dataclass
class _Table:
    heading: str
    heading_line: int
    columns: list[str]
    header_line: int
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def _walk(lines: list[str], doc: _Doc) -> tuple[list[_Section], list[_Table]]:
    """One pass over the document: code sections, and tables that carry a code column."""
    sections: list[_Section] = []
    tables: list[_Table] = []
    current: _Section | None = None
    last_heading = ""
    last_heading_line = 0
    in_fence = False
    number = 0
    while number < len(lines):
        line = lines[number]
        lineno = number + 1
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or _FENCE.match(line):
            if current is not None:
                _add_line(current, lineno, line)
            number += 1
            continue
        heading = _HEADING.match(line)
        if heading:
            level = len(heading.group(1))
            text = inline_text(heading.group(2))
            code_title = _CODE_TITLE.match(text)
            label = _label_of(text) if current is not None else None
            if code_title:
                current = _Section(
                    code=code_title.group(1),
                    title=(code_title.group(2) or "").strip(),
                    heading=text,
                    line=lineno,
                    level=level,
                )
                sections.append(current)
            elif current is not None and label and level > current.level:
                current.current = label
                current.fields.setdefault(label, [])
            else:
                if current is not None and level <= current.level:
                    current = None
                if level == 1 and not doc.title:
                    doc.title = text
                last_heading, last_heading_line = text, lineno
                if current is not None:
                    _add_line(current, lineno, line)
            number += 1
            continue
        if current is None and _is_table_start(lines, number):
            table, number = _read_table(lines, number, last_heading, last_heading_line, doc)
            if table is not None:
                tables.append(table)
            continue
        if current is not None:
            _add_line(current, lineno, line)
        number += 1
    return sections, tables


def _label_of(text: str) -> str | None:
    """The field a label line names, if the whole line is a label."""
    key = re.sub(r"[*_`]+", "", text).strip().rstrip(":：").strip().lower()
    return _LABELS.get(key)


_INLINE_LABEL = re.compile(
    r"^\s*(?:\*\*|__)?([^*_:：]{2,40}?)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*(.*)$"
)


def _add_line(section: _Section, lineno: int, line: str) -> None:
    """Route one body line of a code section into the field it belongs to."""
    stripped = line.strip()
    label = _label_of(stripped) if stripped else None
    if label:
        section.current = label
        section.fields.setdefault(label, [])
        return
    inline = _INLINE_LABEL.match(stripped) if stripped else None
    if inline and (stripped.startswith(("**", "__")) or section.current is None):
        name = _LABELS.get(inline.group(1).strip().lower())
        if name:
            section.current = name
            section.fields.setdefault(name, [])
            if inline.group(2).strip():
                section.fields[name].append((lineno, inline.group(2)))
            return
    if section.current is None:
        section.loose.append((lineno, line))
    else:
        section.fields[section.current].append((lineno, line))


def _blocks(lines: Sequence[tuple[int, str]]) -> list[str]:
    """Split a field's lines into items: list items, or paragraphs when there is no list.

    Items may be separated by blank lines or not; a line that does not start a new
    item continues the previous one, whatever its indentation.
    """
    items: list[list[str]] = []
    blank = True
    in_list = False
    for _, raw in lines:
        line = raw.rstrip()
        if _FENCE.match(line):
            continue
        if not line.strip():
            blank = True
            continue
        body = line.strip()
        if body.startswith(">"):
            body = body.lstrip("> ").strip()
            if not body:
                continue
        item = _LIST_ITEM.match(line)
        if item:
            items.append([item.group(1)])
            in_list = True
        elif blank and not (in_list and raw[:1] in (" ", "\t")):
            items.append([body])
            in_list = False
        elif items:
            items[-1].append(body)
        else:
            items.append([body])
        blank = False
    rendered = (inline_text("\n".join(parts)) for parts in items)
    texts = [" ".join(text.split("\n")) for text in rendered if text]
    if len(texts) == 1 and _PLACEHOLDER.fullmatch(texts[0]):
        return []
    return texts


def _not_quoted(lines: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop blockquote lines from a field.

    Under **Error Message** a blockquote is a note to the reader (hidebug: ``> **说明**：
    错误信息请以接口实际返回内容为准。``), not part of the message. Kept, it would be
    glued onto the message and make a message signature that no log ever contains.
    """
    return [(lineno, line) for lineno, line in lines if not line.lstrip().startswith(">")]


def _section_entry(section: _Section, catalog: str, doc: _Doc) -> CatalogEntry:
    message = " ".join(_blocks(_not_quoted(section.fields.get("message", []))))
    description = "\n".join(_blocks(section.fields.get("description", [])))
    if not description and section.loose:
        description = "\n".join(_blocks(section.loose))
    causes = tuple(_blocks(section.fields.get("causes", [])))
    procedure = tuple(_blocks(section.fields.get("procedure", [])))
    title = section.title or _title_from(message or description) or section.code
    entry = CatalogEntry(
        id=EntryId(f"{catalog}:{section.code}"),
        catalog=catalog,
        code=section.code,
        value=int(section.code),
        title=title,
        message=message,
        description=description,
        causes=causes,
        procedure=procedure,
        source=SourceRef(doc.path.name, section.heading, section.line, doc.kit, doc.subsystem),
    )
    return _finish(entry)


def _finish(entry: CatalogEntry) -> CatalogEntry:
    """Derive what the document does not state: severity and signatures."""
    signatures: list[Signature] = []
    if entry.message:
        signatures.append(Signature(entry.message, SignatureKind.MESSAGE))
    for text in (entry.description, *entry.causes, *entry.procedure):
        for match in _QUOTED_RECORD.finditer(text):
            record = (match.group(1) or match.group(2)).strip()
            if record and all(s.pattern != record for s in signatures):
                signatures.append(Signature(record, SignatureKind.RECORD))
    return replace(entry, severity=default_severity(entry), signatures=tuple(signatures))


def _title_from(text: str, limit: int = 80) -> str:
    """A short title from the first sentence of a description (tables have no titles)."""
    first = _SENTENCE.split(text.strip().split("\n")[0], maxsplit=1)[0].strip()
    first = first.rstrip(".。").strip()
    # "Failed to create the linkage (switch to another network and try again)": the
    # parenthesis is advice, which goes to the procedure, not the title.
    first = _TRAILING_PAREN.sub("", first).strip() or first
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;: ") + "…"


# --- tables -----------------------------------------------------------------------------


def _is_table_start(lines: list[str], index: int) -> bool:
    if "|" not in lines[index] or index + 1 >= len(lines):
        return False
    return bool(_TABLE_SEP.match(lines[index + 1])) and "-" in lines[index + 1]


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


def _read_table(
    lines: list[str], start: int, heading: str, heading_line: int, doc: _Doc
) -> tuple[_Table | None, int]:
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
    table = _Table(heading, heading_line, header, start + 1, rows)
    code_col = header.index("code")
    for lineno, cells in rows:
        if not (_code_text(cells[code_col]) if code_col < len(cells) else ""):
            raise CatalogError("table row has no error code", str(doc.path), lineno)
    return table, index


def _code_text(cell: str) -> str:
    """The code of a row as plain text on one line.

    The cell is rendered like any other (``**10110**``, `` `-502` ``); what is left must
    not be empty. A cell holding only markup (``<br>``) used to pass as a code and
    gave an entry with an empty code, which made the generated catalog unreadable.
    """
    text, items = cell_text(cell)
    return " ".join(" ".join([text, *items]).split()).strip("`*_ ")


def _column_key(cell: str) -> str:
    key = re.sub(r"[*_`]+", "", inline_text(cell)).strip().rstrip(":：").lower()
    return _COLUMNS.get(key, key)


def _name_tables(
    tables: list[_Table], base: str, *, has_sections: bool
) -> list[tuple[str, _Table]]:
    """One catalog per table heading; a lone table takes the document's name."""
    headings = list(dict.fromkeys(t.heading for t in tables))
    if len(headings) <= 1 and not has_sections:
        return [(base, t) for t in tables]
    named: list[tuple[str, _Table]] = []
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


def _row_entry(row: tuple[int, list[str]], catalog: str, table: _Table, doc: _Doc) -> CatalogEntry:
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
        if not items and _PLACEHOLDER.fullmatch(text):
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
    title = " ".join(values.get("title", [])).strip() or _title_from(description or message)
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
    return _finish(entry)


def _unmarked(line: str) -> str:
    """A line without its list marker (``1.``, ``-``, ``（1）``)."""
    item = _LIST_ITEM.match(line)
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
        for sentence in _SENTENCE.split(paragraph):
            text = sentence.strip()
            inner = re.search(
                r"\(([^()]*\b(?:try again|switch|check|you can|you need)\b[^()]*)\)", text, re.I
            )
            if _ADVICE.match(text):
                steps.append(text)
            elif inner:
                step = inner.group(1).strip()
                steps.append(step[:1].upper() + step[1:] + ("" if step.endswith(".") else "."))
    return steps


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
