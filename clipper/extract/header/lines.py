"""What one line of copied text is: a date line (and its date), a byline."""

from __future__ import annotations

import re

from ...lexicon.en import MONTH_NAMES
from .._prose import is_prose

_DIGIT = re.compile(r"\d")
# A person's name as a line of its own: two to four capitalised words.
_PERSON = re.compile(r"^(?:[A-Z][\w'’.-]*\.?\s){1,3}[A-Z][\w'’-]+$")
# Looser than the year test of metadata.dates.parse_date_line and several times faster to scan a long text with (one leading digit).
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

_EN_MONTHS = MONTH_NAMES


def is_byline(line: str) -> bool:
    """A "By …" line, a Korean/Japanese/Chinese reporter line, or "Author: …"."""
    if len(line) > 160:
        return False
    if _BY.match(line) and not is_prose(line):
        return True
    return len(line) <= 60 and bool(_BY_CJK.search(line))
