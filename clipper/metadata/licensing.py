"""Syndication: find the outlet an article is licensed from ("(Reuters) -", "originally appeared in")."""

from __future__ import annotations

import re

from ..lexicon.en import MONTH_HEAD, WEEKDAY_HEAD
from .byline import is_outlet

# A name as printed after a syndication phrase: capitalised words, "&", "of", "the", dots.
_NAME = r"((?:[Tt]he\s+)?[A-Z][\w&'’.\-]*(?:\s+(?:[A-Z0-9&][\w&'’.\-]*|of|the|and|de|for|on))*)"

# Dateline credit: "WASHINGTON (Reuters) -", "SEOUL, Sept 5 (Yonhap) --", "(AP) —".
_DATELINE = re.compile(r"\(([A-Z][\w .&'/-]{0,40}?)\)\s*(?:[-–—]{1,2}|:)\s*\S")
# Korean and Japanese wire credit: "(서울=연합뉴스)", "【ワシントン=共同】".
_CJK_DATELINE = re.compile(
    r"[(（【\[]\s*[^()（）【】=＝]{1,20}[=＝]\s*([^()（）【】]{1,20}?)\s*[)）】\]]"
)
# Trailing credit on its own: "— The Associated Press", "-- Reuters", "—AFP".
_TRAILER = re.compile(r"(?:^|\n)\s*[-–—]{1,2}\s*" + _NAME + r"\s*\.?\s*$")
# The phrase is matched case-blind, the name after it must be capitalised.
_PHRASES = [
    re.compile(p + r"\s+" + _NAME)
    for p in (
        r"(?i:(?:this|the)\s+(?:article|story|piece|post|report|column|essay)\s+"
        r"(?:was\s+)?(?:originally|first)\s+(?:appeared|published|ran|posted)"
        r"(?:\s+(?:in|on|by|at))?)",
        # Only at the start of a sentence: "first published in March 2022" mid-sentence is
        # not a credit.
        r"(?:^|(?<=\n)|(?<=[.!?*_]\s))(?i:(?:originally|first)\s+(?:appeared|published|ran|posted)"
        r"\s+(?:in|on|by|at))",
        r"(?i:(?:re)?published\s+(?:here\s+)?(?:with|under)\s+(?:the\s+)?permission\s+(?:of|from))",
        r"(?i:republished\s+from)",
        r"(?i:reprinted\s+(?:with\s+permission\s+)?from)",
        r"(?i:licensed\s+from)",
        r"(?i:distributed\s+by)",
        r"(?i:syndicated\s+(?:from|by))",
        r"(?i:(?:this|the)\s+(?:article|story)\s+(?:is|was)\s+(?:produced|provided)\s+by)",
    )
]
# Words that end a captured name ("appeared in The Conversation on May 5" → "The Conversation").
_NAME_STOP = re.compile(
    r"(?<!\s)\s+(?:on|in|at|and|under|with|is|was|as|for|by|from|via)\s+.*$|(?<!\s)\s+(?:on|in)$|[,;:]\s*.*$"
)
# Names that look capitalised but are not outlets, and newsroom credits that name no one.
_NOT_NAMES = frozenset(
    {"the", "a", "an", "this", "our", "its", "his", "her", "their", "staff", "newsdesk"}
    | {"news desk", "staff reports", "wire reports", "wire services", "press release"}
)
_CALENDAR = re.compile(
    r"(?:" + MONTH_HEAD + "|" + WEEKDAY_HEAD + r")[a-z]*\.?$",
    re.IGNORECASE,
)


def _clean_name(raw: str) -> str | None:
    name = _NAME_STOP.sub("", raw.strip())
    name = name.strip(" .,;:-–—'\"“”’")
    if not name or name.lower() in _NOT_NAMES or len(name) > 60:
        return None
    first = name.split()[1 if name.lower().startswith("the ") and " " in name else 0]
    # "originally published in March 2022": a date, not an outlet.
    if _CALENDAR.match(first) or not first[:1].isupper():
        return None
    return name


def is_generic_credit(name: str) -> bool:
    """ "Staff", "News Desk", "Wire reports": a newsroom credit that names no outlet."""
    return name.strip(" .").lower().removeprefix("the ") in _NOT_NAMES


def find_licensor(text: str, publisher: str | None = None) -> str | None:
    """The outlet `text` says it is licensed or syndicated from, or None.

    Works on plain text (the copied-text path) as on an extracted article body. A credit that
    names `publisher` itself is not syndication and is ignored.
    """
    if not text:
        return None
    own = (publisher or "").casefold().removeprefix("the ").strip()

    def accept(name: str | None, need_outlet: bool) -> str | None:
        if not name or is_generic_credit(name):
            return None
        if own and name.casefold().removeprefix("the ").strip() == own:
            return None
        if need_outlet and not is_outlet(name):
            return None
        return name

    # Dateline credits sit at the start of the body; trailers at the end.
    head = text[:600]
    for m in _DATELINE.finditer(head):
        inner = m.group(1).strip()
        # "(Reuters)", "(AP)", "(Yonhap)": only outlets, not "(WABC)" or "(HB 12)".
        name = accept(inner, True)
        if name:
            return name
    for pattern in _PHRASES:
        found = pattern.search(text)
        if found:
            name = accept(_clean_name(found.group(1)), False)
            if name:
                return name
    for found in _CJK_DATELINE.finditer(head):
        name = accept(found.group(1).strip(), True)
        if name:
            return name
    tail = text[-300:]
    trailer = _TRAILER.search(tail)
    if trailer:
        name = accept(_clean_name(trailer.group(1)), True)
        if name:
            return name
    return None
