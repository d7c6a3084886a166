"""The subtitle (dek, standfirst) near the headline."""

from __future__ import annotations

import re

from lxml import html

from ..title import (
    same_title,
)
from .common import _el_text, _text
from .jsonld import _LD
from .scan import _Scan

# A dek is prose about the story, not a byline line ("Jane Doe | May 22, 2025") or a promo.
_NOT_DEK = re.compile(
    r"\s[|•>›»/]\s|^\s*by\s|\b(?:19|20)\d\d\b.{0,3}$|\{\{"
    r"|\b(?:inbox|subscribe|book a demo|brought to you by|from across the site|summari[sz]e this)\b",
    re.I,
)
# How far up from a dek candidate the headline's container may be.
_DEK_DEPTH = 4


def _near_headline(el: html.HtmlElement, h1: html.HtmlElement | None) -> bool:
    """True when `el` sits in the headline's block: an ancestor close to it also holds the h1."""
    if h1 is None:
        return True
    if (el.sourceline or 0) < (h1.sourceline or 0):
        return False  # above the headline: a dek follows it
    holders = set(h1.iterancestors())
    node: html.HtmlElement | None = el
    for _ in range(_DEK_DEPTH):
        node = node.getparent() if node is not None else None
        if node is None:
            return False
        if node in holders:
            return True
    return False


def _subtitle(ld: _LD, scan: _Scan, title: str | None, tree: html.HtmlElement) -> str | None:
    if ld.article is not None:
        alt = _text(ld.article.get("alternativeHeadline"))
        if alt and not same_title(alt, title):
            return alt
    h1 = tree.find(".//h1")
    for el in scan.subtitles:
        if el.tag not in ("p", "h2", "h3", "div", "span"):
            continue
        text = _el_text(el)
        if (
            20 <= len(text) <= 400
            and not same_title(text, title)
            and not _NOT_DEK.search(text)
            and _near_headline(el, h1)
        ):
            return text
    return None
