"""``analyzer``: the toolbox around the scan (catalog import, regenerate, list, show,
lint, export; explain a code)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from analyzer import __version__, api
from analyzer.cli.common import EXIT_FINDINGS, EXIT_OK, catalog_options, fatal, guarded, load


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="analyzer")
def toolbox() -> None:
    """The analyzer's toolbox: manage the error-code catalog and explain codes.

    The scan itself is the `analyze` command: `analyze device.log`.
    """


@toolbox.group()
def catalog() -> None:
    """Import, list, show, lint and export the error-code catalog.

    Example: analyzer catalog list
    """


@catalog.command("import")
@click.argument("documents", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write the catalog here (default: stdout).",
)
@click.option("--name", help="Catalog name (default: derived from the document's file name).")
@guarded
def catalog_import(documents: tuple[Path, ...], output: Path | None, name: str | None) -> None:
    """Import vendor error-code documents (markdown) into a catalog file.

    Handles OpenHarmony-style heading sections (`## 2100002 Title` with
    Error Message / Cause / Procedure parts, English or Chinese) and TPNS-style
    tables (`| Error Code | Description |`, one catalog per table heading).

    Example: analyzer catalog import docs/errorcode-net-vpn.md -o patterns/net-vpn.yaml
    """
    text = api.import_documents(documents, output, name)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@catalog.command("regenerate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--check", is_flag=True, help="Only compare; exit 1 if any file would change.")
@guarded
def catalog_regenerate(paths: tuple[Path, ...], check: bool) -> None:
    """Rebuild generated catalog files from the documents they record as sources.

    Without PATHS, rebuilds the bundled catalog directory.

    Example: analyzer catalog regenerate --check patterns/
    """
    results = api.regenerate_catalogs(paths)
    drifted = [path for path, _, changed in results if changed]
    if check:
        for path in drifted:
            click.echo(f"{path}: differs from what its sources generate", err=True)
        click.echo(f"{len(results)} generated catalogs checked, {len(drifted)} drifted", err=True)
        sys.exit(EXIT_FINDINGS if drifted else EXIT_OK)
    for path, text, changed in results:
        if changed:
            path.write_text(text, encoding="utf-8")
            click.echo(f"rewrote {path}", err=True)
    click.echo(f"{len(results)} generated catalogs, {len(drifted)} rewritten", err=True)


@catalog.command("list")
@catalog_options
@click.option("--name", "only", multiple=True, help="Only these catalogs (repeatable).")
@guarded
def catalog_list(catalogs: tuple[Path, ...], no_builtin: bool, only: tuple[str, ...]) -> None:
    """List catalog entries as a table: id, code, severity, title.

    Example: analyzer catalog list --name tpns-client
    """
    entries = load(catalogs, no_builtin).entries
    if only:
        entries = tuple(e for e in entries if e.catalog in only)
    color = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    click.echo(api.describe(entries, "table", color=color), nl=False)


@catalog.command("show", context_settings={"ignore_unknown_options": True})
@click.argument("query")
@catalog_options
@guarded
def catalog_show(query: str, catalogs: tuple[Path, ...], no_builtin: bool) -> None:
    """Show entries by id or code, in catalog-file (YAML) form.

    Example: analyzer catalog show tpns-client:10008#2   (or: analyzer catalog show -502)
    """
    found = load(catalogs, no_builtin).lookup(query)
    if not found:
        fatal(f"no catalog entry with id or code {query!r}")
    click.echo(api.describe(found, "yaml"), nl=False)


@catalog.command("lint")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Warnings (e.g. no procedure) fail too.")
@guarded
def catalog_lint(paths: tuple[Path, ...], strict: bool) -> None:
    """Check catalog files: schema (file:line), regexes, duplicate ids, missing procedures.

    Exits 1 when there are errors (or warnings with --strict). Without PATHS,
    lints the bundled catalog.

    Example: analyzer catalog lint my-signatures.yaml
    """
    problems = api.lint_catalogs(paths)
    for problem in problems:
        click.echo(str(problem))
    errors = sum(1 for p in problems if p.level.value == "error")
    warnings = len(problems) - errors
    click.echo(f"{errors} errors, {warnings} warnings", err=True)
    sys.exit(EXIT_FINDINGS if errors or (strict and warnings) else EXIT_OK)


@catalog.command("export")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "rg", "grep"]),
    default="json",
    show_default=True,
    help="Export format: json (the catalog), rg or grep (the scan's prefilter patterns).",
)
@click.option(
    "--with-error-lines",
    is_flag=True,
    help="With rg or grep: also the patterns of error lines (levels, error words, "
    "non-zero error codes) that the scan looks for to group unknown errors.",
)
@catalog_options
@guarded
def catalog_export(
    fmt: str, with_error_lines: bool, catalogs: tuple[Path, ...], no_builtin: bool
) -> None:
    """Print the catalog in force as JSON: {"entries": [...]}, a stable contract.

    Each entry has exactly: id, catalog, code, title, message, description,
    causes, procedure, severity, signatures, source. With --format rg or grep, print
    instead one regex per line equivalent to the fast engine's prefilter (codes after
    keys, then the signatures), for `rg -c -f FILE` or `LC_ALL=C grep -c -E -f FILE`.

    Example: analyzer catalog export --format json > catalog.json
    """
    loaded = load(catalogs, no_builtin)
    text = api.export_catalog(loaded, fmt, error_lines=with_error_lines and fmt != "json")
    click.echo(text, nl=False)


@toolbox.command("explain", context_settings={"ignore_unknown_options": True})
@click.argument("code")
@catalog_options
@guarded
def explain(code: str, catalogs: tuple[Path, ...], no_builtin: bool) -> None:
    """Explain an error code (or entry id, or message text) for a person.

    An ambiguous code lists every candidate entry.

    Example: analyzer explain 2100002   (negative codes work too: analyzer explain -502)
    """
    found = api.explain(load(catalogs, no_builtin), code)
    if not found:
        fatal(f"no catalog entry for {code!r} (try `analyzer catalog list`)")
    click.echo(api.describe(found, "explain", query=code), nl=False)
