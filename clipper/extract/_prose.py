"""What a paragraph of prose looks like: the one test the body picker and the header reader share."""

from __future__ import annotations

import re

from ..lexicon.punctuation import (
    CLAUSE_STOPS,
    HANGUL_ENDINGS,
    PROSE_CLOSERS,
    SENTENCE_STOPS,
    sentence_end,
)

WORD = re.compile(r"[^\W\d_]{2,}")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Clauses count as ends here (a lead-in before a list), and so do Korean sentence endings.
SENTENCE_END = re.compile(
    sentence_end(SENTENCE_STOPS + CLAUSE_STOPS, PROSE_CLOSERS, endings=HANGUL_ENDINGS)
)


def word_count(line: str) -> int:
    """Words of two letters or more (digits and punctuation do not count)."""
    return len(WORD.findall(line))


def cjk_count(line: str) -> int:
    """Chinese, Japanese and Korean characters, which carry no spaces to count words by."""
    return len(CJK.findall(line))


def is_prose(line: str) -> bool:
    """A line that reads like a paragraph of an article."""
    cjk = cjk_count(line)
    if cjk >= 30:
        return cjk >= 60 or bool(SENTENCE_END.search(line.rstrip()))
    words = word_count(line)
    if words >= 25:
        return True
    return words >= 10 and bool(SENTENCE_END.search(line.rstrip()))
