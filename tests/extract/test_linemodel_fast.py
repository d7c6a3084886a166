"""The line model's fast paths against the plain ones: word test, lexicon lookup, selection."""

from __future__ import annotations

import random

import numpy as np

from clipper.extract import linemodel
from clipper.extract.linemodel import _ALNUM, _LEXICON, _MARK

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
    table = linemodel._alnum_table()
    want = [_ALNUM.match(chr(cp)) is not None for cp in range(0x10000)]
    assert table.tolist() == want


def test_blocks_with_words_match_the_regex() -> None:
    rng = random.Random(11)
    cases = [_random_blocks(rng) for _ in range(400)]
    cases += [["_"], ["\x00"], ["", " "], ["a\nb", "_"], ["Ⓐ"], ["½"], ["\U0001d49c"], ["\ud800x"]]
    for blocks in cases:
        want = [_ALNUM.search(b) is not None for b in blocks]
        _, got = linemodel._block_features(blocks)
        assert got.tolist() == want, blocks
        assert linemodel._has_words(blocks).tolist() == want


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
        scores = linemodel.score_blocks(blocks)
        assert linemodel.select_body(blocks) == linemodel.select_body(blocks, scores)


def _dict_codes(text: str) -> list[int]:
    # The marker key never meets a token: block_features turns NUL into a space first.
    return [_LEXICON.get(t, 0) if t != _MARK else 0 for t in text.split()]


def _array_codes(text: str) -> list[int]:
    """Per token of `text`, its lexicon code as the array lookup finds it."""
    cps = np.frombuffer((text + "\n").encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    bounds = np.flatnonzero(np.diff(np.r_[True, [c.isspace() for c in text + "\n"]]))
    lex = linemodel._lexicon_arrays()
    starts = bounds[0::2]
    tok, key = lex.lookup(cps, starts, linemodel._token_hashes(cps, bounds), bounds[1::2] - starts)
    codes = np.zeros(len(starts), dtype=np.int64)
    codes[tok] = lex.codes[key]
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
    # Forge the hashes: every token gets the hash of a lexicon key of its own length, so only the
    # character check can tell them apart.
    lex = linemodel._lexicon_arrays()
    text = "the thx ths and anx"
    cps = np.frombuffer((text + "\n").encode("utf-32-le"), dtype=np.uint32)
    starts = np.array([0, 4, 8, 12, 16])
    lens = np.array([3, 3, 3, 3, 3])
    the = linemodel._token_hashes(cps, np.array([0, 3]))[0]
    and_ = linemodel._token_hashes(cps, np.array([12, 15]))[0]
    forged = np.array([the, the, the, and_, and_], dtype=np.uint64)
    tok, key = lex.lookup(cps, starts, forged, lens)
    assert tok.tolist() == [0, 3]
    assert lex.codes[key].tolist() == [_LEXICON["the"], _LEXICON["and"]]
