"""One pass over a document's lines: read it, blank out front matter and comments
(keeping line numbers, picking up the title, Kit and Subsystem), and collect the code
sections and the tables that carry a code column."""

from __future__ import annotations

import re
from pathlib import Path

from analyzer.catalog.importer.sections import Section, add_line, label_of
from analyzer.catalog.importer.shapes import CODE_TITLE, COMMENT_META, FENCE, HEADING, Doc
from analyzer.catalog.importer.tables import Table, is_table_start, read_table
from analyzer.catalog.markdown import inline_text
from analyzer.errors import CatalogError


def read_document(path: Path) -> str:
    """The document's text with line ends normalised; a one-line error for anything
    that is not UTF-8 markdown."""
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


def strip_front_matter(lines: list[str], doc: Doc) -> list[str]:
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


def strip_comments(lines: list[str], doc: Doc) -> list[str]:
    """Remove HTML comments (keeping line numbers) and read Kit/Subsystem from them."""
    out: list[str] = []
    open_line = 0
    buffer = ""
    in_fence = False
    for number, line in enumerate(lines, start=1):
        if not open_line and FENCE.match(line):
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


def _comment_meta(comment: str, doc: Doc) -> None:
    """Read ``Kit:``/``Subsystem:`` from a comment.

    OpenHarmony writes one ``<!--Kit: ...-->`` per line, but a single comment holding
    several ``Key: value`` lines is the same metadata, so every line is looked at.
    Whitespace is normalised as in all other text (values end up in catalog files).
    """
    for match in COMMENT_META.finditer(comment):
        key, value = match.group(1).lower(), " ".join(match.group(2).split())
        if key == "kit" and value and doc.kit is None:
            doc.kit = value
        elif key == "subsystem" and value and doc.subsystem is None:
            doc.subsystem = value


def walk(lines: list[str], doc: Doc) -> tuple[list[Section], list[Table]]:
    """One pass over the document: code sections, and tables that carry a code column."""
    walker = _Walk(lines, doc)
    walker.run()
    return walker.sections, walker.tables


class _Walk:
    """The pass of :func:`walk`: the section being collected, and the last heading
    (a table's catalog is named after the heading above it)."""

    def __init__(self, lines: list[str], doc: Doc) -> None:
        self.lines = lines
        self.doc = doc
        self.sections: list[Section] = []
        self.tables: list[Table] = []
        self.current: Section | None = None
        self.last_heading = ""
        self.last_heading_line = 0

    def run(self) -> None:
        lines = self.lines
        in_fence = False
        number = 0
        while number < len(lines):
            line = lines[number]
            lineno = number + 1
            fence = FENCE.match(line) is not None
            in_fence = in_fence != fence
            heading = None if in_fence or fence else HEADING.match(line)
            if heading:
                self._heading(heading, lineno, line)
            elif (
                not in_fence
                and not fence
                and self.current is None
                and is_table_start(lines, number)
            ):
                table, number = read_table(
                    lines, number, self.last_heading, self.last_heading_line, self.doc
                )
                if table is not None:
                    self.tables.append(table)
                continue
            elif self.current is not None:
                add_line(self.current, lineno, line)
            number += 1

    def _heading(self, heading: re.Match[str], lineno: int, line: str) -> None:
        """A heading starts a code section, labels a part of one, or ends one."""
        current = self.current
        level = len(heading.group(1))
        text = inline_text(heading.group(2))
        code_title = CODE_TITLE.match(text)
        label = label_of(text) if current is not None else None
        if code_title:
            self.current = Section(
                code=code_title.group(1),
                title=(code_title.group(2) or "").strip(),
                heading=text,
                line=lineno,
                level=level,
            )
            self.sections.append(self.current)
        elif current is not None and label and level > current.level:
            current.current = label
            current.fields.setdefault(label, [])
        else:
            if current is not None and level <= current.level:
                self.current = current = None
            if level == 1 and not self.doc.title:
                self.doc.title = text
            self.last_heading, self.last_heading_line = text, lineno
            if current is not None:
                add_line(current, lineno, line)
