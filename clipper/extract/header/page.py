"""One clipping as the header finders see it: the window near the body start, computed once."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import compress, islice, repeat
from operator import is_, is_not

from ...metadata.dates import ParsedDate
from ...rules import Hit
from .._prose import CJK as _CJK
from .._prose import SENTENCE_END as _SENTENCE_END
from .._prose import is_prose
from .lines import _BY, _BY_ALONE, _BY_CJK, _BY_GATE, _DATE_GATE, is_byline, parse_date_line

# The window of lines looked at, relative to the first body line: titles sit a few lines above it
# (sometimes far above, after a long menu) or, when the body was chosen too early, a little below.
BEFORE = 70
AFTER = 20


# ------------------------------------------------------------------------------------ the page


def _tokens(line: str) -> int:
    # Whitespace tokens stand in for words: a title or a paragraph is told by its size, and
    # str.split is several times cheaper than a Unicode word pattern. Too long for a title: a
    # rough count is enough to call it prose.
    return line.count(" ") + 1 if len(line) > 300 else len(line.split())


class _Page:
    """What the rankers look up about one clipping, computed once and only near the body."""

    __slots__ = (
        "blocks",
        "hits",
        "body",
        "start",
        "lo",
        "hi",
        "_elo",
        "_ehi",
        "_dates",
        "_unhit",
        "_meta",
        "_size",
        "_adm",
        "_readtime",
        "_scan",
        "_gates",
        "_words",
        "_cjks",
        "slug",
        "_text",
    )

    def __init__(
        self,
        blocks: Sequence[str],
        hits: Sequence[Hit | None],
        body_start: int,
        slug: frozenset[str] = frozenset(),
    ):
        self.blocks = blocks
        self.hits = hits
        self.start = body_start
        # The words of the page URL's slug (_slug.slug_words), empty without a URL.
        self.slug = slug
        self._text: str | None = None
        n = len(blocks)
        lo = self.lo = max(0, body_start - BEFORE)
        hi = self.hi = min(n, body_start + AFTER)
        # The window and a few lines beyond it, where neighbours and header lines are looked for.
        elo = self._elo = max(0, lo - 8)
        ehi = self._ehi = min(n, hi + 8)
        self._dates: dict[int, ParsedDate | None] = {}
        self._meta: dict[int, bool] = {}
        # (words, CJK characters) of lines outside the window asked about.
        self._size: dict[int, tuple[int, int]] = {}
        # Lines no rule removed (compress over an `is None` map: the scan runs in C).
        window_hits = hits[elo:ehi]
        free = list(compress(range(elo, ehi), map(is_, window_hits, repeat(None))))
        self._unhit = free[bisect_left(free, lo) : bisect_left(free, hi)]
        # Neighbours a header line may have: lines no rule removed, and read-time lines (header
        # furniture the rules removed), a little beyond the window.
        self._readtime: list[int] = []
        if len(free) < ehi - elo:
            self._readtime = [
                i
                for i in compress(range(elo, ehi), map(is_not, window_hits, repeat(None)))
                if (hit := hits[i]) is not None and hit.rule.startswith("readtime")
            ]
            if self._readtime:
                free = sorted(free + self._readtime)
        self._adm = free
        # The body as far as the header needs it: the lines no rule removed from its start on
        # (whichever picker chose the start, the rules or the line model).
        end = min(n, body_start + 120)
        body = list(
            islice(
                compress(range(body_start, end), map(is_, hits[body_start:end], repeat(None))), 40
            )
        )
        if len(body) < 40 and end < n:
            rest = compress(range(end, n), map(is_, islice(hits, end, None), repeat(None)))
            body += islice(rest, 40 - len(body))
        self.body = body
        # The window's lines short enough to be header lines, joined for one regex pass each.
        self._scan = _Joined(blocks, elo, ehi, 160)
        self._gates: _Gates | None = None
        self._words: list[int] = []
        self._cjks: list[int] = []

    def in_window(self, i: int) -> bool:
        return self._elo <= i < self._ehi

    def gates(self) -> _Gates:
        """Which lines of the window may hold a date or a byline, by a few regex passes over the
        joined window: the lines outside these sets are neither."""
        if self._gates is None:
            scan = self._scan
            # _BY_CJK's words are CJK characters: an ASCII window has none.
            cjk_by = set() if scan.text.isascii() else set(scan.lines(_BY_CJK, 60))
            by = set(scan.lines(_BY_GATE, 160, at_start=True))
            self._gates = _Gates(set(scan.lines(_DATE_GATE, 160)), by, cjk_by)
        return self._gates

    def window_sizes(self) -> tuple[list[int], list[int]]:
        """Words and CJK characters of each line of the window (from line self._elo on), all at
        once: the rankers ask about nearly every one."""
        if not self._words and self._ehi > self._elo:
            window = self.blocks[self._elo : self._ehi]
            # Whitespace tokens stand in for words (see _tokens).
            self._words = [len(b.split()) if len(b) <= 300 else b.count(" ") + 1 for b in window]
            if self._has_cjk():
                # A paragraph's head tells CJK prose (the count only has to reach 60).
                self._cjks = [
                    0 if b.isascii() else len(_CJK.findall(b, 0, 600 if len(b) > 300 else len(b)))
                    for b in window
                ]
            else:
                self._cjks = [0] * len(window)
        return self._words, self._cjks

    def _has_cjk(self) -> bool:
        """Any CJK in the window's lines (in the first 600 characters of a long one)."""
        text = self._scan.text
        # In UTF-8 every CJK character starts with a byte in E3..ED: a bytes filter in C rules
        # most windows out before the regex.
        if (
            not text.isascii()
            and text.encode("utf-8", "surrogatepass").translate(None, _NOT_CJK_LEAD)
            and _CJK.search(text)
        ):
            return True
        return any(
            len(b) > 160 and not b.isascii() and _CJK.search(b, 0, 600)
            for b in self.blocks[self._elo : self._ehi]
        )

    def dated_lines(self, lo: int, hi: int, longest: int) -> list[int]:
        """_Joined(blocks, lo, hi, longest).lines(_DATE_GATE, longest) for longest <= 160, the
        window's part taken from its gate."""
        a, b = max(lo, self._elo), min(hi, self._ehi)
        if a >= b:
            return _Joined(self.blocks, lo, hi, longest).lines(_DATE_GATE, longest)
        blocks = self.blocks
        out = _Joined(blocks, lo, a, longest).lines(_DATE_GATE, longest) if lo < a else []
        out += sorted(j for j in self.gates().dated if a <= j < b and len(blocks[j]) <= longest)
        if b < hi:
            out += _Joined(blocks, b, hi, longest).lines(_DATE_GATE, longest)
        return out

    def date(self, i: int) -> ParsedDate | None:
        if i not in self._dates:
            line = self.blocks[i]
            if len(line) > 160 or (self.in_window(i) and i not in self.gates().dated):
                self._dates[i] = None
            else:
                self._dates[i] = parse_date_line(line)
        return self._dates[i]

    def neighbours(self, i: int, step: int, count: int) -> list[int]:
        """Up to `count` lines next to i (step +1 after, -1 before) that no rule removed, within
        a few lines of the window."""
        adm = self._adm
        if step > 0:
            k = bisect_right(adm, i)
            return adm[k : k + count]
        k = bisect_left(adm, i)
        return adm[max(0, k - count) : k][::-1]

    def byline(self, i: int) -> bool:
        """is_byline(line i), the gates sparing the regexes on most lines of the window."""
        if not self.in_window(i):
            return is_byline(self.blocks[i])
        gates = self.gates()
        if i in gates.cjk_by:
            return True
        if i not in gates.by:
            return False
        line = self.blocks[i]
        return bool(_BY.match(line)) and not is_prose(line)

    def common_words(self, name: str) -> bool:
        """Every word of `name` (three letters or more, particles aside) is one the clipping
        also prints in lower case: "Waterfall Model", "Top Weight Loss Medications" are
        common words capitalised as a heading, not a person's name."""
        # Only words with a capital to drop: a script without case (Chinese, Japanese,
        # Korean) or a name in lower case ("infuy") tells nothing here.
        words = [
            low
            for w in _NAME_WORD.findall(name)
            if (low := w.lower()) != w and low not in _PARTICLE_WORDS
        ]
        if not words:
            return False
        text = self.text()
        return all(_holds_word(text, w) for w in words)

    def lines_matching(self, pattern: re.Pattern[str]) -> Iterator[int]:
        """The lines where `pattern` matches over the whole clipping, for a pattern that starts
        with the line break before its line (a literal first character makes the scan fast);
        the index may be len(blocks) for a match on the break after the last line."""
        text = self.text()
        breaks, at = 0, 0
        for m in pattern.finditer(text):
            # Line j has j breaks before the one the match starts on.
            breaks += text.count("\n", at, m.start())
            at = m.start()
            yield breaks

    def text(self) -> str:
        """The whole clipping, a line break before every line and after the last (built once,
        for the searches that look beyond the window)."""
        if self._text is None:
            self._text = "\n" + "\n".join(self.blocks) + "\n"
        return self._text

    def by_alone(self, i: int) -> bool:
        """ "By" alone on line i, the name on the next line."""
        line = self.blocks[i]
        if self.in_window(i) and len(line) <= 160 and i not in self.gates().by:
            return False
        return bool(_BY_ALONE.match(line))

    def read_meta(self) -> None:
        """Which lines of the window (and a few beyond) are bylines, dates or read times, read
        at once: the ranker asks about nearly all of them. Regex passes over the lines joined
        say which lines may hold a date or a byline; the rest need no look of their own."""
        meta = self._meta
        meta.update(dict.fromkeys(self._adm, False))
        meta.update(dict.fromkeys(self._readtime, True))
        gates = self.gates()
        hits = self.hits
        for i in gates.by | gates.cjk_by | gates.dated:
            if hits[i] is None:
                meta[i] = self.byline(i) or self.by_alone(i) or self.date(i) is not None

    def is_meta(self, i: int) -> bool:
        """A byline, date or read-time line."""
        known = self._meta.get(i)
        if known is None:
            hit = self.hits[i]
            if hit is not None:
                known = hit.rule.startswith("readtime")
            else:
                known = len(self.blocks[i]) <= 160 and (
                    self.byline(i) or self.by_alone(i) or self.date(i) is not None
                )
            self._meta[i] = known
        return known

    def is_by(self, i: int) -> bool:
        """A byline line, or "By" alone before the name."""
        return self.is_meta(i) and (self.byline(i) or self.by_alone(i))

    def size(self, i: int) -> tuple[int, int]:
        """(words, CJK characters) of line i; words are whitespace tokens."""
        if self._elo <= i < self._ehi:
            words, cjks = self.window_sizes()
            return words[i - self._elo], cjks[i - self._elo]
        known = self._size.get(i)
        if known is None:
            line = self.blocks[i]
            known = (_tokens(line), 0 if line.isascii() else len(_CJK.findall(line)))
            self._size[i] = known
        return known

    def prose(self, i: int) -> bool:
        words, cjk = self.size(i)
        if cjk >= 30:
            return cjk >= 60 or bool(_SENTENCE_END.search(self.blocks[i]))
        return words >= 25 or (words >= 10 and bool(_SENTENCE_END.search(self.blocks[i])))


_NOT_CJK_LEAD = bytes(range(0xE3)) + bytes(range(0xEE, 0x100))


@dataclass(slots=True)
class _Gates:
    """Lines of a page's window that may be date lines, "By …" lines (or "By" alone) and CJK
    reporter lines; lines outside these sets are none of them."""

    dated: set[int]
    by: set[int]
    cjk_by: set[int]


_NAME_WORD = re.compile(r"[^\W\d_]{3,}")


def _holds_word(text: str, word: str) -> bool:
    """`word` occurs in `text` as a whole word, in exactly that case."""
    size = len(word)
    at = text.find(word)
    while at >= 0:
        end = at + size
        if (at == 0 or not text[at - 1].isalnum()) and (
            end == len(text) or not text[end].isalnum()
        ):
            return True
        at = text.find(word, at + 1)
    return False


_PARTICLE_WORDS = frozenset("van von der den del della dos das bin ibn".split())


class _Joined:
    """Lines [lo, hi) joined by line breaks (those longer than `longest` left blank), so that a
    pattern runs over them all in one regex pass rather than one call per line."""

    __slots__ = ("blocks", "lo", "size", "text", "split")

    def __init__(self, blocks: Sequence[str], lo: int, hi: int, longest: int):
        parts = [b if len(b) <= longest else "" for b in blocks[lo:hi]]
        self.blocks = blocks
        self.lo = lo
        self.size = len(parts)
        self.text = "\n".join(parts)
        # A block with a line break inside (not from extract_text) would shift the lines.
        self.split = self.text.count("\n") != len(parts) - 1

    def lines(self, pattern: re.Pattern[str], longest: int, at_start: bool = False) -> list[int]:
        """Indices of the lines no longer than `longest` where `pattern` matches; with
        `at_start`, a pattern starting with a line break (a literal first character makes the
        scan several times faster) that only matches at the start of a line."""
        blocks, lo = self.blocks, self.lo
        head = "\n" if at_start else ""
        if self.split:
            return [
                lo + k
                for k in range(self.size)
                if len(b := blocks[lo + k]) <= longest and pattern.search(head + b)
            ]
        text = self.text
        out: list[int] = []
        j, at = lo, 0
        # A match's line: the line breaks before it, counted on from the last match's. (With
        # the break put before the first line, a match starts where its line does.)
        for m in pattern.finditer(head + text):
            j += text.count("\n", at, m.start())
            at = m.start()
            if (not out or out[-1] != j) and len(blocks[j]) <= longest:
                out.append(j)
        return out
