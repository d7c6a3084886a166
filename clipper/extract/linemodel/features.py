"""Per-line features of the line model, a row of FEATURE_NAMES per line, built for all lines at once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ...lexicon.words import (
    KOREAN_ENDINGS,
)
from .chars import (
    _ALNUM,
    _CAPS,
    _CJK_CHAR_WEIGHT,
    _CJK_STOP_WEIGHT,
    _CJK_WORD_CHARS,
    _CODE_BITS,
    _CODES,
    _HANGUL_CHAR_WEIGHT,
    _INFO_ALNUM,
    _INFO_CHECK,
    _INFO_SPACE,
    _INFO_WORDISH,
    _IS_CLOSER,
    _STARTS_UPPER_CLS,
    _TRANSITION,
    C_BULLET,
    C_CJK,
    C_CJKFUNC,
    C_COMMA,
    C_DIGIT,
    C_HANGUL,
    C_LETTER,
    C_LOWER,
    C_NEWLINE,
    C_PUNCT,
    C_SENT,
    C_SPACE,
    C_UPPER,
    F64,
    _char_info_table,
)
from .lexicon import (
    _CATEGORIES,
    _KEY_CHARS,
    _MARK,
    _PAD,
    T_STOP,
    _lexicon_arrays,
    _table_size,
    _token_hashes,
)


def _url_positions(
    raw: npt.NDArray[np.uint32], at: npt.NDArray[np.int64], chars: npt.NDArray[np.uint32]
) -> npt.NDArray[np.int64]:
    """Where "://", "www." or "@" start, given the places of every "@", ":" and "w" (and maybe
    others) and their characters; raw holds the text and runs on past it with NULs."""
    colon = at[chars == 58]
    w = at[chars == 119]
    return np.concatenate(
        [
            at[chars == 64],
            colon[(raw[colon + 1] == 47) & (raw[colon + 2] == 47)],
            w[(raw[w + 1] == 119) & (raw[w + 2] == 119) & (raw[w + 3] == 46)],
        ]
    )


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
_CATEGORY_COLS = np.array([_IDX[name] for name, _ in _CATEGORIES], dtype=np.int64)


@lru_cache(maxsize=1)
def _log1p_positions(size: int) -> F64:
    """log1p(0 .. size - 1), computed once (elementwise: a prefix is what log1p(arange(n)) gives)."""
    out: F64 = np.log1p(np.arange(size, dtype=np.float64))
    return out


def block_features(blocks: Sequence[str]) -> F64:
    """Per-block features (rows = blocks, columns = FEATURE_NAMES), blocks taken as single lines."""
    if not blocks:
        return np.zeros((0, _N_BASE), dtype=np.float64)
    res = np.empty((_N_BASE, len(blocks)), dtype=np.float64)
    _block_rows(blocks, res)
    out: F64 = np.ascontiguousarray(res.T)
    return out


def _code_points(
    lines: list[str],
) -> tuple[
    npt.NDArray[np.uint32],
    npt.NDArray[np.uint8],
    npt.NDArray[np.uint8],
    npt.NDArray[np.int64],
    npt.NDArray[np.int64],
]:
    """The lines' code points and info bytes, with where the look-again characters and the
    newlines are.

    Returns raw (the lines joined by newlines, a final newline, then _KEY_CHARS NULs that pad the
    last token's window for the lexicon check), info (a byte per character up to the final
    newline), ext (a virtual newline's info byte before them: info is ext[1:]), the look-again
    characters' places and the newlines' places.
    """
    # surrogatepass: a str may hold lone surrogates (file names, lossy decoders); they count as
    # "other" characters rather than raise.
    raw = np.frombuffer("\n".join([*lines, _PAD]).encode("utf-32-le", "surrogatepass"), "<u4")
    size = len(raw) - _KEY_CHARS
    cps = raw[:size]
    ext = np.empty(size + 1, dtype=np.uint8)
    ext[0] = C_NEWLINE | _INFO_SPACE
    info = ext[1:]
    # Astral code points take U+FFFF's byte (take clips).
    _char_info_table().take(cps, mode="clip", out=info)
    check = (info >= _INFO_CHECK).nonzero()[0]
    newlines = (cps == 10).nonzero()[0]
    return raw, info, ext, check, newlines


def _char_codes(
    ext: npt.NDArray[np.uint8],
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    """Classes, codes and token bounds of ext[1:] from info bytes (ext[0]: the one before).

    A code is the class + 16 at a word start (wordish after not wordish); the bound array is 32
    where a space meets a non-space (a token starts or ends), else 0. Code + bound is
    _PAIR_CODE of the two classes, by bit operations.
    """
    info = ext[1:]
    cls = info & np.uint8(15)
    bound = np.bitwise_xor(ext[:-1], info)
    bound &= np.uint8(_TRANSITION)
    code = np.invert(ext[:-1])
    code &= info
    code &= np.uint8(_INFO_WORDISH)
    code |= cls
    return cls, code, bound


def _block_features(blocks: Sequence[str]) -> tuple[F64, npt.NDArray[np.bool_]]:
    """block_features, and which blocks have a letter or digit (select_body's test)."""
    if not blocks:
        return np.zeros((0, _N_BASE), dtype=np.float64), np.zeros(0, dtype=bool)
    res = np.empty((_N_BASE, len(blocks)), dtype=np.float64)
    words = _block_rows(blocks, res)
    return np.ascontiguousarray(res.T), words


@dataclass(frozen=True, slots=True)
class _Chars:
    """A clipping's lines as code points and their per-character classes, with where each line
    starts and how long it is (the arrays every feature group reads)."""

    lines: list[str]
    raw: npt.NDArray[np.uint32]
    cps: npt.NDArray[np.uint32]
    info: npt.NDArray[np.uint8]
    cls: npt.NDArray[np.uint8]
    bound: npt.NDArray[np.uint8]
    check: npt.NDArray[np.int64]
    check_chars: npt.NDArray[np.uint32]
    start: npt.NDArray[np.int64]
    lens: npt.NDArray[np.int64]
    #: Per character: its line * _CODES + its code (the histogram's bins).
    line_base: npt.NDArray[np.int64]


def _chars(blocks: Sequence[str]) -> _Chars:
    """The blocks stripped, as one code-point array; NULs read as spaces and a block with a line
    break made one line, so that rows stay aligned with blocks."""
    n = len(blocks)
    lines = list(map(str.strip, blocks))
    raw, info, ext, check, newlines = _code_points(lines)
    check_chars = raw[check]
    if len(newlines) != n or (len(check_chars) and int(check_chars.min()) < 14):
        # NUL, CR (the only look-again characters below 14) or a block with a line break.
        nul = bool((check_chars == 0).any())
        if nul:
            # NUL counts as a space (the reference tokenizer used it as its line marker).
            lines = [b.replace(_MARK, " ") for b in lines]
        broken = len(newlines) != n or bool((check_chars == 13).any())
        if broken:
            # A block with a line break inside: make it one line so rows stay aligned with blocks.
            lines = [" ".join(b.split()) for b in lines]
        raw, info, ext, check, newlines = _code_points(lines)
        check_chars = raw[check]
    cls, code, bound = _char_codes(ext)
    start = np.empty(n, dtype=np.int64)
    start[0] = 0
    np.add(newlines[:-1], 1, out=start[1:])
    lens = newlines - start
    # Per line and code: how many characters (line i's codes at i * 32 .. i * 32 + 31).
    line_base = np.arange(0, _CODES * n, _CODES, dtype=np.int64).repeat(lens + 1)
    line_base += code
    return _Chars(
        lines, raw, raw[: len(info)], info, cls, bound, check, check_chars, start, lens, line_base
    )


def _block_rows(blocks: Sequence[str], res: F64) -> npt.NDArray[np.bool_]:
    """Write block_features transposed (a row per feature) into `res`; which blocks have a
    letter or digit (select_body's test). Rows make every step one long run per feature."""
    n = len(blocks)
    ch = _chars(blocks)
    hist = np.bincount(ch.line_base, minlength=n * _CODES).reshape(n, 2, 16)
    starts_hist = hist[:, 1]  # word starts per line and class
    by_class = hist[:, 0] + starts_hist
    counts = by_class.T.astype(np.float64, order="C")  # rows = classes
    n_words = starts_hist.sum(axis=1).astype(np.float64)
    res[:] = 0.0
    words, cjk_words = _size_rows(res, ch, counts, n_words, starts_hist[:, C_UPPER])
    _token_rows(res, ch, counts, cjk_words)
    _edge_rows(res, ch)
    _position_rows(res, ch.lines)
    # Beyond what training saw (a 100,000-line clipping, a line repeated 10,000 times) an MLP
    # extrapolates wildly: hold sizes at the edge of the training range (all above its maxima).
    for name, cap in _CAPS:
        np.minimum(res[_IDX[name]], cap, out=res[_IDX[name]])
    # A rough prose flag that anchors the context features (stage 1 learns how far to trust it).
    res[_IDX["prose"]] = (words >= 12) & (
        (res[_IDX["stop_ratio"]] >= 0.2) | (res[_IDX["ends_sentence"]] > 0)
    )
    return _lines_with_words(blocks, ch)


def _size_rows(
    res: F64,
    ch: _Chars,
    counts: F64,
    n_words: F64,
    upper_starts: npt.NDArray[np.int64],
) -> tuple[F64, F64]:
    """Sizes and character-class ratios; returns the lines' Latin-equivalent words and their
    CJK part."""
    chars = ch.lens.astype(np.float64)
    # Script-neutral sizes: the training copies are all in Latin script, so a Chinese, Japanese or
    # Korean line is measured in Latin-equivalent characters and words, and no feature says which
    # script it is (a model would learn "CJK = language menu" from the few it saw).
    cjk = counts[C_CJK] + counts[C_CJKFUNC]
    hangul = counts[C_HANGUL]
    extra = _CJK_CHAR_WEIGHT * cjk + _HANGUL_CHAR_WEIGHT * hangul
    chars += extra
    nonspace = chars - counts[C_SPACE]
    np.maximum(nonspace, 1.0, out=nonspace)
    cjk_words = cjk / _CJK_WORD_CHARS
    words = n_words + cjk_words
    words_1 = np.maximum(words, 1.0)
    letters = counts[C_UPPER] + counts[C_LOWER]

    np.log1p(chars, out=res[_IDX["log_chars"]])
    np.log1p(words, out=res[_IDX["log_words"]])
    np.divide(counts[C_DIGIT], nonspace, out=res[_IDX["digit_ratio"]])
    np.divide(counts[C_UPPER], np.maximum(letters, 1.0), out=res[_IDX["upper_ratio"]])
    lr = letters + counts[C_LETTER]
    lr += cjk
    lr += hangul
    lr += extra
    np.divide(lr, nonspace, out=res[_IDX["letter_ratio"]])
    np.divide(
        counts[C_SENT : C_COMMA + 1],
        words_1,
        out=res[_IDX["sent_per_word"] : _IDX["comma_per_word"] + 1],
    )
    np.divide(
        counts[C_PUNCT : C_BULLET + 1],
        nonspace,
        out=res[_IDX["punct_ratio"] : _IDX["bullet_ratio"] + 1],
    )
    mwl = res[_IDX["mean_word_len"]]
    np.divide(nonspace, words_1, out=mwl)
    np.minimum(mwl, 30.0, out=mwl)
    mwl /= 10.0
    np.divide(
        upper_starts.astype(np.float64), np.maximum(n_words, 1.0), out=res[_IDX["title_case"]]
    )
    return words, cjk_words


def _token_rows(res: F64, ch: _Chars, counts: F64, cjk_words: F64) -> None:
    """Stop-word ratio, word categories (months, promo, ...) and a leading byline word, from one
    lexicon lookup of every token."""
    n = len(ch.lines)
    # Tokens: runs of non-space characters, from where spaces start and stop (the virtual newline
    # before the text and the final one are spaces).
    tb = ch.bound.nonzero()[0]  # start0, end0, start1, end1, ...
    t_start = tb[0::2]
    t_len = tb[1::2] - t_start
    t_line = ch.line_base[t_start] >> _CODE_BITS
    n_toks = np.bincount(t_line, minlength=n).astype(np.float64)
    lex = _lexicon_arrays()
    tok, key = lex.lookup(ch.raw, t_start, _token_hashes(ch.cps, tb), t_len)
    k_line = t_line[tok]
    # float64 even when no token matched (bincount of nothing is int).
    stops: F64 = np.bincount(k_line, weights=lex.stop[key], minlength=n).astype(np.float64)
    if counts[C_HANGUL].any():
        # Korean particles and endings sit on the end of the word.
        toks = "\n".join(ch.lines).split()
        tcodes = np.zeros(len(toks), dtype=np.int64)
        tcodes[tok] = lex.codes[key]
        ko_end = KOREAN_ENDINGS
        stops += np.bincount(
            t_line,
            weights=[
                _CJK_STOP_WEIGHT * (w.rstrip(".,!?\"'”’)")[-1:] in ko_end and not (c & T_STOP))
                for w, c in zip(toks, tcodes.tolist(), strict=True)
            ],
            minlength=n,
        )
    # Chinese and Japanese function characters count as stop words, per Latin-equivalent word.
    stops += _CJK_STOP_WEIGHT * counts[C_CJKFUNC]
    n_toks += cjk_words
    np.maximum(n_toks, 1.0, out=n_toks)
    sr = res[_IDX["stop_ratio"]]
    np.divide(stops, n_toks, out=sr)
    np.minimum(sr, 1.0, out=sr)
    cat = lex.has_cat[key].nonzero()[0]
    if len(cat):
        n_cats = len(_CATEGORIES)
        sums = np.bincount(
            (k_line[cat, None] * n_cats + np.arange(n_cats)).ravel(),
            weights=lex.cats[key[cat]].ravel(),
            minlength=n * n_cats,
        )
        res[_CATEGORY_COLS] = np.minimum(sums.reshape(n, n_cats).T, 3.0)
    # A byline word as the line's first token.
    by = tok[lex.byline[key]]
    if len(by):
        # First on its line: the first token or the one before is on another line.
        first = by == 0
        first |= t_line[by - 1] != t_line[by]
        res[_IDX["byline"], t_line[by[first]]] = 1.0


def _edge_rows(res: F64, ch: _Chars) -> None:
    """How each line starts and ends, and whether it holds a URL or an address."""
    # First and last characters by position in the code-point array (no per-line Python work);
    # an empty line's are masked out.
    start, lens, cps, cls = ch.start, ch.lens, ch.cps, ch.cls
    nonempty = lens > 0
    last_i = start + lens - 1
    closer = _IS_CLOSER[np.minimum(cps[last_i], 0xFFFF)] & (lens >= 2)
    last_i -= closer
    last_cp = cps[last_i]
    last_cls = cls[last_i]
    first_cls = cls[start]
    res[_IDX["ends_sentence"]] = nonempty & ((last_cls == C_SENT) | (last_cp == ord("다")))
    res[_IDX["ends_colon"]] = nonempty & ((last_cp == ord(":")) | (last_cp == ord("：")))
    res[_IDX["starts_upper"]] = nonempty & _STARTS_UPPER_CLS[first_cls]
    res[_IDX["starts_digit"]] = nonempty & (first_cls == C_DIGIT)
    res[_IDX["starts_bullet"]] = nonempty & (first_cls == C_BULLET)
    url = _url_positions(ch.raw, ch.check, ch.check_chars)
    if len(url):
        res[_IDX["url"], start.searchsorted(url, side="right") - 1] = 1.0


def _position_rows(res: F64, lines: list[str]) -> None:
    """How often each line repeats in the clipping and where it sits."""
    n = len(lines)
    repeats = Counter(lines)
    if len(repeats) == n:
        reps = np.ones(n, dtype=np.int64)
    else:
        reps = np.fromiter(map(repeats.__getitem__, lines), dtype=np.int64, count=n)
    np.log(reps, out=res[_IDX["log_repeats"]])
    res[_IDX["pos_rel"]] = np.arange(n, dtype=np.float64)
    res[_IDX["pos_rel"]] /= max(n - 1, 1)
    logpos = _log1p_positions(_table_size(n))[:n]
    res[_IDX["log_pos"]] = logpos
    res[_IDX["log_pos_end"]] = logpos[::-1]
    res[_IDX["log_n_lines"]] = np.log1p(n)


def _lines_with_words(blocks: Sequence[str], ch: _Chars) -> npt.NDArray[np.bool_]:
    """Which blocks have a letter or digit (`_ALNUM`), from the characters' info bytes."""
    # Every line's run holds at least its newline, so no run is empty.
    has_words: npt.NDArray[np.bool_] = (np.bitwise_or.reduceat(ch.info, ch.start) & _INFO_ALNUM) > 0
    astral = ch.check[ch.check_chars >= 0xFFFF]
    if len(astral):
        # Astral letters (mathematical alphanumerics, rare ideographs) are beyond the table: the
        # regex decides lines with such characters and no other letter or digit.
        for i in np.unique(np.searchsorted(ch.start, astral, side="right") - 1).tolist():
            if not has_words[i]:
                has_words[i] = _ALNUM.search(blocks[i]) is not None
    return has_words
