"""One walk over the page collecting what bylines and the subtitle are read from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree, html

# Korean, Japanese and Chinese names are written without spaces: one token is a full name.
_CJK_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LABEL = re.compile(
    r"^(?:written by|words by|text by|story by|article by|by|author|authors|author\(s\)|"
    r"contributors?|auteur|autor(?:in)?(?:\s*/\s*autor(?:in)?|/in|\*in|:in)?|autoren|"
    r"posted by|authored by|"
    r"published by|reporting by|von|par|por)\s*:?$",
    re.IGNORECASE,
)
# "post-author", "c-byline__name", "authorName"; not "authorization" or "authority".
_AUTHOR_ATTR = re.compile(
    r"(?:(?<![a-zA-Z])(?:[Aa]uthor|AUTHOR|[Bb]yline|BYLINE|[Ww]riter)|(?<=[a-z])(?:Author|Byline))"
    r"(?:s|ed|[Nn]ame|[Ii]nfo|[Bb]ox|[Cc]ontainer)?(?![a-z])"
)
_BY_START = re.compile(
    r"\s*(?:by\b|(?:written|words|posted|article|story|text|published|authored)\s+by\b|author:|"
    r"authors:|(?:authors?|author\(s\)|contributors?)\s*:?\s*$|"
    # The German and French label, in its gendered forms ("Autorin/Autor", "Autor*in").
    r"(?:autor(?:in)?(?:\s*/\s*autor(?:in)?|/in|\*in|:in)?|autoren|auteure?)\s*(?::|:?\s*$)|"
    r"this\s+(?:post|article|story|piece)\s+(?:was\s+|is\s+)?(?:written|authored)\s+by\b)",
    re.IGNORECASE,
)
# The letters `_BY_START` can begin with, in either case (under IGNORECASE "s" also matches the
# long s); str.lstrip and the regex's \s skip the same white space.
_BY_FIRST = frozenset("bwpastcBWPASTC\u017f")
# "<time>…</time> by Jane Doe": a byline as the tail text after a date or an icon.
_BY_TAIL = re.compile(r"\s*(?:by|By|BY)\s+[A-Z]")
_BEFORE_BY = frozenset({"time", "img", "svg", "i", "picture", "abbr"})
_SKIP_TAGS = frozenset(
    {"meta", "link", "script", "style", "img", "body", "html", "article", "head"}
)


_SUBTITLE_ATTR = re.compile(r"\b(?:dek|standfirst|sub-?title|sub-?head(?:line)?|summary)\b", re.I)
# The lead paragraph a theme marks below the headline ("article-lead", "leadText", "intro",
# "hero__excerpt"; each class word on three registrable domains of the dev sets or more); a
# class word, not a prefix ("leading-loose", "introduction" are not).
_LEAD_ATTR = re.compile(
    r"(?<![A-Za-z])(?:[Ll]ead|LEAD|[Ii]ntro|[Ee]xcerpt)(?:[-_]?[Tt]ext)?(?![a-z])"
)


@dataclass(slots=True)
class _Scan:
    """Elements found in the one pass over the tree."""

    marked: list[html.HtmlElement] = field(default_factory=list)
    by_text: list[html.HtmlElement] = field(default_factory=list)
    subtitles: list[html.HtmlElement] = field(default_factory=list)
    #: Elements marked as the lead paragraph (`_LEAD_ATTR`): a dek only right below the h1.
    leads: list[html.HtmlElement] = field(default_factory=list)
    crumbs: list[html.HtmlElement] = field(default_factory=list)


def _scan(tree: html.HtmlElement) -> _Scan:
    """One pass over the tree: elements marked as author/byline, elements whose own text
    starts with "By" (a byline without markup), dek candidates and breadcrumb trails.
    XPath `contains(translate(@class …))` over every element is several times slower."""
    found = _Scan()
    for el in tree.iter(etree.Element):
        tag = el.tag
        if tag in _BEFORE_BY:
            # "<time>…</time> by Jane Doe", "<svg/> by Jane Doe": only these tags' tails are
            # read (reading every element's tail costs a third of the scan).
            tail = el.tail
            if tail and len(found.by_text) < 20 and _BY_TAIL.match(tail):
                parent = el.getparent()
                if parent is not None and parent.tag not in _SKIP_TAGS:
                    found.by_text.append(parent)
        if tag in _SKIP_TAGS:
            continue
        attrib = el.attrib
        if attrib:
            cls = attrib.get("class")
            if cls:
                low = cls.lower()
                # Substring tests first: the regexes run on a few classes, not on every one.
                if ("author" in low or "byline" in low or "writer" in low) and _AUTHOR_ATTR.search(
                    cls
                ):
                    found.marked.append(el)
                    continue
                if "breadcrumb" in low:
                    if len(found.crumbs) < 3:
                        found.crumbs.append(el)
                elif (
                    len(found.subtitles) < 10
                    and ("dek" in low or "sub" in low or "standfirst" in low or "summary" in low)
                    and _SUBTITLE_ATTR.search(cls)
                ):
                    found.subtitles.append(el)
                elif (
                    len(found.leads) < 10
                    and ("lead" in low or "intro" in low or "excerpt" in low)
                    and _LEAD_ATTR.search(cls)
                ):
                    found.leads.append(el)
            value = attrib.get("id")
            if (
                value
                and ("uthor" in value or "yline" in value.lower())
                and _AUTHOR_ATTR.search(value)
            ):
                found.marked.append(el)
                continue
            prop = attrib.get("itemprop")
            if attrib.get("rel") == "author" or prop in ("author", "creator"):
                found.marked.append(el)
                continue
            if prop == "alternativeHeadline":
                found.subtitles.insert(0, el)
            if (attrib.get("itemtype") or "").endswith("/BreadcrumbList"):
                found.crumbs.append(el)
            value = attrib.get("href")
            if value and ("/author" in value or ("/p" in value and _PROFILE_LINK.search(value))):
                found.marked.append(el)
                continue
        text = el.text
        if (
            text
            and len(found.by_text) < 20
            # Three texts in four cannot start a label; a set lookup spares them the regex.
            and text.lstrip()[:1] in _BY_FIRST
            and _BY_START.match(text)
            # A link reading "By State" is a "browse by" menu entry, not a byline.
            and not (el.tag == "a" and len(text.split()) <= 2)
        ):
            found.by_text.append(el)
    found.marked = found.marked[:80]
    return found


# Links to a person's page by other names than /author/ ("theconversation.com/profiles/x").
_PROFILE_LINK = re.compile(r"/(?:people|profiles?)/[\w-]+")
