"""Published date reconciliation in read_html_metadata: printed dates against metadata dates."""

import json

import lxml.html

from clipper.metadata.html import read_html_metadata


def page(head: str = "", body: str = "") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><head>{head}</head><body>{body}<p>Text.</p></body></html>")


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def article(**dates: str) -> str:
    return ld({"@type": "Article", "headline": "Protocol", **dates})


def published(head: str, body: str) -> str | None:
    return read_html_metadata(page(head, body), None).published


def test_date_in_a_sentence_is_not_the_story_date() -> None:
    head = article(datePublished="2025-09-25")
    body = (
        "<article><header><h1>Protocol</h1></header>"
        "<p>As of July 31, 2025, the FDA has received:</p></article>"
    )
    assert published(head, body) == "2025-09-25"


def test_dates_in_tables_and_quoted_posts_are_not_the_story_date() -> None:
    head = article(datePublished="2025-02-12")
    table = "<table><tr><td>1/1/2013</td><td>4.5%</td></tr></table>"
    assert published(head, f"<article><h1>Protocol</h1>{table}</article>") == "2025-02-12"
    tweet = (
        '<blockquote class="twitter-tweet"><p>Hi</p><a href="#">October 16, 2024</a></blockquote>'
    )
    assert published(head, f"<article><h1>Protocol</h1>{tweet}</article>") == "2025-02-12"
    # The same date outside the table is the story's printed date (earlier than metadata).
    assert published(head, "<article><h1>Protocol</h1><p>January 1, 2013</p></article>") == (
        "2013-01-01"
    )


def test_time_element_reads_an_ambiguous_printed_date() -> None:
    body = (
        '<div><h1>Protocol</h1><div class="meta">'
        '<time datetime="2017-03-01T12:00:00Z">03/01/2017</time></div></div>'
    )
    meta = read_html_metadata(page("", body), None)
    assert meta.published == "2017-03-01T12:00:00+00:00"
    assert meta.published_tz == "+00:00"


def test_time_element_and_its_text_disagreeing_the_text_wins() -> None:
    body = (
        '<div><h1>Protocol</h1><div><time datetime="2024-12-20">August 28, 2024</time></div></div>'
    )
    assert published("", body) == "2024-08-28"


def test_labelled_printed_date_overrules_metadata() -> None:
    head = article(datePublished="2013-03-11T11:11:07-07:00")
    body = (
        '<div><h1>Protocol</h1><section class="byline"><span class="byline__release-date">'
        '<time datetime="2023-03-20T00:00:00-07:00">March 20, 2023</time></span></section></div>'
    )
    assert published(head, body) == "2023-03-20T00:00:00-07:00"
    body = "<div><h1>Protocol</h1><div><span>Posted on Nov 25, 2025 5:00 am PST</span></div></div>"
    assert published(article(datePublished="2024-08-29"), body) == "2025-11-25T05:00:00-08:00"


def test_later_unlabelled_printed_date_does_not_overrule_metadata() -> None:
    head = article(datePublished="2024-09-06", dateModified="2025-11-14")
    body = "<div><h1>Protocol</h1><div><span>November 14, 2025</span></div></div>"
    meta = read_html_metadata(page(head, body), None)
    assert meta.published == "2024-09-06"
    assert meta.modified == "2025-11-14"


def test_labelled_printed_date_that_is_the_modified_date_stays_modified() -> None:
    head = article(datePublished="2024-09-06", dateModified="2025-11-14")
    body = "<div><h1>Protocol</h1><div><span>Published November 14, 2025</span></div></div>"
    assert published(head, body) == "2024-09-06"


def test_printed_day_before_an_evening_utc_stamp_is_a_different_day() -> None:
    # 22:02 UTC on the 19th is the 19th or 20th everywhere: a printed 18th is an earlier date.
    head = article(datePublished="2025-12-19T22:02:58Z")
    body = "<div><h1>Protocol</h1><div><p>Dec 18, 2025</p></div></div>"
    assert published(head, body) == "2025-12-18"


def test_local_rendering_of_the_same_instant_keeps_the_local_offset() -> None:
    head = '<meta property="article:published_time" content="2025-07-05T00:04:00+00:00">'
    body = (
        '<div><h1>Protocol</h1><header><time class="entry-date published" '
        'datetime="2025-07-04T20:04:00-04:00">July 4, 2025</time></header></div>'
    )
    meta = read_html_metadata(page(head, body), None)
    assert meta.published == "2025-07-04T20:04:00-04:00"
    assert meta.published_tz == "-04:00"


def test_originally_published_statement_beats_metadata() -> None:
    head = article(datePublished="2022-09-30T11:07:00")
    body = (
        "<article><h1>Protocol</h1><p>Body text.</p></article>"
        "<p>This article was originally published on 26 Sep 2019 at 4:12pm but has been "
        "regularly updated.</p>"
    )
    assert published(head, body) == "2019-09-26T16:12:00"


def test_updated_class_on_a_printed_date_makes_it_the_update() -> None:
    head = article(datePublished="2024-01-10")
    body = (
        '<div><h1>Protocol</h1><div><time class="updated" datetime="2025-03-02">'
        "March 2, 2025</time></div></div>"
    )
    meta = read_html_metadata(page(head, body), None)
    assert meta.published == "2024-01-10"
    assert meta.modified == "2025-03-02"


def test_printed_date_near_a_headline_that_is_not_an_h1() -> None:
    # No h1: the element that prints the title anchors the date search.
    head = "<title>Top 5 HR Software in 2026 | DianaHR</title>"
    head += '<meta property="og:site_name" content="DianaHR">'
    body = (
        '<nav><p class="menu">Products</p></nav>'
        '<div class="hero"><p class="t">Top 5 HR Software in 2026</p><p>Feb 16, 2026</p></div>'
    )
    assert published(head, body) == "2026-02-16"
    # A logo h1 (the site's name): the headline's own element anchors it.
    head = "<title>Advent of Code week 2</title>"
    body = (
        '<div class="title"><h1><a href="/">RogerBW\'s Blog</a></h1></div>'
        "<fieldset><legend>Advent of Code week 2</legend> 20 December 2025 <p>Body</p></fieldset>"
    )
    assert published(head, body) == "2025-12-20"


def test_a_section_name_is_not_a_published_label() -> None:
    # "Public Health" is a section, not "Published": the later printed date overrules nothing.
    head = article(datePublished="2025-01-10", dateModified="2025-02-01")
    body = "<div><h1>Protocol</h1><div><span>Public Health · March 3, 2025</span></div></div>"
    assert published(head, body) == "2025-01-10"


def test_a_related_story_card_date_is_not_the_page_date() -> None:
    # The page prints only its update; the one other date is a related post's.
    body = (
        "<div><div>Last updated:</div><div>Dec 12, 2025</div><h1>Blockchain SEO agencies</h1></div>"
        "<p>Body text about agencies.</p>"
        '<div role="list"><div role="listitem"><a href="/post/other">How to rank a crypto site '
        'in 2026</a><div class="date">December 2, 2025</div></div></div>'
    )
    meta = read_html_metadata(page("", body), "https://example.com/post/blockchain-seo")
    assert meta.published is None
    assert meta.modified == "2025-12-12"
    # The same date in the article's own footer is the article's.
    body = (
        "<article><h1>Remote work tips</h1><p>Body text.</p><p>More body text here.</p>"
        '<footer><span class="meta-date">March 30, 2023</span></footer></article>'
    )
    assert published("", body) == "2023-03-30"


def test_published_equal_to_the_last_edit_yields_to_a_marked_publication_date() -> None:
    stamp = "2025-11-29T12:28:31-05:00"
    head = article(datePublished=stamp, dateModified=stamp)
    body = (
        "<article><h1>Protocol</h1><p>Body text.</p><div>Published "
        '<time pubdate datetime="2025-08-13">August 13, 2025</time></div></article>'
    )
    assert published(head, body) == "2025-08-13"
    # A marked date in a sidebar is another story's.
    body = (
        "<article><h1>Protocol</h1><p>Body text.</p></article><aside><div>Published "
        '<time pubdate datetime="2025-08-13">August 13, 2025</time></div></aside>'
    )
    assert published(head, body) == stamp
