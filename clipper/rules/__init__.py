"""Boilerplate line rules, one module per family; one rule set for copied text and HTML alike.

A rule is a pure function of one line that returns a `Hit` (its `family.name` and whatever it
harvested: a caption, contacts, contributors, a licensor) or None. `clean_blocks` runs them over a
clipping's blocks and keeps the record of what it removed and why.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import accumulate

from ..models import Caption, Contact, Removal, SiteRules
from . import captions, comments, licensing, navigation, promo, readtime, ticker, trailers
from .base import (
    DIGIT_RE,
    FuncRule,
    Gate,
    Hit,
    LineTest,
    PatternRule,
    PhraseRule,
    PhraseTable,
    max_len_of,
)

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
    "check_lines",
    "clean_blocks",
    "kept_by_rule",
    "site_keep_rules",
    "site_line_rules",
]


# Most article lines are longer than what any rule may remove: look rules up by line length so a
# long paragraph meets only the few rules that could apply to it, in their priority order.
_CAPS: tuple[int, ...] = tuple(sorted({max_len_of(r) for r in RULES}))


def _gate_of(rule: LineTest) -> Gate | None:
    gate = getattr(rule, "gate", None)
    return gate if isinstance(gate, Gate) else None


# Each distinct gate is one bit of a line's mask; rules without a gate always run.
_GATES: tuple[Gate, ...] = tuple(dict.fromkeys(g for r in RULES if (g := _gate_of(r))))
_BIT = {gate: 1 << i for i, gate in enumerate(_GATES)}
# The longest line each gate's rules may remove: a needle is looked for in shorter lines only.
_GATE_CAP = {g: max(max_len_of(r) for r in RULES if _gate_of(r) is g) for g in _GATES}


def _needle_table(tail: bool) -> tuple[tuple[str, int, int], ...]:
    """(needle, longest line, gate bits), longest lines first (they search the most text)."""
    table: dict[tuple[str, int], int] = {}
    for g in _GATES:
        for needle in g.tail_needles if tail else g.needles:
            key = (needle, _GATE_CAP[g])
            table[key] = table.get(key, 0) | _BIT[g]
    return tuple(sorted(((n, cap, bits) for (n, cap), bits in table.items()), key=lambda t: -t[1]))


_TAIL_NEEDLES = _needle_table(tail=True)
_TAILS = {g.tail for g in _GATES if g.tail_needles}
if len(_TAILS) > 1:
    raise ValueError("all gates with tail needles must share one tail length")
_TAIL = next(iter(_TAILS), 0)
_TAIL_CAP = max((cap for _, cap, _ in _TAIL_NEEDLES), default=0)
# A line no longer than the tail is its own tail: its tail needles are looked for in the whole
# line, in the same pass as the needles (longest lines first, as `_needle_table` orders them).
_NEEDLES = tuple(
    sorted(
        (
            *_needle_table(tail=False),
            *((needle, min(cap, _TAIL), bits) for needle, cap, bits in _TAIL_NEEDLES),
        ),
        key=lambda t: -t[1],
    )
)
_DIGIT_BITS = sum(_BIT[g] for g in _GATES if g.digit)
_DIGIT_CAP = max((_GATE_CAP[g] for g in _GATES if g.digit), default=0)


def _by_char(affixes: Iterable[str], at: int) -> dict[str, tuple[str, ...]]:
    """Affixes grouped by their character at `at` (0: prefixes, -1: suffixes)."""
    out: dict[str, tuple[str, ...]] = {}
    for affix in dict.fromkeys(affixes):
        out[affix[at]] = (*out.get(affix[at], ()), affix)
    return out


def _direct(rule: LineTest) -> LineTest:
    """The rule as `_check_lines` calls it: a line there is never longer than the rule's cap, and
    a gated rule only sees lines its gate lets through, so its own length and gate tests (and,
    for a pattern, a new Hit per match) are skipped. Same verdicts, a third of the cost."""
    if isinstance(rule, FuncRule):
        return rule.func
    if isinstance(rule, PhraseTable):
        return rule.lookup
    if isinstance(rule, PatternRule):
        search = rule.pattern.search
        hit = Hit(rule.name)

        def test(line: str) -> Hit | None:
            return hit if search(line) is not None else None

        return test
    return rule


class _Bucket:
    """The rules for lines up to one length cap, and which of them each gate mask leaves."""

    __slots__ = ("bits", "chosen", "direct", "prefixes", "rules", "suffixes", "tests")

    def __init__(self, rules: tuple[LineTest, ...]) -> None:
        self.rules = rules
        self.direct = tuple(_direct(r) for r in rules)
        gates = [_gate_of(r) for r in rules]
        self.bits = tuple(_BIT[g] if g is not None else 0 for g in gates)
        live = [g for g in dict.fromkeys(gates) if g is not None]
        #: All prefixes and suffixes of this bucket's gates, by first (last) character: one test
        #: each rejects most lines.
        self.prefixes = _by_char((p for g in live for p in g.prefixes), 0)
        self.suffixes = _by_char((x for g in live for x in g.suffixes), -1)
        self.tests = tuple(
            (g.prefixes, g.suffixes, _BIT[g]) for g in live if g.prefixes or g.suffixes
        )
        self.chosen: dict[int, tuple[LineTest, ...]] = {}

    def for_mask(self, mask: int) -> tuple[LineTest, ...]:
        """The rules whose gate holds (or that have none), in priority order."""
        rules = self.chosen.get(mask)
        if rules is None:
            rules = tuple(
                r for r, bit in zip(self.direct, self.bits, strict=True) if not bit or mask & bit
            )
            self.chosen[mask] = rules
        return rules


_BUCKETS: tuple[_Bucket, ...] = tuple(
    _Bucket(tuple(r for r in RULES if max_len_of(r) >= cap)) for cap in _CAPS
)
_MAX_CAP = _CAPS[-1] if _CAPS else -1
# The bucket for each line length up to the longest cap (a list index beats a bisection).
_BY_LEN: tuple[_Bucket, ...] = tuple(_BUCKETS[bisect_left(_CAPS, n)] for n in range(_MAX_CAP + 1))


def _rules_for(length: int) -> tuple[LineTest, ...]:
    return _BY_LEN[length].rules if length <= _MAX_CAP else ()


#: The name prefix of a user's keep rules (docs/rules.md): their hit means "keep this line".
KEEP_PREFIX = "keep."


def check_line(line: str, extra: Sequence[LineTest] = ()) -> Hit | None:
    """The first rule that would remove `line`, or None if it may be article text."""
    return check_lines((line,), extra)[0]


def _starts(lens: Iterable[int]) -> list[int]:
    """Where each line starts in the lines joined by "\\n" (and, last, where one more would)."""
    return [0, *accumulate(map((1).__add__, lens))]


def _find_lines(
    text: str,
    starts: Sequence[int],
    sizes: Sequence[int],
    needles: Iterable[tuple[str, int, int]],
    masks: list[int],
    order: Sequence[int],
) -> None:
    """OR each needle's bits into the masks of the lines that hold it.

    `text` is lines joined by "\\n", shortest first (`starts` where each begins in `text`,
    `sizes` the lengths the caps apply to, `order` where each line came from), so the lines a
    needle applies to are the start of the text: each needle is looked for once in that stretch,
    and once found, from the next line on.
    """
    last = len(sizes) - 1
    for needle, cap, bits in needles:
        end = starts[bisect_right(sizes, cap)]
        if len(needle) > 1 and not needle[0].isascii() and needle[0] not in text:
            # Looking for one rare character is many times cheaper than for a string.
            continue
        at = text.find(needle, 0, end)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            masks[order[i]] |= bits
            if i >= last:
                break
            at = text.find(needle, starts[i + 1], end)


def _gate_masks(lines: Sequence[str]) -> list[int]:
    """Per line, the bits of the gates whose needles (or digit) it holds."""
    n = len(lines)
    masks = [0] * n
    lens = [len(line) for line in lines]
    order = sorted(range(n), key=lens.__getitem__)
    lines = [lines[i] for i in order]
    lens = [lens[i] for i in order]
    text = "\n".join(lines)
    starts = _starts(lens)
    if _DIGIT_BITS:
        end = starts[bisect_right(lens, _DIGIT_CAP)]
        m = DIGIT_RE.search(text, 0, end)
        while m is not None:
            i = bisect_right(starts, m.start()) - 1
            masks[order[i]] |= _DIGIT_BITS
            if i >= n - 1:
                break
            m = DIGIT_RE.search(text, starts[i + 1], end)
    low = text.lower()
    if len(low) != len(text):
        # "İ" lower-cases to two characters: then the lines are lower-cased one by one.
        starts = _starts(len(line.lower()) for line in lines)
    _find_lines(low, starts, lens, _NEEDLES, masks, order)
    # Longer lines: their tails only, cut and lower-cased.
    k = bisect_right(lens, _TAIL)
    hi = bisect_right(lens, _TAIL_CAP)
    if hi > k:
        tails = [line[-_TAIL:].lower() for line in lines[k:hi]]
        _find_lines(
            "\n".join(tails),
            _starts(map(len, tails)),
            lens[k:hi],
            _TAIL_NEEDLES,
            masks,
            order[k:hi],
        )
    return masks


def check_lines(lines: Sequence[str], extra: Sequence[LineTest] = ()) -> list[Hit | None]:
    """`check_line` for every line of a clipping: the gates of all rules are tested for the
    whole clipping at once, so a line meets only the rules that could remove it. One verdict
    looks at a neighbour: a line led by a caption sign is a caption when a credit line follows
    it (`captions.beside_credits`)."""
    hits: list[Hit | None] | None = None
    if all(isinstance(rule, PatternRule) for rule in extra):
        # A rule's verdict depends on the line alone (a user's own function might not): a line
        # repeated in the clipping (a fifth of a copy's lines: menus, share bars) is asked once.
        unique = list(dict.fromkeys(lines))
        if len(unique) < len(lines):
            verdicts = dict(zip(unique, _check_lines(unique, extra), strict=True))
            hits = [verdicts[line] for line in lines]
    if hits is None:
        hits = _check_lines(lines, extra)
    return captions.beside_credits(lines, hits)


def _check_lines(lines: Sequence[str], extra: Sequence[LineTest]) -> list[Hit | None]:
    masks = _gate_masks(lines)
    out: list[Hit | None] = []
    by_len = _BY_LEN
    max_cap = _MAX_CAP
    for line, mask in zip(lines, masks, strict=True):
        hit: Hit | None = None
        size = len(line)
        if size and not line.isspace():
            for rule in extra:
                hit = rule(line)
                if hit is not None:
                    break
            else:
                if size <= max_cap:
                    bucket = by_len[size]
                    if bucket.prefixes or bucket.suffixes:
                        low = line.lower()
                        head = low.lstrip()
                        end = low.rstrip()
                        if head.startswith(bucket.prefixes.get(head[:1], ())) or end.endswith(
                            bucket.suffixes.get(end[-1:], ())
                        ):
                            for prefixes, suffixes, bit in bucket.tests:
                                if head.startswith(prefixes) or end.endswith(suffixes):
                                    mask |= bit
                    rules = bucket.chosen.get(mask)
                    if rules is None:
                        rules = bucket.for_mask(mask)
                    for rule in rules:
                        hit = rule(line)
                        if hit is not None:
                            break
            if hit is not None and hit.rule[:5] == KEEP_PREFIX:
                # A user's keep rule matched first: no rule may remove this line.
                hit = None
        out.append(hit)
    return out


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
    blocks = list(blocks)
    for i, (block, hit) in enumerate(zip(blocks, check_lines(blocks, extra), strict=True)):
        if hit is None:
            result.kept.append(block)
            result.kept_index.append(i)
            continue
        result.removed.append(Removal(hit.rule, block))
        result.harvest(hit)
    return result


@lru_cache(maxsize=32)
def site_line_rules(rules: SiteRules | None) -> tuple[PatternRule, ...]:
    """The user's rules (read from their files at the API boundary) as line tests; () for none.

    Keep rules come first, named `keep.<name>`: `check_lines` turns their hit into "kept"."""
    if rules is None:
        return ()
    return site_keep_rules(rules) + tuple(
        PatternRule(r.name, r.pattern, r.max_len) for r in rules.rules if not r.keep
    )


@lru_cache(maxsize=32)
def site_keep_rules(rules: SiteRules | None) -> tuple[PatternRule, ...]:
    """The user's keep rules alone, named `keep.<name>`; () when there are none (then the
    extractors' layout steps skip the keep checks altogether)."""
    if rules is None:
        return ()
    return tuple(
        PatternRule(KEEP_PREFIX + r.name.removeprefix("site."), r.pattern, r.max_len)
        for r in rules.rules
        if r.keep
    )


def kept_by_rule(text: str, keep: Sequence[LineTest]) -> bool:
    """Whether a keep rule matches `text` or one of its lines (a list block's items): what the
    extractors' layout steps (html.*, header.*, layout.*, repeats.site) leave in because of it."""
    if not keep:
        return False
    lines = text.split("\n") if "\n" in text else (text,)
    return any(rule(line.strip()) is not None for line in lines for rule in keep)
