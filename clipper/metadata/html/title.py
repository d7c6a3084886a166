"""The headline: chosen among JSON-LD, meta tags, `<title>` and the page's own headings."""

from __future__ import annotations

import re

from lxml import etree, html

from ..title import (
    cut_pipe_tail,
    repair_mojibake,
    strip_generic_suffix,
    strip_label_prefix,
    strip_section_suffix,
    strip_site_suffix,
    strip_source_credit,
    title_key,
)
from .common import _BREAKS, _H1_XPATH, _WS, _block_lines, _el_text, _split_text, _text, _unescape
from .jsonld import _LD
from .meta_tags import _META_SECTION, _META_TITLE

_TITLE_XPATH = etree.XPath("//title")


# ---------------------------------------------------------------- pieces


def _choose_title(
    ld: _LD, meta: dict[str, list[str]], tree: html.HtmlElement, site: str | None, url: str | None
) -> tuple[str | None, str | None]:
    """The headline and the kicker (topline, overline, Dachzeile) the page prints with it:
    `(title, kicker)`, either None. The kicker is one the headline rule found: an element of
    the h1 its class marks or the metadata leaves out (`_kicker_of`), an h1 line above the
    one the metadata names, or a marked element printed just above the headline
    (`_kicker_above`). `read_html_metadata` gives it to `section` when the page names none."""
    cands, titles, cleaned = _title_sources(ld, meta, tree, site, url)
    all_h1s = list(_H1_XPATH(tree))
    above: list[str] = []
    title = _pick_title(all_h1s, cands, titles, cleaned, site, url, above)
    kicker = above[0] if above else None
    h1 = all_h1s[0] if all_h1s else None
    if kicker is None and h1 is not None and not _in_breadcrumb(h1):
        kicker = _kicker_of(h1, cleaned)
    if kicker is None and title:
        el = _headline_element(tree, title)
        kicker = _kicker_above(el) if el is not None else None
    return title, kicker


def _title_sources(
    ld: _LD, meta: dict[str, list[str]], tree: html.HtmlElement, site: str | None, url: str | None
) -> tuple[list[str], list[str], list[str]]:
    """The metadata titles (`og:title` and kin, the JSON-LD headline second), the `<title>`,
    and all of them cleaned of site names, section and template tails."""
    cands: list[str] = []
    for key in _META_TITLE:
        for v in meta.get(key, [])[:1]:
            cands.append(repair_mojibake(_unescape(v)))
    if ld.article is not None:
        for key in ("headline", "name"):
            v = _text(ld.article.get(key))
            if v:
                # og:title is what the page shows when shared; JSON-LD headlines are more
                # often shortened for search results.
                cands.insert(1 if cands else 0, repair_mojibake(_unescape(v)))
                break
    titles = [repair_mojibake(_unescape(_el_text(t))) for t in _TITLE_XPATH(tree)[:1]]
    cleaned = [
        c
        for c in (strip_generic_suffix(strip_site_suffix(c, site, url)) for c in cands + titles)
        if c
    ]
    # A title template's section segment ("Headline-정치", "Headline | Politics"): the page
    # names the section in its metadata, the headline does not end with it.
    sections = _section_names(ld, meta)
    cleaned = [strip_section_suffix(c, sections) for c in cleaned]
    # One source gives the headline, another the headline and a template's tail
    # ("…커졌다-정치ㅣ한국일보" beside a headline meta tag "…커졌다"): the tail is not the title.
    cleaned = [_without_template_tail(c, cleaned) for c in cleaned]
    return cands, titles, cleaned


def _pick_title(
    all_h1s: list[html.HtmlElement],
    cands: list[str],
    titles: list[str],
    cleaned: list[str],
    site: str | None,
    url: str | None,
    above: list[str],
) -> str | None:
    """The headline (`_choose_title`); the lines of the first h1 above the line the metadata
    names as the headline, a kicker, are appended to `above` (joined into one)."""
    # An h1 that is the last crumb of a breadcrumb trail names the page, often by a shorter
    # title than the headline: a metadata title that is neither the crumb nor a part of it is
    # the headline. When every title is the crumb, the crumb is the headline.
    crumbs = [title_key(_el_text(h)) for h in all_h1s[:1] if _in_breadcrumb(h)]
    for crumb in crumbs:
        other = [c for c in cands if (k := title_key(c)) and k not in crumb]
        if crumb and other:
            return strip_site_suffix(other[0], site, url)
    # Kicker and headline in one h1: the title is the headline alone, unless the metadata's
    # title is the two together ("Ausschuss zur Ahrtal-Flut: Zwei Rücktritte …"), the
    # publisher's own word that the kicker is part of the title (then in its punctuation).
    for h in all_h1s[:1]:
        kicker = _kicker_of(h, cleaned)
        if kicker:
            both = title_key(f"{kicker} {_headline_text(h, cleaned)}")
            for c in [strip_site_suffix(c, site, url) for c in cands + titles] + cleaned:
                if title_key(c) == both:
                    return c
    h1s: list[str] = []
    keys = {title_key(c) for c in cleaned}
    marked: str | None = None
    for h in all_h1s[:6]:
        text = repair_mojibake(_headline_text(h, cleaned))
        # A kicker line and the headline in one h1 ("Get that tech stack" / "Klatch Coffee"):
        # the line the metadata names is the headline.
        lines = _block_lines(h) if len(h) and title_key(text) not in keys else []
        named = [ln for ln in lines if title_key(ln) in keys] if len(lines) > 1 else []
        if named:
            text = repair_mojibake(_unescape(named[0]))
            before = lines[: lines.index(named[0])]
            kicker = " ".join(before)
            if h is all_h1s[0] and before and len(kicker.split()) <= _KICKER_MAX_WORDS:
                above.append(kicker)
        # A logo h1 holds the site's name: it is not a headline.
        if 3 <= len(text) <= 300 and strip_site_suffix(f"x | {text}", site, url) != "x":
            text = strip_source_credit(strip_site_suffix(text, site, url))
            h1s.append(strip_label_prefix(cut_pipe_tail(text)))
            if marked is None and _HEADLINE_MARK.search(
                f"{h.get('class') or ''} {h.get('itemprop') or ''}"
            ):
                marked = h1s[-1]
    h1s = [_undamaged(h, cleaned) for h in h1s]
    marked = _undamaged(marked, cleaned) if marked is not None else None
    # An h1 that agrees with a metadata title (after suffix stripping) is the headline.
    for h in h1s:
        hk = title_key(h)
        for c in cleaned:
            ck = title_key(c)
            if hk and (hk == ck or (len(hk) > 15 and (ck.startswith(hk) or hk.startswith(ck)))):
                return h
    # Readers see the h1; metadata titles are often rewritten for search engines. Not when
    # the page has many h1s, or when the h1 is set in capitals (styled, not as written).
    # An h1 that shares no word with the metadata titles is a kicker or a pull quote.
    multiword = [
        h
        for h in h1s
        if len(h.split()) >= 2 and not h.isupper() and (not cleaned or _shares_words(h, cleaned))
    ]
    if multiword and len(h1s) <= 2:
        return multiword[0]
    # Many h1s (a list of related stories in h1s): the one the theme marks as the headline.
    if marked is not None and marked in multiword:
        return marked
    if cleaned:
        return cleaned[0]
    if h1s:
        return h1s[0]
    for t in titles:
        t = strip_generic_suffix(t)
        if t:
            return t
    return None


_TAIL_START = re.compile(r"\s*[-–—|｜ㅣ:·•»/]")


def _without_template_tail(title: str, others: list[str]) -> str:
    """`title` cut to another source's title that it begins with, when what follows is a
    separator and a short tail."""
    for other in others:
        if (
            len(other) >= 10
            and len(other) < len(title) <= len(other) + 40
            and title.startswith(other)
            and _TAIL_START.match(title, len(other))
        ):
            return other
    return title


_WORD = re.compile(r"\w{4,}")
_HEADLINE_MARK = re.compile(r"(?<![a-z])headline(?![a-z])", re.IGNORECASE)
_DAMAGED = re.compile(r"\w\?\s?\w")


def _undamaged(headline: str, titles: list[str]) -> str:
    """The metadata's spelling of an h1 whose characters the CMS replaced with "?"
    ("Event Planning? Beginner? Guide" for "Event Planning: Beginner's Guide")."""
    if not _DAMAGED.search(headline):
        return headline
    pattern = re.compile(
        ".{0,2}".join(re.escape(part) for part in headline.split("?")), re.IGNORECASE
    )
    return next((t for t in titles if pattern.fullmatch(t)), headline)


def _shares_words(text: str, others: list[str]) -> bool:
    words = {w.casefold() for w in _WORD.findall(text)}
    if not words:
        return True
    return any(words & {w.casefold() for w in _WORD.findall(o)} for o in others)


def _heading_text(el: html.HtmlElement) -> str:
    """A heading's text with line breaks and nested blocks as spaces ("2025<br>Guide")."""
    return _WS.sub(" ", _split_text(el, _BREAKS, " ")).strip()


_INLINE = frozenset(
    {"span", "a", "em", "strong", "b", "i", "u", "small", "sub", "sup", "mark", "abbr", "q",
     "font", "cite", "bdi", "bdo", "s", "del", "ins"}
)  # fmt: skip
# Pieces a theme nests in its h1 that are not the headline: the date, the byline, a counter.
_NOT_HEADLINE = re.compile(
    r"(?<![^\s-])(?:date|time|posted|byline|author|meta|comments?|count|published|updated)"
    r"(?![a-z_])",
    re.IGNORECASE,
)


# A kicker (topline, overline, Dachzeile) printed in the h1 above or before the headline, and
# the separator a theme hides for screen readers between the two ("<span class=sr-only>: </span>").
_KICKER = re.compile(
    r"(?<![a-z])(?:kicker|over-?line|top-?line|dachzeile|roof-?line|eyebrow|super-?title|"
    r"pre-?title|spitzmarke)(?![a-z])",
    re.IGNORECASE,
)
_OFFSCREEN = re.compile(
    r"(?<![a-z])(?:sr-only|visually-hidden|h-offscreen|offscreen|screen-reader-text|"
    r"screenreader|a11y-hidden|separator)(?![a-z])",
    re.IGNORECASE,
)


def _kicker_node(el: html.HtmlElement, titles: list[str] | None = None) -> html.HtmlElement | None:
    """The element holding the kicker an h1 prints before its headline: one its class or id
    names a kicker ("<span class=topline>Premier League</span><span>Rückschlag …</span>"), or
    the h1's leading element when a metadata title of the page is the h1 without it (the
    publisher's word that the rest is the headline: "<span>Nationale Demo</span>Der 9. Juli
    naht: …" beside a JSON-LD headline "Der 9. Juli naht: …")."""
    rest = _WS.sub(" ", el.text_content()).strip()
    for node in el.iterdescendants():
        if isinstance(node.tag, str) and _KICKER.search(
            f"{node.get('class') or ''} {node.get('id') or ''}"
        ):
            text = _WS.sub(" ", node.text_content()).strip(" :-–—|/")
            return node if text and len(text) < len(rest) - 3 else None
    if not titles or (el.text or "").strip() or not len(el):
        return None
    first = el[0]
    if not isinstance(first.tag, str) or first.tag in ("time", "script", "style"):
        return None
    text = _WS.sub(" ", first.text_content()).strip()
    if not text or len(text.split()) > _KICKER_MAX_WORDS:
        return None
    whole = title_key(rest)
    head = whole.removeprefix(title_key(text))
    if head == whole or len(head) < 10:
        return None
    return first if any(title_key(t) == head for t in titles) else None


_KICKER_MAX_WORDS = 6


def _kicker_of(el: html.HtmlElement, titles: list[str] | None = None) -> str | None:
    """The kicker an h1 prints before its headline (`_kicker_node`), or None."""
    node = _kicker_node(el, titles)
    if node is None:
        return None
    return _WS.sub(" ", node.text_content()).strip(" :-–—|/") or None


def _kicker_above(headline: html.HtmlElement) -> str | None:
    """A kicker printed just above the headline element, not inside it: an element its class or
    id names a kicker (`<p class="topline">Bundesliga</p><h1>…</h1>`), among the two elements
    before the headline or before the wrapper it is the first thing of, up to two wrappers up.
    It is a short name (`_KICKER_MAX_WORDS`), not a date; a longer text is a menu or a teaser."""
    node: html.HtmlElement | None = headline
    for _ in range(3):
        if node is None or node.tag in ("body", "html"):
            return None
        for sib in list(node.itersiblings(preceding=True))[:2]:
            if not isinstance(sib.tag, str) or sib.tag in ("script", "style", "noscript"):
                continue
            text = _WS.sub(" ", sib.text_content()).strip()
            if not text:
                continue
            if len(text.split()) > _KICKER_MAX_WORDS or len(text) > 60:
                return None  # prose, a menu or a teaser list stands between
            marked = (
                sib
                if _KICKER.search(f"{sib.get('class') or ''} {sib.get('id') or ''}")
                else next(
                    (
                        d
                        for d in sib.iterdescendants()
                        if isinstance(d.tag, str)
                        and _KICKER.search(f"{d.get('class') or ''} {d.get('id') or ''}")
                    ),
                    None,
                )
            )
            if marked is None:
                return None  # something else printed between: not the headline's kicker
            kicker = _first_part(marked)
            return kicker if kicker and not _DATE_LIKE.search(kicker) else None
        node = node.getparent()
    return None


def _first_part(el: html.HtmlElement) -> str:
    """An element's text, or its first part when it prints several side by side: a kicker made
    of a rubric and a topic (`<span>Märkte am Abend</span><span>Index gibt leicht nach</span>`)
    names the rubric first."""
    while True:
        parts = [c for c in el if isinstance(c.tag, str) and _WS.sub("", c.text_content())]
        if (el.text or "").strip() or not parts:
            break
        if len(parts) > 1:
            el = parts[0]
            break
        el = parts[0]
    return _WS.sub(" ", el.text_content()).strip(" :-–—|/")


# A date or time printed as a topline ("24.04.2024 • 11:31 Uhr", "Dec 19, 2025") is not a kicker.
_DATE_LIKE = re.compile(r"\d{1,4}[./:-]\d{1,2}|\b(?:19|20)\d\d\b")


_BREADCRUMB = re.compile(r"breadcrumb", re.IGNORECASE)


def _in_breadcrumb(el: html.HtmlElement) -> bool:
    """Is this h1 a breadcrumb trail's last crumb (its own or an ancestor's class, id, data
    attribute or schema.org type says so)?"""
    for node in (el, *list(el.iterancestors())[:3]):
        if any(
            _BREADCRUMB.search(k) or (k in ("class", "id", "itemtype") and _BREADCRUMB.search(v))
            for k, v in node.attrib.items()
        ):
            return True
    return False


def _section_names(ld: _LD, meta: dict[str, list[str]]) -> list[str]:
    """The section names the page's metadata gives (JSON-LD articleSection, article:section
    and kin)."""
    names: list[str] = []
    if ld.article is not None:
        sec = ld.article.get("articleSection")
        for value in sec if isinstance(sec, list) else [sec]:
            if (text := _text(value)) and len(text) <= 50:
                names.append(text)
    for key in _META_SECTION:
        names += [v for v in meta.get(key, []) if len(v) <= 50]
    return names


def _headline_text(el: html.HtmlElement, titles: list[str] | None = None) -> str:
    """An h1's headline as a browser shows it: inline markup joins without a space ("Planning
    C<span>ycle</span>"), blocks and line breaks separate words; a date, byline or counter
    nested in the h1 ("Posted on <time>…</time> by …") is left out, and so is a kicker
    (`_kicker_of`: the record's `section` gets it) with the hidden separator after it."""
    parts: list[str] = []
    kicker_node = _kicker_node(el, titles)
    kicker = kicker_node is not None

    def walk(node: html.HtmlElement, top: bool) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript"):
            return
        # A utility class can make a span a block ("block", "lg:tw-block", "d-block").
        inline = node.tag in _INLINE and not any(
            tok.rsplit(":", 1)[-1].removeprefix("tw-").removeprefix("d-") == "block"
            for tok in (node.get("class") or "").split()
        )
        if not top:
            attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
            if (
                node.tag == "time"
                or _NOT_HEADLINE.search(attrs)
                or node is kicker_node
                or (kicker and (_KICKER.search(attrs) or _OFFSCREEN.search(attrs)))
            ):
                parts.append(" ")
                return
        if not inline:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child, False)
            if child.tail:
                parts.append(child.tail)
        if not inline:
            parts.append(" ")

    walk(el, True)
    text = _unescape(_WS.sub(" ", "".join(parts)).strip())
    return text.lstrip(" :-–—|/") if kicker else text


_HEADLINE_TAGS = frozenset({"h1", "h2", "h3", "p", "div", "span", "legend", "strong"})


def _headline_element(tree: html.HtmlElement, title: str | None) -> html.HtmlElement | None:
    """The element that prints the headline: the first h1, unless the h1 does not hold the
    title (a logo) or there is none, when it is the first element whose own text is it."""
    h1s = _H1_XPATH(tree)
    if title:
        key = title_key(title)
        if h1s and key in title_key(_el_text(h1s[0])):
            return h1s[0]
        for n, el in enumerate(tree.iter(etree.Element)):
            if n > 5000:
                break
            if el.tag in _HEADLINE_TAGS and el.text and title_key(el.text) == key:
                return el
    return h1s[0] if h1s else None
