"""Word categories of the line model (stop words, months, by-words, ...) and the hashed token lookup."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import numpy.typing as npt

from ...lexicon.words import (
    BYLINE_WORDS,
    COPYRIGHT_WORDS,
    MONTHS,
    PROMO_WORDS,
    SOCIAL_WORDS,
    STOPWORDS,
    TIME_WORDS,
)

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
