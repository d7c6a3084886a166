"""Character classes of the line model: per code point tables, counted per line with numpy."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ...lexicon.words import (
    CJK_FUNCTION_CHARS,
)

F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]

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


@lru_cache(maxsize=1)
def _alnum_table() -> npt.NDArray[np.bool_]:
    """Per BMP code point: does `_ALNUM` match it (str.isalnum is the same test, one character)."""
    return np.fromiter(map(str.isalnum, map(chr, range(0x10000))), dtype=bool, count=0x10000)


def _has_words(blocks: Sequence[str]) -> npt.NDArray[np.bool_]:
    """Which blocks have a letter or digit (`_ALNUM`)."""
    return np.array([_ALNUM.search(b) is not None for b in blocks], dtype=bool)
