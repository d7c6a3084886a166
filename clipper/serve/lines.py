"""A clipping's lines in the order the original had them: kept ones and removed ones with their rule."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html as lxml_html

from ..models import Clipping

__all__ = ["Line", "ordered_lines", "visible_text"]

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the clipping: `rule` is None for a kept line, else the rule that removed it."""

    text: str
    rule: str | None


def _norm(text: str) -> str:
    return _SPACE.sub(" ", text).strip().lower()


def visible_text(data: bytes, is_html: bool) -> str:
    """The original's text, whitespace folded and lower-cased: what the lines are placed in."""
    if not is_html:
        return _norm(data.decode("utf-8", "replace"))
    try:
        root = lxml_html.document_fromstring(data)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    return _norm(root.text_content())


def ordered_lines(clipping: Clipping, original: str | None) -> list[Line]:
    """The kept paragraphs and the removed lines, interleaved in the original's order.

    The record keeps each list in order but not how they interleave, so each line is placed
    where it first occurs in the original's text after the previous occurrence of the same
    line; a line not found there (the original is missing, or the line was rewritten) keeps
    its place next to the line before it in its own list.
    """
    kept = [Line(p.strip(), None) for p in re.split(r"\n+", clipping.text) if p.strip()]
    removed = [Line(r.text.strip(), r.rule) for r in clipping.removed if r.text.strip()]
    if not original:
        return kept + removed
    placed: list[tuple[float, int, Line]] = []
    last_seen: dict[str, int] = {}
    for rank, group in enumerate((kept, removed)):
        previous = -1.0
        for line in group:
            key = _norm(line.text)
            at = original.find(key, last_seen.get(key, -1) + 1) if key else -1
            if at >= 0:
                last_seen[key] = at
                position = float(at)
            else:
                position = previous + 0.5
            previous = position
            placed.append((position, rank, line))
    placed.sort(key=lambda item: (item[0], item[1]))
    return [line for _, _, line in placed]
