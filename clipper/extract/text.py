"""Copied text: split into blocks, drop boilerplate lines, find the body, read the header."""

from __future__ import annotations

import re

from ..lexicon.en import MONTH_HEAD
from ..lexicon.outlets import AGENCIES
from ..metadata.byline import byline_credits, is_outlet, parse_byline
from ..metadata.dateline import find_dateline
from ..metadata.dates import date_in_url
from ..metadata.language import SAMPLE, detect
from ..models import CleanOptions, Draft, Removal
from ..rules import Hit, RulesResult, check_lines, kept_by_rule, site_keep_rules, site_line_rules
from . import linemodel
from ._prose import cjk_count as _cjk
from ._prose import is_prose
from ._prose import word_count as _words
from .header import HeaderLines, byline_authors, find_header
from .site_repeats import mark_repeats

# Where a date begins inside a byline line ("By X Sep 05, 2023 …", "By X | Updated …").
_DATE_START = re.compile(
    r"(?:\s[|·•,–—-]\s*|\s)(?=(?:(?:updated|published|posted|modified)\b|"
    r"(?:" + MONTH_HEAD + r")[a-z]*\.?\s+\d{1,2}\b|\d{4}[-./]\d{1,2}|"
    r"\d{1,2}\.?\s+[^\W\d_]{3,}\.?\s+\d{4}))",
    re.I,
)


# Tuned on the WCXB dev copies (benchmarks/quality.py --mode text): prose lines more than
# _SPLIT non-prose lines apart start a new run; runs within _MERGE lines of the chosen one join it
# when they hold at least _MIN_WORDS words.
_SPLIT = 8
_MERGE = 25
_MIN_WORDS = 20


def select_body(blocks: list[str], hits: list[Hit | None]) -> list[int]:
    """The indices of the article body: the run of prose with the most words, joined by the runs
    close to it, with the short lines between (subheads, short quotes, list items).

    A related-stories box or a comment section far from the story stays out; a list or a subhead
    inside it stays in.
    """
    weights = [_words(b) + _cjk(b) for b in blocks]
    prose = [hits[i] is None and is_prose(b) for i, b in enumerate(blocks)]
    runs: list[list[int]] = []
    current: list[int] = []
    gap = 0
    for i, is_p in enumerate(prose):
        if is_p:
            if current and gap > _SPLIT:
                runs.append(current)
                current = []
            current.append(i)
            gap = 0
        elif current and hits[i] is None:
            gap += 1
    if current:
        runs.append(current)
    if not runs:
        # No line reads like prose (a short note, a list): keep what no rule removed.
        return [i for i, h in enumerate(hits) if h is None]
    words = [sum(weights[i] for i in run) for run in runs]

    def gap_between(a: int, b: int) -> int:
        return sum(1 for i in range(runs[a][-1] + 1, runs[b][0]) if hits[i] is None)

    best = max(range(len(runs)), key=words.__getitem__)
    lo = hi = best
    while lo > 0 and gap_between(lo - 1, lo) <= _MERGE and words[lo - 1] >= _MIN_WORDS:
        lo -= 1
    while hi < len(runs) - 1 and gap_between(hi, hi + 1) <= _MERGE and words[hi + 1] >= _MIN_WORDS:
        hi += 1
    return [i for i in range(runs[lo][0], runs[hi][-1] + 1) if hits[i] is None]


# A clipping is already clean when its prose starts within this many lines (a title, a byline)
# and at most this many short lines follow its last paragraph (a list, a sign-off). A browser
# copy starts with the site's navigation: its first paragraph is 24 lines down at the median.
_CLEAN_HEAD = 2
_CLEAN_TAIL = 10
# ... and the rules find next to no furniture in it.
_CLEAN_HITS = 1


def _clean_start(blocks: list[str]) -> int | None:
    """Where the story starts in an already clean clipping (None for a browser copy)."""
    first = next((i for i, b in enumerate(blocks[: _CLEAN_HEAD + 1]) if is_prose(b)), None)
    if first is None:
        return None
    last = next(i for i in range(len(blocks) - 1, first - 1, -1) if is_prose(blocks[i]))
    return first if len(blocks) - 1 - last <= _CLEAN_TAIL else None


# Rules whose line, once the story's prose has ended, starts the page's furniture: what follows
# ("Related articles" and its headlines, the comment box, the newsletter form) is not the story.
_END_MARKERS = frozenset(
    {
        "promo.related",
        "promo.newsletter",
        "comments.widget",
        "comments.counter",
        "trailers.copyright",
    }
)


def _end_at_marker(blocks: list[str], hits: list[Hit | None], body: list[int]) -> list[int]:
    """The body without the lines after an end marker that follows its last prose line."""
    last_prose = next((i for i in reversed(body) if is_prose(blocks[i])), None)
    if last_prose is None:
        return body
    end = next(
        (
            i
            for i in range(last_prose + 1, (body[-1] if body else 0) + 1)
            if (hit := hits[i]) is not None and hit.rule in _END_MARKERS
        ),
        None,
    )
    return body if end is None else [i for i in body if i < end]


def _header_above(head: HeaderLines, start: int) -> HeaderLines:
    """The header lines above `start` only: in a clean clipping, all below it is the story."""
    dates_ok = all(i < start for i in head.dates)
    return HeaderLines(
        title=head.title if head.title is not None and head.title < start else None,
        subtitle=head.subtitle if head.subtitle is not None and head.subtitle < start else None,
        section=head.section if head.section is not None and head.section < start else None,
        byline=head.byline if head.byline is not None and head.byline < start else None,
        dates=head.dates if dates_ok else (),
        published=head.published if dates_ok else None,
        modified=head.modified if dates_ok else None,
        byline_text=head.byline_text if head.byline is not None and head.byline < start else None,
    )


def _byline_text(line: str) -> str:
    m = _DATE_START.search(line)
    return line[: m.start()].strip(" |·•,–—-") if m else line.strip()


def extract_text(text: str, options: CleanOptions, url: str | None = None) -> Draft:
    """Clean copied text into a draft record (the page's URL, when known, helps find the
    title and gives the published day when its path holds a date)."""
    blocks = [s for line in text.splitlines() if (s := line.strip())]
    extra = site_line_rules(options.rules)
    hits = check_lines(blocks, extra)
    if options.rules is not None and options.rules.repeats:
        # Lines the site repeats on most of its pages (a file the user made, docs/repeats.md).
        hits = mark_repeats(blocks, hits, options.rules.repeats)
    keep = site_keep_rules(options.rules)
    if keep:
        # The user's keep rules override the site's repeats too (a line rule's hit on a line
        # they match is gone already).
        hits = [
            None if h is not None and kept_by_rule(b, keep) else h
            for b, h in zip(blocks, hits, strict=True)
        ]
    # LINEMODEL HOOK: the learned line model (extract/linemodel/) chooses the body when
    # options.use_model is set; the rule-and-density heuristic is the fallback.
    if options.use_model:
        body = [i for i in linemodel.select_body(blocks) if hits[i] is None]
        clean_from = _clean_start(blocks)
        if clean_from is not None and sum(h is not None for h in hits) > _CLEAN_HITS:
            clean_from = None
        if clean_from is not None:
            # Already clean: keep every line from the first paragraph on (the rules still
            # run); the model only reads the header lines above it.
            body = sorted(
                {i for i in body if i < clean_from}
                | {i for i in range(clean_from, len(blocks)) if hits[i] is None}
            )
        # The model keeps a byline or a dek with the body now and then: the header reader
        # decides the lines above the first paragraph.
        start = next((i for i in body if is_prose(blocks[i])), body[0] if body else len(blocks))
        head = find_header(blocks, hits, start, url)
        if clean_from is not None:
            head = _header_above(head, clean_from)
        taken = {head.title, head.subtitle, head.section, head.byline, *head.dates}
        body = [i for i in body if i >= start or i not in taken] or body
    else:
        body = select_body(blocks, hits)
        head = find_header(blocks, hits, body[0] if body else len(blocks), url)
    body = _end_at_marker(blocks, hits, body)
    body_set = set(body)

    draft = Draft()
    harvest = RulesResult()
    labels: dict[int, str] = {}
    if head.title is not None:
        draft.title = blocks[head.title]
        labels[head.title] = "header.title"
    if head.subtitle is not None:
        draft.subtitle = blocks[head.subtitle]
        labels[head.subtitle] = "header.subtitle"
    if head.section is not None:
        draft.section = blocks[head.section]
        labels[head.section] = "header.section"
    if head.byline is not None:
        # The header reader's byline is the line less its dates and labels; it also keeps the
        # name in "Posted on July 1, 2024 by infuy", where the date comes first.
        draft.byline = head.byline_text or _byline_text(blocks[head.byline])
        labels[head.byline] = "header.byline"
    _dates(draft, head, url)
    for i in head.dates:
        labels.setdefault(i, "header.date")

    first_body = body[0] if body else len(blocks)
    last_body = body[-1] if body else -1
    for i, block in enumerate(blocks):
        hit = hits[i]
        if hit is not None:
            draft.removed.append(Removal(hit.rule, block))
            harvest.harvest(hit)
        elif i in body_set or (keep and kept_by_rule(block, keep)):
            # A keep rule also keeps a line the layout reading left out (header, outside the body).
            draft.paragraphs.append(block)
        else:
            rule = labels.get(i) or (
                "layout.before_body"
                if i < first_body
                else "layout.after_body"
                if i > last_body
                else "layout.inside_body"
            )
            draft.removed.append(Removal(rule, block))

    draft.captions = harvest.captions
    draft.contacts = harvest.contacts
    draft.contributors = harvest.contributors
    _people(draft, harvest, hits)
    if draft.paragraphs:
        dl = find_dateline(draft.paragraphs[0])
        if dl is not None:
            draft.dateline = dl.place
            if dl.agency and not draft.licensed_from and is_outlet(dl.agency):
                draft.licensed_from = dl.agency
    draft.language = detect(_head(draft.paragraphs) or text, options.language)
    return draft


def _head(paragraphs: list[str]) -> str:
    """The paragraphs joined as far as language detection reads them (no need to join all)."""
    parts: list[str] = []
    size = 0
    for p in paragraphs:
        parts.append(p)
        size += len(p) + 1
        if size > SAMPLE:
            break
    return "\n".join(parts)


def _dates(draft: Draft, head: HeaderLines, url: str | None) -> None:
    # The header finder read the dates already (published before updated, labels on the line
    # above); never a time it did not see.
    published = head.published
    in_url = date_in_url(url)
    if in_url is not None and (published is None or published.day != in_url.day):
        # The outlet put the day in the URL when it published (as for HTML pages): a date line
        # that disagrees is a later edit or a UTC rendering of a local evening.
        published = in_url
    if published is not None:
        draft.published, draft.published_tz = published.value, published.tz
    if head.modified is not None:
        draft.modified = head.modified.value


def _people(draft: Draft, harvest: RulesResult, hits: list[Hit | None]) -> None:
    """Authors from the byline (people only), else from "Write to" contacts; outlets to licensing."""
    licensed = any(h.rule.startswith("licensing.") for h in filter(None, hits))
    if harvest.licensors:
        draft.licensed_from = harvest.licensors[0]
    if draft.byline:
        parsed = parse_byline(draft.byline)
        draft.authors = byline_authors(draft.byline)
        draft.credits = list(byline_credits(parsed.outlets, None, draft.authors))
        for outlet in parsed.outlets:
            if outlet in draft.authors:
                # A signing team read as the author ("by Marketing Team") is not the publisher.
                continue
            name = (
                outlet[4:]
                if outlet.lower().startswith("the ") and outlet.lower()[4:] in AGENCIES
                else outlet
            )
            if licensed or name.lower() in AGENCIES:
                draft.licensed_from = draft.licensed_from or name
            else:
                draft.publisher = draft.publisher or name
    if not draft.authors:
        draft.authors = [c.name for c in draft.contacts if c.name]
    draft.contributors = [c for c in draft.contributors if c not in draft.authors]
