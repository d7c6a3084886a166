"""A clipping's lines in the order the original had them: kept ones and removed ones with their rule.

The record keeps the clean text and the removed lines each in page order, but not how the two
interleave. Two ways back:

- Copied text (a text original): cleaning splits it into its non-empty lines and each line ends
  up either in the text or in the removed list, both in order. Merging the two lists along the
  original's lines gives the exact order (`exact` is True).
- A saved page (HTML): the text is trafilatura's reading of the page and the removals are the
  page's blocks, so the lines are placed by where each is found in the page's visible text,
  compared without white space (the page's inline tags split and join words freely). Each list
  is searched forward from its previous line, so each keeps its own order; a line not found
  (rewritten by the extractor) stays right after the line before it in its own list
  (`exact` is False, and the page says so).

A removal made of several lines (a run of blocks left out for one reason) is shown one line
each, so that each can be taught on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from ..errors import ClipperError
from ..models import Clipping
from ..readers.decode import decode_bytes

__all__ = ["Line", "Ordered", "ordered_lines", "page_lines"]

_SPACE = re.compile(r"\s+")
#: Invisible format characters (zero-width, bidi controls) cleaning takes out of the text.
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
#: How much of a line's start is looked for in the page (a long paragraph's tail may differ).
_KEY = 80


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the clipping: `rule` is None for a kept line, else the rule that removed it."""

    text: str
    rule: str | None


@dataclass(frozen=True, slots=True)
class Ordered:
    """The lines, and whether their order is exact (merged along the copied text's lines)."""

    lines: list[Line]
    exact: bool


def _squeeze(text: str) -> str:
    return _SPACE.sub("", _INVISIBLE.sub("", text)).lower()


def _fold(text: str) -> str:
    return " ".join(_INVISIBLE.sub("", text).split())


def page_lines(data: bytes, is_html: bool) -> list[str] | str | None:
    """The original as cleaning saw it: a text original's non-empty lines (a list), a page's
    visible body text without white space (a str), or None when it cannot be read."""
    try:
        text = decode_bytes(data, html=is_html).text
    except ClipperError:
        return None
    if not is_html:
        return [s for line in text.splitlines() if (s := line.strip())]
    try:
        root = lxml_html.document_fromstring(text)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return None
    for bad in root.xpath("//script|//style|//noscript|//template|//head"):
        bad.drop_tree()
    return _squeeze(root.text_content())


def _kept(clipping: Clipping) -> list[Line]:
    return [Line(p.strip(), None) for p in clipping.text.split("\n") if p.strip()]


def _removed(clipping: Clipping) -> list[Line]:
    return [
        Line(part.strip(), r.rule)
        for r in clipping.removed
        for part in r.text.split("\n")
        if part.strip()
    ]


def ordered_lines(clipping: Clipping, original: list[str] | str | None) -> Ordered:
    """The kept lines and the removed lines, interleaved in the original's order."""
    kept, removed = _kept(clipping), _removed(clipping)
    if isinstance(original, list):
        merged = _merge(original, kept, removed)
        if merged is not None:
            return Ordered(merged, True)
        original = _squeeze("".join(original))
    if not original:
        return Ordered(kept + removed, False)
    return Ordered(_place(original, kept, removed), False)


#: Above this many (kept x removed) lines the merge takes the first fit at each line instead of
#: searching every interleaving.
_MERGE_CELLS = 2_000_000


def _merge(blocks: list[str], kept: list[Line], removed: list[Line]) -> list[Line] | None:
    """The interleaving of the kept and the removed lines that spells the original's lines
    (white space folded), found by dynamic programming (a line can be in both lists, so the
    first fit may go wrong); None if there is none (then the lines are placed)."""
    if len(blocks) != len(kept) + len(removed):
        return None
    words = [_fold(b) for b in blocks]
    ks = [_fold(line.text) for line in kept]
    rs = [_fold(line.text) for line in removed]
    nk, nr = len(ks), len(rs)
    if (nk + 1) * (nr + 1) > _MERGE_CELLS:
        return _first_fit(words, ks, rs, kept, removed)
    # ok[k][r]: blocks[k + r:] is kept[k:] and removed[r:] interleaved.
    ok = [[False] * (nr + 1) for _ in range(nk + 1)]
    ok[nk][nr] = True
    for k in range(nk, -1, -1):
        row, below = ok[k], ok[k + 1] if k < nk else None
        for r in range(nr, -1, -1):
            if k == nk and r == nr:
                continue
            word = words[k + r]
            row[r] = (r < nr and rs[r] == word and row[r + 1]) or (
                below is not None and ks[k] == word and below[r]
            )
    if not ok[0][0]:
        return None
    out: list[Line] = []
    k = r = 0
    while k < nk or r < nr:
        if r < nr and rs[r] == words[k + r] and ok[k][r + 1]:
            out.append(removed[r])
            r += 1
        else:
            out.append(kept[k])
            k += 1
    return out


def _first_fit(
    words: list[str], ks: list[str], rs: list[str], kept: list[Line], removed: list[Line]
) -> list[Line] | None:
    out: list[Line] = []
    k = r = 0
    for word in words:
        if r < len(rs) and rs[r] == word:
            out.append(removed[r])
            r += 1
        elif k < len(ks) and ks[k] == word:
            out.append(kept[k])
            k += 1
        else:
            return None
    return out


def _place(page: str, kept: list[Line], removed: list[Line]) -> list[Line]:
    placed: list[tuple[float, int, int, Line]] = []
    for rank, group in enumerate((kept, removed)):
        previous = -1.0
        start = 0
        for n, line in enumerate(group):
            key = _squeeze(line.text.removeprefix("- ").replace(" | ", " "))[:_KEY]
            at = page.find(key, start) if key else -1
            if at >= 0:
                position = float(at)
                start = at + 1
            else:
                position = previous + 0.001
            previous = position
            placed.append((position, rank, n, line))
    placed.sort(key=lambda item: (item[0], item[1], item[2]))
    return [line for _, _, _, line in placed]
