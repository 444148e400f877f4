"""What the importer recognises in a document's lines: headings, code titles, fences,
list items, table separators, labels and the phrases that quote a log record, and what
it knows of the document while it reads it (:class:`Doc`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

LABELS: dict[str, str] = {}
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
        LABELS[_name] = _field


HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
CODE_TITLE = re.compile(r"^(?:error\s*code\s*)?[`*_]*(-?\d+)[`*_]*(?:[\s:：.、\-–—]+(.*))?$", re.I)
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,3}[.)]|\d{1,3}、|[（(]\d{1,3}[)）])[ \t]+(.*)$")
TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
COMMENT_META = re.compile(r"^\s*(Kit|Subsystem)\s*[:：]\s*(.*?)\s*$", re.I | re.M)
QUOTED_RECORD = re.compile(
    r"[\"“「]([^\"”」\n]{3,200})[\"”」]\s*(?:log\s+records?|log\s+entr(?:y|ies)|logs?|日志)"
    r"|(?:log\s+records?|日志)\s*[\"“「]([^\"”」\n]{3,200})[\"”」]",
    re.I,
)
# A field that only says "NA" says nothing: ArkUI's router codes write **处理步骤** NA, and
# tables put "-" in empty cells. Kept, "NA" would be shown as a step to follow and would
# hide the missing procedure from lint.
PLACEHOLDER = re.compile(r"n/?a|none|nil|null|无|暂无|[-–—/]+", re.I)
TRAILING_PAREN = re.compile(r"\s*[(（][^()（）]*[)）]$")
# Chinese full stops are not followed by a space ("参数错误。请检查参数。").
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=\S)|(?<=[。！？])\s*(?=\S)")
ADVICE = re.compile(
    r"^(?:please\b|check\b|ensure\b|make sure\b|to fix\b|try\b|alternatively\b|switch\b"
    r"|for (?:more information|details)\b|see\b|contact\b|upgrade\b|restart\b|call\b"
    r"|configure\b|you (?:need|can|should)\b|请|检查|确认)",
    re.I,
)


@dataclass
class Doc:
    """What the importer knows about a document while walking it."""

    path: Path
    title: str = ""
    kit: str | None = None
    subsystem: str | None = None
