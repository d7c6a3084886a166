"""Syndication: find the outlet an article is licensed from ("(Reuters) -", "originally appeared in")."""

from __future__ import annotations

import re

from .byline import is_outlet

# A name as printed after a syndication phrase: capitalised words, "&", "of", "the", dots.
_NAME = r"((?:[Tt]he\s+)?[A-Z0-9][\w&'’.\-]*(?:\s+(?:[A-Z0-9&][\w&'’.\-]*|of|the|and|de|for|on))*)"

# Dateline credit: "WASHINGTON (Reuters) -", "SEOUL, Sept 5 (Yonhap) --", "(AP) —".
_DATELINE = re.compile(r"\(([A-Z][\w .&'/-]{0,40}?)\)\s*(?:[-–—]{1,2}|:)\s*\S")
# Trailing credit on its own: "— The Associated Press", "-- Reuters", "—AFP".
_TRAILER = re.compile(r"(?:^|\n)\s*[-–—]{1,2}\s*" + _NAME + r"\s*\.?\s*$")
# The phrase is matched case-blind, the name after it must be capitalised.
_PHRASES = [
    re.compile(p + r"\s+" + _NAME)
    for p in (
        r"(?i:(?:this|the)\s+(?:article|story|piece|post|report|column|essay)\s+"
        r"(?:was\s+)?(?:originally|first)\s+(?:appeared|published|ran|posted)"
        r"(?:\s+(?:in|on|by|at))?)",
        r"(?i:(?:originally|first)\s+(?:appeared|published|ran|posted)\s+(?:in|on|by|at))",
        r"(?i:(?:re)?published\s+(?:here\s+)?(?:with|under)\s+(?:the\s+)?permission\s+(?:of|from))",
        r"(?i:republished\s+from)",
        r"(?i:reprinted\s+(?:with\s+permission\s+)?from)",
        r"(?i:licensed\s+from)",
        r"(?i:distributed\s+by)",
        r"(?i:syndicated\s+(?:from|by))",
        r"(?i:(?:this|the)\s+(?:article|story)\s+(?:is|was)\s+(?:produced|provided)\s+by)",
        r"(?i:in\s+partnership\s+with)",
    )
]
# Words that end a captured name ("appeared in The Conversation on May 5" → "The Conversation").
_NAME_STOP = re.compile(
    r"\s+(?:on|in|at|and|under|with|is|was|as|for|by|from|via)\s+.*$|\s+(?:on|in)$|[,;:]\s*.*$"
)
# Names that look capitalised but are not outlets.
_NOT_NAMES = frozenset({"the", "a", "an", "this", "our", "its", "his", "her", "their"})


def _clean_name(raw: str) -> str | None:
    name = _NAME_STOP.sub("", raw.strip())
    name = name.strip(" .,;:-–—'\"“”’")
    if not name or name.lower() in _NOT_NAMES or len(name) > 60:
        return None
    return name


def find_licensor(text: str, publisher: str | None = None) -> str | None:
    """The outlet `text` says it is licensed or syndicated from, or None.

    Works on plain text (the copied-text path) as on an extracted article body. A credit that
    names `publisher` itself is not syndication and is ignored.
    """
    if not text:
        return None
    own = (publisher or "").casefold().removeprefix("the ").strip()

    def accept(name: str | None, need_outlet: bool) -> str | None:
        if not name:
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
        # "(Reuters)", "(AP)", "(Yonhap)": an outlet, or a short all-caps agency code.
        name = accept(inner, not re.fullmatch(r"[A-Z]{2,6}", inner))
        if name:
            return name
    for pattern in _PHRASES:
        found = pattern.search(text)
        if found:
            name = accept(_clean_name(found.group(1)), False)
            if name:
                return name
    tail = text[-300:]
    trailer = _TRAILER.search(tail)
    if trailer:
        name = accept(_clean_name(trailer.group(1)), True)
        if name:
            return name
    return None
