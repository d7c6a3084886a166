"""HTML made safe for libxml2 before parsing: no text node over its limit, few attributes a tag.

libxml2 (under lxml, under trafilatura) gives up on a text node over 10,000,000 bytes unless
`huge_tree` is set, and everything after it is lost: a 12 MB `__NEXT_DATA__` script gave a
record with empty text. It also checks each attribute against the others of its element, so a
tag with 200,000 attributes takes minutes. Both are cut here, on the string, in linear time:

- a `<script>` or `<style>` whose content is over the limit is emptied (it is never text);
- any other text run over the limit gets a `<wbr>` (an empty element) every so often, so the
  text stays and each piece is under the limit;
- a tag keeps its first `MAX_ATTRIBUTES` attributes;
- on a page over BIG_PAGE_CHARS, the insides of scripts (but JSON-LD, which metadata reads),
  styles, inline SVGs and templates, and comments, go before parsing: they are never article
  text, trafilatura drops them anyway, and on such pages they are most of the bytes. Every
  copy of the tree the extractors make (trafilatura makes up to four) is that much smaller.

Pages under the limit with ordinary tags come back unchanged (the same object).
"""

from __future__ import annotations

import re

#: libxml2's XML_MAX_TEXT_LENGTH, in bytes.
LIBXML_TEXT_LIMIT = 10_000_000
#: A text node is cut below this many characters: 4 UTF-8 bytes each stay under the limit.
TEXT_RUN_CHARS = LIBXML_TEXT_LIMIT // 4 - 1024
#: Attributes kept per tag; real pages use a few dozen at most.
MAX_ATTRIBUTES = 256
#: Pages longer than this (characters) lose script, style, SVG and template insides and comments.
BIG_PAGE_CHARS = 4 << 20

_RAW_OPEN = re.compile(r"<(script|style)\b[^>]*>", re.IGNORECASE)
_NOT_TEXT_OPEN = re.compile(r"<(script|style|svg|template)\b[^>]*>|<!--", re.IGNORECASE)
_RAW_CLOSE = {
    name: re.compile(rf"</{name}\s*>", re.IGNORECASE)
    for name in ("script", "style", "svg", "template")
}
_COMMENT_CLOSE = re.compile(r"-->")
_JSON_LD = re.compile(r"ld\+json", re.IGNORECASE)
# Only a long tag can hold many attributes; the search starts at "<" + letter, so it is linear.
_LONG_TAG = re.compile(r"<[A-Za-z][^<>]{4096,}>")
_ATTRIBUTE = re.compile(r"""[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_TAG_NAME = re.compile(r"<[A-Za-z][^\s/>]*")


def _cap_attributes(match: re.Match[str]) -> str:
    tag = match.group()
    name = _TAG_NAME.match(tag)
    assert name is not None
    rest = tag[name.end() : -1]
    kept = []
    for count, attribute in enumerate(_ATTRIBUTE.finditer(rest)):
        if count >= MAX_ATTRIBUTES:
            break
        kept.append(attribute.group())
    if len(kept) < MAX_ATTRIBUTES:
        return tag
    return name.group() + " " + " ".join(kept) + ">"


def _empty_big_raw_text(html: str) -> str:
    """`html` with the content of every script or style over the limit taken out."""
    pieces: list[str] = []
    pos = 0
    for opened in _RAW_OPEN.finditer(html):
        if opened.start() < pos:
            continue  # inside a script already emptied
        close = _RAW_CLOSE[opened.group(1).lower()].search(html, opened.end())
        end = close.start() if close else len(html)
        if end - opened.end() > TEXT_RUN_CHARS:
            pieces.append(html[pos : opened.end()])
            pos = end
    if not pieces:
        return html
    pieces.append(html[pos:])
    return "".join(pieces)


def _drop_non_text(html: str) -> str:
    """`html` without comments and without what is inside scripts (but JSON-LD), styles, SVGs
    and templates; the elements themselves stay, empty."""
    pieces: list[str] = []
    pos = 0
    for opened in _NOT_TEXT_OPEN.finditer(html):
        if opened.start() < pos:
            continue  # inside something already dropped
        name = (opened.group(1) or "").lower()
        if name == "script" and _JSON_LD.search(opened.group()):
            continue
        closer = _RAW_CLOSE[name] if name else _COMMENT_CLOSE
        close = closer.search(html, opened.end())
        if not name:  # a comment goes whole
            pieces.append(html[pos : opened.start()])
            pos = close.end() if close else len(html)
            continue
        end = close.start() if close else len(html)
        pieces.append(html[pos : opened.end()])
        pos = end
    if not pieces:
        return html
    pieces.append(html[pos:])
    return "".join(pieces)


def _split_long_runs(html: str) -> str:
    """`html` with a `<wbr>` every TEXT_RUN_CHARS characters of any longer text run."""
    pieces: list[str] = []
    start = 0  # start of the current text run
    done = 0  # html[:done] is in pieces
    while start < len(html):
        end = html.find("<", start)
        if end < 0:
            end = len(html)
        if end - start > TEXT_RUN_CHARS:
            pieces.append(html[done:start])
            run = html[start:end]
            step = TEXT_RUN_CHARS
            pieces.append("<wbr>".join(run[i : i + step] for i in range(0, len(run), step)))
            done = end
        start = end + 1
    if not pieces:
        return html
    pieces.append(html[done:])
    return "".join(pieces)


def guard_html(html: str) -> str:
    """`html` with huge text nodes and attribute floods cut (see the module docstring)."""
    if "<" in html and _LONG_TAG.search(html):
        html = _LONG_TAG.sub(_cap_attributes, html)
    if len(html) > BIG_PAGE_CHARS:
        html = _drop_non_text(html)
    if len(html) > TEXT_RUN_CHARS:
        html = _split_long_runs(_empty_big_raw_text(html))
    return html


__all__ = ["guard_html", "MAX_ATTRIBUTES", "TEXT_RUN_CHARS"]
