"""What a rule is: a named, pure test of one line that says why it would remove it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

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
class Gate:
    """A cheap test a line must pass for a rule to remove it: a rule returns None for every line
    its gate rejects, so `check_lines` runs a rule only on the lines its gate lets through.

    The gate looks at the line lower-cased: it holds if the line has a digit (`digit`), holds any
    of `needles`, any of `tail_needles` in its last `tail` characters, starts with any of
    `prefixes` after white space, or ends with any of `suffixes` before white space. It may let
    through more lines than the rule removes, never fewer.
    """

    needles: tuple[str, ...] = ()
    prefixes: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()
    digit: bool = False
    tail_needles: tuple[str, ...] = ()
    tail: int = 0

    def __post_init__(self) -> None:
        for needle in (*self.needles, *self.tail_needles):
            if not needle or "\n" in needle:
                raise ValueError(f"a gate needle must be one line of text: {needle!r}")
        if "" in self.prefixes or "" in self.suffixes:
            raise ValueError("an empty prefix or suffix would let every line through")
        if self.tail_needles and self.tail <= 0:
            raise ValueError("tail_needles need a tail length")

    def holds(self, line: str) -> bool:
        """The gate on one line (`check_lines` tests a whole clipping at once instead)."""
        low = line.lower()
        return (
            (self.digit and _DIGIT.search(line) is not None)
            or has_any(low, self.needles)
            or has_any(line[-self.tail :].lower(), self.tail_needles)
            or low.lstrip().startswith(self.prefixes)
            or low.rstrip().endswith(self.suffixes)
        )


@dataclass(frozen=True, slots=True)
class PatternRule:
    """Removes lines that match a pattern and are no longer than `max_len` characters.

    The length cap keeps a rule from eating a real paragraph that merely starts like boilerplate.
    """

    name: str
    pattern: re.Pattern[str]
    max_len: int = 120
    #: Substrings of which the line (lower-cased) must hold at least one before the pattern runs;
    #: a cheap gate that keeps most lines away from the regex.
    requires: tuple[str, ...] = ()
    _gate: re.Pattern[str] | None = field(init=False, default=None, repr=False, compare=False)
    #: `requires` as a `Gate` (None when the rule has none).
    gate: Gate | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.requires == DIGITS:
            object.__setattr__(self, "_gate", _DIGIT)
            object.__setattr__(self, "gate", DIGIT_GATE)
        elif self.requires:
            object.__setattr__(self, "gate", Gate(needles=self.requires))

    def __call__(self, line: str) -> Hit | None:
        if len(line) > self.max_len:
            return None
        if self._gate is not None:
            if self._gate.search(line) is None:
                return None
        elif self.requires and not has_any(line.lower(), self.requires):
            return None
        if self.pattern.search(line):
            return Hit(self.name)
        return None


def has_any(text: str, needles: tuple[str, ...]) -> bool:
    """True if any of `needles` occurs in `text` (a plain loop: cheaper than any() here)."""
    for needle in needles:
        if needle in text:
            return True
    return False


DIGITS = tuple("0123456789")
_DIGIT = re.compile(r"\d")
DIGIT_RE = _DIGIT
DIGIT_GATE = Gate(digit=True)


@dataclass(frozen=True, slots=True)
class FuncRule:
    """A rule written as a function, with the longest line it may ever remove.

    The cap lets `check_line` skip the rule for longer lines without calling it.
    """

    func: LineTest
    max_len: int
    gate: Gate | None = None

    def __call__(self, line: str) -> Hit | None:
        return self.func(line) if len(line) <= self.max_len else None


def line_rule(max_len: int, gate: Gate | None = None) -> Callable[[LineTest], FuncRule]:
    """Decorator: make a function a rule that only sees lines up to `max_len` characters (and,
    with a `gate`, only lines that pass it: the function must return None for any other)."""

    def wrap(func: LineTest) -> FuncRule:
        return FuncRule(func, max_len, gate)

    return wrap


def max_len_of(rule: LineTest) -> int:
    """The longest line a rule may remove (rules without a cap see every line)."""
    cap = getattr(rule, "max_len", None)
    return cap if isinstance(cap, int) else 1 << 30


_LEAD_JUNK = " \t\u00a0•·|>»›▶►-–—*#"
_TAIL_JUNK = " \t\u00a0:.!?…»›>|-–—：！？。\u3000"


def phrase_key(line: str) -> str:
    """A line reduced to what a whole-line phrase compares: lower case, single spaces, no
    bullets, trailing punctuation or count ("Comments (12)" → "comments")."""
    core = line.strip(_LEAD_JUNK).rstrip(_TAIL_JUNK)
    if core.endswith(")"):
        head, sep, count = core[:-1].rpartition("(")
        if sep and count.strip().isdigit():
            core = head.rstrip(_TAIL_JUNK)
    elif core[-1:].isdigit():
        # Only a line that ends in a digit can end in a count.
        head, sep, count = core.rpartition(" ")
        if sep and count.isdigit() and len(count) <= 7:
            core = head.rstrip(_TAIL_JUNK)
    return " ".join(core.lower().split())


@dataclass(frozen=True, slots=True)
class PhraseRule:
    """Removes lines that are one of a list of phrases, give or take bullets, punctuation and a
    trailing count. A set lookup, not a regex: most boilerplate lines are short phrases."""

    name: str
    words: frozenset[str]
    max_len: int = 60

    @classmethod
    def of(cls, name: str, words: Iterable[str], max_len: int = 60) -> PhraseRule:
        return cls(
            name, frozenset(" ".join(w.lower().split()) for w in words if w.strip()), max_len
        )

    def __call__(self, line: str) -> Hit | None:
        if len(line) <= self.max_len and phrase_key(line) in self.words:
            return Hit(self.name)
        return None


@dataclass(frozen=True, slots=True)
class PhraseTable:
    """Many phrase rules merged into one lookup; the first rule to list a phrase names it."""

    table: dict[str, tuple[str, int]]
    max_len: int

    @classmethod
    def merge(cls, rules: Iterable[PhraseRule]) -> PhraseTable:
        table: dict[str, tuple[str, int]] = {}
        for rule in rules:
            for word in rule.words:
                table.setdefault(word, (rule.name, rule.max_len))
        return cls(table, max((cap for _, cap in table.values()), default=0))

    def __call__(self, line: str) -> Hit | None:
        if len(line) > self.max_len:
            return None
        return self.lookup(line)

    def lookup(self, line: str) -> Hit | None:
        """The verdict for a line known to be no longer than `max_len`."""
        entry = self.table.get(phrase_key(line))
        if entry is not None and len(line) <= entry[1]:
            return Hit(entry[0])
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
