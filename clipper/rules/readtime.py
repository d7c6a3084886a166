"""Reading-time and listening-time lines: "2 Min read", "5 minute read", "Lesezeit: 3 Min."."""

from __future__ import annotations

import re

from .base import DIGITS, PatternRule

_READ = PatternRule(
    "readtime.minutes",
    re.compile(
        r"^[\s•·|]*(?:(?:estimated\s+)?(?:reading|read|listening|listen)\s*(?:time)?\s*[:：]?\s*)?"
        r"(?:about\s+|approx\.?\s+|~\s*)?\d{1,3}(?:\s*[-–]\s*\d{1,3})?\s*"
        r"(?:min(?:ute)?s?\.?|m)\s*(?:read|reading|listen|de lecture|de lectura|lesezeit|read time)?[\s.]*$",
        re.I,
    ),
    60,
    requires=DIGITS,
)
_READ_WORDS = PatternRule(
    "readtime.minutes",
    re.compile(
        r"^[\s•·|]*(?:lesezeit|temps de lecture|tiempo de lectura|tempo di lettura|leestijd|"
        r"reading time|read time)\s*[:：]?\s*\d{1,3}\s*\w{0,10}\.?\s*$"
        r"|^\s*\d{1,3}\s*분\s*(?:읽기|소요)?\s*$|^\s*読了(?:時間)?\s*[:：]?\s*(?:約)?\d{1,3}\s*分\s*$"
        r"|^\s*阅读(?:时间)?\s*[:：]?\s*(?:约)?\d{1,3}\s*分钟\s*$",
        re.I,
    ),
    60,
    requires=DIGITS,
)
_VIEWS = PatternRule(
    "readtime.counter",
    re.compile(
        r"^[\s•·|]*(?:\d[\d,.]*\s*[kKmM]?\s*(?:views?|reads?|shares?|likes?)|(?:views?|조회수?|閲覧数?)\s*[:：]?\s*\d[\d,.]*)\s*$",
        re.I,
    ),
    40,
    requires=DIGITS,
)

RULES = (_READ, _READ_WORDS, _VIEWS)
