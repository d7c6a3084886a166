"""The line model's features against a plain reference: the fast code must give the same numbers.

The reference is the straightforward version of the feature code (one numpy pass per feature, as
first written and trained on); the shipped code computes the same features with fewer passes.
Bit-for-bit equality matters: the weights were trained on the reference's numbers.
"""

# ruff: noqa: E501

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from itertools import repeat

import numpy as np
import numpy.typing as npt

from clipper.extract.linemodel.chars import (
    _CAPS,
    _CJK_CHAR_WEIGHT,
    _CJK_STOP_WEIGHT,
    _CJK_WORD_CHARS,
    _CLOSER_CPS,
    _HANGUL_CHAR_WEIGHT,
    _STARTS_UPPER,
    C_BULLET,
    C_CJK,
    C_CJKFUNC,
    C_COMMA,
    C_DIGIT,
    C_HANGUL,
    C_LETTER,
    C_LOWER,
    C_NEWLINE,
    C_OTHER,
    C_PUNCT,
    C_SENT,
    C_SPACE,
    C_SYMBOL,
    C_UPPER,
    F64,
    N_CLASSES,
    _char_class_table,
)
from clipper.extract.linemodel.context import _CTX_COLS, N_STAGE2, context_features, stage2_features
from clipper.extract.linemodel.features import _IDX, _N_BASE, block_features
from clipper.extract.linemodel.lexicon import (
    _LEXICON,
    _MARK,
    T_BYLINE,
    T_COPYRIGHT,
    T_MARK,
    T_MONTH,
    T_PROMO,
    T_SOCIAL,
    T_STOP,
    T_TIME,
    T_YEAR,
)
from clipper.extract.linemodel.model import _model, score_blocks
from clipper.lexicon.words import KOREAN_ENDINGS

# ----------------------------------------------------------------------------- the reference


def _ref_substring_lines(text: str, needles: tuple[str, ...], start: npt.NDArray[np.int64]) -> F64:
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


def ref_block_features(blocks: Sequence[str]) -> F64:
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
    out[:, _IDX["url"]] = _ref_substring_lines(text, ("://", "www.", "@"), start) > 0
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


def _ref_shift(a: F64, k: int) -> F64:
    """Rows moved down by k (k > 0: the row k lines before), zero-filled."""
    out = np.zeros_like(a)
    if k > 0:
        out[k:] = a[:-k]
    elif k < 0:
        out[:k] = a[-k:]
    else:
        out[:] = a
    return out


def _ref_window_mean(a: F64, radius: int) -> F64:
    """Mean over rows i-radius..i+radius that exist."""
    n = a.shape[0]
    csum = np.vstack([np.zeros((1, a.shape[1])), np.cumsum(a, axis=0)])
    lo = np.clip(np.arange(n) - radius, 0, n)
    hi = np.clip(np.arange(n) + radius + 1, 0, n)
    out: F64 = (csum[hi] - csum[lo]) / (hi - lo)[:, None]
    return out


def ref_context_features(base: F64) -> F64:
    """A line's features beside its neighbours' and the clipping's prose layout."""
    n = base.shape[0]
    ctx = base[:, _CTX_COLS]
    parts: list[F64] = [base]
    for k in (1, 2, -1, -2):
        parts.append(_ref_shift(ctx, k))
    for radius in (3, 8):
        parts.append(_ref_window_mean(ctx, radius))
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


def ref_stage2_features(p: F64) -> F64:
    """Stage 1's probabilities around each line: the learned smoothing's input."""
    n = len(p)
    if n == 0:
        return np.zeros((0, N_STAGE2), dtype=np.float64)
    col = p[:, None]
    parts = [col]
    for k in (1, 2, 3, -1, -2, -3):
        parts.append(_ref_shift(col, k))
    for radius in (2, 5, 12):
        parts.append(_ref_window_mean(col, radius))
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
    parts.append(_ref_window_mean(rel[:, None], 5))
    # Where the line sits relative to the span of likely body lines.
    idx = np.flatnonzero(conf)
    inside = ((np.arange(n) >= idx[0]) & (np.arange(n) <= idx[-1])).astype(np.float64)
    parts.append(inside[:, None])
    parts.append(np.full((n, 1), p.mean()))
    parts.append(np.full((n, 1), top))
    return np.hstack(parts)


# ------------------------------------------------------------------------------------- the tests

WORDS = (
    "the of and to in a is that for on with as by at from this was it be are have has said "
    "council budget parks library mayor vote plan Tuesday March 2024 news share Facebook Twitter "
    "By Jane Doe Updated Copyright © Related Subscribe newsletter cookie www.example.com "
    "https://example.com/a jane@example.com 12 3.5% (AP) “quoted” end. ends! really? 1990 2039"
).split()
SCRIPTS = [
    "시장은 예산안에 서명했다고 밝혔다.",
    "시의회는 화요일 예산을 승인했습니다",
    "市议会周二批准了预算，增加了公园和图书馆的资金。",
    "市議会は火曜日に予算を承認した。",
    "Ο δήμαρχος υπέγραψε τον προϋπολογισμό.",
    "Мэр подписал бюджет.",
    "𝒜𝓈𝓉𝓇𝒶𝓁 letters and emoji 😀",
    "• Home › News › World",
    "—",
    "|",
    "‘Quoted’ line.”",
    "white\u2028space\x1cof\x85other\u3000kinds\x0band\u00a0so\u2003on",
    "\u00a0\u00a0",
]


def _clipping(rng: random.Random) -> list[str]:
    blocks = []
    for _ in range(rng.randint(1, 120)):
        kind = rng.random()
        if kind < 0.5:
            words = [rng.choice(WORDS) for _ in range(rng.randint(1, 80))]
            line = " ".join(words)
            if rng.random() < 0.5:
                line += rng.choice(".!?:…)”")
        elif kind < 0.7:
            line = rng.choice(SCRIPTS)
        elif kind < 0.8 and blocks:
            line = rng.choice(blocks)  # repeated lines
        elif kind < 0.85:
            line = rng.choice(["", " ", "  padded line  ", "a\x00b", "\x00", "x\ry", "two\nlines"])
        else:
            line = rng.choice(WORDS)
        blocks.append(line)
    return blocks


def _clippings() -> list[list[str]]:
    rng = random.Random(5)
    out = [_clipping(rng) for _ in range(60)]
    out += [["one line"], [""], ["\x00"], ["x" * 5000], ["Share"] * 300, [" "] * 3]
    return out


def test_block_features_match_the_reference_bit_for_bit() -> None:
    for blocks in _clippings():
        got = block_features(blocks)
        want = ref_block_features(blocks)
        assert got.dtype == want.dtype and got.shape == want.shape
        assert np.array_equal(got, want), blocks


def test_context_and_stage2_features_match_the_reference_bit_for_bit() -> None:
    for blocks in _clippings():
        base = ref_block_features(blocks)
        ctx = context_features(base)
        assert np.array_equal(ctx, ref_context_features(base))
        p = np.linspace(0.0, 1.0, len(blocks)) ** 2
        assert np.array_equal(stage2_features(p), ref_stage2_features(p))


def test_scores_match_the_reference_pipeline() -> None:
    model = _model()
    for blocks in _clippings()[:20]:
        x = ref_context_features(ref_block_features(blocks))
        p1 = model.stage1(x)
        want = model.stage2(np.hstack([x, ref_stage2_features(p1)]))
        assert score_blocks(blocks) == [float(v) for v in want]
