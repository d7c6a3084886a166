"""Header of copied text: title, byline and date lines near the body, title by a small ranker."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

from ..metadata.byline import looks_like_person, parse_byline
from ..metadata.dates import ParsedDate, parse_date
from ..rules import Hit

F64 = npt.NDArray[np.float64]

_DATA = Path(__file__).resolve().parent / "data"
TITLE_MODEL = _DATA / "header_title.json"

# The window of lines looked at, relative to the first body line: titles sit a few lines above it
# (sometimes far above, after a long menu) or, when the body was chosen too early, a little below.
BEFORE = 100
AFTER = 30

_WORD = re.compile(r"[^\W\d_]{2,}")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_SENTENCE_END = re.compile(r"(?:[.!?。！？…:;]|[다요])[\"”’')\]]*$")
_SEP = re.compile(r"\s[|–—-]\s|\s::\s")
_CRUMB = re.compile(r"\s*(?:»|›|>|/|→|\||::)\s*")
_HAS_CRUMB = re.compile(r"»|›|\s>\s|\s/\s|→")
_YEARISH = re.compile(r"(?:19|20)\d\d|\d[./-]\d{1,2}[./-]\d\d")
_BY = re.compile(
    r"^\s*(?:by|written by|words by|story by|text by|posted by|published by|reporting by|"
    r"von|par|por|di|door|av|autor(?:in)?|author|auteur|texte|text)\s*(?::\s*|\s+|(?-i:(?=[A-Z])))\S",
    re.I,
)
_BY_ALONE = re.compile(
    r"^\s*(?:by|written by|words by|story by|posted by|von|par|por|di|door|author|autor|auteur)"
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
    r"publié|publicado|pubblicato|on)\b|입력|등록|公開|発行|发布|發布",
    re.I,
)
_READTIME = re.compile(r"\b\d{1,3}\s*(?:min(?:ute)?s?|m)\.?\s*(?:read|reading)?\b|분|分", re.I)

# Shapes parse_date (metadata/dates.py) does not read, handled here before or after it.
_EN_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
# "ZeldmanNovember 20, 2007", "HealthDECEMBER 22, 2022": a date glued to the word before it.
_GLUED_BEFORE = re.compile(rf"(?<=[a-z])(?=(?:{_EN_MONTHS}|{_EN_MONTHS.upper()})\.?\s+\d{{1,2}}\b)")
# "October 17, 20236:01 PM", "Mar 27, 20255 mins": a year glued to the time or the read time after.
_GLUED_AFTER = re.compile(
    rf"((?:{_EN_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?[,.]?\s+(?:19|20)\d\d)(?=\d)", re.I
)
# "Jul. 11. 2025": a period after the day.
_DAY_DOT = re.compile(rf"((?:{_EN_MONTHS})\.?\s+\d{{1,2}})\.\s+((?:19|20)\d\d)", re.I)
# "19-Dec-2025", "04-ago-2021".
_DASHED = re.compile(r"(?<!\d)(\d{1,2})-([^\W\d_]{3,9})\.?-((?:19|20)\d\d)(?!\d)")
# Numeric dates parse_date leaves alone because both readings are possible: "8/1/2025" (US
# month first with slashes), "12.12.2025", "14.11.24" (day first with dots).
_SLASHED = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d\d)(?![\d/])")
_DOTTED_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.(\d{1,2})\.((?:19|20)?\d\d)(?![\d.])")


def _words(line: str) -> int:
    return len(_WORD.findall(line))


def _cjk(line: str) -> int:
    return len(_CJK.findall(line))


def is_prose(line: str) -> bool:
    """A line that reads like a paragraph (the same test the body picker uses)."""
    cjk = _cjk(line)
    if cjk >= 30:
        return cjk >= 60 or bool(_SENTENCE_END.search(line))
    words = _words(line)
    return words >= 25 or (words >= 10 and bool(_SENTENCE_END.search(line)))


def _ymd(y: int, m: int, d: int) -> ParsedDate | None:
    if y < 100:
        y += 2000
    return parse_date(f"{y:04d}-{m:02d}-{d:02d}") if 1 <= m <= 12 and 1 <= d <= 31 else None


def parse_date_line(line: str) -> ParsedDate | None:
    """The first date in a short line, in parse_date's shapes or the extra ones above."""
    if len(line) > 200 or not _YEARISH.search(line):
        return None
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


class _Page:
    """What the rankers look up about one clipping, computed once and only near the body."""

    __slots__ = ("blocks", "hits", "body", "start", "lo", "hi", "_dates", "_unhit")

    def __init__(self, blocks: Sequence[str], hits: Sequence[Hit | None], body_start: int):
        self.blocks = blocks
        self.hits = hits
        self.start = body_start
        self.lo = max(0, self.start - BEFORE)
        self.hi = min(len(blocks), self.start + AFTER)
        self._dates: dict[int, ParsedDate | None] = {}
        self._unhit = [i for i in range(self.lo, self.hi) if hits[i] is None]
        # The body as far as the header needs it: the lines no rule removed from its start on
        # (whichever picker chose the start, the rules or the line model).
        self.body = [i for i in range(self.start, len(blocks)) if hits[i] is None][:40]

    def date(self, i: int) -> ParsedDate | None:
        if i not in self._dates:
            line = self.blocks[i]
            self._dates[i] = parse_date_line(line) if len(line) <= 160 else None
        return self._dates[i]

    def neighbours(self, i: int, step: int, count: int) -> list[int]:
        """Up to `count` lines next to i (step +1 after, -1 before) that no rule removed."""
        out: list[int] = []
        j = i + step
        while 0 <= j < len(self.blocks) and len(out) < count:
            hit = self.hits[j]
            # A read-time line is header furniture the rules removed; it still counts as a neighbour.
            if hit is None or hit.rule.startswith("readtime"):
                out.append(j)
            j += step
        return out

    def is_meta(self, i: int) -> bool:
        """A byline, date or read-time line."""
        hit = self.hits[i]
        if hit is not None:
            return hit.rule.startswith("readtime")
        line = self.blocks[i]
        return is_byline(line) or bool(_BY_ALONE.match(line)) or self.date(i) is not None


# ------------------------------------------------------------------------------------ the title

TITLE_FEATURES: tuple[str, ...] = (
    "before",
    "dist_before",
    "dist_after",
    "cand_rank",
    "in_body",
    "words",
    "short",
    "long",
    "cjk",
    "period",
    "question",
    "colon",
    "titlecase",
    "allcaps",
    "prose",
    "next_meta",
    "next_byline",
    "prev_meta",
    "dup",
    "crumb",
    "overlap",
    "sep",
    "digits",
    "prev_short",
    "next_prose",
    "rel_len",
    "lower_start",
    "num_start",
    "first_cand",
    "self_meta",
    "promo",
    "tabs",
    "position",
    "crumb_near",
    "has_crumb_tail",
    "adjacent",
    "near3",
    "rel_overlap",
)

# Words of menus, share bars and sign-up boxes: a line made of them is furniture, not a headline.
_PROMO = frozenset(
    """share facebook twitter linkedin pinterest email print tweet whatsapp reddit copy link log
    login sign signin subscribe newsletter menu home search read more next previous prev back
    comments comment reply follow us contact about privacy cookies cookie terms accept demo get
    started free trial download app skip content main navigation toggle close open""".split()
)


_OVERLAP = TITLE_FEATURES.index("overlap")
_REL_OVERLAP = TITLE_FEATURES.index("rel_overlap")


def _title_like(line: str) -> bool:
    if len(line) > 250 or len(line) < 4:
        return False
    cjk = _cjk(line)
    if cjk:
        return 4 <= cjk <= 120
    return 2 <= _words(line) <= 40


def _body_words(page: _Page) -> set[str]:
    words: set[str] = set()
    for i in page.body:
        line = page.blocks[i]
        words.update(w.casefold() for w in _LONG_WORD.findall(line))
        if _CJK.search(line):
            # CJK has no spaces: character bigrams stand in for words.
            words.update(line[k : k + 2] for k in range(len(line) - 1))
    return words


def _cand_words(line: str) -> set[str]:
    if _CJK.search(line):
        return {line[k : k + 2] for k in range(len(line) - 1) if _CJK.match(line, k)}
    return {w.casefold() for w in _LONG_WORD.findall(line)}


def title_candidates(page: _Page) -> tuple[list[int], F64]:
    """The lines that could be the title and their feature rows (TITLE_FEATURES order)."""
    blocks = page.blocks
    # Inside the body only a heading-like line can be the title, never a paragraph: a clean
    # clipping that starts with its first paragraph has no title line at all.
    cands = [
        i
        for i in page._unhit
        if _title_like(blocks[i])
        and (i < page.start or not (blocks[i].endswith(".") and is_prose(blocks[i])))
    ]
    if not cands:
        return [], np.zeros((0, len(TITLE_FEATURES)))
    counts: dict[str, int] = {}
    crumbs: set[str] = set()
    for line in blocks[: page.hi]:
        key = line.casefold()
        counts[key] = counts.get(key, 0) + 1
        if len(line) < 400 and _HAS_CRUMB.search(line):
            parts = [p for p in _CRUMB.split(key) if p]
            if len(parts) >= 2:
                crumbs.add(parts[-1])
    body_words = _body_words(page)
    before = [i for i in cands if i < page.start]
    max_words = max((_words(blocks[i]) + _cjk(blocks[i]) // 2 for i in cands), default=1) or 1
    rows: list[list[float]] = []
    for i in cands:
        line = blocks[i]
        words = _words(line)
        cjk = _cjk(line)
        size = words + cjk // 2
        latin = line.split()
        caps = sum(1 for w in latin if w[:1].isupper()) / len(latin) if latin else 0.0
        nxt = page.neighbours(i, 1, 3)
        prv = page.neighbours(i, -1, 2)
        key = line.casefold()
        cw = _cand_words(line)
        rank = sum(1 for j in before if j > i) if i < page.start else 0
        digits = sum(c.isdigit() for c in line) / len(line)
        near = range(max(0, i - 3), min(len(blocks), i + 4))
        tokens = [w.casefold() for w in _WORD.findall(line)]
        promo = sum(1 for w in tokens if w in _PROMO) / len(tokens) if tokens else 0.0
        rows.append(
            [
                float(i < page.start),
                math.log1p(page.start - i) if i < page.start else 0.0,
                math.log1p(i - page.start) if i >= page.start else 0.0,
                math.log1p(rank),
                float(i >= page.start),
                math.log1p(size),
                float(size <= 3),
                float(size >= 20),
                float(cjk > 0),
                float(line.endswith(".")),
                float(line.endswith(("?", "!"))),
                float(line.endswith((":", ",", ";"))),
                caps if not cjk else 0.5,
                float(line.isupper() and len(line) >= 8),
                float(is_prose(line)),
                float(any(page.is_meta(j) for j in nxt)),
                float(
                    bool(nxt)
                    and (is_byline(blocks[nxt[0]]) or bool(_BY_ALONE.match(blocks[nxt[0]])))
                ),
                float(any(page.is_meta(j) for j in prv)),
                float(counts.get(key, 0) >= 2),
                float(key in crumbs),
                len(cw & body_words) / len(cw) if cw else 0.0,
                float(bool(_SEP.search(line))),
                digits,
                float(bool(prv) and _words(blocks[prv[0]]) + _cjk(blocks[prv[0]]) // 2 <= 3),
                float(bool(nxt) and is_prose(blocks[nxt[0]])),
                size / max_words,
                float(line[:1].islower()),
                float(line[:1].isdigit()),
                float(bool(before) and i == before[0]),
                float(page.is_meta(i)),
                promo,
                float("\t" in line),
                math.log1p(i),
                float(any(blocks[j] != line and blocks[j].endswith(line) for j in near)),
                float(any(blocks[j] != line and line.endswith(blocks[j]) for j in near)),
                float(i == page.start - 1),
                float(0 < page.start - i <= 3),
                0.0,
            ]
        )
    x = np.asarray(rows, dtype=np.float64)
    # How a line's overlap with the body compares with the best candidate's.
    top = x[:, _OVERLAP].max()
    if top > 0:
        x[:, _REL_OVERLAP] = x[:, _OVERLAP] / top
    return cands, x


@dataclass(frozen=True, slots=True)
class Ranker:
    """A linear scorer over standardised features (weights trained by training/train_header.py)."""

    features: tuple[str, ...]
    mean: F64
    scale: F64
    weights: F64

    def score(self, x: F64) -> F64:
        return np.asarray(((x - self.mean) / self.scale) @ self.weights, dtype=np.float64)

    @classmethod
    def load(cls, path: Path) -> Ranker:
        data = json.loads(path.read_text("utf-8"))
        return cls(
            tuple(data["features"]),
            np.asarray(data["mean"], dtype=np.float64),
            np.asarray(data["scale"], dtype=np.float64),
            np.asarray(data["weights"], dtype=np.float64),
        )


@lru_cache(maxsize=1)
def title_ranker() -> Ranker:
    ranker = Ranker.load(TITLE_MODEL)
    if ranker.features != TITLE_FEATURES:
        raise RuntimeError(f"{TITLE_MODEL.name} was trained on other features; retrain it")
    return ranker


def rank_titles(blocks: Sequence[str], hits: Sequence[Hit | None], body_start: int) -> list[int]:
    """Candidate title lines, best first."""
    cands, x = title_candidates(_Page(blocks, hits, body_start))
    if not cands:
        return []
    scores = title_ranker().score(x)
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


def _pick_title(page: _Page) -> int | None:
    cands, x = title_candidates(page)
    if not cands:
        return None
    scores = title_ranker().score(x)
    return cands[min(range(len(cands)), key=lambda k: (-scores[k], cands[k]))]


def _subtitle(page: _Page, title: int, taken: set[int]) -> int | None:
    nxt = page.neighbours(title, 1, 1)
    if not nxt or nxt[0] in taken or page.hits[nxt[0]] is not None:
        return None
    line = page.blocks[nxt[0]]
    if page.is_meta(nxt[0]) or not _title_like(line) or _words(line) + _cjk(line) // 2 < 5:
        return None
    return nxt[0]


def _section(page: _Page, title: int, taken: set[int]) -> int | None:
    prv = page.neighbours(title, -1, 1)
    if not prv or prv[0] in taken or page.hits[prv[0]] is not None:
        return None
    line = page.blocks[prv[0]]
    size = _words(line) + _cjk(line) // 2
    if len(line) <= 40 and 1 <= size <= 4 and not line.endswith(".") and not page.is_meta(prv[0]):
        return prv[0]
    return None


def _byline_parts_person(line: str) -> bool:
    """ "Jane Doe | SEO | 8 min Read": a name first, then roles, dates or a read time."""
    parts = [p.strip() for p in re.split(r"\s*[|•·]\s*", line) if p.strip()]
    if len(parts) < 2 or not looks_like_person(parts[0]):
        return False
    return any(_READTIME.search(p) or parse_date_line(p) is not None for p in parts[1:])


def _find_byline(page: _Page, anchor: int, title: int | None) -> int | None:
    """The byline nearest the title: "By …" (or "By" then the name), "… 기자", a name beside the
    date or under the title."""
    order: list[int] = [*range(anchor + 1, anchor + 9), *range(anchor - 1, anchor - 6, -1)]
    blocks = page.blocks
    named: int | None = None
    for j in order:
        if not 0 <= j < len(blocks) or page.hits[j] is not None:
            continue
        line = blocks[j]
        if is_byline(line):
            return j
        if _BY_ALONE.match(line):
            nxt = page.neighbours(j, 1, 1)
            if nxt and len(blocks[nxt[0]]) <= 80:
                return nxt[0]
            continue
        if named is None and len(line) <= 100:
            if _byline_parts_person(line):
                named = j
            elif len(line) <= 40 and looks_like_person(line) and parse_byline(line).authors:
                beside = [*page.neighbours(j, 1, 1), *page.neighbours(j, -1, 1)]
                if any(page.is_meta(k) for k in beside) or (title is not None and j == title + 1):
                    named = j
    return named


def _date_roles(line: str, prev: str | None) -> tuple[ParsedDate | None, ParsedDate | None]:
    """(published, modified) read from a date line; a label may sit on the line before it."""
    up = _UPDATED.search(line)
    pub = _PUBLISHED.search(line)
    if up and pub:
        # "Updated Nov 11 … Originally published Nov 9": each label owns the date after it.
        p = parse_date_line(line[pub.start() :]) if pub.start() > up.start() else None
        u = parse_date_line(line[up.start() :])
        if p is None:
            p = parse_date_line(line[: up.start()]) or parse_date_line(line[pub.start() :])
        return p, u if u != p else None
    parsed = parse_date_line(line)
    if parsed is None:
        return None, None
    label = prev if prev is not None and len(prev) <= 30 and parse_date_line(prev) is None else ""
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
    for j in sorted(lines):
        if not 0 <= j < len(page.blocks) or page.hits[j] is not None or page.date(j) is None:
            continue
        if is_prose(page.blocks[j]) and j != byline:
            continue
        prev = page.blocks[j - 1] if j > 0 else None
        pub, mod = _date_roles(page.blocks[j], prev)
        # Lines after the title read first; those above it a little later.
        dist = j - anchor if j > anchor else 2 * (anchor - j) + 1
        found.append((dist, j, pub, mod))
    found.sort(key=lambda t: (t[0], t[1]))
    published = next((p for _, _, p, _ in found if p is not None), None)
    modified = next((m for _, _, _, m in found if m is not None), None)
    if published is None and modified is not None:
        published, modified = modified, None
    return tuple(sorted(j for _, j, _, _ in found)), published, modified


def find_header(blocks: Sequence[str], hits: Sequence[Hit | None], body_start: int) -> HeaderLines:
    """Title, dek, section, byline and date lines of a clipping whose body starts at body_start."""
    page = _Page(blocks, hits, body_start)
    head = HeaderLines()
    head.title = _pick_title(page)
    anchor = head.title if head.title is not None else page.start - 1
    head.byline = _find_byline(page, anchor, head.title)
    head.dates, head.published, head.modified = _find_dates(page, anchor, head.byline)
    if head.title is not None:
        taken = {head.title, *head.dates}
        if head.byline is not None:
            taken.add(head.byline)
        head.subtitle = _subtitle(page, head.title, taken)
        head.section = _section(page, head.title, taken)
    return head
