"""Visible bylines: elements that credit a person, found by attributes, labels and 'By' words."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import html

from ..byline import (
    is_photo_credit,
    is_reviewer_line,
    looks_like_person,
    parse_byline,
)
from .common import _H1_XPATH, _ancestry_attrs, _block_lines, _el_text
from .scan import _BY_START, _LABEL, _Scan
from .title import _heading_text

# Classes that put an element outside the article's own byline (comments, related lists).
# Matched at the start of a class token (or after - or _), so utility classes like
# "md:[grid-area:sidebar]" do not count.
# Author bio boxes are not excluded: they name the article's own author (they rank below
# bylines), and their long descriptions are skipped by length.
# A "sidebar" class is not enough: grid layouts name the article's own header column so;
# a real sidebar is an <aside> or a widget area.
_NOT_BYLINE = re.compile(
    r"<(?:aside|nav)\b|(?<![^\s_-])(?:comment|reply|respond|related|recommend|popular|"
    r"footer|newsletter|trending|more-from|widget-area|widgets)",
    re.IGNORECASE,
)
# Share buttons and avatars sit beside the byline, often in one box with it ("by-share-div",
# "socialContainer"): they rule out the element itself and its parent, not what they hold.
_NOT_BYLINE_NEAR = re.compile(r"(?<![^\s_-])(?:avatar|social|share)", re.IGNORECASE)
# An explicit "Author" / "Author(s)" label keeps its name even in an <aside> (a metadata panel).
_NOT_BYLINE_LABELLED = re.compile(
    r"(?<![^\s_-])(?:comment|reply|respond|related|recommend|popular|footer|trending|more-from)",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Cand:
    """A visible byline candidate: rank (0 best), page order, its text, the element's tag and
    class (`kind`), and the element."""

    rank: int
    order: int
    text: str
    kind: str
    el: html.HtmlElement


# An element that describes the author (bio, job title) rather than naming them.
_DESCRIBES = re.compile(r"(?:author|writer)[-_]?(?:description|bio|title|position|role|job)")
# Links to a person's page: /author/x, /people/x, /staff/x, /contributors/x, /profile/x.
_PROFILE = re.compile(r"/(?:authors?|people|staff|contributors?|profiles?|writers?|team)/", re.I)
_SLUG = re.compile(r"/authors?/([a-z][a-z'-]{2,60})/?(?:[?#]|$)")


def _name_from_author_link(el: html.HtmlElement) -> str | None:
    """ "Articles by Juliette" linking to /authors/juliette-carreiro: the full name is printed
    near the link; the slug says which words it is."""
    m = _SLUG.search((el.get("href") or "").lower())
    if not m:
        return None
    words = [w for w in m.group(1).split("-") if w]
    if not 2 <= len(words) <= 4:
        return None
    pattern = re.compile(r"\b" + r"[\s.'-]+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
    node = el.getparent()
    for _ in range(3):
        if node is None:
            break
        text = _heading_text(node)
        if len(text) > 400:
            break
        found = pattern.search(text)
        if found and looks_like_person(found.group(0)):
            return found.group(0)
        node = node.getparent()
    return None


def _under_reviewer_line(el: html.HtmlElement) -> bool:
    """The name in "Fact checked by <span>Yara Perez</span>" or "<b>Reviewed by</b>
    <a>Ola Kent</a>": a reviewer, not the writer. Reads only the text that leads into the
    element (its own, its parents', a previous sibling's), never a whole subtree."""
    node: html.HtmlElement | None = el
    for _ in range(3):
        if node is None:
            return False
        prev = node.getprevious()
        leads = (node.text, prev.text, prev.tail) if prev is not None else (node.text,)
        for lead in leads:
            if lead and is_reviewer_line(lead.strip() + " x"):
                return True
        node = node.getparent()
    return False


# A job title printed inside the byline ("<span class='job-title'>Lifestyle Writer</span>").
_JOB_TITLE = re.compile(
    r"(?<![a-z])(?:job[-_]?title|jobtitle|author[-_]?(?:job|role|position|title)|role|position)(?![a-z])"
)


def _byline_text(el: html.HtmlElement) -> str:
    """The byline's text, as `_heading_text` reads it, less the job titles marked in it."""
    marked = [
        d
        for d in el.iterdescendants()
        if isinstance(d.tag, str) and _JOB_TITLE.search((d.get("class") or "").lower())
    ]
    if not marked:
        return _heading_text(el)
    parts: list[str] = []
    skip = set(marked)

    def walk(node: html.HtmlElement) -> None:
        if node in skip or not isinstance(node.tag, str) or node.tag in ("script", "style"):
            return
        parts.append(" " + (node.text or ""))
        for child in node:
            walk(child)
            parts.append(" " + (child.tail or ""))

    walk(el)
    return " ".join("".join(parts).split())


_AUTHORISH = re.compile(r"author|byline", re.IGNORECASE)


def _in_picture_credit(el: html.HtmlElement) -> bool:
    """Inside a picture's caption ("<figcaption>… <span class=figcaption--author>Pella
    News</span>"): the photographer or agency of the picture, not the article's author. An
    author card's avatar figure ("<figure class=author-avatar>") is the author's."""
    for anc in el.iterancestors():
        if _AUTHORISH.search(f"{anc.get('class') or ''} {anc.get('id') or ''}"):
            return False
        if anc.tag in ("figure", "figcaption"):
            return True
        if anc.tag in ("article", "main", "body"):
            return False
    return False


def _visible_bylines(scan: _Scan) -> list[_Cand]:
    """Elements that look like the article's byline, best first.

    Rank 0: rel/itemprop author; 1: a byline class or a "By …" line; 2: an author class."""
    found: list[_Cand] = []
    seen: set[str] = set()

    def add(rank: int, order: int, el: html.HtmlElement, text: str | None = None) -> None:
        text = _byline_text(el) if text is None else text
        own = (el.text or "").strip()
        if _LABEL.match(text):
            # "Written by" / "Author(s)" alone: the name follows, as tail text or as the next
            # element (a list of names becomes "A, B, C").
            tail = (el.tail or "").strip()
            nxt = el.getnext()
            # An avatar between the label and the name holds no text.
            while nxt is not None and not (nxt.tail or "").strip() and not _el_text(nxt):
                nxt = nxt.getnext()
            if tail:
                text = f"By {tail}"
            elif nxt is not None:
                # Each author in a box of its own, with a job title: one name per box.
                boxes = [nxt]
                while (sib := boxes[-1].getnext()) is not None and (
                    sib.tag == nxt.tag and sib.get("class") == nxt.get("class")
                ):
                    boxes.append(sib)
                if len(boxes) > 1 or _byline_text(nxt) != _heading_text(nxt):
                    text = "By " + ", ".join(_byline_text(b) for b in boxes)
                else:
                    text = "By " + ", ".join(_block_lines(nxt))
            else:
                text = ""
        elif (
            len(el)
            and len(text) > 80
            and el[0].tag != "a"
            and _LABEL.match(own or _heading_text(el[0]))
        ):
            # "Written by <a>A</a>, 4+ years covering … <a>B</a>, senior editor …": the
            # names are the links; the rest is their bios.
            links = [_heading_text(a) for a in el.iter("a") if _PROFILE.search(a.get("href") or "")]
            names = [n for n in links if parse_byline(n).authors == (n,)]
            if names:
                text = "By " + ", ".join(names)
        elif len(el) and _LABEL.match(own) and el[0].tag == "a":
            # "By <a>Name</a> <a>Print</a>": the names are the links joined by separators.
            names = [_heading_text(el[0])]
            for prev, child in zip(el, el[1:], strict=False):
                if child.tag != "a" or not re.fullmatch(r"\s*(?:,|and|&)?\s*", prev.tail or ""):
                    break
                names.append(_heading_text(child))
            text = "By " + ", ".join(names)
        elif len(el):
            # An author card: name on the first line, job title on the next.
            lines = _block_lines(el)
            if len(lines) >= 2 and not _LABEL.match(lines[0]):
                first = parse_byline(lines[0])
                if first.authors and not any(" and " in ln or "," in ln for ln in lines[:1]):
                    text = lines[0]
        if (
            not text
            or len(text) > 200
            or text in seen
            or _under_reviewer_line(el)
            or _in_picture_credit(el)
            or is_photo_credit(text)
        ):
            return
        seen.add(text)
        if _BY_START.match(text):
            rank = min(rank, 1)
        found.append(_Cand(rank, order, text, f"{el.tag}.{el.get('class') or ''}", el))

    story: set[html.HtmlElement] | None = None

    def attrs(el: html.HtmlElement, depth: int = 6) -> str:
        """`_ancestry_attrs` less the containers that hold the headline: they are the story's
        own, whatever their class says ("node--type-newsletter-article" is a story filed as a
        newsletter, not a newsletter box)."""
        nonlocal story
        if story is None:
            h1 = next(iter(_H1_XPATH(el.getroottree())), None)
            story = set(h1.iterancestors()) if h1 is not None else set()
        text = _ancestry_attrs(el, depth)
        if not story or not _NOT_BYLINE.search(text):
            return text
        kept: list[html.HtmlElement] = []
        node: html.HtmlElement | None = el
        for _ in range(depth):
            if node is None:
                break
            if node not in story:
                kept.append(node)
            node = node.getparent()
        return " ".join(f"<{n.tag} {n.get('class') or ''} {n.get('id') or ''}" for n in kept)

    def excluded(el: html.HtmlElement, labelled: bool = False) -> bool:
        if labelled:
            return bool(_NOT_BYLINE_LABELLED.search(attrs(el)))
        return bool(_NOT_BYLINE.search(attrs(el)) or _NOT_BYLINE_NEAR.search(attrs(el, 2)))

    for order, el in enumerate(scan.marked):
        if excluded(el):
            continue
        cls = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
        if el.get("rel") == "author" or el.get("itemprop") in ("author", "creator"):
            rank = 0
            # Several author links in one byline: read the line that holds them all.
            parent = el.getparent()
            if el.tag == "a" and parent is not None and len(_el_text(parent)) <= 160:
                add(0, order, parent)
        elif "byline" in cls or "/author" in (el.get("href") or ""):
            rank = 1
        else:
            rank = 2
        if el.tag == "a" and not parse_byline(_heading_text(el)).authors:
            name = _name_from_author_link(el)
            if name:
                add(1, order, el, name)
        if _DESCRIBES.search(cls):
            # "<p>Asser Christensen</p><div class='author-description'>…": the description
            # is marked, the name before it is not.
            prev = el.getprevious()
            name = _heading_text(prev) if prev is not None else ""
            if 0 < len(name) <= 60 and parse_byline(name).authors == (name,):
                add(rank, order, prev, name)
        add(rank, order, el)
    for order, el in enumerate(scan.by_text):
        if excluded(el, labelled=bool(_LABEL.match(_heading_text(el)))):
            continue
        add(1, 1000 + order, el)
    found.sort(key=lambda c: (c.rank, c.order))
    return found
