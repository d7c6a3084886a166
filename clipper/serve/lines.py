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
    return _SPACE.sub("", text).lower()


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


def _merge(blocks: list[str], kept: list[Line], removed: list[Line]) -> list[Line] | None:
    """Walk the original's lines taking the next kept or next removed line each matches;
    None if a line matches neither (the text was rewritten: then the lines are placed)."""
    out: list[Line] = []
    k = r = 0
    for block in blocks:
        if r < len(removed) and removed[r].text == block:
            out.append(removed[r])
            r += 1
        elif k < len(kept) and kept[k].text == block:
            out.append(kept[k])
            k += 1
        else:
            return None
    if k < len(kept) or r < len(removed):
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
