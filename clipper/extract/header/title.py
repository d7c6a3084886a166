"""The title line: candidates near the body start, feature rows by name, a small linear ranker."""

from __future__ import annotations

import json
import math
import re
import struct
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ...lexicon.words import STOPWORDS
from ...rules import Hit
from .._prose import CJK as _CJK
from .._prose import SENTENCE_END as _SENTENCE_END
from .._slug import slug_words
from .._slug import words as slug_words_in
from .lines import _DIGIT, _PERSON
from .page import _Page

F64 = npt.NDArray[np.float64]

_DATA = Path(__file__).resolve().parent.parent / "data"
TITLE_MODEL = _DATA / "header_title.json"
# The ranker for clippings whose URL has a slug: the same features, its words matched too. (One
# model for both kinds does worse without a URL: it leans on the slug it then lacks.)
TITLE_URL_MODEL = _DATA / "header_title_url.json"
# Title candidates: this many title-like lines nearest the body start above it and below it.
NEAR_BEFORE = 30
NEAR_AFTER = 10
# How many of them, ranked by the cheap features, get the full feature set.
KEEP = 8
_SEP = re.compile(r"\s[|–—-]\s|\s::\s")
_CRUMB = re.compile(r"(?<!\s)\s*(?:»|›|>|/|→|\||::)\s*")
_CRUMB_SEP = re.compile(r"»|›|\s>\s|\s/\s|→|\s\|\s")
_HAS_CRUMB = re.compile(r"»|›|\s>\s|\s/\s|→")


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


# A photo credit inside the line ("…VALENTINOFoto: Nikolai …", "… Epstein(Image: Bloomberg via
# Getty Images)", "(Bild: … / dmk)", "Quelle: fhm/Getty Images"): a caption, never the headline.
# The label words are the caption rules' (`rules.captions`); a label opening the line without a
# parenthesis is left alone ("Photos: The parade in pictures" is a headline), and the caption rules
# already take the captions that start with one.
_CREDIT_INSIDE = re.compile(
    r"(?:(?<=.)|^[(（])(?:photo|image|picture|foto|bild|imagen)s?\s*(?:credit\s*)?[:：]"
    r"|getty images|\b(?:ap|afp|reuters|epa) photo\b",
    re.I,
)


def _credit_inside(line: str) -> bool:
    """Whether `_CREDIT_INSIDE` finds a credit in the line. The substring tests first keep the
    regex off nearly every line (a match holds one of them, bar mixed-case "GeTTY" or "PhOTO")."""
    return (
        ":" in line
        or "：" in line
        or "etty" in line
        or "ETTY" in line
        or "hoto" in line
        or "HOTO" in line
    ) and _CREDIT_INSIDE.search(line) is not None


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
            and not _credit_inside(line)
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
        if _credit_inside(line):
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


Row = dict[str, float | bool | int]

_ROW = {n: struct.Struct(f"{n}d") for n in (N_CHEAP, len(TITLE_FEATURES))}


def _matrix(rows: list[Row], width: int) -> F64:
    """The rows (built by feature name) as a float64 matrix in TITLE_FEATURES order: packed to
    bytes a row at a time, which costs a third less than np.array's element-wise conversion
    (same values: bools and ints as floats). The rows' names are checked against the first
    `width` TITLE_FEATURES, so a feature can never land in another's column."""
    if rows and tuple(rows[0]) != TITLE_FEATURES[:width]:
        raise RuntimeError("title feature rows are out of step with TITLE_FEATURES")
    data = bytearray().join([_ROW[width].pack(*row.values()) for row in rows])
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


@dataclass(slots=True)
class _Window:
    """The lines no rule removed around the body start (`adm`), as the feature rows see them:
    each candidate and its neighbours are at pos[i] - _PAD in `adm`."""

    adm: list[int]
    pos: dict[int, int]
    meta: list[bool]
    words: list[int]
    cjks: list[int]
    elo: int

    @classmethod
    def of(cls, page: _Page) -> _Window:
        page.read_meta()
        adm = page._adm
        words, cjks = page.window_sizes()
        meta_of = page._meta
        pos = dict(zip(adm, range(_PAD, len(adm) + _PAD), strict=True))
        return cls(adm, pos, [meta_of[i] for i in adm], words, cjks, page._elo)


def title_candidates(
    page: _Page, prefilter: tuple[Ranker, int] | None = None
) -> tuple[list[int], F64]:
    """The lines that could be the title and their feature rows (TITLE_FEATURES order)."""
    counts, crumbs = _window_lines(page)
    cands = _pick_candidates(page, counts, crumbs)
    if not cands:
        return [], np.zeros((0, len(TITLE_FEATURES)))
    window = _Window.of(page)
    rows, followed = _cheap_rows(page, window, cands, counts, crumbs)
    _rank_followed(rows, followed)
    if prefilter is not None and len(cands) > prefilter[1]:
        # The cheap features alone (the others at their mean) pick who gets the full look.
        ranker, keep = prefilter
        cheap = ranker.score_cheap(_matrix(rows, N_CHEAP)).tolist()
        top = sorted(sorted(range(len(cands)), key=lambda k: (-cheap[k], cands[k]))[:keep])
        cands = [cands[k] for k in top]
        rows = [rows[k] for k in top]
    _add_full_features(page, window, cands, rows)
    return cands, _matrix(rows, len(TITLE_FEATURES))


def _cheap_rows(
    page: _Page, window: _Window, cands: list[int], counts: dict[str, int], crumbs: set[str]
) -> tuple[list[Row], list[bool]]:
    """The cheap features of every candidate (a row each, built in one loop: a column at a time
    costs a numpy call each), and which candidates a byline or date follows."""
    blocks, start, slug = page.blocks, page.start, page.slug
    adm, pos, meta, words, cjks, elo = (
        window.adm,
        window.pos,
        window.meta,
        window.words,
        window.cjks,
        window.elo,
    )
    n_adm = len(adm)
    meta_of = page._meta
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
    log1p = math.log1p
    end_search = _SENTENCE_END.search
    rows: list[Row] = []
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
        slug_cover, slug_prec = _slug_match(key, slug)
        rows.append(
            {
                "before": bef,
                "dist_before": log1p(start - i) if bef else 0.0,
                "dist_after": 0.0 if bef else log1p(i - start),
                # Candidates between this one and the body start.
                "cand_rank": log1p(n_before - 1 - r) if bef else 0.0,
                "words": log1p(w),
                "short": w <= 3,
                "long": w >= 20,
                "cjk": cjk > 0,
                "period": line.endswith("."),
                "question": line.endswith(("?", "!")),
                "colon": line.endswith((":", ",", ";")),
                "allcaps": line.isupper() and len(line) >= 8,
                # page.prose(i)
                "prose": (cjk >= 60 or bool(end_search(line)))
                if cjk >= 30
                else (words_i >= 25 or (words_i >= 10 and bool(end_search(line)))),
                "dup": dup,
                "crumb": key in crumbs,
                "rel_len": w / max_words,
                "lower_start": line[:1].islower(),
                "num_start": line[:1].isdigit(),
                "position": log1p(i),
                "adjacent": i == start - 1,
                "near3": 0 < start - i <= 3,
                "commas": line.count(",") + line.count("，"),
                "next_meta": next_meta,
                # page.is_by(nxt), its is_meta part known.
                "next_byline": nxt >= 0
                and meta[q + 1 - _PAD]
                and (page.byline(nxt) or page.by_alone(nxt)),
                "prev_meta": meta_run[q] > meta_run[q - 2],
                "self_meta": meta_of[i],
                "short_run": run,
                # A table of contents repeats its entries in the window and lists them in a run.
                "toc": dup and run >= 2,
                # Set by _rank_followed.
                "meta_rank": -1.0,
                # Headlines hold function words; menus of nouns run together do not.
                "stop": len(STOPWORDS.intersection(tokens)) / len(tokens) if tokens else 0.0,
                "dspace": "  " in line,
                "by_inner": not _BY_WORDS.isdisjoint(tokens),
                # A dek follows its headline and runs longer; a kicker precedes it and runs
                # shorter.
                "after_shorter": q > _PAD and size_of.get(adm[q - 1 - _PAD], 1e9) < w,
                "before_longer": nxt >= 0 and size_of.get(nxt, -1.0) > w,
                "slug_cover": slug_cover,
                "slug_prec": slug_prec,
            }
        )
    return rows, followed


def _rank_followed(rows: list[Row], followed: list[bool]) -> None:
    """meta_rank: the headline is usually the line nearest the body start that a byline or date
    follows; how many such lines lie between this one and the body start (np.log1p, as
    trained: it differs from math.log1p in the last bit on some integers)."""
    total = sum(followed)
    if total:
        left = [float(total - c) for c in accumulate(followed)]
        ranks = np.log1p(np.array(left)).tolist()
        for row, f, v in zip(rows, followed, ranks, strict=True):
            if f:
                row["meta_rank"] = v


def _add_full_features(page: _Page, window: _Window, cands: list[int], rows: list[Row]) -> None:
    """The features worth computing only for the candidates kept, added to their rows."""
    blocks = page.blocks
    adm, pos, words, cjks, elo = window.adm, window.pos, window.words, window.cjks, window.elo
    n_adm = len(adm)
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
        row["titlecase"] = titlecase
        row["overlap"] = overlap
        row["sep"] = (
            "-" in line or "|" in line or "–" in line or "—" in line or "::" in line
        ) and bool(_SEP.search(line))
        row["digits"] = len(_DIGIT.findall(line)) / n_line
        row["prev_short"] = prev_short
        row["next_prose"] = q + 1 - _PAD < n_adm and page.prose(adm[q + 1 - _PAD])
        row["promo"] = sum(map(_PROMO.__contains__, stripped)) / words_i if words_i else 0.0
        row["crumb_near"] = ends_near
        # Replaced below by the overlap relative to the best candidate's whenever any candidate
        # overlaps the body. When none does, the shipped rankers were trained with `ended` (the
        # line ends with a shorter neighbour) here: kept so records stay as they are; a
        # retrained ranker should put 0.0 instead.
        row["rel_overlap"] = ended
        row["person"] = words_i <= 5 and n_line <= 40 and bool(_PERSON.match(line))
        row["crumb_line"] = crumb_line
        # A kicker or a section name is often part of the headline beside it, and a headline
        # holds them: "Cloud Computing" above "Top 10: Trends in Cloud Computing".
        row["inside_near"] = inside
        row["holds_near"] = holds
    # How a line's overlap with the body compares with the best candidate's.
    top_overlap = max(overlaps)
    if top_overlap > 0:
        for row, overlap in zip(rows, overlaps, strict=True):
            row["rel_overlap"] = overlap / top_overlap


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


def _pick_title(page: _Page) -> int | None:
    ranker = title_ranker(bool(page.slug))
    cands, x = title_candidates(page, (ranker, KEEP))
    if not cands:
        return None
    scores = ranker.score(x).tolist()
    return cands[min(range(len(cands)), key=lambda k: (-scores[k], cands[k]))]
