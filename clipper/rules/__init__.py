"""Boilerplate line rules, one module per family; one rule set for copied text and HTML alike.

A rule is a pure function of one line that returns a `Hit` (its `family.name` and whatever it
harvested: a caption, contacts, contributors, a licensor) or None. `clean_blocks` runs them over a
clipping's blocks and keeps the record of what it removed and why.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache

from ..errors import ClipperError
from ..models import Caption, Contact, Removal
from . import captions, comments, licensing, navigation, promo, readtime, ticker, trailers
from .base import Hit, LineTest, PatternRule, PhraseRule, PhraseTable, max_len_of

# Order matters only for the name a line is removed under: the most specific families first.
_ALL: tuple[LineTest, ...] = (
    *ticker.RULES,
    *trailers.RULES,
    *licensing.RULES,
    *captions.RULES,
    *readtime.RULES,
    *comments.RULES,
    *navigation.RULES,
    *promo.RULES,
)

# Whole-line phrases of every family are looked up in one table, first; the pattern and function
# rules follow in their order.
RULES: tuple[LineTest, ...] = (
    PhraseTable.merge(r for r in _ALL if isinstance(r, PhraseRule)),
    *(r for r in _ALL if not isinstance(r, PhraseRule)),
)

__all__ = [
    "Hit",
    "PatternRule",
    "RULES",
    "RulesResult",
    "check_line",
    "clean_blocks",
    "load_site_rules",
]


# Most article lines are longer than what any rule may remove: look rules up by line length so a
# long paragraph meets only the few rules that could apply to it, in their priority order.
_CAPS: tuple[int, ...] = tuple(sorted({max_len_of(r) for r in RULES}))
_BY_CAP: tuple[tuple[LineTest, ...], ...] = tuple(
    tuple(r for r in RULES if max_len_of(r) >= cap) for cap in _CAPS
)


def _rules_for(length: int) -> tuple[LineTest, ...]:
    i = bisect_left(_CAPS, length)
    return _BY_CAP[i] if i < len(_BY_CAP) else ()


def check_line(line: str, extra: Sequence[LineTest] = ()) -> Hit | None:
    """The first rule that would remove `line`, or None if it may be article text."""
    if not line or line.isspace():
        return None
    for rule in extra:
        hit = rule(line)
        if hit is not None:
            return hit
    for rule in _rules_for(len(line)):
        hit = rule(line)
        if hit is not None:
            return hit
    return None


@dataclass(slots=True)
class RulesResult:
    """What `clean_blocks` kept, removed and harvested."""

    kept: list[str] = field(default_factory=list)
    kept_index: list[int] = field(default_factory=list)
    removed: list[Removal] = field(default_factory=list)
    captions: list[Caption] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    contributors: list[str] = field(default_factory=list)
    licensors: list[str] = field(default_factory=list)

    def harvest(self, hit: Hit) -> None:
        """Keep what a hit carries: captions once each, contacts merged, contributors once each."""
        cap = hit.caption
        if cap is not None and (cap.text or cap.credit):
            if cap.text == "" and self.captions and self.captions[-1].credit is None:
                # A credit on its own line right after a caption belongs to it.
                self.captions[-1] = replace(self.captions[-1], credit=cap.credit)
            elif all(
                c.text != cap.text or (c.text == "" and c.credit != cap.credit)
                for c in self.captions
            ):
                self.captions.append(cap)
        for contact in hit.contacts:
            self._add_contact(contact)
        for name in hit.contributors:
            if name not in self.contributors:
                self.contributors.append(name)
        if hit.licensor and hit.licensor not in self.licensors:
            self.licensors.append(hit.licensor)

    def _add_contact(self, contact: Contact) -> None:
        if contact.name is None and contact.email:
            # An address that wrapped onto its own line: give it to the named contact it fits.
            email = contact.email.lower()
            open_ = [i for i, c in enumerate(self.contacts) if c.email is None and c.name]
            fit = next((i for i in open_ if _surname(self.contacts[i].name) in email), None)
            if fit is None and open_:
                fit = open_[0]
            if fit is not None:
                self.contacts[fit] = replace(self.contacts[fit], email=contact.email)
                return
        if contact not in self.contacts:
            self.contacts.append(contact)


def _surname(name: str | None) -> str:
    parts = (name or "").split()
    return parts[-1].lower() if parts else "\0"


def clean_blocks(blocks: Iterable[str], extra: Sequence[LineTest] = ()) -> RulesResult:
    """Run every rule over `blocks` (lines of copied text, or paragraphs of an HTML page)."""
    result = RulesResult()
    for i, block in enumerate(blocks):
        hit = check_line(block, extra)
        if hit is None:
            result.kept.append(block)
            result.kept_index.append(i)
            continue
        result.removed.append(Removal(hit.rule, block))
        result.harvest(hit)
    return result


@lru_cache(maxsize=32)
def load_site_rules(path: str) -> tuple[PatternRule, ...]:
    """Rules a user wrote, from a JSON file: `[{"name": "site.promo", "pattern": "...", "max_len": 80}]`.

    Names are prefixed `site.` so a removal always tells a user's rule from a built-in one.
    """
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        rules = []
        for entry in data:
            name = str(entry["name"])
            rules.append(
                PatternRule(
                    name if name.startswith("site.") else f"site.{name}",
                    re.compile(
                        str(entry["pattern"]),
                        re.IGNORECASE if entry.get("ignore_case", True) else 0,
                    ),
                    int(entry.get("max_len", 200)),
                )
            )
        return tuple(rules)
    except (OSError, ValueError, KeyError, TypeError, re.error) as exc:
        raise ClipperError(f"cannot load site rules: {exc}", path) from exc
