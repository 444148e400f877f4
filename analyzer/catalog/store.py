"""Catalog files: YAML on disk, entries in memory, with line numbers for every error.

YAML rather than TOML because catalogs are long prose (multi-line procedures read
well as block scalars), people add comments beside hand-written signatures, and
PyYAML's node tree gives a line number for every value, so a schema error can say
``file:line`` (``tomllib`` reports none). Files are only ever read with the safe
loader: a catalog from a colleague cannot run code.

A catalog file holds ``entries`` (complete entries, later files override earlier
ones by id) and ``patches`` (partial changes to an existing entry: a severity,
extra signatures), so a user can tune one entry without copying it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from analyzer.catalog.severity import default_severity
from analyzer.errors import CatalogError
from analyzer.model import (
    CatalogContext,
    CatalogEntry,
    EntryId,
    Requires,
    Severity,
    Signature,
    SignatureKind,
    SourceRef,
)

SCHEMA = "analyzer.catalog/1"
"""The ``schema`` value written into every catalog file."""

_ENTRY_KEYS = {
    "id", "catalog", "code", "value", "title", "message", "description", "causes",
    "procedure", "severity", "signatures", "source",
}  # fmt: skip
_PATCH_KEYS = {"id", "severity", "signatures", "title", "message", "causes", "procedure"}
_SOURCE_KEYS = {"document", "section", "line", "kit", "subsystem"}
_SIGNATURE_KEYS = {"pattern", "kind", "regex"}
_TOP_KEYS = {"schema", "generated", "catalogs", "entries", "patches", "contexts"}
_CONTEXT_KEYS = {"catalog", "evidence", "requires", "short_below"}

# The C loader is ~10x faster; fall back where libyaml is missing. Both are safe loaders.
_Loader: type[yaml.SafeLoader | yaml.CSafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class LocatedEntry:
    """A catalog entry together with the file and line it was read from."""

    entry: CatalogEntry
    """The entry."""
    path: str
    """The catalog file."""
    line: int
    """1-based line of the entry's mapping in ``path``."""


@dataclass(frozen=True)
class Patch:
    """A partial change to an entry defined elsewhere."""

    id: EntryId
    """Id of the entry to change."""
    changes: dict[str, Any]
    """Field values to replace (``severity``, ``title``...)."""
    signatures: tuple[Signature, ...]
    """Signatures to add to the entry's own."""
    path: str
    """The catalog file."""
    line: int
    """1-based line of the patch in ``path``."""


@dataclass(frozen=True)
class CatalogFile:
    """Everything one catalog file contributes."""

    path: str
    """Where it was read from."""
    entries: tuple[LocatedEntry, ...]
    """Complete entries in file order."""
    patches: tuple[Patch, ...] = ()
    """Patches in file order."""
    contexts: tuple[CatalogContext, ...] = ()
    """Context rules for catalogs (which codes need evidence, and what evidence is)."""
    problems: tuple[CatalogError, ...] = field(default=())
    """Non-fatal problems found while reading (only collected in lint mode)."""


def read_catalog_file(path: Path, *, collect: bool = False) -> CatalogFile:
    """Read and validate one catalog file.

    With ``collect`` false the first problem raises :class:`CatalogError` (the scan must
    not run on a half-read catalog); with ``collect`` true (lint) every problem is
    gathered and the valid entries are still returned.
    """
    text = _read_text(path)
    name = str(path)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, name) from None
    reader = _NodeReader(name, collect)
    if root is None:
        return CatalogFile(name, ())
    _reject_foreign_tags(root, name)
    entries, patches, contexts = reader.top(root)
    return CatalogFile(
        name, tuple(entries), tuple(patches), tuple(contexts), tuple(reader.problems)
    )


def _read_text(path: Path) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CatalogError("no such catalog file", str(path)) from None
    except IsADirectoryError:
        raise CatalogError("is a directory, expected a catalog file", str(path)) from None
    except OSError as exc:
        raise CatalogError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise CatalogError(f"invalid UTF-8 at byte {exc.start}", str(path), line) from None


class _NodeReader:
    """Validates a composed YAML tree node by node, so errors carry line numbers."""

    def __init__(self, path: str, collect: bool) -> None:
        self.path = path
        self.collect = collect
        self.problems: list[CatalogError] = []

    def fail(self, node: yaml.Node, message: str) -> None:
        error = CatalogError(message, self.path, node.start_mark.line + 1)
        if not self.collect:
            raise error
        self.problems.append(error)

    def top(self, root: yaml.Node) -> tuple[list[LocatedEntry], list[Patch], list[CatalogContext]]:
        if not isinstance(root, yaml.MappingNode):
            self.fail(root, "a catalog file must be a mapping with 'entries' and/or 'patches'")
            return [], [], []
        fields = self.mapping(root, _TOP_KEYS, "catalog file")
        schema = fields.get("schema")
        if schema is not None and self.scalar(schema) != SCHEMA:
            self.fail(schema, f"unsupported schema {self.scalar(schema)!r}, expected {SCHEMA!r}")
        entries: list[LocatedEntry] = []
        patches: list[Patch] = []
        for index, node in enumerate(self.sequence(fields.get("entries"), "entries")):
            entry = self.entry(node, index)
            if entry is not None:
                entries.append(entry)
        for index, node in enumerate(self.sequence(fields.get("patches"), "patches")):
            patch = self.patch(node, index)
            if patch is not None:
                patches.append(patch)
        contexts: list[CatalogContext] = []
        for index, node in enumerate(self.sequence(fields.get("contexts"), "contexts")):
            context = self.context(node, index)
            if context is not None:
                contexts.append(context)
        return entries, patches, contexts

    def context(self, node: yaml.Node, index: int) -> CatalogContext | None:
        what = f"contexts[{index}]"
        before = len(self.problems)
        fields = self.mapping(node, _CONTEXT_KEYS, what)
        if not isinstance(node, yaml.MappingNode):
            return None
        catalog = self.text(fields.get("catalog"), f"{what}.catalog").strip()
        if not catalog:
            self.fail(node, f"{what}: missing required field 'catalog'")
        evidence = self.texts(fields.get("evidence"), f"{what}.evidence")
        for pattern, item in zip(
            evidence, self.sequence(fields.get("evidence"), what), strict=False
        ):
            try:
                regex.compile(pattern)
            except regex.error as exc:
                self.fail(item, f"{what}.evidence: regex {pattern!r} does not compile: {exc}")
        requires = Requires.SHORT
        if "requires" in fields:
            try:
                requires = Requires(self.scalar(fields["requires"]))
            except ValueError:
                allowed = ", ".join(r.value for r in Requires)
                self.fail(fields["requires"], f"{what}.requires: must be one of {allowed}")
        short_below = 1000
        if "short_below" in fields:
            short_below = self.integer(fields["short_below"], f"{what}.short_below") or 1000
        if len(self.problems) > before:
            return None
        return CatalogContext(catalog, evidence, requires, short_below)

    # -- node helpers

    def mapping(self, node: yaml.Node, allowed: set[str], what: str) -> dict[str, yaml.Node]:
        out: dict[str, yaml.Node] = {}
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what}: expected a mapping")
            return out
        for key_node, value_node in node.value:
            key = self.scalar(key_node)
            if key not in allowed:
                self.fail(
                    key_node,
                    f"{what}: unknown field {key!r} (allowed: {', '.join(sorted(allowed))})",
                )
                continue
            if key in out:
                self.fail(key_node, f"{what}: field {key!r} given twice")
            out[key] = value_node
        return out

    def sequence(self, node: yaml.Node | None, what: str) -> list[yaml.Node]:
        if node is None or _is_null(node):
            return []
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what}: expected a list")
            return []
        return list(node.value)

    @staticmethod
    def scalar(node: yaml.Node) -> str:
        return str(node.value) if isinstance(node, yaml.ScalarNode) else ""

    def text(self, node: yaml.Node | None, what: str, default: str = "") -> str:
        if node is None or _is_null(node):
            return default
        if not isinstance(node, yaml.ScalarNode):
            self.fail(node, f"{what}: expected text")
            return default
        return str(node.value)

    def texts(self, node: yaml.Node | None, what: str) -> tuple[str, ...]:
        if node is None or _is_null(node):
            return ()
        if isinstance(node, yaml.ScalarNode):
            return (str(node.value),)
        out: list[str] = []
        for item in self.sequence(node, what):
            if isinstance(item, yaml.ScalarNode):
                out.append(str(item.value))
            else:
                self.fail(item, f"{what}: expected a list of text")
        return tuple(out)

    def integer(self, node: yaml.Node | None, what: str) -> int | None:
        if node is None or _is_null(node):
            return None
        text = self.scalar(node).strip()
        if not re.fullmatch(r"[-+]?\d+", text):
            self.fail(node, f"{what}: expected an integer, got {text!r}")
            return None
        return int(text)

    def severity(self, node: yaml.Node, what: str) -> Severity | None:
        try:
            return Severity.parse(self.scalar(node))
        except ValueError as exc:
            self.fail(node, f"{what}: {exc}")
            return None

    def signatures(self, node: yaml.Node | None, what: str) -> tuple[Signature, ...]:
        out: list[Signature] = []
        for item in self.sequence(node, what):
            if isinstance(item, yaml.ScalarNode):
                if str(item.value).strip():
                    out.append(Signature(str(item.value)))
                else:
                    self.fail(item, f"{what}: empty signature")
                continue
            fields = self.mapping(item, _SIGNATURE_KEYS, what)
            pattern = self.text(fields.get("pattern"), f"{what}.pattern")
            if not pattern.strip():
                self.fail(item, f"{what}: a signature needs a non-empty 'pattern'")
                continue
            kind = SignatureKind.MANUAL
            if "kind" in fields:
                try:
                    kind = SignatureKind(self.scalar(fields["kind"]))
                except ValueError:
                    allowed = ", ".join(k.value for k in SignatureKind)
                    self.fail(fields["kind"], f"{what}.kind: must be one of {allowed}")
            is_regex = (
                self.scalar(fields["regex"]).lower() == "true" if "regex" in fields else False
            )
            out.append(Signature(pattern, kind, is_regex))
        return tuple(out)

    # -- records

    def entry(self, node: yaml.Node, index: int) -> LocatedEntry | None:
        what = f"entries[{index}]"
        before = len(self.problems)
        fields = self.mapping(node, _ENTRY_KEYS, what)
        if not isinstance(node, yaml.MappingNode):
            return None
        line = node.start_mark.line + 1
        code = self.text(fields.get("code"), f"{what}.code").strip()
        catalog = self.text(fields.get("catalog"), f"{what}.catalog").strip()
        entry_id = self.text(fields.get("id"), f"{what}.id").strip()
        if not code:
            self.fail(node, f"{what}: missing required field 'code'")
        if not catalog and ":" in entry_id:
            catalog = entry_id.split(":", 1)[0]
        if not catalog:
            self.fail(node, f"{what}: missing required field 'catalog' (or an id 'catalog:code')")
        entry_id = entry_id or f"{catalog}:{code}"
        value: int | None
        if "value" in fields:
            value = self.integer(fields["value"], f"{what}.value")
        else:
            value = int(code) if re.fullmatch(r"[-+]?\d+", code) else None
        source = self.source(fields.get("source"), f"{what}.source", line)
        entry = CatalogEntry(
            id=EntryId(entry_id),
            catalog=catalog,
            code=code,
            value=value,
            title=self.text(fields.get("title"), f"{what}.title").strip() or code,
            message=self.text(fields.get("message"), f"{what}.message"),
            description=self.text(fields.get("description"), f"{what}.description"),
            causes=self.texts(fields.get("causes"), f"{what}.causes"),
            procedure=self.texts(fields.get("procedure"), f"{what}.procedure"),
            signatures=self.signatures(fields.get("signatures"), f"{what}.signatures"),
            source=source,
        )
        severity = (
            self.severity(fields["severity"], f"{what}.severity") if "severity" in fields else None
        )
        entry = _with_severity(entry, severity)
        if len(self.problems) > before:
            return None
        return LocatedEntry(entry, self.path, line)

    def source(self, node: yaml.Node | None, what: str, line: int) -> SourceRef:
        if node is None or _is_null(node):
            return SourceRef(Path(self.path).name, "", line)
        fields = self.mapping(node, _SOURCE_KEYS, what)
        return SourceRef(
            document=self.text(fields.get("document"), f"{what}.document") or Path(self.path).name,
            section=self.text(fields.get("section"), f"{what}.section"),
            line=self.integer(fields.get("line"), f"{what}.line") or line,
            kit=self.text(fields.get("kit"), f"{what}.kit") or None,
            subsystem=self.text(fields.get("subsystem"), f"{what}.subsystem") or None,
        )

    def patch(self, node: yaml.Node, index: int) -> Patch | None:
        what = f"patches[{index}]"
        before = len(self.problems)
        fields = self.mapping(node, _PATCH_KEYS, what)
        if not isinstance(node, yaml.MappingNode):
            return None
        entry_id = self.text(fields.get("id"), f"{what}.id").strip()
        if not entry_id:
            self.fail(node, f"{what}: missing required field 'id'")
        changes: dict[str, Any] = {}
        if "severity" in fields:
            changes["severity"] = self.severity(fields["severity"], f"{what}.severity")
        for key in ("title", "message"):
            if key in fields:
                changes[key] = self.text(fields[key], f"{what}.{key}")
        for key in ("causes", "procedure"):
            if key in fields:
                changes[key] = self.texts(fields[key], f"{what}.{key}")
        signatures = self.signatures(fields.get("signatures"), f"{what}.signatures")
        if len(self.problems) > before:
            return None
        return Patch(EntryId(entry_id), changes, signatures, self.path, node.start_mark.line + 1)


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{t}"
    for t in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp", "merge")
)


def _reject_foreign_tags(root: yaml.Node, path: str) -> None:
    """Refuse ``!!python/...`` and other application tags outright.

    The safe loader would never run them, but reading a tagged node as plain data
    would hide that the file was written to run code somewhere else.
    """
    stack = [root]
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if id(node) in seen:  # aliases share nodes
            continue
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise CatalogError(
                f"tag {node.tag!r} is not allowed in a catalog file", path, node.start_mark.line + 1
            )
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


def yaml_error(exc: yaml.YAMLError, path: str) -> CatalogError:
    """One line naming the place PyYAML's (multi-line) message is about.

    For an unterminated construct PyYAML's problem mark is the end of the file; the
    context mark (where the quote or bracket opened) is the useful place then.
    """
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark
        if exc.context_mark is not None and "end of stream" in (exc.problem or ""):
            mark = exc.context_mark
        mark = mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = " ".join(str(exc.problem or exc).split())
        context = " ".join(str(exc.context).split()) if exc.context else ""
        text = f"invalid YAML: {problem}" + (f" ({context})" if context else "")
        return CatalogError(text, path, line)
    return CatalogError("invalid YAML: " + " ".join(str(exc).split()), path)


def _is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null"


def _with_severity(entry: CatalogEntry, severity: Severity | None) -> CatalogEntry:
    from dataclasses import replace

    return replace(entry, severity=severity if severity is not None else default_severity(entry))


def iter_catalog_files(path: Path) -> Iterator[Path]:
    """The catalog files a ``--catalog`` path names: the file, or a directory's YAML files.

    Directories are read one level deep, in name order, so the override order is
    visible in ``ls``; ``sources/`` (vendor documents) is never read as a catalog.
    """
    if path.is_dir():
        yield from sorted(
            p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()
        )
    else:
        yield path
