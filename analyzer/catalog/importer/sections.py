"""Heading sections (OpenHarmony): ``## <code> <title>`` followed by labelled parts
(**Error Message**, **Cause**, ...), in English or Chinese, as bold lines, headings or
``**Label**: text``; each section becomes one entry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from analyzer.catalog.importer.shapes import (
    FENCE,
    LABELS,
    LIST_ITEM,
    PLACEHOLDER,
    QUOTED_RECORD,
    SENTENCE,
    TRAILING_PAREN,
    Doc,
)
from analyzer.catalog.markdown import inline_text
from analyzer.catalog.severity import default_severity
from analyzer.model import CatalogEntry, EntryId, Signature, SignatureKind, SourceRef


@dataclass
class Section:
    """An error-code heading section being collected."""

    code: str
    title: str
    heading: str
    line: int
    level: int
    fields: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    current: str | None = None
    loose: list[tuple[int, str]] = field(default_factory=list)


def label_of(text: str) -> str | None:
    """The field a label line names, if the whole line is a label."""
    key = re.sub(r"[*_`]+", "", text).strip().rstrip(":：").strip().lower()
    return LABELS.get(key)


_INLINE_LABEL = re.compile(
    r"^\s*(?:\*\*|__)?([^*_:：]{2,40}?)(?:\*\*|__)?\s*[:：]\s*(?:\*\*|__)?\s*(.*)$"
)


def add_line(section: Section, lineno: int, line: str) -> None:
    """Route one body line of a code section into the field it belongs to."""
    stripped = line.strip()
    label = label_of(stripped) if stripped else None
    if label:
        section.current = label
        section.fields.setdefault(label, [])
        return
    inline = _INLINE_LABEL.match(stripped) if stripped else None
    if inline and (stripped.startswith(("**", "__")) or section.current is None):
        name = LABELS.get(inline.group(1).strip().lower())
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


def blocks(lines: Sequence[tuple[int, str]]) -> list[str]:
    """Split a field's lines into items: list items, or paragraphs when there is no list.

    Items may be separated by blank lines or not; a line that does not start a new
    item continues the previous one, whatever its indentation.
    """
    items: list[list[str]] = []
    blank = True
    in_list = False
    for _, raw in lines:
        line = raw.rstrip()
        if FENCE.match(line):
            continue
        if not line.strip():
            blank = True
            continue
        body = line.strip()
        if body.startswith(">"):
            body = body.lstrip("> ").strip()
            if not body:
                continue
        item = LIST_ITEM.match(line)
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
    if len(texts) == 1 and PLACEHOLDER.fullmatch(texts[0]):
        return []
    return texts


def _not_quoted(lines: Sequence[tuple[int, str]]) -> list[tuple[int, str]]:
    """Drop blockquote lines from a field.

    Under **Error Message** a blockquote is a note to the reader (hidebug: ``> **说明**：
    错误信息请以接口实际返回内容为准。``), not part of the message. Kept, it would be
    glued onto the message and make a message signature that no log ever contains.
    """
    return [(lineno, line) for lineno, line in lines if not line.lstrip().startswith(">")]


def section_entry(section: Section, catalog: str, doc: Doc) -> CatalogEntry:
    message = " ".join(blocks(_not_quoted(section.fields.get("message", []))))
    description = "\n".join(blocks(section.fields.get("description", [])))
    if not description and section.loose:
        description = "\n".join(blocks(section.loose))
    causes = tuple(blocks(section.fields.get("causes", [])))
    procedure = tuple(blocks(section.fields.get("procedure", [])))
    title = section.title or title_from(message or description) or section.code
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
    return finish(entry)


def finish(entry: CatalogEntry) -> CatalogEntry:
    """Derive what the document does not state: severity and signatures."""
    signatures: list[Signature] = []
    if entry.message:
        signatures.append(Signature(entry.message, SignatureKind.MESSAGE))
    for text in (entry.description, *entry.causes, *entry.procedure):
        for match in QUOTED_RECORD.finditer(text):
            record = (match.group(1) or match.group(2)).strip()
            if record and all(s.pattern != record for s in signatures):
                signatures.append(Signature(record, SignatureKind.RECORD))
    return replace(entry, severity=default_severity(entry), signatures=tuple(signatures))


def title_from(text: str, limit: int = 80) -> str:
    """A short title from the first sentence of a description (tables have no titles)."""
    first = SENTENCE.split(text.strip().split("\n")[0], maxsplit=1)[0].strip()
    first = first.rstrip(".。").strip()
    # "Failed to create the linkage (switch to another network and try again)": the
    # parenthesis is advice, which goes to the procedure, not the title.
    first = TRAILING_PAREN.sub("", first).strip() or first
    if len(first) <= limit:
        return first
    cut = first[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;: ") + "…"
