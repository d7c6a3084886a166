"""Small helpers shared by the HTML metadata readers: element text, entities, JSON and meta lookups."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator

from lxml import etree, html

_H1_XPATH = etree.XPath("//h1")
_WS = re.compile(r"\s+")


def _text(value: object) -> str:
    """A JSON or attribute string with spacing collapsed and leftover entities decoded."""
    if isinstance(value, str):
        return _unescape(_WS.sub(" ", value).strip())
    return ""


def _el_text(el: html.HtmlElement) -> str:
    try:
        return _WS.sub(" ", el.text_content()).strip()
    except ValueError:
        return ""


def _first(meta: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        values = meta.get(k)
        if values:
            return values[0]
    return None


_BREAKS = frozenset({"br", "p", "div", "span", "small", "sub", "sup"})


def _split_text(el: html.HtmlElement, tags: frozenset[str], mark: str) -> str:
    """An element's text with `mark` where each of `tags` begins and ends (scripts left out)."""
    parts: list[str] = []

    def walk(node: html.HtmlElement) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript"):
            return
        split = node.tag in tags
        if split:
            parts.append(mark)
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if split:
            parts.append(mark)

    walk(el)
    return "".join(parts)


_BLOCKS = frozenset({"div", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "ul", "dd", "dt"})


def _block_lines(el: html.HtmlElement) -> list[str]:
    """An element's text split where block elements begin and end."""
    lines = (_WS.sub(" ", ln).strip() for ln in _split_text(el, _BLOCKS, "\n").split("\n"))
    return [ln for ln in lines if ln]


_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")


def _unescape(text: str) -> str:
    """Undo a second level of HTML escaping (`&amp;#038;` in meta content)."""
    return html_lib.unescape(text) if _ENTITY.search(text) else text


# Dates inside these are someone else's: a data table, a quoted tweet, a caption, a sidebar.
_NOT_STORY_TAGS = frozenset(
    {"table", "blockquote", "figure", "figcaption", "aside", "nav", "script", "style",
     "noscript", "select", "form", "iframe"}
)  # fmt: skip
_NOT_STORY_ATTR = re.compile(
    r"(?<![^\s_-])(?:comment|reply|related|recommend|popular|trending|more-from|widget-area|"
    r"widgets|promo|teaser)",
    re.IGNORECASE,
)


def _outside_story(el: html.HtmlElement) -> bool:
    if el.tag in _NOT_STORY_TAGS:
        return True
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    return _NOT_STORY_ATTR.search(f"{cls or ''} {ident or ''}") is not None


def _story_texts(box: html.HtmlElement) -> Iterator[tuple[str, html.HtmlElement]]:
    """(text, element holding it) in document order, leaving out tables, quotes, captions,
    comments and related-story lists."""

    def walk(node: html.HtmlElement) -> Iterator[tuple[str, html.HtmlElement]]:
        if node.text:
            yield node.text, node
        for child in node:
            if isinstance(child.tag, str) and not _outside_story(child):
                yield from walk(child)
            if child.tail:
                yield child.tail, node

    yield from walk(box)


def _attr_hints(el: html.HtmlElement, depth: int = 3) -> str:
    parts = []
    node: html.HtmlElement | None = el
    for _ in range(depth):
        if node is None:
            break
        parts.append(
            f"{node.get('class') or ''} {node.get('id') or ''} {node.get('itemprop') or ''}"
            + (" pubdate" if node.get("pubdate") is not None else "")
        )
        node = node.getparent()
    return " ".join(parts)


def _ancestry_attrs(el: html.HtmlElement, depth: int = 6) -> str:
    parts = []
    node: html.HtmlElement | None = el
    for _ in range(depth):
        if node is None:
            break
        parts.append(f"<{node.tag} {node.get('class') or ''} {node.get('id') or ''}")
        node = node.getparent()
    return " ".join(parts)


# ---------------------------------------------------------------- authors


_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx) (?=\w+ )")


def _norm_name(name: str) -> str:
    # "Dr Marna van der Merwe" and metadata's "Marna van der Merwe" are one person.
    return _HONORIFIC.sub("", re.sub(r"[\W_]+", " ", name.casefold()).strip())


def _squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _contains(box: html.HtmlElement, el: html.HtmlElement) -> bool:
    node: html.HtmlElement | None = el
    while node is not None:
        if node is box:
            return True
        node = node.getparent()
    return False
