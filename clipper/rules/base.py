"""What a rule is: a named, pure test of one line that says why it would remove it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..models import Caption, Contact


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule's verdict that a line is not article text, with what it harvested from it."""

    rule: str
    caption: Caption | None = None
    contacts: tuple[Contact, ...] = ()
    contributors: tuple[str, ...] = ()
    licensor: str | None = None


LineTest = Callable[[str], Hit | None]


@dataclass(frozen=True, slots=True)
class PatternRule:
    """Removes lines that match a pattern and are no longer than `max_len` characters.

    The length cap keeps a rule from eating a real paragraph that merely starts like boilerplate.
    """

    name: str
    pattern: re.Pattern[str]
    max_len: int = 120

    def __call__(self, line: str) -> Hit | None:
        if len(line) <= self.max_len and self.pattern.search(line):
            return Hit(self.name)
        return None


def phrases(
    words: Iterable[str], *, whole_line: bool = True, flags: int = re.IGNORECASE
) -> re.Pattern[str]:
    """One compiled alternation of literal phrases (spaces match any run of spaces).

    With `whole_line`, the phrase must be the whole line give or take punctuation, bullets and
    a trailing count ("Comments (12)").
    """
    alts = sorted(
        {re.escape(w.strip()).replace(r"\ ", r"\s+") for w in words if w.strip()},
        key=len,
        reverse=True,
    )
    body = "|".join(alts)
    if whole_line:
        return re.compile(
            rf"^[\s•·|>»›▶►\-–—*#]*(?:{body})[\s:.!?…»›>|\-–—]*(?:\(?\d{{1,7}}\)?)?[\s.!]*$", flags
        )
    return re.compile(rf"(?:{body})", flags)
