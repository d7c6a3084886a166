"""The line model's fast paths against the plain ones: word test, lexicon lookup, selection."""

from __future__ import annotations

import random

import numpy as np
import pytest

from clipper.extract.linemodel import lexicon
from clipper.extract.linemodel.chars import (
    _ALNUM,
    _PAIR_CODE,
    _alnum_table,
    _char_info_table,
    _has_words,
)
from clipper.extract.linemodel.features import (
    FEATURE_NAMES,
    _block_features,
    _char_codes,
    block_features,
)
from clipper.extract.linemodel.lexicon import (
    _KEY_CHARS,
    _LEXICON,
    _MARK,
    _TAIL,
    _lexicon_arrays,
    _token_hashes,
)
from clipper.extract.linemodel.model import score_blocks
from clipper.extract.linemodel.selection import _max_run, select_body

# Characters that stress the tests: letters and digits of many scripts, numerals that are not
# digits, cased symbols that are not letters, white space of every kind, astral letters and emoji,
# lone surrogates, NUL and the underscore (a regex word character that is not a letter).
ODD = (
    "aZ09_ \t\n\r\x0b\x0c\x1c\x85\u00a0\u2028\u3000\x00"
    "éßÆǅ½²³Ⅻⅻ①Ⓐⓐ٣३〇零한글漢字カナ、。・"
    "\U0001d49c\U0001d4c8\U0001f600\U00020000\U0001d7ce\ud800\udfff"
    ".,;:!?-–—•|/\\()[]\"'“”«»©®™°%$€"
)


def _random_blocks(rng: random.Random) -> list[str]:
    blocks = []
    for _ in range(rng.randint(1, 40)):
        size = rng.choice([0, 1, 2, 3, 8, 30])
        if rng.random() < 0.5:
            line = "".join(rng.choice(ODD) for _ in range(size))
        else:
            line = "".join(rng.choice(" .,-•|\u00a0\U0001f600\x00_") for _ in range(size))
        blocks.append(line)
    return blocks


def test_alnum_table_is_the_regex_on_every_bmp_code_point() -> None:
    table = _alnum_table()
    want = [_ALNUM.match(chr(cp)) is not None for cp in range(0x10000)]
    assert table.tolist() == want


def test_blocks_with_words_match_the_regex() -> None:
    rng = random.Random(11)
    cases = [_random_blocks(rng) for _ in range(400)]
    cases += [["_"], ["\x00"], ["", " "], ["a\nb", "_"], ["Ⓐ"], ["½"], ["\U0001d49c"], ["\ud800x"]]
    for blocks in cases:
        want = [_ALNUM.search(b) is not None for b in blocks]
        _, got = _block_features(blocks)
        assert got.tolist() == want, blocks
        assert _has_words(blocks).tolist() == want


def test_select_body_is_the_same_with_and_without_given_scores() -> None:
    rng = random.Random(12)
    words = "The council voted on Tuesday to approve the budget , and the mayor said".split()
    for _ in range(40):
        blocks = _random_blocks(rng)
        blocks += [
            " ".join(rng.choice(words) for _ in range(rng.randint(1, 40))) + "."
            for _ in range(rng.randint(0, 8))
        ]
        rng.shuffle(blocks)
        scores = score_blocks(blocks)
        assert select_body(blocks) == select_body(blocks, scores)


def _dict_codes(text: str) -> list[int]:
    # The marker key never meets a token: block_features turns NUL into a space first.
    return [_LEXICON.get(t, 0) if t != _MARK else 0 for t in text.split()]


def _lookup(
    text: str, hashes: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(tokens' starts, matched token numbers, their keys) as block_features looks them up."""
    raw = np.frombuffer((text + _TAIL).encode("utf-32-le", "surrogatepass"), "<u4")
    size = len(raw) - _KEY_CHARS
    cps = raw[:size]
    space = [c.isspace() for c in text + "\n"]
    bounds = np.flatnonzero(np.diff(np.r_[True, space]))
    starts = bounds[0::2]
    if hashes is None:
        hashes = _token_hashes(cps, bounds)
    tok, key = _lexicon_arrays().lookup(raw, starts, hashes, bounds[1::2] - starts)
    return starts, tok, key


def _array_codes(text: str) -> list[int]:
    """Per token of `text`, its lexicon code as the array lookup finds it."""
    starts, tok, key = _lookup(text)
    codes = np.zeros(len(starts), dtype=np.int64)
    codes[tok] = _lexicon_arrays().codes[key]
    return codes.tolist()


def test_lexicon_lookup_matches_the_dict() -> None:
    rng = random.Random(13)
    keys = sorted(k for k in _LEXICON if k != _MARK)
    for _ in range(200):
        toks = []
        for _ in range(rng.randint(1, 60)):
            key = rng.choice(keys)
            r = rng.random()
            if r < 0.4:
                tok = key
            elif r < 0.55:
                tok = key.swapcase()  # only the usual casings are keys
            elif r < 0.7:
                tok = key + rng.choice(".,)”s") + rng.choice(["", "!"])
            elif r < 0.8:
                tok = key[:-1] or "x"
            elif r < 0.9:
                tok = "".join(rng.choice(ODD.replace(" ", "")) for _ in range(rng.randint(1, 20)))
            else:
                tok = key * rng.randint(2, 5)
            toks.append(tok)
        text = rng.choice([" ", "\n", "  \u3000", "\t"]).join(toks)
        assert _array_codes(text) == _dict_codes(text), text


def test_a_hash_collision_is_not_a_match() -> None:
    # Forge the hashes: tokens get the hash of a lexicon key, so only the length and character
    # checks can tell them apart.
    text = "the thx ths and anx andx"
    plain, _, _ = _lookup(text)
    assert len(plain) == 6
    cps = np.frombuffer((text + "\n").encode("utf-32-le"), dtype=np.uint32)
    the, and_ = _token_hashes(cps, np.array([0, 3, 12, 15]))
    forged = np.array([the, the, the, and_, and_, and_], dtype=np.uint64)
    _, tok, key = _lookup(text, forged)
    assert tok.tolist() == [0, 3]
    assert _lexicon_arrays().codes[key].tolist() == [_LEXICON["the"], _LEXICON["and"]]


def _plain_max_run(gain: np.ndarray) -> list[bool]:
    """The run walk over every gain, as first written."""
    best, best_lo, best_hi = 0.0, 0, -1
    run, lo = 0.0, 0
    for i, g in enumerate(gain.tolist()):
        if run <= 0.0:
            run, lo = g, i
        else:
            run += g
        if run > best:
            best, best_lo, best_hi = run, lo, i
    return [best_lo <= i <= best_hi for i in range(len(gain))]


def test_max_run_picks_the_same_run_as_the_plain_walk() -> None:
    rng = random.Random(14)
    values = [-1.0, -0.5, -0.25, 0.0, 0.25, 0.5, 1.0, 0.1, 0.2, 0.3, -0.3, float("nan")]
    for _ in range(3000):
        size = rng.randint(1, 30)
        if rng.random() < 0.5:
            gain = np.array([rng.choice(values) for _ in range(size)])  # ties and exact zeros
        else:
            gain = np.array([rng.uniform(-1, 1) for _ in range(size)])
        assert _max_run(gain).tolist() == _plain_max_run(gain), gain.tolist()


def test_char_codes_are_the_pair_table() -> None:
    info = _char_info_table()
    # One code point of each class, with and without the alnum and check bits.
    reps: dict[int, set[int]] = {}
    for cp in range(0x10000):
        reps.setdefault(int(info[cp]) & 15, set()).add(int(info[cp]))
    for prev_cls, prevs in reps.items():
        for cur_cls, curs in reps.items():
            for prev in prevs:
                for cur in curs:
                    ext = np.array([prev, cur], dtype=np.uint8)
                    cls, code, bound = _char_codes(ext)
                    assert cls.tolist() == [cur_cls]
                    want = _PAIR_CODE[prev_cls * 16 + cur_cls]
                    assert (code + bound).tolist() == [want]


def test_url_column_is_a_substring_test() -> None:
    rng = random.Random(15)
    url = FEATURE_NAMES.index("url")
    for _ in range(300):
        blocks = [
            "".join(rng.choice("ww.:/@ a\U0001f600") for _ in range(rng.randint(0, 12)))
            for _ in range(rng.randint(1, 8))
        ]
        got = block_features(blocks)[:, url].tolist()
        want = [float(any(nd in b.strip() for nd in ("://", "www.", "@"))) for b in blocks]
        assert got == want, blocks


def test_long_text_hash_tables_are_the_cached_ones(monkeypatch: pytest.MonkeyPatch) -> None:
    # A text longer than the cached power tables computes its own: the same features.
    rng = random.Random(16)
    blocks = _random_blocks(rng) + ["the and of, (the) “and” The AND 2024"] * 5
    want = block_features(blocks)
    monkeypatch.setattr(lexicon, "_CACHED_POWERS", 8)
    assert np.array_equal(block_features(blocks), want)
