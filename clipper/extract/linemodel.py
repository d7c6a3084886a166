"""Learned line classifier for copied text: which lines of a select-all copy are the article body.

Features are cheap on purpose (character classes counted for the whole clipping at once with numpy,
a handful of whole-text regexes, stop-word lookups), then a small two-stage model scores each line:
stage 1 sees a line and its neighbours' features, stage 2 sees stage 1's probabilities around the
line (learned context smoothing, the jusText idea). Weights are plain numpy arrays trained by
`training/train_linemodel.py` on the WCXB dev copies with site-disjoint cross-validation.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .data.stopwords import (
    BYLINE_WORDS,
    CJK_FUNCTION_CHARS,
    COPYRIGHT_WORDS,
    KOREAN_ENDINGS,
    MONTHS,
    PROMO_WORDS,
    SOCIAL_WORDS,
    STOPWORDS,
    TIME_WORDS,
)

__all__ = [
    "FEATURE_NAMES",
    "block_features",
    "context_features",
    "score_blocks",
    "score_title",
    "select_body",
]

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

WEIGHTS = Path(__file__).resolve().parent / "data" / "linemodel.npz"

# Character classes, counted per line with one bincount over the whole clipping.
(
    C_OTHER,
    C_SPACE,
    C_DIGIT,
    C_UPPER,
    C_LOWER,
    C_LETTER,
    C_CJK,
    C_HANGUL,
    C_CJKFUNC,
    C_SENT,
    C_COMMA,
    C_PUNCT,
    C_SYMBOL,
    C_BULLET,
    C_NEWLINE,
) = range(15)
N_CLASSES = 15
_SENT_CHARS = ".!?。！？…"
_COMMA_CHARS = ",;，、；"
_BULLET_CHARS = "•·▪▫◦‣⁃●○■□►▶▸›»|/\\>«‹◀◂–—-*#~"


@lru_cache(maxsize=1)
def _char_class_table() -> npt.NDArray[np.uint8]:
    """Class of every BMP code point (astral ones count as C_OTHER)."""
    table = np.zeros(0x10000, dtype=np.uint8)
    for cp in range(0x10000):
        ch = chr(cp)
        if ch == "\n":
            cls = C_NEWLINE
        elif ch.isspace():
            cls = C_SPACE
        elif ch.isdigit():
            cls = C_DIGIT
        elif 0xAC00 <= cp <= 0xD7A3 or 0x1100 <= cp <= 0x11FF or 0x3130 <= cp <= 0x318F:
            cls = C_HANGUL
        elif ch in CJK_FUNCTION_CHARS:
            cls = C_CJKFUNC
        elif 0x3040 <= cp <= 0x30FF or 0x3400 <= cp <= 0x4DBF or 0x4E00 <= cp <= 0x9FFF:
            cls = C_CJK
        elif ch.isupper():
            cls = C_UPPER
        elif ch.islower():
            cls = C_LOWER
        elif ch.isalpha():
            cls = C_LETTER
        elif ch in _SENT_CHARS:
            cls = C_SENT
        elif ch in _COMMA_CHARS:
            cls = C_COMMA
        elif ch in _BULLET_CHARS:
            cls = C_BULLET
        elif unicodedata.category(ch).startswith("P"):
            cls = C_PUNCT
        elif unicodedata.category(ch)[0] in "SC" and not 0xD800 <= cp <= 0xDFFF:
            cls = C_SYMBOL
        else:
            cls = C_OTHER
        table[cp] = cls
    return table


# Word categories, looked up once per token of the clipping (regexes over the whole text cost more
# than the rest of the features together).
T_STOP, T_MONTH, T_SOCIAL, T_PROMO, T_TIME, T_BYLINE, T_COPYRIGHT, T_YEAR, T_MARK = (
    1,
    2,
    4,
    8,
    16,
    32,
    64,
    128,
    256,
)
_MARK = "\x00"
# Tokens are split on white space only (no lower-casing, no punctuation pass: both cost more than
# the lookups), so the lexicon holds each word's usual casings with the punctuation that clings to it.
_BEFORE = ("(", '"', "“")
_AFTER = ("", ",", ".", ":", ";", "!", "?", ")", '"', "”")


def _build_lexicon() -> dict[str, int]:
    lexicon: dict[str, int] = {}
    groups: list[tuple[int, frozenset[str]]] = [
        (T_STOP, STOPWORDS),
        (T_MONTH, MONTHS),
        (T_SOCIAL, SOCIAL_WORDS),
        (T_PROMO, PROMO_WORDS),
        (T_TIME, TIME_WORDS),
        (T_BYLINE, BYLINE_WORDS),
        (T_COPYRIGHT, COPYRIGHT_WORDS),
        (T_YEAR, frozenset(str(y) for y in range(1990, 2040))),
    ]
    for bit, words in groups:
        for word in words:
            for cased in {word, word.capitalize(), word.upper()}:
                keys = [cased + after for after in _AFTER] + [b + cased for b in _BEFORE]
                for key in keys:
                    lexicon[key] = lexicon.get(key, 0) | bit
    lexicon[_MARK] = T_MARK
    return lexicon


_LEXICON = _build_lexicon()
_CLOSERS = "\"'”’»)]」』）"

# Latin-equivalent size of CJK text: a Chinese or Japanese character carries about as much as 3.5
# Latin letters and a word is about 1.7 characters; a Hangul syllable is about 2.5 letters.
_CJK_CHAR_WEIGHT = 2.5
_HANGUL_CHAR_WEIGHT = 1.5
_CJK_WORD_CHARS = 1.7
# Korean particles and Chinese/Japanese function characters are denser than Latin stop words:
# weighted so that prose in each script lands near English prose (about 0.45).
_CJK_STOP_WEIGHT = 0.6
_STARTS_UPPER = np.array([C_UPPER, C_LETTER, C_CJK, C_CJKFUNC, C_HANGUL], dtype=np.uint8)
_ALNUM = re.compile(r"[^\W_]")
_CAPS = (
    ("log_chars", np.log1p(4000.0)),
    ("log_words", np.log1p(600.0)),
    ("log_repeats", np.log(200.0)),
    ("log_pos", np.log1p(2500.0)),
    ("log_pos_end", np.log1p(2500.0)),
    ("log_n_lines", np.log1p(2500.0)),
)
_CLOSER_CPS = np.array([ord(c) for c in _CLOSERS], dtype=np.uint32)


def _substring_lines(text: str, needles: tuple[str, ...], start: npt.NDArray[np.int64]) -> F64:
    """How many times the needles occur on each line (they are rare: a find loop is cheapest)."""
    hits: list[int] = []
    for needle in needles:
        i = text.find(needle)
        while i >= 0:
            hits.append(i)
            i = text.find(needle, i + 1)
    out = np.zeros(len(start), dtype=np.float64)
    if hits:
        np.add.at(out, np.searchsorted(start, hits, side="right") - 1, 1.0)
    return out


FEATURE_NAMES: tuple[str, ...] = (
    "log_chars",
    "log_words",
    "digit_ratio",
    "upper_ratio",
    "letter_ratio",
    "sent_per_word",
    "comma_per_word",
    "punct_ratio",
    "symbol_ratio",
    "bullet_ratio",
    "stop_ratio",
    "ends_sentence",
    "ends_colon",
    "starts_upper",
    "starts_digit",
    "starts_bullet",
    "mean_word_len",
    "title_case",
    "log_repeats",
    "pos_rel",
    "log_pos",
    "log_pos_end",
    "log_n_lines",
    "month",
    "year",
    "byline",
    "url",
    "copyright",
    "social",
    "promo",
    "time",
    "prose",
)
_N_BASE = len(FEATURE_NAMES)
_IDX = {name: i for i, name in enumerate(FEATURE_NAMES)}


def block_features(blocks: Sequence[str]) -> F64:
    """Per-block features (rows = blocks, columns = FEATURE_NAMES), blocks taken as single lines."""
    n = len(blocks)
    out = np.zeros((n, _N_BASE), dtype=np.float64)
    if n == 0:
        return out
    # The line-marker token must not occur in the text itself (a NUL byte in a hostile copy would
    # otherwise start a line the blocks do not have).
    lines = [b.strip().replace(_MARK, " ") for b in blocks]
    text = "\n".join(lines)
    if text.count("\n") != n - 1 or "\r" in text:
        # A block with a line break inside: make it one line so rows stay aligned with blocks.
        lines = [" ".join(b.split()) for b in lines]
        text = "\n".join(lines)
    # surrogatepass: a str may hold lone surrogates (file names, lossy decoders); they count as
    # "other" characters rather than raise.
    cps = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    cls = _char_class_table()[np.minimum(cps, 0xFFFF)]
    is_nl = cls == C_NEWLINE
    line_id = np.cumsum(is_nl) - is_nl  # newline belongs to the line it ends
    counts = np.bincount(line_id * N_CLASSES + cls, minlength=n * N_CLASSES).reshape(n, N_CLASSES)
    counts = counts.astype(np.float64)
    # Word starts: a letter or digit after anything that is not one (CJK counted by characters).
    wordish = (cls == C_UPPER) | (cls == C_LOWER) | (cls == C_LETTER) | (cls == C_DIGIT)
    wordish |= cls == C_HANGUL
    starts = wordish.copy()
    starts[1:] &= ~wordish[:-1]
    n_words = np.bincount(line_id, weights=starts, minlength=n)
    # Title case: words starting upper-case after a space or line start.
    upper_start = cls == C_UPPER
    upper_start[1:] &= ~wordish[:-1]
    n_upper_words = np.bincount(line_id, weights=upper_start, minlength=n)

    lens = np.array([len(s) for s in lines], dtype=np.int64)
    chars = lens.astype(np.float64)
    # Script-neutral sizes: the training copies are all in Latin script, so a Chinese, Japanese or
    # Korean line is measured in Latin-equivalent characters and words, and no feature says which
    # script it is (a model would learn "CJK = language menu" from the few it saw).
    cjk = counts[:, C_CJK] + counts[:, C_CJKFUNC]
    hangul = counts[:, C_HANGUL]
    extra = _CJK_CHAR_WEIGHT * cjk + _HANGUL_CHAR_WEIGHT * hangul
    chars = chars + extra
    nonspace = np.maximum(chars - counts[:, C_SPACE], 1.0)
    words = n_words + cjk / _CJK_WORD_CHARS
    words_1 = np.maximum(words, 1.0)
    letters = counts[:, C_UPPER] + counts[:, C_LOWER]

    out[:, _IDX["log_chars"]] = np.log1p(chars)
    out[:, _IDX["log_words"]] = np.log1p(words)
    out[:, _IDX["digit_ratio"]] = counts[:, C_DIGIT] / nonspace
    out[:, _IDX["upper_ratio"]] = counts[:, C_UPPER] / np.maximum(letters, 1.0)
    out[:, _IDX["letter_ratio"]] = (letters + counts[:, C_LETTER] + cjk + hangul + extra) / nonspace
    out[:, _IDX["sent_per_word"]] = counts[:, C_SENT] / words_1
    out[:, _IDX["comma_per_word"]] = counts[:, C_COMMA] / words_1
    out[:, _IDX["punct_ratio"]] = counts[:, C_PUNCT] / nonspace
    out[:, _IDX["symbol_ratio"]] = counts[:, C_SYMBOL] / nonspace
    out[:, _IDX["bullet_ratio"]] = counts[:, C_BULLET] / nonspace
    out[:, _IDX["mean_word_len"]] = np.minimum(nonspace / words_1, 30.0) / 10.0
    out[:, _IDX["title_case"]] = n_upper_words / np.maximum(n_words, 1.0)

    # Tokens of the whole clipping in one pass, a marker token between lines.
    toks = text.replace("\n", f" {_MARK} ").split()
    lex = _LEXICON
    codes = np.fromiter(map(lex.get, toks, repeat(0)), dtype=np.int64, count=len(toks))
    marker = (codes & T_MARK) > 0
    tok_line = np.cumsum(marker)
    real = ~marker
    n_toks = np.bincount(tok_line, weights=real, minlength=n)
    stops: F64 = np.bincount(tok_line, weights=(codes & T_STOP) > 0, minlength=n).astype(np.float64)
    if counts[:, C_HANGUL].any():
        # Korean particles and endings sit on the end of the word.
        ko_end = KOREAN_ENDINGS
        stops += np.bincount(
            tok_line,
            weights=[
                _CJK_STOP_WEIGHT * (w.rstrip(".,!?\"'”’)")[-1:] in ko_end and not (c & T_STOP))
                for w, c in zip(toks, codes, strict=True)
            ],
            minlength=n,
        )
    # Chinese and Japanese function characters count as stop words, per Latin-equivalent word.
    stops += _CJK_STOP_WEIGHT * counts[:, C_CJKFUNC]
    out[:, _IDX["stop_ratio"]] = np.minimum(
        stops / np.maximum(n_toks + cjk / _CJK_WORD_CHARS, 1.0), 1.0
    )
    first_tok = real.copy()
    first_tok[1:] &= marker[:-1]
    for name, bit in (
        ("month", T_MONTH),
        ("social", T_SOCIAL),
        ("promo", T_PROMO),
        ("time", T_TIME),
        ("copyright", T_COPYRIGHT),
        ("year", T_YEAR),
    ):
        out[:, _IDX[name]] = np.minimum(
            np.bincount(tok_line, weights=(codes & bit) > 0, minlength=n), 3
        )
    out[:, _IDX["byline"]] = np.bincount(
        tok_line, weights=first_tok & ((codes & T_BYLINE) > 0), minlength=n
    )

    # First and last characters by position in the code-point array (no per-line Python work).
    start = np.zeros(n, dtype=np.int64)
    start[1:] = np.cumsum(lens[:-1] + 1)
    nonempty = lens > 0
    cps_pad = np.append(cps, np.uint32(0))
    cls_pad = np.append(cls, np.uint8(C_OTHER))
    last_i = np.maximum(start + lens - 1, 0)
    closer = np.isin(cps_pad[last_i], _CLOSER_CPS) & (lens >= 2)
    last_i = np.where(closer, last_i - 1, last_i)
    last_cp = cps_pad[last_i]
    last_cls = cls_pad[last_i]
    first_cls = cls_pad[start]
    out[:, _IDX["ends_sentence"]] = nonempty & ((last_cls == C_SENT) | (last_cp == ord("다")))
    out[:, _IDX["ends_colon"]] = nonempty & ((last_cp == ord(":")) | (last_cp == ord("：")))
    # Caseless scripts start like a capitalised sentence.
    out[:, _IDX["starts_upper"]] = nonempty & np.isin(first_cls, _STARTS_UPPER)
    out[:, _IDX["starts_digit"]] = nonempty & (first_cls == C_DIGIT)
    out[:, _IDX["starts_bullet"]] = nonempty & (first_cls == C_BULLET)
    out[:, _IDX["url"]] = _substring_lines(text, ("://", "www.", "@"), start) > 0
    repeats = Counter(lines)
    out[:, _IDX["log_repeats"]] = np.log([repeats[line] for line in lines])

    pos = np.arange(n, dtype=np.float64)
    out[:, _IDX["pos_rel"]] = pos / max(n - 1, 1)
    out[:, _IDX["log_pos"]] = np.log1p(pos)
    out[:, _IDX["log_pos_end"]] = np.log1p(n - 1 - pos)
    out[:, _IDX["log_n_lines"]] = np.log1p(n)

    # Beyond what training saw (a 100,000-line clipping, a line repeated 10,000 times) an MLP
    # extrapolates wildly: hold sizes at the edge of the training range (all above its maxima).
    for name, cap in _CAPS:
        np.minimum(out[:, _IDX[name]], cap, out=out[:, _IDX[name]])

    # A rough prose flag that anchors the context features (stage 1 learns how far to trust it).
    out[:, _IDX["prose"]] = (words >= 12) & (
        (out[:, _IDX["stop_ratio"]] >= 0.2) | (out[:, _IDX["ends_sentence"]] > 0)
    )
    return out


_CTX_COLS = tuple(
    _IDX[c]
    for c in (
        "log_chars",
        "log_words",
        "stop_ratio",
        "ends_sentence",
        "digit_ratio",
        "title_case",
        "prose",
        "promo",
        "month",
        "log_repeats",
    )
)


def _shift(a: F64, k: int) -> F64:
    """Rows moved down by k (k > 0: the row k lines before), zero-filled."""
    out = np.zeros_like(a)
    if k > 0:
        out[k:] = a[:-k]
    elif k < 0:
        out[:k] = a[-k:]
    else:
        out[:] = a
    return out


def _window_mean(a: F64, radius: int) -> F64:
    """Mean over rows i-radius..i+radius that exist."""
    n = a.shape[0]
    csum = np.vstack([np.zeros((1, a.shape[1])), np.cumsum(a, axis=0)])
    lo = np.clip(np.arange(n) - radius, 0, n)
    hi = np.clip(np.arange(n) + radius + 1, 0, n)
    out: F64 = (csum[hi] - csum[lo]) / (hi - lo)[:, None]
    return out


def context_features(base: F64) -> F64:
    """A line's features beside its neighbours' and the clipping's prose layout."""
    n = base.shape[0]
    ctx = base[:, _CTX_COLS]
    parts: list[F64] = [base]
    for k in (1, 2, -1, -2):
        parts.append(_shift(ctx, k))
    for radius in (3, 8):
        parts.append(_window_mean(ctx, radius))
    prose = base[:, _IDX["prose"]] > 0
    idx = np.arange(n)
    extra = np.zeros((n, 7), dtype=np.float64)
    if prose.any():
        p_idx = idx[prose]
        first, last = p_idx[0], p_idx[-1]
        extra[:, 0] = idx < first
        extra[:, 1] = idx > last
        # Distance to the nearest prose line, before and after.
        nxt = np.searchsorted(p_idx, idx, side="left")
        prv = nxt - 1
        d_next = np.where(nxt < len(p_idx), p_idx[np.minimum(nxt, len(p_idx) - 1)] - idx, n)
        d_prev = np.where(prv >= 0, idx - p_idx[np.maximum(prv, 0)], n)
        extra[:, 2] = np.log1p(np.minimum(d_next, d_prev))
        extra[:, 3] = np.log1p(d_next)
        extra[:, 4] = np.log1p(d_prev)
        extra[:, 5] = prose.mean()
        # Where the line sits in the prose span (0 at the first prose line, 1 at the last).
        extra[:, 6] = np.clip((idx - first) / max(last - first, 1), -1.0, 2.0)
    else:
        extra[:, 0:2] = 1.0
        extra[:, 2:5] = np.log1p(n)
    parts.append(extra)
    return np.hstack(parts)


def stage2_features(p: F64) -> F64:
    """Stage 1's probabilities around each line: the learned smoothing's input."""
    n = len(p)
    if n == 0:
        return np.zeros((0, N_STAGE2), dtype=np.float64)
    col = p[:, None]
    parts = [col]
    for k in (1, 2, 3, -1, -2, -3):
        parts.append(_shift(col, k))
    for radius in (2, 5, 12):
        parts.append(_window_mean(col, radius))
    # Is there likely body before and after (a line inside the article is bracketed by it)?
    top = float(p.max())
    conf = (p >= 0.5 * top).astype(np.float64)
    before = np.maximum.accumulate(np.concatenate([[0.0], conf[:-1]]))
    after = np.maximum.accumulate(np.concatenate([conf[1:], [0.0]])[::-1])[::-1]
    parts.append(before[:, None])
    parts.append(after[:, None])
    # Relative to the clipping's best line: a page of odd text (listings, short items) where
    # nothing looks like textbook prose still has its body.
    rel = p / max(top, 1e-6)
    parts.append(rel[:, None])
    parts.append(_window_mean(rel[:, None], 5))
    # Where the line sits relative to the span of likely body lines.
    idx = np.flatnonzero(conf)
    inside = ((np.arange(n) >= idx[0]) & (np.arange(n) <= idx[-1])).astype(np.float64)
    parts.append(inside[:, None])
    parts.append(np.full((n, 1), p.mean()))
    parts.append(np.full((n, 1), top))
    return np.hstack(parts)


N_STAGE2 = 17


# ---------------------------------------------------------------------------------------- model


def _sigmoid(x: F64) -> F64:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -30.0, 30.0)))


# OpenBLAS runs a product single-threaded when rows x inner x outer stays under this; threads
# cost far more than they save on matrices this small (ten times more on a busy machine).
_BLAS_SINGLE_THREAD = 4 * 65536


def _matmul(x: F64, w: F64) -> F64:
    """x @ w in row blocks small enough for BLAS to stay on one thread."""
    rows = max(1, _BLAS_SINGLE_THREAD // (w.shape[0] * w.shape[1]))
    if len(x) <= rows:
        out: F64 = x @ w
        return out
    out = np.empty((len(x), w.shape[1]), dtype=np.float64)
    for i in range(0, len(x), rows):
        np.matmul(x[i : i + rows], w, out=out[i : i + rows])
    return out


class _Net:
    """An MLP (or logistic regression when there are no hidden layers) on standardised inputs."""

    def __init__(self, arrays: dict[str, Any], prefix: str) -> None:
        mean = np.asarray(arrays[f"{prefix}mean"], dtype=np.float64)
        scale = np.asarray(arrays[f"{prefix}scale"], dtype=np.float64)
        self.layers: list[tuple[F64, F64]] = []
        k = 0
        while f"{prefix}W{k}" in arrays:
            w = np.asarray(arrays[f"{prefix}W{k}"], dtype=np.float64)
            b = np.asarray(arrays[f"{prefix}b{k}"], dtype=np.float64)
            if k == 0:
                # Fold the standardisation into the first layer: (x - m) / s @ W = x @ (W / s) - ...
                w = w / scale[:, None]
                b = b - mean @ w
            self.layers.append((np.ascontiguousarray(w), b))
            k += 1

    def __call__(self, x: F64) -> F64:
        h = x
        for i, (w, b) in enumerate(self.layers):
            h = _matmul(h, w)
            h += b
            if i < len(self.layers) - 1:
                np.maximum(h, 0.0, out=h)
        return _sigmoid(h[:, 0])


class _Model:
    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        self.stage1 = _Net(arrays, "s1_")
        self.stage2 = _Net(arrays, "s2_")
        self.title = _Net(arrays, "t_") if "t_mean" in arrays else None
        self.threshold = float(arrays["threshold"])
        self.low = float(arrays["low"]) if "low" in arrays else self.threshold
        self.high = float(arrays["high"]) if "high" in arrays else 1.0


@lru_cache(maxsize=1)
def _model() -> _Model:
    return _Model(WEIGHTS)


def score_blocks(blocks: Sequence[str]) -> list[float]:
    """Probability that each block (a line of copied text) is article body."""
    if not blocks:
        return []
    model = _model()
    x = context_features(block_features(blocks))
    p1 = model.stage1(x)
    p2 = model.stage2(np.hstack([x, stage2_features(p1)]))
    return [float(v) for v in p2]


def score_title(blocks: Sequence[str]) -> list[float]:
    """Probability that each block is the headline (trained on the truth's titles)."""
    if not blocks:
        return []
    model = _model()
    if model.title is None:
        return [0.0] * len(blocks)
    x = context_features(block_features(blocks))
    p1 = model.stage1(x)
    return [float(v) for v in model.title(np.hstack([x, stage2_features(p1)]))]


def select_body(
    blocks: Sequence[str],
    scores: Sequence[float] | None = None,
    *,
    threshold: float | None = None,
    low: float | None = None,
    high: float | None = None,
) -> list[int]:
    """Indices of the blocks to keep as the body, in order (the jusText idea, learned scores).

    The main region is the contiguous run of blocks that maximises the sum of (score - threshold);
    inside it a block is kept from `low` up (a subhead or short line between paragraphs), outside
    it only from `high` up. Never empty when some block has words: with nothing selected, the run
    of blocks scoring near the clipping's best is kept. Defaults come from the trained model file.
    """
    if not blocks:
        return []
    p = np.asarray(scores if scores is not None else score_blocks(blocks), dtype=np.float64)
    if threshold is None or low is None or high is None:
        model = _model()
        threshold = model.threshold if threshold is None else threshold
        low = model.low if low is None else low
        high = model.high if high is None else high
    has_words = np.array([_ALNUM.search(b) is not None for b in blocks], dtype=bool)
    if not has_words.any():
        return []
    region = _max_run(np.where(has_words, p - threshold, -1.0))
    keep = ((region & (p >= low)) | (p >= high)) & has_words
    if not keep.any():
        keep = _max_run(np.where(has_words, p - 0.5 * p[has_words].max(), -1.0)) & has_words
        if not keep.any():
            keep = np.zeros(len(p), dtype=bool)
            keep[int(np.argmax(np.where(has_words, p, -1.0)))] = True
    return [int(i) for i in np.flatnonzero(keep)]


def _max_run(gain: F64) -> npt.NDArray[np.bool_]:
    """The contiguous run with the largest positive sum of gains (all False if none is positive)."""
    best, best_lo, best_hi = 0.0, 0, -1
    run, lo = 0.0, 0
    for i, g in enumerate(gain.tolist()):
        if run <= 0.0:
            run, lo = g, i
        else:
            run += g
        if run > best:
            best, best_lo, best_hi = run, lo, i
    keep = np.zeros(len(gain), dtype=bool)
    keep[best_lo : best_hi + 1] = True
    return keep
