"""Syndication markers: "Featured article licensed from", "Distributed by …"."""

from __future__ import annotations

import re

from .base import Gate, Hit, PhraseRule, line_rule
from .data.words import LICENSING

_MARKER = PhraseRule.of("licensing.marker", LICENSING, 60)
# "This article originally appeared in The Conversation." / "Distributed by Tribune Content Agency."
_ORIGIN = re.compile(
    r"^\s*(?:this (?:article|story|piece) (?:was )?(?:originally |first )?(?:appeared|published) (?:in|on|by)|"
    r"(?:originally|first) published (?:in|on|by)|distributed by|licensed from|republished (?:with permission )?from|"
    r"reprinted (?:with permission )?from)\s+(?P<outlet>[^.]{2,80})\.?\s*$",
    re.I,
)


_ORIGIN_START = (
    "this ",
    "originally",
    "first",
    "distributed",
    "licensed",
    "republished",
    "reprinted",
)


@line_rule(200, Gate(prefixes=_ORIGIN_START))
def origin(line: str) -> Hit | None:
    if len(line) > 200 or not line.lstrip().lower().startswith(_ORIGIN_START):
        return None
    m = _ORIGIN.match(line)
    if not m:
        return None
    return Hit("licensing.origin", licensor=m.group("outlet").strip())


RULES = (_MARKER, origin)
