"""Lines a site repeats on most of its pages (from a repeats file, read before cleaning) removed
as `repeats.site` when they sit outside the story."""

from __future__ import annotations

from collections.abc import Sequence

from ..rules.base import Hit
from ._prose import is_prose
from .header import is_byline

__all__ = ["RULE", "mark_repeats", "normalize"]

#: The rule name a repeated line is removed under.
RULE = "repeats.site"

_HIT = Hit(RULE)


def normalize(line: str) -> str:
    """A line as it is counted and matched: stripped, every run of white space one space."""
    return " ".join(line.split())


def mark_repeats(
    blocks: Sequence[str], hits: list[Hit | None], known: frozenset[str]
) -> list[Hit | None]:
    """`hits` with a `repeats.site` hit for each block in a repeats file that no rule removed and
    that is not inside the story: above its first paragraph or below its last one.

    The story's paragraphs are the prose lines no rule removed and no repeats file lists. A
    repeated line between them is the site's article template ("Pros", "Cons", "What We Like" on
    a review site), which readers and the dev truths count as the story's text: it is kept. So is
    a byline ("By Jan Smith", "… 기자"): a blog with one author prints the same one on every
    page, and it is still the author.
    """
    if not known:
        return hits
    repeated = [
        hit is None and normalize(b) in known and not is_byline(b)
        for b, hit in zip(blocks, hits, strict=True)
    ]
    prose = [i for i, b in enumerate(blocks) if hits[i] is None and not repeated[i] and is_prose(b)]
    first, last = (prose[0], prose[-1]) if prose else (len(blocks), -1)
    return [_HIT if repeated[i] and not first < i < last else hit for i, hit in enumerate(hits)]
