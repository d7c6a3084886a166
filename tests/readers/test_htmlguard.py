"""HTML guard: no text node over libxml2's limit reaches the parser, and no tag keeps more than
MAX_ATTRIBUTES attributes; text is never lost on the way."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from clipper import clean_html
from clipper.readers import htmlguard
from clipper.readers.htmlguard import MAX_ATTRIBUTES, guard_html

ARTICLE = (
    "<article><h1>Bridge to be repaired</h1><p>"
    + "The council met on Tuesday and voted to repair the old bridge before winter. " * 6
    + "</p></article>"
)


def test_a_huge_script_before_the_article_no_longer_empties_it() -> None:
    # libxml2 stops at a text node over 10,000,000 bytes: everything after it was lost.
    blob = (
        '<script id="__NEXT_DATA__" type="application/json">{"a":"'
        + "x" * 10_500_000
        + '"}</script>'
    )
    page = f"<html><head><title>T</title>{blob}</head><body>{ARTICLE}</body></html>"
    record = clean_html(page)
    assert "voted to repair the old bridge" in record.text


def test_a_tag_with_200k_attributes_is_cut_before_parsing() -> None:
    flood = " ".join(f"a{i}='v'" for i in range(200_000))
    guarded = guard_html(f"<html><body><div {flood}>x</div>{ARTICLE}</body></html>")
    tag = re.search(r"<div [^>]*>", guarded)
    assert tag is not None and tag.group().count("=") == MAX_ATTRIBUTES
    assert "voted to repair" in clean_html(guarded).text


PIECES = st.sampled_from(
    [
        "<p>",
        "</p>",
        "<script>",
        "</script>",
        "<style>",
        "</style >",
        "word ",
        "x" * 30,
        "é",
        "<b a=1>",
    ]
)


@settings(max_examples=80, deadline=None, database=None)
@given(pieces=st.lists(PIECES, max_size=40))
def test_guard_splits_every_long_run_and_keeps_every_letter_outside_scripts(
    pieces: list[str],
) -> None:
    # The real limit is 2.5 million characters; the same code at 40 is what hypothesis can try.
    saved = htmlguard.TEXT_RUN_CHARS
    htmlguard.TEXT_RUN_CHARS = 40
    try:
        html = "".join(pieces)
        out = guard_html(html)
    finally:
        htmlguard.TEXT_RUN_CHARS = saved
    if len(html) <= 40:
        assert out is html
    # Outside scripts and styles, no run of text is over the limit and nothing is lost.
    outside = re.sub(r"<(script|style)>.*?(</\1\s*>|$)", "<s>", out, flags=re.S)
    assert all(len(run) <= 40 for run in re.split(r"<[^<>]*>", outside))
    assert out.replace("<wbr>", "") == html or len(out) < len(html)
    if "<script>" not in html and "<style>" not in html:
        assert out.replace("<wbr>", "") == html


def test_a_big_page_loses_scripts_svgs_and_comments_but_not_json_ld_or_text() -> None:
    ld = '{"@type": "NewsArticle", "headline": "Bridge", "author": {"@type": "Person", "name": "Ann Lee"}}'
    icons = "<svg viewBox='0 0 9 9'>" + "<path d='M1 2L3 4z'/>" * 40 + "</svg><!-- x -->"
    state = "<script>window.s=" + '{"k": [1, 2, 3]},' * 40 + "0;</script>"
    page = (
        f'<html><head><title>Bridge</title><script type="application/ld+json">{ld}</script>'
        f"</head><body>{(icons + state) * 3000}{ARTICLE}</body></html>"
    )
    assert len(page) > htmlguard.BIG_PAGE_CHARS
    guarded = guard_html(page)
    assert "<path" not in guarded and "window.s" not in guarded and "<!--" not in guarded
    assert ld in guarded and ARTICLE in guarded
    record = clean_html(page)
    assert "voted to repair the old bridge" in record.text and record.authors == ("Ann Lee",)
