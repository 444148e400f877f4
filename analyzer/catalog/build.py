"""Import documents into a catalog file, and regenerate committed catalogs from sources.

A generated catalog records the documents it came from (relative to itself), so
``analyzer catalog regenerate patterns/`` can rebuild it byte for byte; the drift
test relies on that to prove the committed catalog is what the importer makes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import yaml

from analyzer.catalog.importer import ImportedCatalog, import_document
from analyzer.catalog.store import iter_catalog_files, yaml_error
from analyzer.catalog.writing import render_catalog_file
from analyzer.errors import CatalogError


def import_documents(documents: Sequence[Path], name: str | None = None) -> list[ImportedCatalog]:
    """Import every document; two catalogs with one name are an error, not a silent merge."""
    if name is not None and len(documents) > 1:
        raise CatalogError("--name applies to a single document", str(documents[1]))
    catalogs: list[ImportedCatalog] = []
    seen: dict[str, str] = {}
    for document in documents:
        for catalog in import_document(document, name):
            if catalog.name in seen:
                raise CatalogError(
                    f"catalog {catalog.name!r} is also produced by {seen[catalog.name]}; "
                    "import them separately or pass --name",
                    str(document),
                )
            seen[catalog.name] = str(document)
            catalogs.append(catalog)
    return catalogs


def build_catalog_file(
    documents: Sequence[Path], output: Path | None, name: str | None = None
) -> str:
    """The text of a catalog file for ``documents``, with sources relative to ``output``."""
    catalogs = import_documents(documents, name)
    base = output.parent if output is not None else Path.cwd()
    sources = [_relative(doc, base) for doc in documents]
    command = "analyzer catalog import " + " ".join(sources)
    if name is not None:
        command += f" --name {name}"
    if output is not None:
        command += f" -o {output.name}"
    return render_catalog_file(catalogs, sources, command, name)


def _relative(path: Path, base: Path) -> str:
    try:
        return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return path.resolve().as_posix()


def generated_sources(path: Path) -> tuple[list[Path], str | None] | None:
    """The source documents (and ``--name``) a generated catalog was built from."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise yaml_error(exc, str(path)) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CatalogError(f"cannot read as a catalog: {exc}", str(path)) from None
    generated = data.get("generated") if isinstance(data, dict) else None
    if not isinstance(generated, dict):
        return None
    sources = generated.get("sources") or []
    name = generated.get("name")
    return [path.parent / str(s) for s in sources], (str(name) if name else None)


def regenerate(paths: Sequence[Path]) -> list[tuple[Path, str, bool]]:
    """Rebuild each generated catalog under ``paths``: (file, new text, changed?)."""
    results: list[tuple[Path, str, bool]] = []
    for root in paths:
        for path in iter_catalog_files(root):
            found = generated_sources(path)
            if found is None:
                continue
            documents, name = found
            text = build_catalog_file(documents, path, name)
            results.append((path, text, text != path.read_text(encoding="utf-8")))
    return results
