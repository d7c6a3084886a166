"""The subtitle (dek, standfirst) near the headline."""

from __future__ import annotations

import re

from lxml import etree, html

from ..title import (
    same_title,
)
from .common import _ancestry_attrs, _block_lines, _el_text, _text
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


def _subtitle(
    ld: _LD, scan: _Scan, title: str | None, tree: html.HtmlElement
) -> tuple[str | None, bool]:
    """The dek and whether it is the story's marked lead paragraph (`_LEAD_ATTR`: "article-lead",
    "intro", "excerpt"), which the page prints as the story's first paragraph: it stays in the
    text as well; a dek marked as such (dek, standfirst, subtitle) leaves the text."""
    if ld.article is not None:
        alt = _text(ld.article.get("alternativeHeadline"))
        if alt and not same_title(alt, title):
            return alt, False
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
            return text, False
    # A marked lead paragraph ("article-lead", "intro", "excerpt") is the dek when it follows
    # the headline with at most a kicker, byline or date between (a lead class also marks
    # teasers of other stories, lower on the page).
    for el in scan.leads if h1 is not None else ():
        if el.tag not in ("p", "h2", "h3", "div", "span", "strong"):
            continue
        text = _el_text(el)
        if (
            40 <= len(text) <= 400
            and not same_title(text, title)
            and not _NOT_DEK.search(text)
            and _right_below(el, h1)
            and not _mostly_links(el, text)
            and len(_block_lines(el)) == 1
            and not _NOT_LEAD.search(_ancestry_attrs(el, 3))
        ):
            return text, True
    return None, False


# A lead class on an author's introduction or a picture's caption is not the story's dek.
_NOT_LEAD = re.compile(r"author|bio\b|<fig|caption|credit", re.IGNORECASE)


# What may stand between a headline and its dek: a kicker, a byline, a date, a share bar.
_BETWEEN_MAX = 200
_FOLLOWING_TEXT = etree.XPath("following::text()[normalize-space()][position() <= 40]")


def _right_below(el: html.HtmlElement, h1: html.HtmlElement) -> bool:
    """Does `el` follow the h1 with at most `_BETWEEN_MAX` characters of other text between?"""
    between = 0
    for node in _FOLLOWING_TEXT(h1):
        holder = node.getparent()
        if holder is not None and (holder is el or el in holder.iterancestors()):
            return True
        if holder is not None and holder.tag in ("script", "style", "noscript"):
            continue
        between += len(node.strip())
        if between > _BETWEEN_MAX:
            return False
    return False


def _mostly_links(el: html.HtmlElement, text: str) -> bool:
    linked = sum(len(_el_text(a)) for a in el.iter("a"))
    return linked > len(text) / 2
