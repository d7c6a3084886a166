"""Learned line classifier for copied text: which lines of a select-all copy are the article body.

Features are cheap on purpose (character classes counted for the whole clipping at once with numpy,
stop-word lookups by token hashes over the code-point array), then a small two-stage model scores
each line: stage 1 sees a line and its neighbours' features, stage 2 sees stage 1's probabilities
around the line (learned context smoothing, the jusText idea). Weights are plain numpy arrays
trained by `training/train_linemodel.py` on the WCXB dev copies with site-disjoint
cross-validation.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from ..data.stopwords import (
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

WEIGHTS = Path(__file__).resolve().parent.parent / "data" / "linemodel.npz"

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
# The reference tokenizer's line marker: NUL in a clipping is read as a space (block_features).
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


# Token categories summed per line: (feature, bit), after the stop-word count in `_TOKEN_BITS`.
_CATEGORIES = (
    ("month", T_MONTH),
    ("social", T_SOCIAL),
    ("promo", T_PROMO),
    ("time", T_TIME),
    ("copyright", T_COPYRIGHT),
    ("year", T_YEAR),
)
_TOKEN_BITS = np.array([T_STOP] + [bit for _, bit in _CATEGORIES], dtype=np.int64)
_CATEGORY_COLS = np.array([_IDX[name] for name, _ in _CATEGORIES], dtype=np.int64)
# Per character class: does a line starting with it start "upper" (caseless scripts start like a
# capitalised sentence); per code point: does it close a quote or bracket.
_STARTS_UPPER_CLS = np.zeros(N_CLASSES, dtype=bool)
_STARTS_UPPER_CLS[_STARTS_UPPER] = True
_IS_CLOSER = np.zeros(0x10000, dtype=bool)
_IS_CLOSER[_CLOSER_CPS] = True
_IS_SPACE_CLS = np.zeros(N_CLASSES, dtype=bool)
_IS_SPACE_CLS[[C_SPACE, C_NEWLINE]] = True  # str.split() splits on exactly these
_WORDISH = np.zeros(N_CLASSES, dtype=bool)
_WORDISH[[C_UPPER, C_LOWER, C_LETTER, C_DIGIT, C_HANGUL]] = True
# One code per character from its class and the previous character's: the class, plus 16 when the
# character starts a word (a letter or digit after anything that is not one; CJK counts by
# characters), plus 32 when one of the two is a space and the other not (a token starts or ends).
# Indexed by previous class * 16 + class; both fit a byte.
_PAIR_CODE = np.zeros(256, dtype=np.uint8)
for _prev in range(N_CLASSES):
    for _cur in range(N_CLASSES):
        _PAIR_CODE[_prev * 16 + _cur] = _cur + 16 * (_WORDISH[_cur] and not _WORDISH[_prev])
_CODE_BITS = 5  # the histogram's codes: class + 16 at a word start
_CODES = 1 << _CODE_BITS
_TRANSITION = 32
for _prev in range(N_CLASSES):
    for _cur in range(N_CLASSES):
        if _IS_SPACE_CLS[_prev] != _IS_SPACE_CLS[_cur]:
            _PAIR_CODE[_prev * 16 + _cur] += _TRANSITION
# Per code point, one byte: the class, 16 if it is wordish, 32 if a space, 64 if `_ALNUM` matches
# it (the code above is then a few bit operations on neighbouring bytes: the same numbers).
_INFO_WORDISH = 16
_INFO_SPACE = 32
_INFO_ALNUM = 64
# Characters to look at again: NUL and CR, the first of "@", "://" and "www.", and U+FFFF (which
# astral code points become when looked up).
_INFO_CHECK = 128


@lru_cache(maxsize=1)
def _char_info_table() -> npt.NDArray[np.uint8]:
    cls = _char_class_table()
    info = cls | (_WORDISH[cls] * np.uint8(_INFO_WORDISH)).astype(np.uint8)
    info |= (_IS_SPACE_CLS[cls] * np.uint8(_INFO_SPACE)).astype(np.uint8)
    info |= (_alnum_table() * np.uint8(_INFO_ALNUM)).astype(np.uint8)
    info[[0, 13, ord("@"), ord(":"), ord("w"), 0xFFFF]] |= np.uint8(_INFO_CHECK)
    return info


# Tokens are looked up without making Python strings of them: each token (a run of non-space
# characters) gets a polynomial hash mod 2**64 from the code-point array, the hash finds a
# candidate lexicon key in a cuckoo table, and the candidate is confirmed character by character
# (so a hash collision can never count a word that is not in the lexicon).
_HASH_BASE = 0x9E3779B97F4A7C15  # odd: invertible mod 2**64
_HASH_INV = pow(_HASH_BASE, -1, 1 << 64)


def _hash_powers(size: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """Base**i and base**-i mod 2**64 for i < size."""
    pw = np.full(size, _HASH_BASE, dtype=np.uint64)
    pw[0] = 1
    inv = np.full(size, _HASH_INV, dtype=np.uint64)
    inv[0] = 1
    # uint64 products wrap: exactly arithmetic mod 2**64.
    return np.multiply.accumulate(pw), np.multiply.accumulate(inv)


_CACHED_POWERS = 1 << 20  # 16 MB of tables at most; a longer text computes its own
_powers: list[tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]] = []


def _powers_for(length: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """Tables at least `length` long: one shared pair, grown to the longest text so far (up to
    _CACHED_POWERS), so texts of mixed sizes never rebuild it."""
    if length > _CACHED_POWERS:
        return _hash_powers(length)
    if not _powers or len(_powers[0][0]) < length:
        _powers[:] = [_hash_powers(max(1 << 15, 1 << (length - 1).bit_length()))]
    return _powers[0]


def _token_hashes(
    cps: npt.NDArray[np.uint32], bounds: npt.NDArray[np.int64]
) -> npt.NDArray[np.uint64]:
    """Hash of each token; bounds = start0, end0, start1, end1, ... (the last end < len(cps))."""
    size = len(cps)
    pw, inv = _powers_for(size + 1)
    # Running sums of code point * base**position: a token's is the difference at its bounds.
    run = np.empty(size + 1, dtype=np.uint64)
    run[0] = 0
    np.multiply(cps, pw[:size], out=run[1:])
    run[1:].cumsum(out=run[1:])
    starts = bounds[0::2]
    out: npt.NDArray[np.uint64] = run[bounds[1::2]] - run[starts]
    out *= inv[starts]
    return out


# Cuckoo table: a key sits in one of two slots, two bit fields of hash * _MIX, so a lookup is two
# gathers. Twice as many slots as keys keeps insertion short.
_SLOT_BITS = 16
_MIX = np.uint64(0xD6E8FEB86659FD93)
_KEY_CHARS = 16  # lexicon keys are at most 15 characters (checked when the table is built)
_PAD = "\x00" * _KEY_CHARS
_TAIL = "\n" + _PAD


def _slot_pair(
    hashes: npt.NDArray[np.uint64],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Each hash's slot in either half of the table: two bit fields of hash * _MIX (the product's
    high bits depend on every bit of the hash)."""
    mixed = hashes * _MIX
    bits = _SLOT_BITS - 1
    first = (mixed >> np.uint64(64 - bits)).view(np.int64)
    second = (mixed >> np.uint64(64 - 2 * bits)).view(np.int64)
    second &= (1 << bits) - 1
    second += 1 << bits
    return first, second


class _Lexicon:
    """The lexicon as arrays: keys' code points and lengths, codes, and a cuckoo table of hashes."""

    def __init__(self, lexicon: dict[str, int]) -> None:
        keys = [k for k in lexicon if k != _MARK]
        if max(map(len, keys)) >= _KEY_CHARS:
            raise ValueError("a lexicon key is too long for the character check")
        text = " ".join(keys) + " "
        chars = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        lens = np.array([len(k) for k in keys], dtype=np.int64)
        starts = np.cumsum(lens + 1) - lens - 1
        bounds = np.empty(2 * len(keys), dtype=np.int64)
        bounds[0::2] = starts
        bounds[1::2] = starts + lens
        hashes = _token_hashes(chars, bounds)
        if len(np.unique(hashes)) != len(keys):
            raise ValueError("two lexicon keys share a hash")
        self.lens = lens
        # Each key's characters padded to _KEY_CHARS, and which of them to compare.
        cols = np.arange(_KEY_CHARS)
        self.mask = cols < lens[:, None]
        self.chars = np.zeros((len(keys), _KEY_CHARS), dtype=np.uint32)
        self.chars[self.mask] = chars[(starts[:, None] + cols)[self.mask]]
        # The first two and last two characters as one uint64 each (a 1-character key: that
        # character, and `half` keeps only it of a two-character read).
        pairs = self.chars.astype(np.uint64)
        last = np.maximum(lens - 2, 0)
        rows = np.arange(len(keys))
        self.head = pairs[:, 0] | (pairs[:, 1] << np.uint64(32))
        self.tail = pairs[rows, last] | (pairs[rows, last + 1] << np.uint64(32))
        self.half = np.where(lens == 1, np.uint64(0xFFFFFFFF), np.uint64(0xFFFFFFFFFFFFFFFF))
        self.head &= self.half
        self.tail &= self.half
        self.codes = np.array([lexicon[k] for k in keys], dtype=np.int64)
        # Per key: is it a stop word; its category bits as 0/1 weights when it has any; byline.
        self.stop = ((self.codes & T_STOP) > 0).astype(np.float64)
        self.cats = ((self.codes[:, None] & _TOKEN_BITS[1:]) > 0).astype(np.float64)
        self.has_cat: npt.NDArray[np.bool_] = np.any(self.cats, axis=1)
        self.byline = (self.codes & T_BYLINE) > 0
        self.table, self.index = self._cuckoo(hashes)

    @staticmethod
    def _cuckoo(
        hashes: npt.NDArray[np.uint64],
    ) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
        half = 1 << (_SLOT_BITS - 1)
        homes = [side.tolist() for side in _slot_pair(hashes)]
        slot_key = [-1] * (2 * half)
        for new in range(len(hashes)):
            k, side = new, 0
            for _ in range(1000):
                pos = homes[side][k]
                # Take the slot; whoever held it moves to its slot on the other side.
                k, slot_key[pos] = slot_key[pos], k
                if k < 0:
                    break
                side = 1 - side
            else:
                raise ValueError("cuckoo insertion did not settle")
        index = np.array(slot_key, dtype=np.int64)
        table = np.empty(2 * half, dtype=np.uint64)
        used = index >= 0
        table[used] = hashes[index[used]]
        # An empty slot holds the hash of a key whose slot on this side is another one, so no
        # token landing here can equal it: key 0, or at key 0's own slot a key with another.
        empty = (~used).nonzero()[0]
        for side, lo, hi in ((0, 0, half), (1, half, 2 * half)):
            slots = np.array(homes[side])
            other = int((slots != slots[0]).argmax())
            here = empty[(empty >= lo) & (empty < hi)]
            table[here] = np.where(here == slots[0], hashes[other], hashes[0])
        index[~used] = 0
        return table, index

    def lookup(
        self,
        raw: npt.NDArray[np.uint32],
        starts: npt.NDArray[np.int64],
        hashes: npt.NDArray[np.uint64],
        lens: npt.NDArray[np.int64],
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
        """(token numbers, key numbers) of the tokens that are lexicon keys.

        raw: the text's code points and _KEY_CHARS NULs after them.
        """
        s0, s1 = _slot_pair(hashes)
        hit0 = self.table[s0] == hashes
        hit = self.table[s1] == hashes
        hit |= hit0
        tok = hit.nonzero()[0]
        key = self.index[np.where(hit0, s0, s1)[tok]]
        # Confirm: the same length and the same characters (a hash collision is not a match).
        # Two characters at a time (uint64 reads at any character): the first two and the last
        # two cover a word of up to 4 characters (a 1-character one compares half of each read);
        # longer words also compare all their characters.
        tl = lens[tok]
        ts = starts[tok]
        ok = tl == self.lens[key]
        size = len(raw) - _KEY_CHARS
        pairs = np.ndarray((size,), dtype="<u8", buffer=raw, strides=(4,))
        half = self.half[key]
        head = pairs[ts]
        head &= half
        ok &= head == self.head[key]
        tail_at = tl - 2
        np.maximum(tail_at, 0, out=tail_at)
        tail_at += ts
        tail = pairs[tail_at]
        tail &= half
        ok &= tail == self.tail[key]
        long = (ok & (tl > 4)).nonzero()[0]
        if len(long):
            windows = np.ndarray((size, _KEY_CHARS), dtype=np.uint32, buffer=raw, strides=(4, 4))
            diff = windows[ts[long]] != self.chars[key[long]]
            diff &= self.mask[key[long]]
            ok[long[diff.any(axis=1)]] = False
        if not ok.all():
            tok, key = tok[ok], key[ok]
        return tok, key


@lru_cache(maxsize=1)
def _lexicon_arrays() -> _Lexicon:
    return _Lexicon(_LEXICON)


def _table_size(n: int) -> int:
    return max(1024, 1 << (n - 1).bit_length())


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


@lru_cache(maxsize=1)
def _alnum_table() -> npt.NDArray[np.bool_]:
    """Per BMP code point: does `_ALNUM` match it (str.isalnum is the same test, one character)."""
    return np.fromiter(map(str.isalnum, map(chr, range(0x10000))), dtype=bool, count=0x10000)


def _has_words(blocks: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Which blocks have a letter or digit (`_ALNUM`)."""
    return np.array([_ALNUM.search(b) is not None for b in blocks], dtype=bool)


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


def _block_rows(blocks: Sequence[str], res: F64) -> npt.NDArray[np.bool_]:
    """Write block_features transposed (a row per feature) into `res`; which blocks have a
    letter or digit (select_body's test). Rows make every step one long run per feature."""
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
    size = len(info)
    cps = raw[:size]
    cls, code, bound = _char_codes(ext)
    start = np.empty(n, dtype=np.int64)
    start[0] = 0
    np.add(newlines[:-1], 1, out=start[1:])
    lens = newlines - start
    # Per line and code: how many characters (line i's codes at i * 32 .. i * 32 + 31).
    line_base = np.arange(0, _CODES * n, _CODES, dtype=np.int64).repeat(lens + 1)
    line_base += code
    hist = np.bincount(line_base, minlength=n * _CODES).reshape(n, 2, 16)
    starts_hist = hist[:, 1]  # word starts per line and class
    by_class = hist[:, 0] + starts_hist
    counts = by_class.T.astype(np.float64, order="C")  # rows = classes
    n_words = starts_hist.sum(axis=1).astype(np.float64)
    n_upper_words = starts_hist[:, C_UPPER].astype(np.float64)

    res[:] = 0.0
    chars = lens.astype(np.float64)
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
    np.divide(n_upper_words, np.maximum(n_words, 1.0), out=res[_IDX["title_case"]])

    # Tokens: runs of non-space characters, from where spaces start and stop (the virtual newline
    # before the text and the final one are spaces).
    tb = bound.nonzero()[0]  # start0, end0, start1, end1, ...
    t_start = tb[0::2]
    t_len = tb[1::2] - t_start
    t_line = line_base[t_start] >> _CODE_BITS
    n_toks = np.bincount(t_line, minlength=n).astype(np.float64)
    lex = _lexicon_arrays()
    tok, key = lex.lookup(raw, t_start, _token_hashes(cps, tb), t_len)
    k_line = t_line[tok]
    # float64 even when no token matched (bincount of nothing is int).
    stops: F64 = np.bincount(k_line, weights=lex.stop[key], minlength=n).astype(np.float64)
    if counts[C_HANGUL].any():
        # Korean particles and endings sit on the end of the word.
        toks = "\n".join(lines).split()
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

    # First and last characters by position in the code-point array (no per-line Python work);
    # an empty line's are masked out.
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
    url = _url_positions(raw, check, check_chars)
    if len(url):
        res[_IDX["url"], start.searchsorted(url, side="right") - 1] = 1.0
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

    # Beyond what training saw (a 100,000-line clipping, a line repeated 10,000 times) an MLP
    # extrapolates wildly: hold sizes at the edge of the training range (all above its maxima).
    for name, cap in _CAPS:
        np.minimum(res[_IDX[name]], cap, out=res[_IDX[name]])

    # A rough prose flag that anchors the context features (stage 1 learns how far to trust it).
    res[_IDX["prose"]] = (words >= 12) & (
        (res[_IDX["stop_ratio"]] >= 0.2) | (res[_IDX["ends_sentence"]] > 0)
    )
    # Every line's run holds at least its newline, so no run is empty.
    has_words: npt.NDArray[np.bool_] = (np.bitwise_or.reduceat(info, start) & _INFO_ALNUM) > 0
    astral = check[check_chars >= 0xFFFF]
    if len(astral):
        # Astral letters (mathematical alphanumerics, rare ideographs) are beyond the table: the
        # regex decides lines with such characters and no other letter or digit.
        for i in np.unique(np.searchsorted(start, astral, side="right") - 1).tolist():
            if not has_words[i]:
                has_words[i] = _ALNUM.search(blocks[i]) is not None
    return has_words


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


_SHIFTS = (1, 2, -1, -2)
_RADII = (3, 8)
N_CONTEXT = _N_BASE + (len(_SHIFTS) + len(_RADII)) * len(_CTX_COLS) + 7
_CTX_INDEX = np.array(_CTX_COLS, dtype=np.intp)


def _window_sums(a: F64, reach: int) -> F64:
    """Running sums along a's rows, padded so windows need no index arrays.

    Column reach + j holds the sum of columns 0 .. j - 1, for every j from -reach to
    n + reach + 1 (before the first 0, after the last the total): a window i-r .. i+r has the sum
    out[:, reach + i + r + 1] - out[:, reach + i - r], exactly as csum[hi] - csum[lo] with the
    clipped indices. A row of ones in `a` yields how many lines each window has.
    """
    n = a.shape[1]
    out = np.empty((a.shape[0], n + 2 * reach + 2), dtype=np.float64)
    out[:, : reach + 1] = 0.0
    a.cumsum(axis=1, out=out[:, reach + 1 : reach + 1 + n])
    out[:, reach + 1 + n :] = out[:, reach + n : reach + n + 1]
    return out


def _window_means_rows(sums: F64, reach: int, radius: int, out: F64) -> None:
    """Means over lines i-radius..i+radius that exist, of all rows of sums but the last (the
    ones), from _window_sums."""
    n = out.shape[1]
    diff = (
        sums[:, reach + radius + 1 : reach + radius + 1 + n]
        - sums[:, reach - radius : reach - radius + n]
    )
    np.divide(diff[:-1], diff[-1], out=out)


def context_features(base: F64) -> F64:
    """A line's features beside its neighbours' and the clipping's prose layout.

    Columns: the line's own, its context columns 1 and 2 lines before and after, their means over
    3 and 8 lines around, then where the line sits relative to the clipping's prose.
    """
    n, n_base = base.shape
    out = np.empty((n, N_CONTEXT), dtype=np.float64)
    if n == 0:
        return out
    rows = np.empty((N_CONTEXT - n_base, n), dtype=np.float64)
    _context_rows(np.ascontiguousarray(base.T), rows)
    out[:, :n_base] = base
    out[:, n_base:] = rows.T
    return out


def _context_rows(base: F64, out: F64) -> None:
    """context_features beyond the base features, a row per feature (base: a row per feature)."""
    n = base.shape[1]
    width = len(_CTX_COLS)
    # The context rows with two zero columns either side and a row of ones (window sizes come out
    # of the window sums).
    pad = np.zeros((width + 1, n + 4), dtype=np.float64)
    ctx = pad[:, 2 : n + 2]
    base.take(_CTX_INDEX, axis=0, out=ctx[:width])
    ctx[width] = 1.0
    for j, k in enumerate(_SHIFTS):
        out[j * width : (j + 1) * width] = pad[:width, 2 - k : 2 - k + n]
    row = len(_SHIFTS) * width
    reach = max(_RADII)
    sums = _window_sums(ctx, reach)
    for radius in _RADII:
        _window_means_rows(sums, reach, radius, out[row : row + width])
        row += width
    extra = out[row : row + 7]
    extra[0:2] = 0.0
    p_idx = (base[_IDX["prose"]] > 0).nonzero()[0]
    if len(p_idx):
        first, last = int(p_idx[0]), int(p_idx[-1])
        idx = np.arange(n)
        extra[0, :first] = 1.0
        extra[1, last + 1 :] = 1.0
        # Distance to the nearest prose line at or after the line and before it (n when there is
        # none), and the smaller: the prose index lists get a dummy entry at the end (the next
        # after the last) and at the start (the one before the first), overwritten with n.
        nxt = p_idx.searchsorted(idx, side="left")
        listed = np.zeros(len(p_idx) + 2, dtype=np.int64)
        listed[1:-1] = p_idx
        d = np.empty((3, n), dtype=np.int64)
        np.subtract(listed[1:][nxt], idx, out=d[1])
        d[1, last + 1 :] = n
        np.subtract(idx, listed[nxt], out=d[2])
        d[2, : first + 1] = n
        np.minimum(d[1], d[2], out=d[0])
        # log1p of the distances (0 .. n): entries of one table (elementwise the same numbers).
        _log1p_positions(_table_size(n + 1)).take(d, out=extra[2:5])
        extra[5] = len(p_idx) / n
        rel = (idx - first) / max(last - first, 1)
        np.maximum(rel, -1.0, out=rel)
        np.minimum(rel, 2.0, out=extra[6])
    else:
        extra[0:2] = 1.0
        extra[2:5] = np.log1p(n)
        extra[5:7] = 0.0


def stage2_features(p: F64) -> F64:
    """Stage 1's probabilities around each line: the learned smoothing's input.

    Columns: p, p 1-3 lines before and after, its means over 2, 5 and 12 lines around, likely
    body before and after, p relative to the best line and that over 5 lines around, inside the
    span of likely body, the clipping's mean and best p.
    """
    n = len(p)
    if n == 0:
        return np.zeros((0, N_STAGE2), dtype=np.float64)
    rows = np.empty((N_STAGE2, n), dtype=np.float64)
    _stage2_rows(p, rows)
    out: F64 = np.ascontiguousarray(rows.T)
    return out


def _stage2_rows(p: F64, out: F64) -> None:
    """stage2_features as a row per feature."""
    n = len(p)
    top = float(p.max())
    # Rows of `work`: p with three zeros either side, rel (p relative to the clipping's best line:
    # a page of odd text, listings or short items, where nothing looks like textbook prose still
    # has its body), ones.
    work = np.zeros((3, n + 6), dtype=np.float64)
    work[0, 3 : n + 3] = p
    np.divide(p, max(top, 1e-6), out=work[1, 3 : n + 3])
    work[2, 3 : n + 3] = 1.0
    padded = work[0]
    for j, k in enumerate((0, 1, 2, 3, -1, -2, -3)):
        out[j] = padded[3 - k : 3 - k + n]
    reach = 12
    sums = _window_sums(work[:, 3 : n + 3], reach)
    for j, radius in enumerate((2, 5, 12)):
        _window_means_rows(sums[0::2], reach, radius, out[7 + j : 8 + j])
    _window_means_rows(sums[1:], reach, 5, out[13:14])
    # Is there likely body before and after (a line inside the article is bracketed by it), and is
    # the line inside the span of likely body lines?
    idx = (p >= 0.5 * top).nonzero()[0]
    first, last = int(idx[0]), int(idx[-1])
    out[10:12] = 0.0
    out[10, first + 1 :] = 1.0
    out[11, :last] = 1.0
    out[12] = work[1, 3 : n + 3]
    out[14] = 0.0
    out[14, first : last + 1] = 1.0
    # The mean as p.mean() computes it: the pairwise sum over the count.
    out[15] = float(np.add.reduce(p)) / n
    out[16] = top


N_STAGE2 = 17


# ---------------------------------------------------------------------------------------- model


def _sigmoid(x: F64) -> F64:
    # 1 / (1 + exp(-clip(x, -30, 30))) with ufuncs in place (np.clip's wrapper costs more than the
    # arithmetic on a clipping's few hundred lines); the same operations on the same numbers.
    t = np.maximum(x, -30.0)
    np.minimum(t, 30.0, out=t)
    np.negative(t, out=t)
    np.exp(t, out=t)
    t += 1.0
    return np.divide(1.0, t, out=t)


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


def _scores(blocks: Sequence[str]) -> F64:
    return _scores_and_words(blocks)[0]


def _scores_and_words(blocks: Sequence[str]) -> tuple[F64, npt.NDArray[np.bool_]]:
    """Body probabilities, and which blocks have a letter or digit (found on the way).

    The features are built a row per feature and copied once into the models' layout (the first
    N_CONTEXT columns for stage 1, all for stage 2; BLAS reads a column block in place).
    """
    model = _model()
    n = len(blocks)
    rows = np.empty((N_CONTEXT + N_STAGE2, n), dtype=np.float64)
    words = _block_rows(blocks, rows[:_N_BASE])
    _context_rows(rows[:_N_BASE], rows[_N_BASE:N_CONTEXT])
    x = np.empty((n, N_CONTEXT + N_STAGE2), dtype=np.float64)
    x[:, :N_CONTEXT] = rows[:N_CONTEXT].T
    p1 = model.stage1(x[:, :N_CONTEXT])
    _stage2_rows(p1, rows[N_CONTEXT:])
    x[:, N_CONTEXT:] = rows[N_CONTEXT:].T
    return model.stage2(x), words


def score_blocks(blocks: Sequence[str]) -> list[float]:
    """Probability that each block (a line of copied text) is article body."""
    if not blocks:
        return []
    return [float(v) for v in _scores(blocks)]


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
    if scores is None:
        p, has_words = _scores_and_words(blocks)
    else:
        p = np.asarray(scores, dtype=np.float64)
        has_words = _has_words(blocks)
    if threshold is None or low is None or high is None:
        model = _model()
        threshold = model.threshold if threshold is None else threshold
        low = model.low if low is None else low
        high = model.high if high is None else high
    if not has_words.any():
        return []
    region = _max_run(np.where(has_words, p - threshold, -1.0))
    keep = ((region & (p >= low)) | (p >= high)) & has_words
    if not keep.any():
        keep = _max_run(np.where(has_words, p - 0.5 * p[has_words].max(), -1.0)) & has_words
        if not keep.any():
            keep = np.zeros(len(p), dtype=bool)
            keep[int(np.argmax(np.where(has_words, p, -1.0)))] = True
    kept: list[int] = keep.nonzero()[0].tolist()
    return kept


def _max_run(gain: F64) -> npt.NDArray[np.bool_]:
    """The contiguous run with the largest positive sum of gains (all False if none is positive)."""
    best, best_lo, best_hi = 0.0, 0, -1
    run, lo = 0.0, 0
    positive = (gain > 0.0).nonzero()[0]
    if len(positive) == 0 or np.isnan(gain).any():
        # (NaN: the plain walk over every gain, which NaN stops for good.)
        begin, gains = 0, gain.tolist()
    else:
        # Before the first positive gain the run never gets above 0 (it restarts at each gain),
        # after the last one it only shrinks: the walk from the first to the last positive gain
        # finds the same run.
        begin = int(positive[0])
        gains = gain[begin : int(positive[-1]) + 1].tolist()
    for i, g in enumerate(gains, begin):
        if run <= 0.0:
            run, lo = g, i
        else:
            run += g
        if run > best:
            best, best_lo, best_hi = run, lo, i
    keep = np.zeros(len(gain), dtype=bool)
    keep[best_lo : best_hi + 1] = True
    return keep
