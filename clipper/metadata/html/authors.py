"""Authors: metadata names weighed against the visible bylines, and names shown beside a date or photo."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from lxml import etree, html

from ..byline import (
    Byline,
    cut_dangling,
    is_outlet,
    looks_like_handle,
    looks_like_lowercase_name,
    looks_like_person,
    parse_byline,
    split_authors,
)
from ..dates import parse_date
from .bylines import _PROFILE, _Cand, _under_reviewer_line, _visible_bylines
from .common import _H1_XPATH, _WS, _contains, _el_text, _norm_name, _squash
from .dates import _DATE_HINT
from .jsonld import _LD, _name_of
from .meta_tags import _META_AUTHOR
from .scan import _BY_START, _CJK_NAME, _Scan


def _split_meta_author(value: str, key: str) -> list[str]:
    if value.startswith(("http://", "https://", "@", "www.")) or "/" in value:
        return []
    if key == "citation_author":
        # One author per tag, often "Last, First".
        last, _, first = value.partition(",")
        name = f"{first.strip()} {last.strip()}" if first.strip() else value
        return [name] if looks_like_person(name) else []
    if key == "twitter:creator":
        # A Twitter handle without its "@" ("shopwithselect") names an account, not a person.
        return [a for a in parse_byline(value).authors if " " in a]
    return list(parse_byline(value).authors or _handle(value) or _lowercase(value))


def _handle(name: str) -> tuple[str, ...]:
    """A blog engine's user name ("aawoods") in a field that can only hold the author."""
    name = name.strip()
    return (name,) if looks_like_handle(name) and not is_outlet(name) else ()


def _lowercase(name: str) -> tuple[str, ...]:
    """A name typed in lower case ("kirstin boatto") in a field that can only hold the author."""
    name = " ".join(name.split())
    return (name,) if looks_like_lowercase_name(name) and not is_outlet(name) else ()


def _site_keys(names: tuple[str | None, ...], url: str | None) -> frozenset[str]:
    """The site's own names, squashed ("onetreeplanted"): from og:site_name, the publisher and
    the labels of the URL's host name."""
    keys = {_squash(n) for n in names if n}
    host = (urlsplit(url).hostname or "") if url else ""
    labels = host.removeprefix("www.").split(".")
    keys.update(label for label in labels[:-1] if len(label) >= 3)
    return frozenset(k for k in keys if k)


def _row(cands: list[_Cand], i: int, first: str) -> list[str]:
    """The names of a row of like elements starting at `cands[i]` ("Rui Ma", "Heba Ledwon", …),
    when they sit together in one short line; [] when they are cards of a list."""
    head = cands[i]
    names, els = [first], [head.el]
    for c in cands[i + 1 :]:
        if c.kind != head.kind or c.rank != head.rank:
            break
        people = parse_byline(c.text).authors
        if len(people) != 1:
            break
        names.append(people[0])
        els.append(c.el)
    if len(names) < 2:
        return []
    box = head.el.getparent()
    for _ in range(4):
        if box is None:
            return []
        if all(_contains(box, e) for e in els):
            break
        box = box.getparent()
    else:
        return []
    if box is None or len(_el_text(box)) > sum(len(n) + 12 for n in names) + 40:
        return []
    return names


@dataclass(slots=True)
class _Credits:
    """People and outlets one source names as the authors, and whether it names any at all."""

    people: list[str] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)
    #: The source names an author, even one that is not a person ("Sponsored by Acme").
    spoke: bool = False
    #: The value the people came from, as written (meta tags only).
    raw: str | None = None


@dataclass(slots=True)
class _PrintedByline:
    """The byline the page shows: the people in it, its text, how strongly its element marks it
    as the byline (0 best), and the elements printing them after "By"."""

    people: list[str] = field(default_factory=list)
    text: str | None = None
    rank: int = 9
    by_els: list[html.HtmlElement] = field(default_factory=list)
    outlets: list[str] = field(default_factory=list)


class _IsOrg:
    """Whether a name is an organisation: a known outlet, one the JSON-LD names as one, or the
    site's own one-word name ("Trezy" on trezy.io, "Resy" on blog.resy.com)."""

    __slots__ = ("org_names", "site_keys")

    def __init__(self, org_names: set[str], site_keys: frozenset[str]) -> None:
        self.org_names = org_names
        self.site_keys = site_keys

    def __call__(self, name: str, kind: str = "") -> bool:
        if " " not in name.strip() and _squash(name) in self.site_keys:
            return True
        if kind == "person":
            return is_outlet(name)
        return is_outlet(name) or _norm_name(name) in self.org_names


def _jsonld_credits(ld: _LD, is_org: _IsOrg) -> _Credits:
    """The article's (else the page's) JSON-LD author or creator."""
    found = _Credits()
    for obj in (ld.article, ld.page):
        if obj is None:
            continue
        for key in ("author", "creator"):
            for name, kind in _name_of(obj.get(key), ld.ids):
                found.spoke = True
                if kind == "org" or is_org(name, kind):
                    found.outlets.append(name)
                    continue
                people = parse_byline(name).authors or _handle(name)
                if kind == "person" and len(people) > 1 and "," in name:
                    # One Person object is one person: "Benjamin Johnson, Sr. Director of
                    # Operations, Atlas Van Lines" is a name with its job and employer.
                    people = people[:1]
                if not people and kind == "person":
                    people = _lowercase(name)
                for p in people:
                    if p not in found.people and not is_org(p, kind):
                        found.people.append(p)
            if found.people or found.outlets:
                return found
    return found


def _meta_credits(meta: dict[str, list[str]], is_org: _IsOrg) -> _Credits:
    """The author meta tags, the first that names people."""
    found = _Credits()
    keys: tuple[str, ...] = _META_AUTHOR
    # WordPress SEO plugins put the author in a labelled Twitter card.
    for i in range(1, 4):
        if (meta.get(f"twitter:label{i}") or [""])[0].lower() in ("written by", "author", "by"):
            keys = (*keys, f"twitter:data{i}")
    for key in keys:
        for value in meta.get(key, [])[:12]:
            if key != "twitter:creator" and not value.startswith(("@", "http", "www.")):
                found.spoke = True
            if " " not in value.strip() and is_org(value) and not value.startswith("@"):
                # The site's own one-word name ("Trezy") in the author tag.
                found.outlets.append(value)
                continue
            for p in _split_meta_author(value, key):
                if is_org(p):
                    found.outlets.append(p)
                elif p not in found.people:
                    found.people.append(p)
                    found.raw = found.raw or value
        if found.people:
            break
    return found


def _listing_kinds(cands: list[_Cand], parsed: list[Byline]) -> set[str]:
    """Kinds of element that name three different people, one each: a list of cards (related
    articles, testimonials, comments), unless its names sit in one short line."""
    named: dict[str, set[str]] = {}
    for c, b in zip(cands, parsed, strict=True):
        if len(b.authors) == 1 and len(c.text) <= 60:
            named.setdefault(c.kind, set()).add(_norm_name(b.authors[0]))
    return {k for k, v in named.items() if len(v) >= 3}


def _shown_byline(scan: _Scan, is_org: _IsOrg, known: set[str], spoke: bool) -> _PrintedByline:
    """The first visible byline that names people (`known`: the people the metadata names;
    `spoke`: whether it names anyone)."""
    shown_by = _PrintedByline()
    cands = _visible_bylines(scan)[:30]
    parsed = [parse_byline(c.text) for c in cands]
    listing = _listing_kinds(cands, parsed)
    outlet_kinds: set[str] = set()
    for i, (c, b) in enumerate(zip(cands, parsed, strict=True)):
        if c.kind in outlet_kinds:
            # "by Clemson News" first, then "by Scott Miller" in the same kind of element:
            # the byline named the outlet; the rest are other stories'.
            continue
        shown = [p for p in b.authors if not is_org(p)]
        if not shown and c.rank <= 1 and c.order < 1000:
            # "by jsteinhardt" in a byline element: the user name is all the page prints.
            m = _BY_HANDLE.fullmatch(c.text)
            if m and looks_like_handle(m.group(1)) and not is_org(m.group(1)):
                shown = [m.group(1)]
        rank = c.rank
        if shown and c.kind in listing:
            row = _row(cands, i, shown[0]) if len(shown) == 1 else []
            if row and spoke and _norm_name(row[0]) not in known:
                continue
            if row:
                shown = row
                if _norm_name(row[0]) in known:
                    # Metadata names the row's first person: the row is the full byline.
                    rank = min(rank, 1)
            elif (spoke and not known & {_norm_name(p) for p in shown}) or (
                not spoke and c.rank >= 2
            ):
                # The metadata names someone else, or nothing marks this line as the byline
                # but a loose "author" class: another story's card, a comment.
                continue
        # A lone word under a loose "author" class is as often a label ("Guide") as a name.
        if (
            shown
            and c.rank > 0
            and not _BY_START.match(c.text)
            and all(" " not in p and not _CJK_NAME.search(p) for p in shown)
        ):
            continue
        if shown:
            shown_by.people, shown_by.rank = _shortest_forms(shown, parsed), rank
            # Printed as "By …" here or in another element ("By Aoife O'Riordan" beside
            # the author link).
            chosen = {_norm_name(p) for p in shown_by.people}
            shown_by.by_els = [
                c2.el
                for c2, b2 in zip(cands, parsed, strict=True)
                if _BY_START.match(c2.text) and chosen & {_norm_name(p) for p in b2.authors}
            ]
            shown_by.text = c.text
            shown_by.outlets.extend(b.outlets)
            break
        if b.outlets and not shown:
            outlet_kinds.add(c.kind)
        if b.outlets and shown_by.text is None:
            shown_by.text = c.text
            shown_by.outlets.extend(b.outlets)
    return shown_by


def _reconcile(
    ld_people: list[str], meta_people: list[str], shown: _PrintedByline, site_keys: frozenset[str]
) -> list[str]:
    """The authors: JSON-LD's, else the meta tags', else the visible byline's, each overruled
    where another source is fuller or the printed byline is plainly the story's."""
    visible = shown.people
    visible_by = bool(shown.by_els)
    authors = ld_people or meta_people or visible
    # Metadata often keeps only the first author: a source that names everyone the chosen
    # one names, and more, wins.
    # A byline found only by an "author" class is too loose to overrule the metadata.
    for other in (ld_people, meta_people, visible if shown.rank <= 1 else []):
        if len(other) > len(authors):
            have = {_norm_name(v) for v in other}
            if all(_norm_name(a) in have for a in authors):
                authors = other
    # Metadata that names the site itself ("One Tree Planted" on onetreeplanted.org) yields
    # to a "By …" line that names people.
    if (
        visible
        and visible_by
        and authors is not visible
        and all(_squash(a) in site_keys for a in authors)
    ):
        authors = visible
    # The "By …" line printed with the headline outranks metadata naming someone else (an
    # editor's account, a previous author of the page).
    if (
        shown.by_els
        and shown.rank <= 1
        and authors is not visible
        and all(" " in v for v in visible)
        and not {_norm_name(a) for a in authors} & {_norm_name(v) for v in visible}
        and any(_under_headline(e) or _before_body(e) for e in shown.by_els)
    ):
        authors = visible
    if visible and authors is not visible:
        authors = _prefer_visible_forms(list(authors), visible, visible_by)
    return authors


def _choose_authors(
    ld: _LD,
    meta: dict[str, list[str]],
    scan: _Scan,
    org_names: set[str],
    site_keys: frozenset[str] = frozenset(),
) -> tuple[tuple[str, ...], str | None, list[str]]:
    """(authors, byline as found, outlets named as authors)."""
    is_org = _IsOrg(org_names, site_keys)
    from_ld = _jsonld_credits(ld, is_org)
    from_meta = _meta_credits(meta, is_org)
    outlets = from_ld.outlets + from_meta.outlets
    known = {_norm_name(p) for p in from_ld.people + from_meta.people}
    spoke = from_ld.spoke or from_meta.spoke or bool(known or outlets)
    shown = _shown_byline(scan, is_org, known, spoke)
    outlets += shown.outlets
    authors = _reconcile(from_ld.people, from_meta.people, shown, site_keys)
    # `byline` is what the page printed; without a visible byline, the author tag as written.
    byline_text = shown.text
    if byline_text is None and from_meta.people and authors is from_meta.people:
        byline_text = from_meta.raw
    # "MDR THÜRINGEN" on mdr.de, "Ilanga D" on ilanga.co.za: a credit that starts with the
    # site's own name is its desk, not a person.
    desks = [a for a in authors if _site_desk(a, site_keys)]
    if desks:
        outlets.extend(d for d in desks if d not in outlets)
        authors = [a for a in authors if a not in desks]
    return tuple(authors), byline_text, outlets


def _site_desk(name: str, site_keys: frozenset[str]) -> bool:
    """A name of two or more words whose first word is the site's name, set as a brand (a word
    in capitals: "MDR THÜRINGEN", "FlowGuard EMEA"). Not the site's name as a whole ("Paul
    Graham" on paulgraham.com), nor a person whose first name the host carries ("Miod Vallat"
    on miod.online.fr)."""
    words = name.split()
    keys = {_squash(k) for k in site_keys}
    return (
        len(words) >= 2
        and len(first := _squash(words[0])) >= 3
        and first in keys
        and _squash(name) not in keys
        and any(w.isupper() and len(w) >= 2 for w in words)
    )


_LONG_PARAS_BEFORE = etree.XPath("count(preceding::p[string-length(normalize-space(.)) > 200])")


def _before_body(el: html.HtmlElement) -> bool:
    """True when no paragraph of the story's length comes before `el`: a byline at the top
    of the story, not a related story's under it."""
    return _LONG_PARAS_BEFORE(el) == 0 and bool(el.xpath("following::p[1]"))


def _under_headline(el: html.HtmlElement, reach: int = 600) -> bool:
    """True when `el` shares a small box with the page's first h1: the headline's byline,
    not one in a related-stories list further down."""
    h1 = next(iter(_H1_XPATH(el.getroottree().getroot())), None)
    if h1 is None:
        return False
    above = set()
    node: html.HtmlElement | None = h1
    while node is not None:
        above.add(node)
        node = node.getparent()
    node = el
    while node is not None and node not in above:
        node = node.getparent()
    return node is not None and len(_el_text(node)) <= reach


_AFTER_H1 = etree.XPath("following::text()[normalize-space()][position() <= 30]")
_SEPARATOR = re.compile(r"[\s|•·,–—/-]*")
_NAME_CHARS = re.compile(r"[^\W\d_][\w\s.,'’&-]*", re.UNICODE)


def _linked_elsewhere(el: html.HtmlElement) -> bool:
    """Inside a link that is not to a person's page: a category, a tag, another story."""
    node: html.HtmlElement | None = el
    for _ in range(3):
        if node is None:
            return False
        if node.tag == "a" and node.get("href") is not None:
            return not _PROFILE.search(node.get("href") or "")
        node = node.getparent()
    return False


def _name_beside_date(tree: html.HtmlElement) -> tuple[str, ...]:
    """A byline without markup: under the headline, a line of names printed right before or
    after the date ("Elliot Raba" / "23.07.2025 · 6 min read", "2025-12-17 · Trond Teigen")."""
    h1 = next(iter(_H1_XPATH(tree)), None)
    if h1 is None:
        return ()
    chunks = []
    for node in _AFTER_H1(h1):
        parent = node.getparent()
        if parent is None or parent.tag in ("script", "style", "noscript", "template"):
            continue
        # "Sehernur Karsu |" before the date: the separator is not part of the name.
        text = _WS.sub(" ", str(node)).strip().strip(" |·•")
        if text and not _SEPARATOR.fullmatch(text):
            chunks.append((text, parent))
    dated = [len(c) <= 40 and _DATE_HINT.search(c) and parse_date(c) for c, _ in chunks]
    for i, (chunk, parent) in enumerate(chunks[:20]):
        if i == 0 and len(chunk) <= 200 and _NAME_CHARS.fullmatch(re.sub(r"[;()]", ",", chunk)):
            # The line right under the headline naming two people or more, nothing else
            # ("Ellen Lindell, VMD, DACVB; Monique Feyrecilde, BA, LVT").
            people = parse_byline(chunk).authors
            if len(people) >= 2 and len(split_authors(chunk)) <= 4 * len(people):
                if all(" " in p and looks_like_person(p.split(",")[0]) for p in people):
                    return people
        if len(chunk) > 80 or not _NAME_CHARS.fullmatch(chunk) or _linked_elsewhere(parent):
            continue
        if not ((i and dated[i - 1]) or (i + 1 < len(chunks) and dated[i + 1])):
            continue
        # "Mahua Das in <a>Project Management</a>": the section follows the name.
        people = parse_byline(cut_dangling(chunk)).authors
        if people and all(" " in p and looks_like_person(p) for p in people):
            return people
    return ()


_NAMED_IMAGES = etree.XPath("//body//img[@alt]")
# An image that is a person's portrait by its class or file: not a product shot.
_PORTRAIT = re.compile(r"author|avatar|profile|headshot|portrait|gravatar|bio\b", re.I)
_NEXT_TEXTS = etree.XPath("following::text()[normalize-space()][position() <= 3]")


def _pictured_name(tree: html.HtmlElement) -> tuple[str, ...]:
    """An author box without markup: a portrait whose alt text is a name, printed again
    right after it ("<img alt='Tim Green'> <strong>Tim Green</strong> <em>Writer</em>"), or
    a bio that opens with the name ("<img src='…/Julia-Gralberg.jpg' alt='Julia Gralberg'>
    Julia Gralberg is a freelance travel writer …"): a portrait by its class or file word, or
    by its file named after the person, or by its alt text ("David Gracey Headshot")."""
    for img in _NAMED_IMAGES(tree)[:300]:
        alt = _WS.sub(" ", img.get("alt") or "").strip().casefold()
        if len(alt.split()) < 2 or len(alt) > 300:
            continue
        src = img.get("src") or ""
        portrait = bool(_PORTRAIT.search(f"{img.get('class') or ''} {src} {alt}"))
        # A file named after the alt text is a portrait only when a bio follows (a product
        # shot is named after the product too).
        named_file = _file_names(src, alt)
        if not portrait and not named_file:
            continue
        for node in _NEXT_TEXTS(img):
            # "<strong>David Gracey:</strong> Since its founding …": the name as a bio's label.
            text = _WS.sub(" ", str(node)).strip().rstrip(":")
            holder = node.getparent()
            if holder is not None and _under_reviewer_line(holder):
                continue
            # The alt text is the name, or describes the picture of it ("Headshot of Doris
            # Munoz-Mantilla, MD, with a blurred lake …").
            if (
                portrait
                and len(text) <= 80
                and (text.casefold() == alt or (len(text.split()) >= 2 and text.casefold() in alt))
                and parse_byline(text).authors == (text,)
            ):
                return (text,)
            bio = _BIO.match(text) if named_file else None
            if bio and bio.group(1).casefold() == alt and looks_like_person(bio.group(1)):
                return (bio.group(1),)
    return ()


# A bio's first words: "Julia Gralberg is a freelance travel writer".
_BIO = re.compile(r"([^\W\d_][\w.'’ -]{2,60}?) (?:is|was) (?:an?|the)\b")


def _file_names(src: str, alt: str) -> bool:
    """Does the image's file name spell the alt text ("…/Julia-Gralberg.jpg", "Julia Gralberg")?"""
    words = re.findall(r"\w+", alt)
    stem = src.rsplit("/", 1)[-1].casefold()
    return len(words) >= 2 and re.sub(r"[\W_]+", "", stem).startswith("".join(words))


def _shortest_forms(names: list[str], parsed: list[Byline]) -> list[str]:
    """ "Sofia Kondrat" for "Sofia Kondrat EdTech Content" when another candidate prints the
    name alone: a job title run on after the name is not part of it."""
    alone = {a for b in parsed if len(b.authors) == 1 for a in b.authors if " " in a}
    out = []
    for name in names:
        shorter = [a for a in alone if name.startswith(a + " ") and _run_on(name[len(a) :].split())]
        out.append(max(shorter, key=len) if shorter else name)
    return out


def _run_on(words: list[str]) -> bool:
    """Words after a name that are a title, not more of the name: two or more ("EdTech
    Content"), or one not written like a surname ("AI", "editor"). "Mary Ann" printed alone
    does not cut "Mary Ann Smith"."""
    if not words or any("," in w for w in words):
        return False
    w = words[0]
    return len(words) >= 2 or not (w[:1].isupper() and w[1:].islower())


def _prefer_visible_forms(authors: list[str], visible: list[str], by_line: bool) -> list[str]:
    """Names as the byline prints them: "Shelby Loos, DVM" for metadata's "Shelby Loos"; and
    the byline's people instead of bare user names: a login ("andrew.keaveney"), one that is
    theirs ("srauturier"), or any when the page prints "By …" with full names. A display
    name ("Mazi") does not yield to a name found only by an "author" class."""
    if (
        all(" " not in a for a in authors)
        and any(" " in v for v in visible)
        and (by_line or all(_LOGIN.search(a) or _handle_of(a, visible) for a in authors))
    ):
        return visible
    by_key = {_norm_name(v.split(",")[0]): v for v in visible}
    return [by_key.get(_norm_name(a.split(",")[0]), a) for a in authors]


_BY_HANDLE = re.compile(r"\s*[Bb]y:?\s+([a-z][a-z0-9_.-]{2,30})\s*")
_LOGIN = re.compile(r"^[a-z]|[._\d]")


def _handle_of(handle: str, names: list[str]) -> bool:
    """ "andrew.keaveney" or "srauturier" is a user name of one of `names`."""
    h = _squash(handle)
    for name in names:
        words = [_squash(w) for w in name.split(",")[0].split() if _squash(w)]
        if len(words) >= 2 and (h == "".join(words) or (len(words[-1]) >= 4 and words[-1] in h)):
            return True
    return False
