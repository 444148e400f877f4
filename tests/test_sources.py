"""Tests for analyzer.sources: inputs, encodings, line splitting, faults and limits.

Every file is made under ``tmp_path``; nothing outside the test is read.
"""

from __future__ import annotations

import codecs
import gzip
import io
import os
import random
import re
import threading
import time
import tracemalloc
import zipfile
from itertools import pairwise, zip_longest
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from analyzer.errors import InputError
from analyzer.sources import (
    STDIN_NAME,
    Expansion,
    Limits,
    LogInput,
    expand,
    split_lines,
)

# --- helpers -----------------------------------------------------------------------


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def only_input(exp: Expansion) -> LogInput:
    assert not exp.errors, exp.errors
    assert not exp.skipped, exp.skipped
    assert len(exp.inputs) == 1, exp.inputs
    return exp.inputs[0]


def file_input(tmp_path: Path, data: bytes, name: str = "x.log", **limits: int) -> LogInput:
    path = write(tmp_path / name, data)
    return only_input(expand([str(path)], limits=Limits(**limits)))


def texts(inp: LogInput) -> list[str]:
    numbered = list(inp.lines())
    assert [n for n, _ in numbered] == list(range(1, len(numbered) + 1))
    return [t for _, t in numbered]


def stdin_input(data: bytes, **limits: int) -> LogInput:
    return only_input(expand([STDIN_NAME], stdin=io.BytesIO(data), limits=Limits(**limits)))


def gz(data: bytes) -> bytes:
    return gzip.compress(data, compresslevel=6, mtime=0)


def numbered_log(count: int) -> bytes:
    return b"".join(b"%05d I TPush: message number %d\n" % (i, i) for i in range(count))


# --- plain files, line endings, encodings ------------------------------------------


def test_plain_file_lines_and_stats(tmp_path: Path) -> None:
    data = b"first\nsecond\nthird\n"
    inp = file_input(tmp_path, data)
    assert inp.name == str(tmp_path / "x.log")
    assert inp.stats.complete is False  # nothing read yet
    assert list(inp.lines()) == [(1, "first"), (2, "second"), (3, "third")]
    stats = inp.stats
    assert (stats.lines, stats.bytes, stats.decompressed_bytes) == (3, len(data), len(data))
    assert stats.complete and stats.error is None


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a\r\nb\r\nc\r\n", ["a", "b", "c"]),
        (b"a\rb\rc\r", ["a", "b", "c"]),
        (b"a\nb\r\nc\rd", ["a", "b", "c", "d"]),
        (b"a\r\r\nb", ["a", "", "b"]),
        (b"\n\n", ["", ""]),
        (b"\r", [""]),
        (b"a\n\rb", ["a", "", "b"]),
    ],
)
def test_line_endings(tmp_path: Path, data: bytes, expected: list[str]) -> None:
    assert texts(file_input(tmp_path, data)) == expected


def test_final_line_without_newline_counts(tmp_path: Path) -> None:
    inp = file_input(tmp_path, b"one\ntwo")
    assert texts(inp) == ["one", "two"]
    assert inp.stats.lines == 2


def test_empty_file_has_no_lines(tmp_path: Path) -> None:
    inp = file_input(tmp_path, b"")
    assert texts(inp) == []
    assert inp.stats.lines == 0 and inp.stats.complete


def test_invalid_utf8_is_replaced_and_counted(tmp_path: Path) -> None:
    inp = file_input(tmp_path, b"good\nbad \xff\xc3 bytes\nend\n")
    lines = texts(inp)
    assert len(lines) == 3 and inp.stats.lines == 3
    assert "\ufffd" in lines[1] and lines[1].startswith("bad ")
    assert [raw for _, raw in inp.raw_lines()][1] == b"bad \xff\xc3 bytes"


def test_utf8_bom_is_stripped(tmp_path: Path) -> None:
    assert texts(file_input(tmp_path, codecs.BOM_UTF8 + b"hello\nworld\n")) == ["hello", "world"]


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
@pytest.mark.parametrize("chunk_size", [1, 3, 1 << 20])
def test_utf16_with_bom(tmp_path: Path, bom: bytes, encoding: str, chunk_size: int) -> None:
    text = "héllo wörld\r\nsecond 中文 line\rthird 🙂\nlast"
    inp = file_input(tmp_path, bom + text.encode(encoding), chunk_size=chunk_size)
    assert texts(inp) == ["héllo wörld", "second 中文 line", "third 🙂", "last"]
    assert [raw for _, raw in inp.raw_lines()][1] == "second 中文 line".encode()


def test_nul_bytes_in_text(tmp_path: Path) -> None:
    inp = file_input(tmp_path, b"a\x00b\nstill \x00 text\n\x00\n")
    assert texts(inp) == ["a\x00b", "still \x00 text", "\x00"]


def test_nul_padding_after_crash_is_still_text(tmp_path: Path) -> None:
    inp = file_input(tmp_path, b"last words before power loss\n" + b"\x00" * 4096)
    assert texts(inp)[0] == "last words before power loss"


@pytest.mark.parametrize("chunk_size", [1 << 20, 1 << 16])
def test_eight_megabyte_line(tmp_path: Path, chunk_size: int) -> None:
    big = b"x" * (8 << 20)
    inp = file_input(tmp_path, b"before\n" + big + b"\r\nafter", chunk_size=chunk_size)
    start = time.perf_counter()
    lines = [raw for _, raw in inp.raw_lines()]
    assert time.perf_counter() - start < 2.0
    assert [len(x) for x in lines] == [6, len(big), 5]
    assert inp.stats.lines == 3


@pytest.mark.parametrize("chunk_size", range(1, 12))
def test_cr_at_chunk_boundary_is_one_crlf(tmp_path: Path, chunk_size: int) -> None:
    inp = file_input(tmp_path, b"abc\r\ndef\r\r\nghi\r", chunk_size=chunk_size)
    assert texts(inp) == ["abc", "def", "", "ghi"]


def test_memory_stays_flat(tmp_path: Path) -> None:
    path = write(tmp_path / "big.log", numbered_log(400_000))  # ~14 MB
    inp = only_input(expand([str(path)], limits=Limits(chunk_size=1 << 18)))
    tracemalloc.start()
    try:
        count = sum(1 for _ in inp.raw_lines())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 400_000
    assert peak < 4 << 20


# --- compressed inputs and archives ------------------------------------------------


def test_gzip_file(tmp_path: Path) -> None:
    data = numbered_log(1000)
    inp = file_input(tmp_path, gz(data), name="hilog.001.gz")
    assert texts(inp) == data.decode().splitlines()
    stats = inp.stats
    assert stats.bytes == (tmp_path / "hilog.001.gz").stat().st_size
    assert stats.decompressed_bytes == len(data)
    assert stats.complete and stats.error is None


def test_gzip_detected_by_content_not_name(tmp_path: Path) -> None:
    assert texts(file_input(tmp_path, gz(b"rotated\nlog\n"), name="hilog.log.1")) == [
        "rotated",
        "log",
    ]


def test_truncated_gzip_yields_lines_before_the_cut(tmp_path: Path) -> None:
    data = numbered_log(20_000)
    packed = gz(data)
    inp = file_input(tmp_path, packed[: len(packed) // 2], name="cut.log.gz", chunk_size=4096)
    lines = texts(inp)
    original = data.decode().splitlines()
    assert 100 < len(lines) < len(original)
    assert lines[:-1] == original[: len(lines) - 1]
    assert original[len(lines) - 1].startswith(lines[-1])  # the cut line, as far as it got
    stats = inp.stats
    assert not stats.complete
    assert stats.error is not None and "\n" not in stats.error
    assert str(tmp_path / "cut.log.gz") in stats.error
    assert f"decompressed byte {stats.decompressed_bytes}" in stats.error
    # nothing that was decompressed is lost: every byte is in a yielded line
    assert stats.decompressed_bytes - len("\n".join(lines)) in (0, 1)


def test_corrupt_gzip_header_is_an_error_not_a_crash(tmp_path: Path) -> None:
    inp = file_input(tmp_path, b"\x1f\x8b\x08garbage that is not deflate", name="bad.gz")
    assert texts(inp) == []
    assert not inp.stats.complete and "bad.gz" in (inp.stats.error or "")


def make_zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_members_are_inputs(tmp_path: Path) -> None:
    archive = make_zip(
        tmp_path / "bugreport.zip",
        {
            "logs/b.log": b"b1\nb2\n",
            "logs/a.log": b"a1\n",
            "logs/old.log.gz": gz(b"g1\ng2\ng3\n"),
            "img/shot.png": b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8,
            "nested.zip": b"PK\x03\x04" + b"\x00" * 64,
        },
    )
    exp = expand([str(archive)])
    assert not exp.errors
    names = [i.name for i in exp.inputs]
    prefix = f"{archive}!"
    assert names == [prefix + "logs/a.log", prefix + "logs/b.log", prefix + "logs/old.log.gz"]
    assert [texts(i) for i in exp.inputs] == [["a1"], ["b1", "b2"], ["g1", "g2", "g3"]]
    assert all(i.stats.complete for i in exp.inputs)
    skipped = {s.path: s.reason for s in exp.skipped}
    assert "binary" in skipped[prefix + "img/shot.png"]
    assert "nested" in skipped[prefix + "nested.zip"]
    with zipfile.ZipFile(archive) as zf:
        assert exp.inputs[1].stats.bytes == zf.getinfo("logs/b.log").compress_size


def test_archive_with_nothing_readable_is_an_error(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "pics.zip", {"a.png": bytes(range(256)) * 4})
    exp = expand([str(archive)])
    assert exp.inputs == () and len(exp.skipped) == 1
    assert [e.path for e in exp.errors] == [str(archive)]


def test_corrupt_zip_is_recorded(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.zip", b"PK\x03\x04 this is not really an archive")
    good = write(tmp_path / "good.log", b"fine\n")
    exp = expand([str(bad), str(good)])
    assert [i.name for i in exp.inputs] == [str(good)]
    assert len(exp.errors) == 1
    assert exp.errors[0].path == str(bad) and str(bad) in str(exp.errors[0])


def test_damaged_zip_member_data_is_recorded(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "a.zip", {"x.log": b"line\n" * 100}, method=zipfile.ZIP_STORED)
    raw = bytearray(archive.read_bytes())
    raw[raw.index(b"line\n") + 200] ^= 0x20  # breaks the CRC, keeps the text
    archive.write_bytes(bytes(raw))
    inp = only_input(expand([str(archive)]))
    assert len(texts(inp)) == 100
    assert not inp.stats.complete and "x.log" in (inp.stats.error or "")


def test_gzip_bomb_is_capped(tmp_path: Path) -> None:
    inp = file_input(tmp_path, gz(b"spam\n" * 100_000), name="bomb.gz", max_expanded_bytes=1000)
    lines = texts(inp)
    assert lines == ["spam"] * 200
    stats = inp.stats
    assert stats.decompressed_bytes == 1000 and not stats.complete
    assert "bomb.gz" in (stats.error or "") and "decompression bomb" in (stats.error or "")


def test_zip_ratio_is_capped(tmp_path: Path) -> None:
    archive = make_zip(tmp_path / "r.zip", {"spam.log": b"spam\n" * (3 << 20)})
    inp = only_input(expand([str(archive)]))
    count = sum(1 for _ in inp.raw_lines())
    stats = inp.stats
    with zipfile.ZipFile(archive) as zf:
        cap = max(1 << 20, 200 * zf.getinfo("spam.log").compress_size)
    assert stats.decompressed_bytes == cap < 3 * (5 << 20)
    assert count == stats.lines == -(-cap // 5)  # the cut line counts too
    assert not stats.complete and "zip bomb" in (stats.error or "")
    assert "r.zip!spam.log" in (stats.error or "")


# --- directories ---------------------------------------------------------------------


def test_directory_walk_skips_binary(tmp_path: Path) -> None:
    root = tmp_path / "logs"
    write(root / "b.log", b"b\n")
    write(root / "a.txt", b"a\n")
    write(root / "sub" / "c.log.gz", gz(b"c\n"))
    write(root / "sub" / "d", b"no extension\n")
    write(root / "blob.log", random.Random(1).randbytes(4096))
    write(root / "elf", b"\x7fELF\x02\x01\x01" + b"\x00" * 9 + b"\x03\x00\x3e\x00\x01" * 200)
    write(root / "app.hap", b"PK\x03\x04" + b"\x00" * 40)
    exp = expand([str(root)])
    assert not exp.errors
    assert [i.name for i in exp.inputs] == [
        str(root / "a.txt"),
        str(root / "b.log"),
        str(root / "sub" / "c.log.gz"),
        str(root / "sub" / "d"),
    ]
    assert [texts(i) for i in exp.inputs] == [["a"], ["b"], ["c"], ["no extension"]]
    reasons = {Path(s.path).name: s.reason for s in exp.skipped}
    assert set(reasons) == {"blob.log", "elf", "app.hap"}
    assert "binary" in reasons["blob.log"] and "binary" in reasons["elf"]


def test_symlink_loops_do_not_hang(tmp_path: Path) -> None:
    root = tmp_path / "logs"
    write(root / "sub" / "a.log", b"a\n")
    (root / "sub" / "up").symlink_to(root, target_is_directory=True)
    (root / "self").symlink_to(root / "self")
    (root / "dangling").symlink_to(root / "missing.log")
    (root / "twin.log").symlink_to(root / "sub" / "a.log")
    exp = expand([str(root)])
    assert [i.name for i in exp.inputs] == [str(root / "sub" / "a.log")]
    reasons = {Path(s.path).name: s.reason for s in exp.skipped}
    assert "loop" in reasons["up"] and "loop" in reasons["self"]
    assert "broken" in reasons["dangling"]
    assert "same file" in reasons["twin.log"]
    assert not exp.errors


def test_directory_with_nothing_readable_is_an_error(tmp_path: Path) -> None:
    write(tmp_path / "bin" / "x.so", b"\x7fELF" + b"\x00\x01\x02" * 400)
    (tmp_path / "empty").mkdir()
    exp = expand([str(tmp_path / "bin"), str(tmp_path / "empty")])
    assert exp.inputs == ()
    assert [e.path for e in exp.errors] == [str(tmp_path / "bin"), str(tmp_path / "empty")]
    assert len(exp.skipped) == 1


# --- faults --------------------------------------------------------------------------


def test_missing_file_is_an_input_error(tmp_path: Path) -> None:
    good = write(tmp_path / "good.log", b"ok\n")
    missing = str(tmp_path / "nope.log")
    exp = expand([missing, str(good)])
    assert [i.name for i in exp.inputs] == [str(good)]
    (error,) = exp.errors
    assert isinstance(error, InputError)
    assert error.path == missing and str(error).startswith(missing)


def test_file_vanishing_before_read_is_recorded(tmp_path: Path) -> None:
    path = write(tmp_path / "gone.log", b"x\n")
    inp = only_input(expand([str(path)]))
    path.unlink()
    assert texts(inp) == []
    assert not inp.stats.complete
    assert (inp.stats.error or "").startswith(f"{path}: cannot read")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads unreadable files")
def test_unreadable_file_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "secret.log", b"x\n")
    path.chmod(0)
    exp = expand([str(path)])
    assert exp.inputs == () and exp.errors[0].path == str(path)


def test_permission_errors_are_recorded_and_others_still_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "logs"
    write(root / "ok.log", b"ok\n")
    write(root / "locked" / "x.log", b"x\n")
    write(root / "secret.log", b"s\n")
    real_scandir, real_open = os.scandir, open

    def scandir(path: str) -> object:
        if path.endswith("locked"):
            raise PermissionError(13, "Permission denied", path)
        return real_scandir(path)

    def fake_open(path: str, *args: object, **kwargs: object) -> object:
        if str(path).endswith("secret.log"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("analyzer.sources.discovery.os.scandir", scandir)
    monkeypatch.setattr("builtins.open", fake_open)
    exp = expand([str(root)])
    monkeypatch.undo()
    assert [i.name for i in exp.inputs] == [str(root / "ok.log")]
    assert {e.path: str(e) for e in exp.errors} == {
        str(root / "locked"): f"{root / 'locked'}: cannot list directory: Permission denied",
        str(root / "secret.log"): f"{root / 'secret.log'}: Permission denied",
    }


def test_file_growing_while_read_ends(tmp_path: Path) -> None:
    path = write(tmp_path / "live.log", b"one\ntwo\n")
    inp = only_input(expand([str(path)], limits=Limits(chunk_size=4)))
    seen = []
    with path.open("ab") as f:
        for _, text in inp.lines():
            seen.append(text)
            f.write(b"more\n" * 10)
            f.flush()
    assert seen == ["one", "two"] and inp.stats.complete


def test_stopping_early_keeps_exact_counts(tmp_path: Path) -> None:
    inp = file_input(tmp_path, numbered_log(1000))
    lines = inp.lines()
    for _ in range(10):
        next(lines)
    lines.close()  # type: ignore[attr-defined]
    assert inp.stats.lines == 10 and not inp.stats.complete


# --- stdin and pipes -----------------------------------------------------------------


def test_stdin_from_injected_stream() -> None:
    inp = stdin_input(b"from\r\nhilog\n")
    assert inp.name == STDIN_NAME == "-"
    assert texts(inp) == ["from", "hilog"]
    assert inp.stats.bytes == 12 and inp.stats.complete


def test_stdin_gzip() -> None:
    assert texts(stdin_input(gz(b"zipped\nstream\n"))) == ["zipped", "stream"]


def test_stdin_zip_is_an_error() -> None:
    inp = stdin_input(b"PK\x03\x04rest")
    assert texts(inp) == [] and "zip" in (inp.stats.error or "")


@pytest.mark.parametrize("chunk_size", [5, 1 << 20])
def test_peek_then_lines_on_stdin_gives_every_line_once(chunk_size: int) -> None:
    data = numbered_log(120)
    inp = stdin_input(data, chunk_size=chunk_size)
    expected = data.decode().splitlines()
    assert inp.peek(50) == expected[:50]
    assert inp.peek(60) == expected[:60]  # peeking again replays, then reads on
    assert texts(inp) == expected
    assert inp.stats.lines == 120 and inp.stats.bytes == len(data) and inp.stats.complete
    with pytest.raises(RuntimeError):
        list(inp.lines())


def test_peek_on_file_is_not_a_pass(tmp_path: Path) -> None:
    inp = file_input(tmp_path, b"a\nb\nc\n")
    assert inp.peek(2) == ["a", "b"]
    assert inp.peek(10) == ["a", "b", "c"]
    assert inp.stats.lines == 0
    assert texts(inp) == ["a", "b", "c"]
    assert texts(inp) == ["a", "b", "c"]  # files can be read again


def test_stdin_twice_is_an_error() -> None:
    exp = expand(["-", "-"], stdin=io.BytesIO(b"x\n"))
    assert len(exp.inputs) == 1 and exp.errors[0].path == "-"


def test_named_pipe_is_read_as_a_stream(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)

    def feed() -> None:
        with fifo.open("wb") as f:
            f.write(b"piped\nlines\n")

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    inp = only_input(expand([str(fifo)]))
    assert inp.peek(1) == ["piped"]
    assert texts(inp) == ["piped", "lines"]
    writer.join(5)


# --- properties ----------------------------------------------------------------------

_TERMINATOR = re.compile(r"\r\n|\r|\n")
_MAGIC_OR_BOM = (
    b"\x1f\x8b",
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
    b"\xfe\xff",
)

text_with_breaks = st.lists(
    st.one_of(
        st.text(st.characters(exclude_characters="\r\n\ufeff", exclude_categories=["Cs"])),
        st.sampled_from(["\r", "\n", "\r\n"]),
    )
).map(lambda parts: "".join(parts).encode())

bytes_with_breaks = st.lists(
    st.one_of(st.binary(max_size=20), st.sampled_from([b"\r", b"\n", b"\r\n"]))
).map(b"".join)


def check_lines(data: bytes, chunk_size: int) -> list[str]:
    assume(not data.startswith(_MAGIC_OR_BOM))
    inp = stdin_input(data, chunk_size=chunk_size)
    lines = texts(inp)
    decoded = data.decode("utf-8", "replace")
    terminators = _TERMINATOR.findall(decoded)
    ends_open = bool(decoded) and not decoded.endswith(("\r", "\n"))
    assert len(lines) == len(terminators) + ends_open
    rebuilt = "".join(t + e for t, e in zip_longest(lines, terminators, fillvalue=""))
    assert rebuilt == decoded
    assert inp.stats.lines == len(lines) and inp.stats.complete
    return lines


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.one_of(text_with_breaks, bytes_with_breaks), chunk_size=st.integers(1, 40))
def test_lines_match_terminators_and_chunk_size_does_not_matter(
    data: bytes, chunk_size: int
) -> None:
    assert check_lines(data, chunk_size) == check_lines(data, 1 << 20)


@settings(max_examples=150, deadline=None)
@given(data=bytes_with_breaks, cuts=st.lists(st.integers(0, 400), max_size=12))
def test_split_lines_ignores_chunking(data: bytes, cuts: list[int]) -> None:
    bounds = sorted({0, len(data), *(c for c in cuts if c < len(data))})
    chunks = [data[a:b] for a, b in pairwise(bounds)]
    expected = _TERMINATOR.split(data.decode("latin-1"))
    if expected and expected[-1] == "":
        expected.pop()
    assert [x.decode("latin-1") for x in split_lines(chunks)] == expected
