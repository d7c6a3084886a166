"""The byline line near the title (or an author label anywhere) and the names in it."""

from __future__ import annotations

import re

from ...metadata.byline import (
    is_known_outlet,
    looks_like_handle,
    looks_like_person,
    parse_byline,
    split_authors,
)
from ...metadata.dates import ParsedDate
from .._prose import CJK as _CJK
from .lines import _BY, _DIGIT, _EN_MONTHS, _PERSON, parse_date_line
from .page import _Page
from .title import _PROMO_RE

# How far from the body start an explicit "By …" line may be when none is next to the title.
FAR_BYLINE = 30
_READTIME = re.compile(r"\b\d{1,3}\s*(?:min(?:ute)?s?|m)\.?\s*(?:read|reading)?\b|분|分", re.I)

# Whitespace runs are entered once ((?<!\s) before a leading \s*/\s+): linear on long runs.
_PARTS = re.compile(r"(?<!\s)\s*[|•·⋅]\s*")
_BY_INNER = re.compile(r"(?<=\s)(?:by|von|par|por)\s+(?=\S)", re.I)
_BY_HANDLE = re.compile(r"^\s*(?:by|posted by|written by)\s*(?::\s*)?(\S+)\s*$", re.I)
_COMMENTS_TAIL = re.compile(r"(?<!\s)\s+\d+\s+(?:comments?|responses?|replies)\b.*$", re.I)
_TRAILING_ON = re.compile(r"(?<!\s)\s+(?:on|am|le|el|il)\s*$", re.I)
# Where a date starts inside a byline ("Mike Kappel May 18, 2016").
_DATE_CUT = re.compile(
    rf"\s(?=(?:(?:{_EN_MONTHS})\.?\s+\d|\d{{1,4}}[-./]\d|\d{{1,2}}-[^\W\d_]{{3,9}}-\d{{4}}|"
    rf"\d{{1,2}}\.?\s+[^\W\d_]{{3,}}\.?\s+\d{{4}}))",
    re.I,
)
_GLUED_DATE = re.compile(rf"(?<=[a-z])(?=[A-Z])(?=(?i:{_EN_MONTHS})\.?\s+\d)")
_GLUED_LABEL = re.compile(
    r"(?<=[^\W\d_])(?:PUBLISHED|UPDATED|LAST UPDATED|POSTED|Published|Updated|Last updated|"
    r"Last Updated|Posted)\b.*$"
)
# The label of the date cut off after the name: "By Rhonda Krause Updated January 25, 2026".
# (Each starts where a run of spaces starts: a search from every space of a long run would take
# quadratic time, tests/hostile/test_linear_time.py.)
_LABEL_TAIL = re.compile(
    r"(?<!\s)\s+(?:last\s+)?(?:updated|published|posted)(?:\s+on)?\s*:?\s*$", re.I
)
# An em dash never sits inside a name: what follows is a read time, a date or a role.
_DASH_TAIL = re.compile(r"—.*$")


def _byline_parts_person(line: str) -> bool:
    """ "Jane Doe | SEO | 8 min Read", "109 Comments | Jill Winger | Last Updated: …": a name
    among roles, dates, counters or a read time."""
    if "|" not in line and "•" not in line and "·" not in line:
        return False
    parts = [p.strip() for p in _PARTS.split(line) if p.strip()]
    if len(parts) < 2:
        return False
    people = [p for p in parts if len(p) <= 40 and looks_like_person(p)]
    return bool(people) and any(
        _READTIME.search(p) or parse_date_line(p) is not None for p in parts if p not in people
    )


# Job titles an author card prints under the name.
_JOB = re.compile(
    r"\b(?:writer|editor|reporter|correspondent|contributor|columnist|journalist|analyst|"
    r"founder|co-founder|cofounder|ceo|cto|cmo|president|director|manager|head|lead|consultant|"
    r"expert|specialist|strategist|officer|partner|scientist|researcher|professor|producer|"
    r"marketer|engineer|designer|developer|coach|advisor|adviser|author)s?\b",
    re.I,
)


# Calls to action name jobs too: "Speak to an Advisor", "Contact our experts".
_CALL = re.compile(r"\b(?:to|your|our|us|me)\b", re.I)


def _is_job_line(line: str) -> bool:
    """A short line naming a job ("TECH WRITER", "Former McKinsey Consultant")."""
    return (
        len(line) <= 80
        and len(line.split()) <= 8
        and not line.endswith(".")
        and bool(_JOB.search(line))
        and not _CALL.search(line)
    )


def _names_not_words(authors: tuple[str, ...]) -> bool:
    """Some name, and not a list of single words ("Transport, Cities, Climate": topics)."""
    return len(authors) == 1 or (len(authors) > 1 and all(" " in a for a in authors))


def _name_list(page: _Page, line: str) -> bool:
    """Names and nothing else, two or more, comma-separated ("Naftali Tishby, Fernando C.
    Pereira, William Bialek"): the authors of a paper or a report under its title."""
    if len(line) > 160 or "," not in line or _DIGIT.search(line):
        return False
    parts = split_authors(line)
    return (
        len(parts) >= 2
        and all(" " in p and looks_like_person(p) and not page.common_words(p) for p in parts)
        and len(parse_byline(line).authors) == len(parts)
    )


def _may_be_person(line: str) -> bool:
    """What looks_like_person needs at least (no digit, every word capitalised or a short
    particle, or CJK), checked first because the name and outlet lists cost more."""
    if _DIGIT.search(line):
        return False
    if _CJK.search(line):
        return True
    words = line.split()
    return 1 <= len(words) <= 6 and all(w.lstrip("(")[:1].isupper() or len(w) <= 5 for w in words)


def _name_and_date(line: str, date: ParsedDate | None) -> bool:
    """ "Mike Kappel May 18, 2016", "Posted on July 1, 2024 by infuy": a name and a date (`date`
    is parse_date_line(line))."""
    if len(line) > 90 or date is None:
        return False
    return bool(_BY_INNER.search(line)) or bool(parse_byline(line).authors)


def byline_text(line: str) -> str:
    """The names part of a byline line: dates, counters and labels around them left out."""
    m = _BY_INNER.search(line)
    if m and not _BY.match(line):
        # "Posted on July 1, 2024 by infuy": the name follows "by".
        line = line[m.start() :].strip()
    parts = [p.strip() for p in _PARTS.split(line) if p.strip()]
    if len(parts) > 1:
        named = [p for p in parts if parse_byline(p).authors]
        line = named[0] if named else parts[0]
    # Copies glue neighbouring elements together: "BY KORIN MILLERPUBLISHED:", "Kathryn
    # GiuffridaMar 5, 2025", "by Jacob Trussell—10 min read".
    line = _GLUED_LABEL.sub("", _DASH_TAIL.sub("", _GLUED_DATE.sub(" ", line)))
    cut = _DATE_CUT.search(line)
    if cut and cut.start() > 0:
        line = _LABEL_TAIL.sub("", line[: cut.start()])
    return line.strip(" |·•,–—-")


def byline_authors(text: str) -> list[str]:
    """Person names in a byline's text; a lone user name after "By" counts ("By infuy")."""
    text = _TRAILING_ON.sub("", _COMMENTS_TAIL.sub("", text))
    parsed = parse_byline(text)
    authors = list(parsed.authors)
    if authors or not _BY.match(text):
        return authors
    if not parsed.outlets:
        m = _BY_HANDLE.match(text)
        by = _BY.match(text)
        # _BY ends on the name's first character.
        rest = text[by.end() - 1 :].strip() if by else ""
        if m and looks_like_handle(m.group(1)):
            authors = [m.group(1)]
        elif _PERSON.match(rest):
            # "By Orbi Support": capitalised words the name lists take for neither a person nor
            # an outlet.
            authors = [rest]
    elif not any(is_known_outlet(o) for o in parsed.outlets):
        # "by Marketing Team", "By 3i Global": a signing team or company that is not a news
        # outlet or agency is the page's author as printed.
        authors = list(parsed.outlets)
    return authors


def _find_byline(page: _Page, anchor: int, title: int | None) -> int | None:
    """The byline nearest the title: "By …" (or "By" then the name), "… 기자", a name beside the
    date or under the title; else a "By …" line near the body start."""
    order: list[int] = [*range(anchor + 1, anchor + 9), *range(anchor - 1, anchor - 6, -1)]
    blocks = page.blocks
    named: int | None = None
    for j in order:
        if not 0 <= j < len(blocks) or page.hits[j] is not None:
            continue
        line = blocks[j]
        if page.byline(j):
            return j
        if page.by_alone(j):
            nxt = page.neighbours(j, 1, 1)
            if nxt and len(blocks[nxt[0]]) <= 80:
                return nxt[0]
            continue
        if named is None and len(line) <= 100:
            if _byline_parts_person(line) or _name_and_date(line, page.date(j)):
                names = byline_text(line)
                # "by infuy" says it is a name, lower case or not.
                if _BY.match(names) or not page.common_words(names):
                    named = j
            elif (
                len(line) <= 40
                and not line.endswith(":")
                and _may_be_person(line)
                and not _PROMO_RE.search(line)
                # Where the line sits first: the name lists cost more.
                and (
                    # Under the title, names of two words at least: a lone word there is as
                    # often the section ("Healthcare") as a one-word handle, and a list of
                    # them a list of topics.
                    (
                        title is not None
                        and j == title + 1
                        and all(" " in a for a in parse_byline(line).authors)
                    )
                    or any(page.is_meta(k) for k in page.neighbours(j, 1, 1))
                    or any(page.is_meta(k) for k in page.neighbours(j, -1, 1))
                    # An author card: the name, then the job ("Co-founder of Intelivita").
                    or (j + 1 < len(blocks) and " " in line.strip() and _is_job_line(blocks[j + 1]))
                )
                and looks_like_person(line)
                and _names_not_words(parse_byline(line).authors)
                and not page.common_words(line)
            ):
                named = j
            elif title is not None and j == title + 1 and _name_list(page, line):
                named = j
    if named is not None:
        return named
    # The title may be wrong or far from its byline: an explicit "By …" near the body start,
    # above it first at each distance (start - k, then start + k - 1, for k from 1 up). Lines
    # of the window outside its byline gates are no bylines.
    start = page.start
    lo, hi = max(0, start - FAR_BYLINE + 1), min(len(blocks), start + FAR_BYLINE - 1)
    gates = page.gates()
    near: list[int] = [*range(lo, min(hi, page._elo)), *range(max(lo, page._ehi), hi)]
    near += [j for j in gates.by | gates.cjk_by if lo <= j < hi]
    near.sort(key=lambda j: 2 * (start - j) - 1 if j < start else 2 * (j - start + 1))
    for j in near:
        if page.hits[j] is None:
            if page.byline(j):
                return j
            if page.by_alone(j):
                # "By" alone, a name on the next line (one that reads as a person: "Author"
                # in a menu of search fields is followed by "Abstract").
                nxt = page.neighbours(j, 1, 1)
                if nxt and len(blocks[nxt[0]]) <= 80 and parse_byline(blocks[nxt[0]]).authors:
                    return nxt[0]
    return _labelled_author(page)


# A line that announces the author on the next one, often in a box after the story ("THE
# AUTHOR", "About the author", "Written by"). Not "Authors" alone: menus list it.
_AUTHOR_LABEL = re.compile(
    r"\n[^\S\n]*(?:about[^\S\n]+the[^\S\n]+authors?|(?:meet[^\S\n]+)?the[^\S\n]+authors?|"
    r"authors?[^\S\n]+of[^\S\n]+this[^\S\n]+(?:article|post|story)|written[^\S\n]+by|über[^\S\n]+(?:den|die)[^\S\n]+autor(?:in)?|"
    r"sobre[^\S\n]+(?:el|la)[^\S\n]+autora?|à[^\S\n]+propos[^\S\n]+de[^\S\n]+l['’]auteur)"
    r"[^\S\n]*:?[^\S\n]*(?=\n)",
    re.I,
)


def _labelled_author(page: _Page) -> int | None:
    """The name under the first author label anywhere in the clipping, when no byline was
    found near the title or the body start."""
    blocks, hits = page.blocks, page.hits
    for label in page.lines_matching(_AUTHOR_LABEL):
        j = label + 1
        if j >= len(blocks) or hits[j] is not None:
            continue
        name = blocks[j]
        if len(name) <= 60 and parse_byline(name).authors and not page.common_words(name):
            return j
    # "Written by Moses Kim and Kate Shokurova" on one line, after the story.
    for j in page.lines_matching(_WRITTEN_BY):
        if j >= len(blocks) or hits[j] is not None or len(blocks[j]) > 120:
            continue
        names = byline_text(blocks[j])
        if byline_authors(names) and not page.common_words(_BY.sub("", names)):
            return j
    return None


_WRITTEN_BY = re.compile(
    r"\n[^\S\n]*(?:written|posted|authored|article|words|story)[^\S\n]+by[^\S\n]*:?[^\S\n]*"
    r"(?=[^\W\d_])",
    re.I,
)
