"""Which records are error records (``analyzer.engine.errorlines``)."""

from __future__ import annotations

import pytest

from analyzer.engine.errorlines import ERROR_WORDS, error_record, has_error_word, is_error_record
from analyzer.model import Level
from analyzer.templates.tokens import message_tokens

from .helpers import record


@pytest.mark.parametrize(
    ("level", "message", "expected"),
    [
        (Level.ERROR, "state changed", True),
        (Level.FATAL, "abort message", True),
        (Level.INFO, "connect failed: 2300007", True),
        (Level.INFO, "java.io.IOException: Broken pipe", True),
        (Level.DEBUG, "onError called", True),
        (Level.WARN, "request TIMEOUT", True),
        (Level.INFO, "Connection refused", True),
        (Level.INFO, "permission denied for uid 10037", True),
        (None, "kernel panic", True),
        (Level.INFO, "网络连接失败", True),
        (Level.INFO, "register push success", False),
        (Level.WARN, "mirror updated, terror level low", False),
        (Level.INFO, "failover complete", False),
        (Level.VERBOSE, "errorless run", False),
        (Level.DEBUG, "Permission: ohos.permission.INTERNET: state: 1, errorReason: 0", False),
        (Level.INFO, "sync done, failCount=0", False),
        (Level.INFO, "onConnectFailed(3)", True),
        (Level.WARN, "destroy vpn, errorCode=2203004 (Invalid socket)", True),
        (Level.INFO, "push ack, ret_code: 10030", True),
        (Level.INFO, "taskid=85473, errCode:0, RespCode:200", False),
        (Level.DEBUG, 'response {"code":200,"data":[]}', False),
        (Level.DEBUG, "order confirmed, code=2 items", False),
    ],
)
def test_error_records(level: Level | None, message: str, expected: bool) -> None:
    assert is_error_record(record(1, message, level=level)) is expected


@pytest.mark.parametrize("word", ERROR_WORDS)
def test_every_error_word_matches_in_any_case(word: str) -> None:
    assert has_error_word(f"x {word} y")
    assert has_error_word(f"x {word.upper()} y")
    assert has_error_word(f"on{word[0].upper()}{word[1:]}")
    assert not has_error_word(f"x {word}ish y")


def test_error_word_on_a_continuation_line() -> None:
    assert is_error_record(record(1, "request done", "  cause: socket timeout", level=Level.INFO))


def test_an_explained_record_carries_its_lines_only() -> None:
    classified = error_record(0, record(4, "connect failed", "  at x"), {5}, message_tokens)
    assert classified is not None
    assert (classified.line, classified.lines, classified.occurrence) == (4, 2, None)
    assert error_record(0, record(4, "all good", level=Level.INFO), set(), message_tokens) is None
