"""Header of copied text: title, byline and date lines near the body, title by a small ranker."""

from __future__ import annotations

import json
import math
import re
import struct
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, islice, repeat
from operator import is_, is_not
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ...metadata.byline import (
    is_known_outlet,
    looks_like_handle,
    looks_like_person,
    parse_byline,
    split_authors,
)
from ...metadata.dates import ParsedDate, parse_date
from ...rules import Hit
from .._prose import CJK as _CJK
from .._prose import SENTENCE_END as _SENTENCE_END
from .._prose import cjk_count as _cjk
from .._prose import is_prose
from .._prose import word_count as _words
from .._slug import slug_words
from .._slug import words as slug_words_in
from ..data.stopwords import STOPWORDS

F64 = npt.NDArray[np.float64]

_DATA = Path(__file__).resolve().parent.parent / "data"
TITLE_MODEL = _DATA / "header_title.json"
# The ranker for clippings whose URL has a slug: the same features, its words matched too. (One
# model for both kinds does worse without a URL: it leans on the slug it then lacks.)
TITLE_URL_MODEL = _DATA / "header_title_url.json"

# The window of lines looked at, relative to the first body line: titles sit a few lines above it
# (sometimes far above, after a long menu) or, when the body was chosen too early, a little below.
BEFORE = 70
AFTER = 20
# Title candidates: this many title-like lines nearest the body start above it and below it.
NEAR_BEFORE = 30
NEAR_AFTER = 10
# How far from the body start a date line may be when none is next to the title.
FAR_DATES = 80
# How far from the body start an explicit "By …" line may be when none is next to the title.
FAR_BYLINE = 30
# How many of them, ranked by the cheap features, get the full feature set.
KEEP = 8

_DIGIT = re.compile(r"\d")
_SEP = re.compile(r"\s[|–—-]\s|\s::\s")
_CRUMB = re.compile(r"(?<!\s)\s*(?:»|›|>|/|→|\||::)\s*")
# A person's name as a line of its own: two to four capitalised words.
_PERSON = re.compile(r"^(?:[A-Z][\w'’.-]*\.?\s){1,3}[A-Z][\w'’-]+$")
_CRUMB_SEP = re.compile(r"»|›|\s>\s|\s/\s|→|\s\|\s")
_HAS_CRUMB = re.compile(r"»|›|\s>\s|\s/\s|→")
_YEARISH = re.compile(r"(?:19|20)\d\d|\d[./-]\d{1,2}[./-]\d\d")
# Looser than _YEARISH and several times faster to scan a long text with (one leading digit).
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
_UPDATED = re.compile(
    r"\b(?:updated|modified|last updated|last modified|edited|revised|aktualisiert|geändert|"
    r"mis à jour|actualizado|actualización|aggiornato)\b|수정|更新|업데이트",
    re.I,
)
_PUBLISHED = re.compile(
    r"\b(?:published|posted|originally published|first published|released|veröffentlicht|"
    r"publié|publicado|pubblicato)\b|입력|등록|公開|発行|发布|發布",
    re.I,
)
_READTIME = re.compile(r"\b\d{1,3}\s*(?:min(?:ute)?s?|m)\.?\s*(?:read|reading)?\b|분|分", re.I)

# Whitespace runs are entered once ((?<!\s) before a leading \s*/\s+): linear on long runs.
_PARTS = re.compile(r"(?<!\s)\s*[|•·⋅]\s*")
_BY_INNER = re.compile(r"(?<=\s)(?:by|von|par|por)\s+(?=\S)", re.I)
_BY_HANDLE = re.compile(r"^\s*(?:by|posted by|written by)\s*(?::\s*)?(\S+)\s*$", re.I)
_COMMENTS_TAIL = re.compile(r"(?<!\s)\s+\d+\s+(?:comments?|responses?|replies)\b.*$", re.I)
_TRAILING_ON = re.compile(r"(?<!\s)\s+(?:on|am|le|el|il)\s*$", re.I)

# Shapes parse_date (metadata/dates.py) does not read, handled here before or after it.
_EN_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
_MONTH_HEADS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
# "ZeldmanNovember 20, 2007", "HealthDECEMBER 22, 2022": a date glued to the word before it.
# (Each month pattern first looks ahead for a month's first letter: a set test is far cheaper
# than trying every name at every position.)
_GLUED_BEFORE = re.compile(
    rf"(?<=[a-z])(?=[JFMASOND])(?=(?:{_EN_MONTHS}|{_EN_MONTHS.upper()})\.?\s+\d{{1,2}}\b)"
)
# "October 17, 20236:01 PM", "Mar 27, 20255 mins": a year glued to the time or the read time after.
_GLUED_AFTER = re.compile(
    rf"(?=[jfmasond])((?:{_EN_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?[,.]?\s+(?:19|20)\d\d)(?=\d)",
    re.I,
)
# "Jul. 11. 2025": a period after the day.
_DAY_DOT = re.compile(rf"(?=[jfmasond])((?:{_EN_MONTHS})\.?\s+\d{{1,2}})\.\s+((?:19|20)\d\d)", re.I)
# "19-Dec-2025", "04-ago-2021".
_DASHED = re.compile(r"(?<!\d)(\d{1,2})-([^\W\d_]{3,9})\.?-((?:19|20)\d\d)(?!\d)")
# Where a date starts inside a byline ("Mike Kappel May 18, 2016").
_DATE_CUT = re.compile(
    rf"\s(?=(?:(?:{_EN_MONTHS})\.?\s+\d|\d{{1,4}}[-./]\d|\d{{1,2}}-[^\W\d_]{{3,9}}-\d{{4}}|"
    rf"\d{{1,2}}\.?\s+[^\W\d_]{{3,}}\.?\s+\d{{4}}))",
    re.I,
)
_GLUED_DATE = re.compile(rf"(?<=[a-z])(?=[A-Z])(?=(?i:{_EN_MONTHS})\.?\s+\d)")
_GLUED_LABEL = re.compile(
    r"(?<=[^\W\d_])(?:PUBLISHED|UPDATED|LAST UPDATED|POSTED|Published|Updated|Last updated|"
    r"Last Updated|Posted)\b.*$"
)
# The label of the date cut off after the name: "By Rhonda Krause Updated January 25, 2026".
# (Each starts where a run of spaces starts: a search from every space of a long run would take
# quadratic time, tests/hostile/test_linear_time.py.)
_LABEL_TAIL = re.compile(
    r"(?<!\s)\s+(?:last\s+)?(?:updated|published|posted)(?:\s+on)?\s*:?\s*$", re.I
)
# An em dash never sits inside a name: what follows is a read time, a date or a role.
_DASH_TAIL = re.compile(r"—.*$")
# Numeric dates parse_date leaves alone because both readings are possible: "8/1/2025" (US
# month first with slashes), "12.12.2025", "14.11.24" (day first with dots).
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")
_DOTTED_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)?\d\d)(?![\d.])")


def _ymd(y: int, m: int, d: int) -> ParsedDate | None:
    if y < 100:
        y += 2000
    return parse_date(f"{y:04d}-{m:02d}-{d:02d}") if 1 <= m <= 12 and 1 <= d <= 31 else None


def parse_date_line(line: str) -> ParsedDate | None:
    """The first date in a short line, in parse_date's shapes or the extra ones above."""
    # A digit search is several times cheaper than the year pattern and fails on most lines.
    if len(line) > 200 or not _DIGIT.search(line) or not _YEARISH.search(line):
        return None
    fixed = line
    low = line.casefold()
    # The three fixes all need an English month name: a few substring tests skip them on the
    # other date lines (their patterns scan the line once per month name).
    if any(m in low for m in _MONTH_HEADS):
        fixed = _GLUED_AFTER.sub(r"\1 ", _GLUED_BEFORE.sub(" ", line))
        fixed = _DAY_DOT.sub(r"\1, \2", fixed)
    parsed = parse_date(fixed)
    if parsed is not None:
        return parsed
    m = _DASHED.search(line)
    if m:
        parsed = parse_date(f"{m.group(1)} {m.group(2)} {m.group(3)}")
        if parsed is not None:
            return parsed
    m = _SLASHED.search(line)
    if m:
        return _ymd(int(m.group(3)), int(m.group(1)), int(m.group(2)))
    m = _DOTTED_DMY.search(line)
    # A two-digit year only when the line is nothing but the date ("14.11.24").
    if m and (len(m.group(3)) == 4 or m.group(0) == line.strip()):
        return _ymd(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    return None


def is_byline(line: str) -> bool:
    """A "By …" line, a Korean/Japanese/Chinese reporter line, or "Author: …"."""
    if len(line) > 160:
        return False
    if _BY.match(line) and not is_prose(line):
        return True
    return len(line) <= 60 and bool(_BY_CJK.search(line))


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


# ------------------------------------------------------------------------------------ the title

# Cheap features first (computed for every candidate, a column at a time), then those worth
# computing only for the candidates the cheap ones rank highest.
TITLE_FEATURES: tuple[str, ...] = (
    "before",
    "dist_before",
    "dist_after",
    "cand_rank",
    "words",
    "short",
    "long",
    "cjk",
    "period",
    "question",
    "colon",
    "allcaps",
    "prose",
    "dup",
    "crumb",
    "rel_len",
    "lower_start",
    "num_start",
    "position",
    "adjacent",
    "near3",
    "commas",
    "next_meta",
    "next_byline",
    "prev_meta",
    "self_meta",
    "short_run",
    "toc",
    "meta_rank",
    "stop",
    "dspace",
    "by_inner",
    "after_shorter",
    "before_longer",
    "slug_cover",
    "slug_prec",
    # expensive
    "titlecase",
    "overlap",
    "sep",
    "digits",
    "prev_short",
    "next_prose",
    "promo",
    "crumb_near",
    "rel_overlap",
    "person",
    "crumb_line",
    "inside_near",
    "holds_near",
)
N_CHEAP = TITLE_FEATURES.index("titlecase")

# Words of menus, share bars and sign-up boxes: a line made of them is furniture, not a headline.
_PROMO = frozenset(
    """share facebook twitter linkedin pinterest email print tweet whatsapp reddit copy link log
    login sign signin subscribe newsletter menu home search read more next previous prev back
    comments comment reply follow us contact about privacy cookies cookie terms accept demo get
    started free trial download app skip content main navigation toggle close open""".split()
)
_PROMO_RE = re.compile(r"\b(?:" + "|".join(sorted(_PROMO, key=len, reverse=True)) + r")\b", re.I)
_PUNCT = ".,:;!?|()[]{}\"'’‘“”«»›‹-–—/"
_LETTERS = re.compile(r"[^\W\d_]{2}")


_OVERLAP = TITLE_FEATURES.index("overlap")
_META_RANK = TITLE_FEATURES.index("meta_rank")
_REL_OVERLAP = TITLE_FEATURES.index("rel_overlap")


def _title_like(line: str, words: int, cjk: int) -> bool:
    # A tab marks a table row as copied, never a headline.
    if len(line) > 250 or len(line) < 4 or "\t" in line:
        return False
    if cjk:
        return 4 <= cjk <= 120
    # Two letters in a row somewhere: "4.7 / 5" or "| |" is no headline.
    return 2 <= words <= 40 and bool(_LETTERS.search(line))


def _body_text(page: _Page) -> str:
    """The first paragraphs of the body, case-folded: enough to tell a headline from a menu
    item."""
    parts: list[str] = []
    chars = 0
    for i in page.body:
        parts.append(page.blocks[i])
        chars += len(page.blocks[i])
        if chars > 2000:
            break
    return "\n".join(parts)[:2500].casefold()


def _has_word(text: str, word: str) -> bool:
    """Whether a whitespace token of `text` is `word` once _PUNCT is stripped from its ends
    (`word` itself neither empty nor starting or ending with _PUNCT): what `word in
    {t.strip(_PUNCT) for t in text.split()}` says, with a substring search instead of a set
    of every token."""
    end = len(text)
    at = text.find(word)
    while at >= 0:
        a = at
        while a and text[a - 1] in _PUNCT:
            a -= 1
        if a == 0 or text[a - 1].isspace():
            b = at + len(word)
            while b < end and text[b] in _PUNCT:
                b += 1
            if b == end or text[b].isspace():
                return True
        at = text.find(word, at + 1)
    return False


def _window_lines(page: _Page) -> tuple[dict[str, int], set[str]]:
    """How often each line occurs in the window (case-folded) and the last parts of breadcrumbs."""
    # No title is longer, and a breadcrumb is shorter still.
    lines = [line for line in page.blocks[page.lo : page.hi] if len(line) <= 250]
    keys = [line.casefold() for line in lines]
    counts: dict[str, int] = Counter(keys)
    crumbs: set[str] = set()
    # Substring tests first, on the window at once: a breadcrumb separator is rare and the
    # regex costs more.
    joined = "\n".join(lines)
    if "»" in joined or "›" in joined or "→" in joined or ">" in joined or "/" in joined:
        for line, key in zip(lines, keys, strict=True):
            if (
                "»" in line or "›" in line or "→" in line or ">" in line or "/" in line
            ) and _HAS_CRUMB.search(line):
                parts = [p for p in _CRUMB.split(key) if p]
                if len(parts) >= 2:
                    crumbs.add(parts[-1])
    return counts, crumbs


def _pick_candidates(page: _Page, counts: dict[str, int], crumbs: set[str]) -> list[int]:
    """The title-like lines nearest the body start on either side, and farther up only those
    repeated in the page or a breadcrumb's tail: the ranker's cost grows with its candidates."""
    blocks = page.blocks
    words, cjks = page.window_sizes()
    elo = page._elo
    cands: list[int] = []
    split = bisect_right(page._unhit, page.start - 1)
    for i in page._unhit[split:]:
        if len(cands) >= NEAR_AFTER:
            break
        line = blocks[i]
        # Inside the body only a heading-like line can be the title, never a paragraph: a clean
        # clipping that starts with its first paragraph has no title line at all.
        if (
            len(line) <= 250
            and _title_like(line, words[i - elo], cjks[i - elo])
            and not (line.endswith(".") and page.prose(i))
        ):
            cands.append(i)
    near_before = 0
    for i in reversed(page._unhit[:split]):
        line = blocks[i]
        n = len(line)
        cjk = cjks[i - elo]
        # One token without CJK ("Home", "Menu") is no title: skip it before counting words.
        # (_title_like inline: this loop sees most lines of the window.)
        if n > 250 or n < 4 or (" " not in line and not cjk) or "\t" in line:
            continue
        if cjk:
            if not 4 <= cjk <= 120:
                continue
        elif not 2 <= words[i - elo] <= 40 or not _LETTERS.search(line):
            continue
        if near_before < NEAR_BEFORE:
            near_before += 1
            cands.append(i)
        else:
            key = line.casefold()
            if counts.get(key, 0) >= 2 or key in crumbs:
                cands.append(i)
    cands.sort()
    return cands


# "Recipe by …", "Tested by …": a credit line, not a headline.
_BY_WORDS = frozenset(("by", "von", "par", "por"))


_ROW = {n: struct.Struct(f"{n}d") for n in (N_CHEAP, len(TITLE_FEATURES))}


def _matrix(rows: list[list[float | bool | int]], width: int) -> F64:
    """The rows as a float64 matrix: packed to bytes a row at a time, which costs a third less
    than np.array's element-wise conversion (same values: bools and ints as floats)."""
    data = bytearray().join([_ROW[width].pack(*row) for row in rows])
    return np.frombuffer(data, dtype=np.float64).reshape(len(rows), width)


def _slug_match(key: str, slug: frozenset[str]) -> tuple[float, float]:
    """How much of the URL slug's words a line (case-folded) holds, and how much of the line
    is slug."""
    if not slug or (key.isascii() and not any(w in key for w in slug)):
        # (No slug word inside the line: none of its words can be one. Only for ASCII: the
        # slug's words have their accents folded away.)
        return 0.0, 0.0
    held = slug_words_in(key)
    if not held:
        return 0.0, 0.0
    common = len(held & slug)
    return common / len(slug), common / len(held)


def _prefix(flags: list[bool]) -> list[int]:
    """Running counts of `flags`, padded so that a window reaching _PAD past either end needs
    no clipping: flags[a:b] holds out[b + _PAD] - out[a + _PAD] set flags."""
    run = list(accumulate(flags, initial=0))
    return [0] * _PAD + run + [run[-1]] * _PAD


_PAD = 4


def title_candidates(
    page: _Page, prefilter: tuple[Ranker, int] | None = None
) -> tuple[list[int], F64]:
    """The lines that could be the title and their feature rows (TITLE_FEATURES order)."""
    blocks = page.blocks
    start = page.start
    counts, crumbs = _window_lines(page)
    cands = _pick_candidates(page, counts, crumbs)
    n_feat = len(TITLE_FEATURES)
    if not cands:
        return [], np.zeros((0, n_feat))
    m = len(cands)
    page.read_meta()
    adm = page._adm
    n_adm = len(adm)
    meta_of = page._meta
    words, cjks = page.window_sizes()
    elo = page._elo
    meta = [meta_of[i] for i in adm]
    # Candidates and their neighbours are all in adm (lines no rule removed are), at pos[i] -
    # _PAD there.
    pos = dict(zip(adm, range(_PAD, n_adm + _PAD), strict=True))
    sizes = [words[i - elo] + cjks[i - elo] // 2 for i in adm]
    # Short lines that are not bylines or dates: menus and tables of contents come in runs of
    # them, headlines alone.
    short = [not mt and sz <= 6 for mt, sz in zip(meta, sizes, strict=True)]
    # Windows of these lists are summed once per candidate: running counts make each sum a
    # subtraction.
    short_run = _prefix(short)
    meta_run = _prefix(meta)
    size_of = {i: sizes[pos[i] - _PAD] for i in cands}
    max_words = max(size_of.values()) or 1
    n_before = bisect_left(cands, start)
    slug = page.slug
    log1p = math.log1p
    end_search = _SENTENCE_END.search
    # One row per candidate, built in one loop (a column at a time costs a numpy call each).
    rows: list[list[float | bool | int]] = []
    followed: list[bool] = []
    for r, i in enumerate(cands):
        line = blocks[i]
        key = line.casefold()
        tokens = key.split()
        w = size_of[i]
        q = pos[i]
        words_i = words[i - elo]
        cjk = cjks[i - elo]
        bef = i < start
        dup = counts.get(key, 0) >= 2
        run = short_run[q + 3] - short_run[q + 1] + short_run[q] - short_run[q - 2]
        next_meta = meta_run[q + 4] > meta_run[q + 1]
        followed.append(bef and next_meta)
        nxt = adm[q + 1 - _PAD] if q + 1 - _PAD < n_adm else -1
        rows.append(
            [
                bef,
                log1p(start - i) if bef else 0.0,
                0.0 if bef else log1p(i - start),
                # Candidates between this one and the body start.
                log1p(n_before - 1 - r) if bef else 0.0,
                log1p(w),
                w <= 3,
                w >= 20,
                cjk > 0,
                line.endswith("."),
                line.endswith(("?", "!")),
                line.endswith((":", ",", ";")),
                line.isupper() and len(line) >= 8,
                # page.prose(i)
                (cjk >= 60 or bool(end_search(line)))
                if cjk >= 30
                else (words_i >= 25 or (words_i >= 10 and bool(end_search(line)))),
                dup,
                key in crumbs,
                w / max_words,
                line[:1].islower(),
                line[:1].isdigit(),
                log1p(i),
                i == start - 1,
                0 < start - i <= 3,
                line.count(",") + line.count("，"),
                next_meta,
                # page.is_by(nxt), its is_meta part known.
                nxt >= 0 and meta[q + 1 - _PAD] and (page.byline(nxt) or page.by_alone(nxt)),
                meta_run[q] > meta_run[q - 2],
                meta_of[i],
                run,
                # A table of contents repeats its entries in the window and lists them in a run.
                dup and run >= 2,
                # meta_rank, set below from the next_meta column.
                -1.0,
                # Headlines hold function words; menus of nouns run together do not.
                len(STOPWORDS.intersection(tokens)) / len(tokens) if tokens else 0.0,
                "  " in line,
                not _BY_WORDS.isdisjoint(tokens),
                # A dek follows its headline and runs longer; a kicker precedes it and runs
                # shorter.
                q > _PAD and size_of.get(adm[q - 1 - _PAD], 1e9) < w,
                nxt >= 0 and size_of.get(nxt, -1.0) > w,
                *_slug_match(key, slug),
            ]
        )
    # The headline is usually the line nearest the body start that a byline or date follows:
    # how many such lines lie between this one and the body start (np.log1p, as trained: it
    # differs from math.log1p in the last bit on some integers).
    total = sum(followed)
    if total:
        left = [float(total - c) for c in accumulate(followed)]
        ranks = np.log1p(np.array(left)).tolist()
        for row, f, v in zip(rows, followed, ranks, strict=True):
            if f:
                row[_META_RANK] = v
    if prefilter is not None and m > prefilter[1]:
        # The cheap features alone (the others at their mean) pick who gets the full look.
        ranker, keep = prefilter
        cheap = ranker.score_cheap(_matrix(rows, N_CHEAP)).tolist()
        top = sorted(sorted(range(m), key=lambda k: (-cheap[k], cands[k]))[:keep])
        cands = [cands[k] for k in top]
        rows = [rows[k] for k in top]
    text = _body_text(page)
    # CJK has no spaces: character bigrams stand in for words, a set of them all.
    bigrams = {text[k : k + 2] for k in range(len(text) - 1)} if _CJK.search(text) else None
    in_body: dict[str, bool] = {}
    overlaps: list[float] = []
    for row, i in zip(rows, cands, strict=True):
        line = blocks[i]
        words_i = words[i - elo]
        cjk = cjks[i - elo]
        key = line.casefold()
        n_line, n_key = len(line), len(key)
        q = pos[i]
        stripped = [t.strip(_PUNCT) for t in key.split()]
        if cjk:
            cw = {line[k : k + 2] for k in range(len(line) - 1) if _CJK.match(line, k)}
        else:
            cw = {word for word in stripped if len(word) >= 4}
        if not cw:
            overlap = 0.0
        elif bigrams is not None:
            overlap = len(cw & bigrams) / len(cw)
        else:
            found = 0
            for word in cw:
                known = in_body.get(word)
                if known is None:
                    known = in_body[word] = _has_word(text, word)
                found += known
            overlap = found / len(cw)
        overlaps.append(overlap)
        # The lines around it: one it ends (a breadcrumb's tail), one that ends it, one that
        # holds it, one it holds (case-folded, title-length lines only for the last two).
        ends_near = ended = inside = holds = False
        for n in (*blocks[max(0, i - 3) : i], *blocks[i + 1 : i + 4]):
            size_n = len(n)
            if size_n > n_line:
                ends_near = ends_near or n.endswith(line)
            elif size_n < n_line:
                ended = ended or line.endswith(n)
            if size_n <= 250:
                near_key = n.casefold()
                size_n = len(near_key)
                if size_n > n_key:
                    inside = inside or key in near_key
                elif size_n >= 4 and size_n < n_key:
                    holds = holds or near_key in key
        if q > _PAD:
            prv = adm[q - 1 - _PAD]
            prev_short = words[prv - elo] + cjks[prv - elo] // 2 <= 3
        else:
            prev_short = False
        # Substring tests first: the separators are rare and the regex costs more.
        crumb_line = line.startswith(("|", "/", ">")) or (
            ("»" in line or "›" in line or "→" in line or ">" in line or "/" in line or "|" in line)
            and len(_CRUMB_SEP.findall(line)) >= 2
        )
        if cjk:
            titlecase = 0.5
        else:
            tokens = line.split()
            titlecase = sum([t[0].isupper() for t in tokens]) / len(tokens)
        row += (
            titlecase,
            overlap,
            ("-" in line or "|" in line or "–" in line or "—" in line or "::" in line)
            and bool(_SEP.search(line)),
            len(_DIGIT.findall(line)) / n_line,
            prev_short,
            q + 1 - _PAD < n_adm and page.prose(adm[q + 1 - _PAD]),
            sum(map(_PROMO.__contains__, stripped)) / words_i if words_i else 0.0,
            ends_near,
            # rel_overlap, set below when a candidate overlaps the body at all.
            ended,
            words_i <= 5 and n_line <= 40 and bool(_PERSON.match(line)),
            crumb_line,
            # A kicker or a section name is often part of the headline beside it, and a
            # headline holds them: "Cloud Computing" above "Top 10: Trends in Cloud Computing".
            inside,
            holds,
        )
    # How a line's overlap with the body compares with the best candidate's.
    top_overlap = max(overlaps)
    if top_overlap > 0:
        for row, overlap in zip(rows, overlaps, strict=True):
            row[_REL_OVERLAP] = overlap / top_overlap
    return cands, _matrix(rows, len(TITLE_FEATURES))


@dataclass(frozen=True, slots=True)
class Ranker:
    """A linear scorer over standardised features (weights trained by training/train_header.py),
    with a second set of weights over the cheap features alone that picks the lines worth the
    full look."""

    features: tuple[str, ...]
    mean: F64
    scale: F64
    weights: F64
    cheap: F64

    def score(self, x: F64) -> F64:
        return np.asarray(((x - self.mean) / self.scale) @ self.weights, dtype=np.float64)

    def score_cheap(self, x: F64) -> F64:
        n = len(self.cheap)
        z = (x[:, :n] - self.mean[:n]) / self.scale[:n]
        return np.asarray(z @ self.cheap, dtype=np.float64)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Ranker:
        return cls(
            tuple(data["features"]),
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["scale"], dtype=np.float64),
            np.asarray(data["weights"], dtype=np.float64),
            np.asarray(data["cheap_weights"], dtype=np.float64),
        )

    @classmethod
    def load(cls, path: Path) -> Ranker:
        return cls.from_dict(json.loads(path.read_text("utf-8")))


@lru_cache(maxsize=2)
def title_ranker(url: bool = False) -> Ranker:
    """The shipped title ranker: for clippings with a URL slug to match, or without."""
    path = TITLE_URL_MODEL if url else TITLE_MODEL
    ranker = Ranker.load(path)
    if ranker.features != TITLE_FEATURES or len(ranker.cheap) != N_CHEAP:
        raise RuntimeError(f"{path.name} was trained on other features; retrain it")
    return ranker


def rank_titles(
    blocks: Sequence[str], hits: Sequence[Hit | None], body_start: int, url: str | None = None
) -> list[int]:
    """Candidate title lines, best first."""
    page = _Page(blocks, hits, body_start, slug_words(url))
    ranker = title_ranker(bool(page.slug))
    cands, x = title_candidates(page, (ranker, KEEP))
    if not cands:
        return []
    scores = ranker.score(x).tolist()
    order = sorted(range(len(cands)), key=lambda k: (-scores[k], cands[k]))
    return [cands[k] for k in order]


# ------------------------------------------------------------------------------------ the header


@dataclass(slots=True)
class HeaderLines:
    """Indices of the header lines of a clipping, and the dates read from them."""

    title: int | None = None
    subtitle: int | None = None
    section: int | None = None
    byline: int | None = None
    dates: tuple[int, ...] = ()
    published: ParsedDate | None = None
    modified: ParsedDate | None = None
    byline_text: str | None = None


def _pick_title(page: _Page) -> int | None:
    ranker = title_ranker(bool(page.slug))
    cands, x = title_candidates(page, (ranker, KEEP))
    if not cands:
        return None
    scores = ranker.score(x).tolist()
    return cands[min(range(len(cands)), key=lambda k: (-scores[k], cands[k]))]


def _subtitle(page: _Page, title: int, taken: set[int]) -> int | None:
    nxt = page.neighbours(title, 1, 1)
    if not nxt or nxt[0] in taken or page.hits[nxt[0]] is not None:
        return None
    line = page.blocks[nxt[0]]
    words, cjk = page.size(nxt[0])
    if page.is_meta(nxt[0]) or not _title_like(line, words, cjk) or words + cjk // 2 < 5:
        return None
    return nxt[0]


def _section(page: _Page, title: int, taken: set[int]) -> int | None:
    prv = page.neighbours(title, -1, 1)
    if not prv or prv[0] in taken or page.hits[prv[0]] is not None:
        return None
    line = page.blocks[prv[0]]
    size = _words(line) + _cjk(line) // 2
    key = line.casefold()
    words = key.split()
    if key == page.blocks[title].casefold() or (
        words != ["us"] and all(w in _PROMO for w in words)
    ):
        # The headline printed twice, or a menu entry ("Contact", "About us"; "US" alone is a
        # news section).
        return None
    if len(line) <= 40 and 1 <= size <= 4 and not line.endswith(".") and not page.is_meta(prv[0]):
        return prv[0]
    return None


def _byline_parts_person(line: str) -> bool:
    """ "Jane Doe | SEO | 8 min Read", "109 Comments | Jill Winger | Last Updated: …": a name
    among roles, dates, counters or a read time."""
    if "|" not in line and "•" not in line and "·" not in line:
        return False
    parts = [p.strip() for p in _PARTS.split(line) if p.strip()]
    if len(parts) < 2:
        return False
    people = [p for p in parts if len(p) <= 40 and looks_like_person(p)]
    return bool(people) and any(
        _READTIME.search(p) or parse_date_line(p) is not None for p in parts if p not in people
    )


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


# Job titles an author card prints under the name.
_JOB = re.compile(
    r"\b(?:writer|editor|reporter|correspondent|contributor|columnist|journalist|analyst|"
    r"founder|co-founder|cofounder|ceo|cto|cmo|president|director|manager|head|lead|consultant|"
    r"expert|specialist|strategist|officer|partner|scientist|researcher|professor|producer|"
    r"marketer|engineer|designer|developer|coach|advisor|adviser|author)s?\b",
    re.I,
)


# Calls to action name jobs too: "Speak to an Advisor", "Contact our experts".
_CALL = re.compile(r"\b(?:to|your|our|us|me)\b", re.I)


def _is_job_line(line: str) -> bool:
    """A short line naming a job ("TECH WRITER", "Former McKinsey Consultant")."""
    return (
        len(line) <= 80
        and len(line.split()) <= 8
        and not line.endswith(".")
        and bool(_JOB.search(line))
        and not _CALL.search(line)
    )


def _names_not_words(authors: tuple[str, ...]) -> bool:
    """Some name, and not a list of single words ("Transport, Cities, Climate": topics)."""
    return len(authors) == 1 or (len(authors) > 1 and all(" " in a for a in authors))


def _name_list(page: _Page, line: str) -> bool:
    """Names and nothing else, two or more, comma-separated ("Naftali Tishby, Fernando C.
    Pereira, William Bialek"): the authors of a paper or a report under its title."""
    if len(line) > 160 or "," not in line or _DIGIT.search(line):
        return False
    parts = split_authors(line)
    return (
        len(parts) >= 2
        and all(" " in p and looks_like_person(p) and not page.common_words(p) for p in parts)
        and len(parse_byline(line).authors) == len(parts)
    )


def _may_be_person(line: str) -> bool:
    """What looks_like_person needs at least (no digit, every word capitalised or a short
    particle, or CJK), checked first because the name and outlet lists cost more."""
    if _DIGIT.search(line):
        return False
    if _CJK.search(line):
        return True
    words = line.split()
    return 1 <= len(words) <= 6 and all(w.lstrip("(")[:1].isupper() or len(w) <= 5 for w in words)


def _name_and_date(line: str, date: ParsedDate | None) -> bool:
    """ "Mike Kappel May 18, 2016", "Posted on July 1, 2024 by infuy": a name and a date (`date`
    is parse_date_line(line))."""
    if len(line) > 90 or date is None:
        return False
    return bool(_BY_INNER.search(line)) or bool(parse_byline(line).authors)


def byline_text(line: str) -> str:
    """The names part of a byline line: dates, counters and labels around them left out."""
    m = _BY_INNER.search(line)
    if m and not _BY.match(line):
        # "Posted on July 1, 2024 by infuy": the name follows "by".
        line = line[m.start() :].strip()
    parts = [p.strip() for p in _PARTS.split(line) if p.strip()]
    if len(parts) > 1:
        named = [p for p in parts if parse_byline(p).authors]
        line = named[0] if named else parts[0]
    # Copies glue neighbouring elements together: "BY KORIN MILLERPUBLISHED:", "Kathryn
    # GiuffridaMar 5, 2025", "by Jacob Trussell—10 min read".
    line = _GLUED_LABEL.sub("", _DASH_TAIL.sub("", _GLUED_DATE.sub(" ", line)))
    cut = _DATE_CUT.search(line)
    if cut and cut.start() > 0:
        line = _LABEL_TAIL.sub("", line[: cut.start()])
    return line.strip(" |·•,–—-")


def byline_authors(text: str) -> list[str]:
    """Person names in a byline's text; a lone user name after "By" counts ("By infuy")."""
    text = _TRAILING_ON.sub("", _COMMENTS_TAIL.sub("", text))
    parsed = parse_byline(text)
    authors = list(parsed.authors)
    if authors or not _BY.match(text):
        return authors
    if not parsed.outlets:
        m = _BY_HANDLE.match(text)
        by = _BY.match(text)
        # _BY ends on the name's first character.
        rest = text[by.end() - 1 :].strip() if by else ""
        if m and looks_like_handle(m.group(1)):
            authors = [m.group(1)]
        elif _PERSON.match(rest):
            # "By Orbi Support": capitalised words the name lists take for neither a person nor
            # an outlet.
            authors = [rest]
    elif not any(is_known_outlet(o) for o in parsed.outlets):
        # "by Marketing Team", "By 3i Global": a signing team or company that is not a news
        # outlet or agency is the page's author as printed.
        authors = list(parsed.outlets)
    return authors


def _find_byline(page: _Page, anchor: int, title: int | None) -> int | None:
    """The byline nearest the title: "By …" (or "By" then the name), "… 기자", a name beside the
    date or under the title; else a "By …" line near the body start."""
    order: list[int] = [*range(anchor + 1, anchor + 9), *range(anchor - 1, anchor - 6, -1)]
    blocks = page.blocks
    named: int | None = None
    for j in order:
        if not 0 <= j < len(blocks) or page.hits[j] is not None:
            continue
        line = blocks[j]
        if page.byline(j):
            return j
        if page.by_alone(j):
            nxt = page.neighbours(j, 1, 1)
            if nxt and len(blocks[nxt[0]]) <= 80:
                return nxt[0]
            continue
        if named is None and len(line) <= 100:
            if _byline_parts_person(line) or _name_and_date(line, page.date(j)):
                names = byline_text(line)
                # "by infuy" says it is a name, lower case or not.
                if _BY.match(names) or not page.common_words(names):
                    named = j
            elif (
                len(line) <= 40
                and not line.endswith(":")
                and _may_be_person(line)
                and not _PROMO_RE.search(line)
                # Where the line sits first: the name lists cost more.
                and (
                    # Under the title, names of two words at least: a lone word there is as
                    # often the section ("Healthcare") as a one-word handle, and a list of
                    # them a list of topics.
                    (
                        title is not None
                        and j == title + 1
                        and all(" " in a for a in parse_byline(line).authors)
                    )
                    or any(page.is_meta(k) for k in page.neighbours(j, 1, 1))
                    or any(page.is_meta(k) for k in page.neighbours(j, -1, 1))
                    # An author card: the name, then the job ("Co-founder of Intelivita").
                    or (j + 1 < len(blocks) and " " in line.strip() and _is_job_line(blocks[j + 1]))
                )
                and looks_like_person(line)
                and _names_not_words(parse_byline(line).authors)
                and not page.common_words(line)
            ):
                named = j
            elif title is not None and j == title + 1 and _name_list(page, line):
                named = j
    if named is not None:
        return named
    # The title may be wrong or far from its byline: an explicit "By …" near the body start,
    # above it first at each distance (start - k, then start + k - 1, for k from 1 up). Lines
    # of the window outside its byline gates are no bylines.
    start = page.start
    lo, hi = max(0, start - FAR_BYLINE + 1), min(len(blocks), start + FAR_BYLINE - 1)
    gates = page.gates()
    near: list[int] = [*range(lo, min(hi, page._elo)), *range(max(lo, page._ehi), hi)]
    near += [j for j in gates.by | gates.cjk_by if lo <= j < hi]
    near.sort(key=lambda j: 2 * (start - j) - 1 if j < start else 2 * (j - start + 1))
    for j in near:
        if page.hits[j] is None:
            if page.byline(j):
                return j
            if page.by_alone(j):
                # "By" alone, a name on the next line (one that reads as a person: "Author"
                # in a menu of search fields is followed by "Abstract").
                nxt = page.neighbours(j, 1, 1)
                if nxt and len(blocks[nxt[0]]) <= 80 and parse_byline(blocks[nxt[0]]).authors:
                    return nxt[0]
    return _labelled_author(page)


# A line that announces the author on the next one, often in a box after the story ("THE
# AUTHOR", "About the author", "Written by"). Not "Authors" alone: menus list it.
_AUTHOR_LABEL = re.compile(
    r"\n[^\S\n]*(?:about[^\S\n]+the[^\S\n]+authors?|(?:meet[^\S\n]+)?the[^\S\n]+authors?|"
    r"authors?[^\S\n]+of[^\S\n]+this[^\S\n]+(?:article|post|story)|written[^\S\n]+by|über[^\S\n]+(?:den|die)[^\S\n]+autor(?:in)?|"
    r"sobre[^\S\n]+(?:el|la)[^\S\n]+autora?|à[^\S\n]+propos[^\S\n]+de[^\S\n]+l['’]auteur)"
    r"[^\S\n]*:?[^\S\n]*(?=\n)",
    re.I,
)


def _labelled_author(page: _Page) -> int | None:
    """The name under the first author label anywhere in the clipping, when no byline was
    found near the title or the body start."""
    blocks, hits = page.blocks, page.hits
    for label in page.lines_matching(_AUTHOR_LABEL):
        j = label + 1
        if j >= len(blocks) or hits[j] is not None:
            continue
        name = blocks[j]
        if len(name) <= 60 and parse_byline(name).authors and not page.common_words(name):
            return j
    # "Written by Moses Kim and Kate Shokurova" on one line, after the story.
    for j in page.lines_matching(_WRITTEN_BY):
        if j >= len(blocks) or hits[j] is not None or len(blocks[j]) > 120:
            continue
        names = byline_text(blocks[j])
        if byline_authors(names) and not page.common_words(_BY.sub("", names)):
            return j
    return None


_WRITTEN_BY = re.compile(
    r"\n[^\S\n]*(?:written|posted|authored|article|words|story)[^\S\n]+by[^\S\n]*:?[^\S\n]*"
    r"(?=[^\W\d_])",
    re.I,
)


def _date_roles(page: _Page, j: int) -> tuple[ParsedDate | None, ParsedDate | None]:
    """(published, modified) read from date line j; a label may sit on the line before it."""
    line = page.blocks[j]
    up = _UPDATED.search(line)
    pub = _PUBLISHED.search(line)
    if up and pub:
        # "Updated Nov 11 … Originally published Nov 9": each label owns the date after it.
        p = parse_date_line(line[pub.start() :]) if pub.start() > up.start() else None
        u = parse_date_line(line[up.start() :])
        if p is None:
            p = parse_date_line(line[: up.start()]) or parse_date_line(line[pub.start() :])
        return p, u if u != p else None
    parsed = page.date(j)
    if parsed is None:
        return None, None
    prev = page.blocks[j - 1] if j > 0 else None
    label = prev if prev is not None and len(prev) <= 30 and page.date(j - 1) is None else ""
    if up or (label and _UPDATED.search(label) and not _PUBLISHED.search(label)):
        return None, parsed
    return parsed, None


def _find_dates(
    page: _Page, anchor: int, byline: int | None
) -> tuple[tuple[int, ...], ParsedDate | None, ParsedDate | None]:
    """Date lines next to the title and byline; published (else updated) nearest the title."""
    lines = set(range(max(0, anchor - 6), min(len(page.blocks), anchor + 13)))
    lines.update(range(max(0, page.start - 8), min(len(page.blocks), page.start + 2)))
    if byline is not None:
        lines.update(range(byline - 1, byline + 3))
    found: list[tuple[int, int, ParsedDate | None, ParsedDate | None]] = []
    # A line of the window its date gate passed over holds no date (page.date says None).
    dated, elo, ehi = page.gates().dated, page._elo, page._ehi
    for j in sorted(lines):
        if elo <= j < ehi and j not in dated:
            continue
        if not 0 <= j < len(page.blocks) or page.hits[j] is not None or page.date(j) is None:
            continue
        if is_prose(page.blocks[j]) and j != byline:
            continue
        pub, mod = _date_roles(page, j)
        # Lines after the title read first; those above it a little later.
        dist = j - anchor if j > anchor else 2 * (anchor - j) + 1
        found.append((dist, j, pub, mod))
    if not found:
        found = _far_dates(page)
    found.sort(key=lambda t: (t[0], t[1]))
    published = next((p for _, _, p, _ in found if p is not None), None)
    modified = next((m for _, _, _, m in found if m is not None), None)
    if published is None and modified is not None:
        published, modified = modified, None
    return tuple(sorted(j for _, j, _, _ in found)), published, modified


def _far_dates(page: _Page) -> list[tuple[int, int, ParsedDate | None, ParsedDate | None]]:
    """No date beside the title: a short date line (or a labelled one) nearest the body start,
    above it first, within FAR_DATES lines."""
    found: list[tuple[int, int, ParsedDate | None, ParsedDate | None]] = []
    lo = max(0, page.start - FAR_DATES)
    hi = min(len(page.blocks), page.start + FAR_DATES)
    for j in page.dated_lines(lo, hi, 120):
        line = page.blocks[j]
        if page.hits[j] is not None or page.date(j) is None:
            continue
        if len(line) > 60 and not (_UPDATED.search(line) or _PUBLISHED.search(line)):
            continue
        pub, mod = _date_roles(page, j)
        dist = page.start - j if j < page.start else 2 * (j - page.start) + 1
        found.append((dist, j, pub, mod))
    return found


# "Published August 13, 2025", "Posted on April 13, 2023", "Published On: 15 August 2025": a
# line that says it gives the publication date (a line break first: a literal first character
# makes the scan fast).
_PUBLISHED_LINE = re.compile(
    r"\n[^\S\n]*(?:originally[^\S\n]+|first[^\S\n]+)?(?:published|posted|veröffentlicht|publié|"
    r"publicado|pubblicato)(?:[^\S\n]+(?:on|le|am|el|il))?[^\S\n]*:?[^\S\n]*(?=\S)",
    re.I,
)


def _labelled_date(page: _Page) -> int | None:
    """No date near the header: the line nearest the body start anywhere in the clipping that
    labels its date as the publication date (footers print them after the story)."""
    blocks, hits = page.blocks, page.hits
    best: tuple[int, int] | None = None
    for j in page.lines_matching(_PUBLISHED_LINE):
        if j >= len(blocks) or hits[j] is not None or len(blocks[j]) > 120:
            continue
        if page.date(j) is None or _UPDATED.search(blocks[j]):
            continue
        dist = abs(j - page.start)
        if best is None or dist < best[0]:
            best = (dist, j)
    return best[1] if best else None


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


def find_header(
    blocks: Sequence[str], hits: Sequence[Hit | None], body_start: int, url: str | None = None
) -> HeaderLines:
    """Title, dek, section, byline and date lines of a clipping whose body starts at body_start
    (the page's URL, when known, helps pick the title: its slug holds the headline's words)."""
    page = _Page(blocks, hits, body_start, slug_words(url))
    head = HeaderLines()
    head.title = _pick_title(page)
    anchor = head.title if head.title is not None else page.start - 1
    head.byline = _find_byline(page, anchor, head.title)
    if head.byline is not None:
        head.byline_text = byline_text(blocks[head.byline])
    head.dates, head.published, head.modified = _find_dates(page, anchor, head.byline)
    if head.published is None and head.modified is None:
        j = _labelled_date(page)
        if j is not None:
            head.dates, head.published = (j,), page.date(j)
    if head.title is not None:
        taken = {head.title, *head.dates}
        if head.byline is not None:
            taken.add(head.byline)
        head.subtitle = _subtitle(page, head.title, taken)
        head.section = _section(page, head.title, taken)
    return head
