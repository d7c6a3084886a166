"""Datelines at the start of a story: "WASHINGTON—", "SEOUL, Sept 5 (Reuters) -"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .byline import is_outlet

_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’\-]{1,25}(?: [A-Z][A-Z.'’\-]{1,25}){0,3}"
    r"(?:,\s{1,3}[A-Z][\w.'’\-]{1,20}(?: [A-Z][\w.'’\-]{1,20}){0,2})?)"
    r"(?:,\s{1,3}(?:[A-Z][a-z]{2,4}\.?\s{1,3}\d{1,2}))?"
    r"\s{0,3}(?:\((?P<agency>[^()]{2,40})\))?\s{0,3}(?:—|–|--| - |-(?=\s)|:)\s{0,3}(?=\S)"
)


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str
    agency: str | None


def find_dateline(paragraph: str) -> Dateline | None:
    """The dateline of a story's first paragraph, or None. The place must be in capitals."""
    m = _DATELINE.match(paragraph[:200])
    if not m:
        return None
    place = m.group("place").strip()
    first = place.split(",")[0]
    if sum(ch.isupper() for ch in first) < 2 or first != first.upper():
        return None
    agency = m.group("agency")
    if is_outlet(place):
        # "AP — The …": an agency credit, not a place.
        return None
    return Dateline(place, agency.strip() if agency else None)
