"""What every command shares: exit codes, the one-line error, the catalog options."""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from analyzer import api

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2


def fatal(message: str) -> NoReturn:
    """Print one line to stderr and exit 2: the contract for every user error."""
    click.echo(f"{prog()}: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def prog() -> str:
    """The name the program was called by."""
    return Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "analyzer"


def catalog_options(func: F) -> F:
    """``--catalog`` and ``--no-builtin``, shared by every command that reads the catalog."""
    func = click.option(
        "--catalog",
        "catalogs",
        multiple=True,
        type=click.Path(path_type=Path),
        help=f"Extra catalog file or directory (repeatable; also ${api.ENV_VAR}). "
        "Later entries override earlier ones by id.",
    )(func)
    func = click.option(
        "--no-builtin",
        is_flag=True,
        help="Do not load the bundled catalog (only --catalog and $" + api.ENV_VAR + ").",
    )(func)
    return func


def load(catalogs: Sequence[Path], no_builtin: bool) -> api.Catalog:
    """The catalog in force, with every override said on stderr."""
    catalog = api.load_catalog(catalogs, builtin=not no_builtin)
    for override in catalog.overrides:
        click.echo(f"note: {override}", err=True)
    return catalog


def guarded(main: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one line and exit 2; never show a traceback.

    An exception that is not an ``AnalyzerError`` is a bug; it still gets one line
    (and the traceback only with ``ANALYZER_DEBUG=1``).
    """

    @functools.wraps(main)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return main(*args, **kwargs)
        except api.AnalyzerError as exc:
            fatal(str(exc))
        except KeyboardInterrupt:
            click.echo(f"{prog()}: interrupted", err=True)
            sys.exit(130)
        except BrokenPipeError:
            # `analyze x.log | head`: the reader left; that is not an error of ours.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("ANALYZER_DEBUG"):
                traceback.print_exc()
            fatal(f"internal error ({type(exc).__name__}: {exc}); set ANALYZER_DEBUG=1 for details")

    return wrapper


def packed(into: Callable[..., Any]) -> Callable[[Callable[[Any], Any]], Callable[..., Any]]:
    """Hand a command its options as one value, ``into(**options)`` (a dataclass),
    instead of as one argument each."""

    def decorate(func: Callable[[Any], Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def wrapper(**options: Any) -> Any:
            return func(into(**options))

        return wrapper

    return decorate
