"""What one line of copied text is: a date line (and its date), a byline."""

from __future__ import annotations

import re

from ...lexicon.en import MONTH_HEADS, MONTH_NAMES
from ...metadata.dates import ParsedDate, parse_date
from .._prose import is_prose

_DIGIT = re.compile(r"\d")
# A person's name as a line of its own: two to four capitalised words.
_PERSON = re.compile(r"^(?:[A-Z][\w'’.-]*\.?\s){1,3}[A-Z][\w'’-]+$")
_YEARISH = re.compile(r"(?:19|20)\d\d|\d[./-]\d{1,2}[./-]\d\d")
# Looser than _YEARISH and several times faster to scan a long text with (one leading digit).
_DATE_GATE = re.compile(r"\d(?:\d\d\d|[./-]\d)")
_BY = re.compile(
    r"^\s*(?:by|written\s+by|words\s+by|story\s+by|text\s+by|posted\s+by|published\s+by|"
    r"reporting\s+by|"
    r"von|par|por|di|door|av|autor(?:in)?|author|authors(?=\s*:)|auteur|texte|text)\s*(?::\s*|\s+|(?-i:(?=[A-Z])))\S",
    re.I,
)
# What _BY and _BY_ALONE need at a line's start, for _Joined.lines(at_start=True): the lines it
# misses are neither (a line break is no space here, so a match stays within its line).
_BY_GATE = re.compile(
    r"\n[^\S\n]*(?:by|written|words|story|text|posted|published|reporting|von|par|por|di|door|av|"
    r"autor|author|auteur)",
    re.I,
)
_BY_ALONE = re.compile(
    r"^\s*(?:by|written\s+by|words\s+by|story\s+by|posted\s+by|von|par|por|di|door|author|"
    r"autor|auteur)"
    r"\s*:?\s*$",
    re.I,
)
_BY_CJK = re.compile(r"(?:기자|특파원|記者|特派員|记者|編集部|기고|칼럼니스트)(?:\s|$|[=,·)|])")

# Shapes parse_date (metadata/dates.py) does not read, handled here before or after it.
_EN_MONTHS = MONTH_NAMES
# "ZeldmanNovember 20, 2007", "HealthDECEMBER 22, 2022": a date glued to the word before it.
# (Each month pattern first looks ahead for a month's first letter: a set test is far cheaper
# than trying every name at every position.)
_GLUED_BEFORE = re.compile(
    rf"(?<=[a-z])(?=[JFMASOND])(?=(?:{_EN_MONTHS}|{_EN_MONTHS.upper()})\.?\s+\d{{1,2}}\b)"
)
# "October 17, 20236:01 PM", "Mar 27, 20255 mins": a year glued to the time or the read time after.
_GLUED_AFTER = re.compile(
    rf"(?=[jfmasond])((?:{_EN_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?[,.]?\s+(?:19|20)\d\d)(?=\d)",
    re.I,
)
# "Jul. 11. 2025": a period after the day.
_DAY_DOT = re.compile(rf"(?=[jfmasond])((?:{_EN_MONTHS})\.?\s+\d{{1,2}})\.\s+((?:19|20)\d\d)", re.I)
# "19-Dec-2025", "04-ago-2021".
_DASHED = re.compile(r"(?<!\d)(\d{1,2})-([^\W\d_]{3,9})\.?-((?:19|20)\d\d)(?!\d)")
# Numeric dates parse_date leaves alone because both readings are possible: "8/1/2025" (US
# month first with slashes), "12.12.2025", "14.11.24" (day first with dots).
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")
_DOTTED_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)?\d\d)(?![\d.])")


def _ymd(y: int, m: int, d: int) -> ParsedDate | None:
    if y < 100:
        y += 2000
    return parse_date(f"{y:04d}-{m:02d}-{d:02d}") if 1 <= m <= 12 and 1 <= d <= 31 else None


def parse_date_line(line: str) -> ParsedDate | None:
    """The first date in a short line, in parse_date's shapes or the extra ones above."""
    # A digit search is several times cheaper than the year pattern and fails on most lines.
    if len(line) > 200 or not _DIGIT.search(line) or not _YEARISH.search(line):
        return None
    fixed = line
    low = line.casefold()
    # The three fixes all need an English month name: a few substring tests skip them on the
    # other date lines (their patterns scan the line once per month name).
    if any(m in low for m in MONTH_HEADS):
        fixed = _GLUED_AFTER.sub(r"\1 ", _GLUED_BEFORE.sub(" ", line))
        fixed = _DAY_DOT.sub(r"\1, \2", fixed)
    parsed = parse_date(fixed)
    if parsed is not None:
        return parsed
    m = _DASHED.search(line)
    if m:
        parsed = parse_date(f"{m.group(1)} {m.group(2)} {m.group(3)}")
        if parsed is not None:
            return parsed
    m = _SLASHED.search(line)
    if m:
        return _ymd(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    m = _DOTTED_DMY.search(line)
    # A two-digit year only when the line is nothing but the date ("14.11.24").
    if m and (len(m.group(3)) == 4 or m.group(0) == line.strip()):
        return _ymd(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def is_byline(line: str) -> bool:
    """A "By …" line, a Korean/Japanese/Chinese reporter line, or "Author: …"."""
    if len(line) > 160:
        return False
    if _BY.match(line) and not is_prose(line):
        return True
    return len(line) <= 60 and bool(_BY_CJK.search(line))
