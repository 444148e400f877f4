"""Command-line paths resolved into inputs: files, directories walked in name order,
zip members, standard input and named pipes, with what is left out and why.

Judged by content, not by name: logs come as ``.txt``, ``.1``, ``.log.bak`` or with no
extension at all. A path that cannot be opened is an error of its own; the other paths
still count.
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
import sys
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Final

from analyzer.errors import InputError
from analyzer.model import SkippedInput
from analyzer.sources.decoding import describe
from analyzer.sources.inputs import LogInput
from analyzer.sources.origins import (
    FAULTS,
    GZIP_MAGIC,
    ZIP_MAGICS,
    FileOrigin,
    Limits,
    MemberOrigin,
    StreamOrigin,
)

STDIN_NAME: Final = "-"
"""Display name of standard input: what the user typed, so messages echo the command line."""


SNIFF_SIZE: Final = 8192
"""Bytes looked at to tell text from binary (git looks at 8000)."""

_BOMS: Final = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_CONTROL: Final = bytes([*range(0x01, 0x09), *range(0x0E, 0x1B), *range(0x1C, 0x20), 0x7F])
"""Bytes that text hardly ever holds (tab, newlines, form feed and ESC are allowed).

NUL is counted on its own: text logs do carry stray NULs, binaries carry the rest too.
"""
_MAX_CONTROL_SHARE: Final = 0.05
"""Random or compressed data has about 10% of ``_CONTROL`` bytes, text well under 1%."""
_MAX_NUL_SHARE: Final = 0.3
"""Above this share of NULs (after trailing padding) a sample is a binary format or
UTF-16 without a BOM, which cannot be told apart cheaply."""


@dataclass(frozen=True, slots=True)
class Expansion:
    """The command-line paths resolved into inputs, in argument order (directories
    sorted)."""

    inputs: tuple[LogInput, ...]
    """Inputs to read."""
    skipped: tuple[SkippedInput, ...]
    """Paths found and deliberately left out, with the reason."""
    errors: tuple[InputError, ...]
    """Paths that could not be opened or listed; the CLI reports them and exits 2."""


def expand(
    paths: Sequence[str], *, stdin: BinaryIO | None = None, limits: Limits | None = None
) -> Expansion:
    """Resolve command-line paths into inputs without reading more than a sniff of each.

    ``-`` is standard input (``stdin``, or ``sys.stdin.buffer`` when not given). Never
    raises for a bad path: the problem is in ``errors`` and the other paths still count.
    """
    expander = _Expander(limits or Limits(), stdin)
    for path in paths:
        expander.add(path)
    return Expansion(tuple(expander.inputs), tuple(expander.skipped), tuple(expander.errors))


def _text_head(data: bytes) -> bytes:
    """The first bytes of the decompressed data, from its first raw bytes."""
    if not data.startswith(GZIP_MAGIC):
        return data[:SNIFF_SIZE]
    try:
        return zlib.decompressobj(wbits=zlib.MAX_WBITS | 16).decompress(data, SNIFF_SIZE)
    except zlib.error:
        return b""  # treated as text: the reading pass reports the damage with its offset


def _binary_reason(head: bytes) -> str | None:
    """Why ``head`` is not text, or None when it is.

    Judged by content, not by name: logs come as ``.txt``, ``.1``, ``.log.bak`` or with
    no extension at all.
    """
    if head.startswith(_BOMS):
        return None
    body = head.rstrip(b"\x00")  # NUL padding left by a crash does not make a log binary
    if not body:
        return "binary data (only NUL bytes)" if head else None
    control = len(body) - len(body.translate(None, _CONTROL))
    nul = body.count(0)
    if control > _MAX_CONTROL_SHARE * len(body) or nul > _MAX_NUL_SHARE * len(body):
        return f"binary data ({control + nul} control or NUL bytes in the first {len(head)})"
    return None


class _Expander:
    """Accumulates inputs, skips and errors while the paths are resolved."""

    def __init__(self, limits: Limits, stdin: BinaryIO | None) -> None:
        self.limits = limits
        self.stdin = stdin
        self.inputs: list[LogInput] = []
        self.skipped: list[SkippedInput] = []
        self.errors: list[InputError] = []
        self.seen_files: dict[tuple[int, int], str] = {}
        self.seen_dirs: dict[tuple[int, int], str] = {}
        self.stdin_used = False

    def add(self, path: str) -> None:
        if path == STDIN_NAME:
            if self.stdin_used:
                self.errors.append(InputError("standard input given more than once", path))
                return
            self.stdin_used = True
            stream = self.stdin
            if stream is None:
                if sys.stdin is None:
                    self.errors.append(InputError("standard input is closed", path))
                    return
                stream = sys.stdin.buffer
            self.inputs.append(LogInput(STDIN_NAME, StreamOrigin(stream), self.limits))
            return
        try:
            st = os.stat(path)
        except OSError as exc:
            self.errors.append(InputError(_open_error(exc), path))
            return
        if stat.S_ISDIR(st.st_mode):
            self.require_some(path, "directory", lambda: self.walk(path, st))
        elif stat.S_ISREG(st.st_mode):
            self.add_file(path, path, st, explicit=True)
        else:
            # A named pipe such as bash's <(hilog): sniffing it would eat its data.
            self.inputs.append(LogInput(path, StreamOrigin(None, path), self.limits))

    def require_some(self, display: str, what: str, add: Callable[[], None]) -> None:
        """Runs ``add``, and records an error when it found nothing to read: a directory
        or archive that the user named and that holds no log is a mistake worth exit 2."""
        inputs, skipped, errors = len(self.inputs), len(self.skipped), len(self.errors)
        add()
        if len(self.inputs) == inputs and len(self.errors) == errors:
            found = len(self.skipped) - skipped
            self.errors.append(
                InputError(f"no readable log files in {what} ({found} skipped)", display)
            )

    def walk(self, root: str, root_st: os.stat_result) -> None:
        """Depth first in name order; directories are tracked by (device, inode) so a
        symbolic link loop ends instead of recursing forever."""
        root_key = (root_st.st_dev, root_st.st_ino)
        self.seen_dirs[root_key] = root
        stack = [(root_key, iter(self.listdir(root)))]
        while stack:
            entry = next(stack[-1][1], None)
            if entry is None:
                stack.pop()
                continue
            display = entry.path
            try:
                st = entry.stat()
            except FileNotFoundError:
                self.skipped.append(SkippedInput(display, "broken symbolic link"))
                continue
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    self.skipped.append(SkippedInput(display, "symbolic link loop"))
                else:
                    self.errors.append(InputError(_open_error(exc), display))
                continue
            key = (st.st_dev, st.st_ino)
            if stat.S_ISDIR(st.st_mode):
                if any(key == k for k, _ in stack):
                    target = self.seen_dirs[key]
                    self.skipped.append(
                        SkippedInput(display, f"symbolic link loop (back to {target})")
                    )
                elif key in self.seen_dirs:
                    self.skipped.append(
                        SkippedInput(display, f"same directory as {self.seen_dirs[key]}")
                    )
                else:
                    self.seen_dirs[key] = display
                    stack.append((key, iter(self.listdir(display))))
            elif stat.S_ISREG(st.st_mode):
                self.add_file(display, entry.path, st, explicit=False)
            else:
                self.skipped.append(SkippedInput(display, "not a regular file"))

    def listdir(self, path: str) -> list[os.DirEntry[str]]:
        try:
            with os.scandir(path) as entries:
                return sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            self.errors.append(InputError(f"cannot list directory: {_open_error(exc)}", path))
            return []

    def add_file(self, display: str, path: str, st: os.stat_result, *, explicit: bool) -> None:
        key = (st.st_dev, st.st_ino)
        if key in self.seen_files:
            self.skipped.append(SkippedInput(display, f"same file as {self.seen_files[key]}"))
            return
        self.seen_files[key] = display
        try:
            with open(path, "rb") as f:
                data = f.read(SNIFF_SIZE)
        except OSError as exc:
            self.errors.append(InputError(_open_error(exc), display))
            return
        is_zip = data.startswith(ZIP_MAGICS)
        if explicit and (is_zip or display.lower().endswith(".zip")):
            self.require_some(display, "archive", lambda: self.add_archive(display, path))
            return
        if display.lower().endswith(".zip"):
            self.add_archive(display, path)
            return
        if is_zip:
            # .hap, .apk, .jar: packages are not logs, even though they are zip files
            self.skipped.append(SkippedInput(display, "zip-based package, not a .zip archive"))
            return
        reason = _binary_reason(_text_head(data))
        if reason is not None:
            self.skipped.append(SkippedInput(display, reason))
            return
        self.inputs.append(LogInput(display, FileOrigin(path), self.limits))

    def add_archive(self, display: str, path: str) -> None:
        """Every text member becomes an input of its own, named ``archive!member``."""
        try:
            with zipfile.ZipFile(path) as archive:
                for info in sorted(archive.infolist(), key=lambda i: i.filename):
                    if not info.is_dir():
                        self.add_member(f"{display}!{info.filename}", path, archive, info)
        except FAULTS as exc:
            self.errors.append(InputError(f"not a readable zip archive: {describe(exc)}", display))

    def add_member(
        self, display: str, path: str, archive: zipfile.ZipFile, info: zipfile.ZipInfo
    ) -> None:
        if info.flag_bits & 0x1:
            self.errors.append(InputError("encrypted zip member (password needed)", display))
            return
        try:
            with archive.open(info) as member:
                data = member.read(SNIFF_SIZE)
        except (NotImplementedError, RuntimeError) as exc:
            self.errors.append(InputError(f"cannot read zip member: {describe(exc)}", display))
            return
        except FAULTS:
            data = b""  # damaged data: the reading pass reports it with its offset
        if data.startswith(ZIP_MAGICS):
            self.skipped.append(SkippedInput(display, "nested zip archive (not expanded)"))
            return
        reason = _binary_reason(_text_head(data))
        if reason is not None:
            self.skipped.append(SkippedInput(display, reason))
            return
        self.inputs.append(LogInput(display, MemberOrigin(path, info), self.limits))


def read_error(name: str, at: int, exc: BaseException) -> str:
    """The one-line message for a fault at byte ``at`` of a plain input."""
    return str(InputError(f"read failed at byte {at}: {describe(exc)}", path=name))


def _open_error(exc: OSError) -> str:
    if isinstance(exc, FileNotFoundError):
        return "no such file or directory"
    return describe(exc)
