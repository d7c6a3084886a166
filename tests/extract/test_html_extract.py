"""extract_html on small pages written for the purpose: pruning, harvesting, bad input."""

from __future__ import annotations

import pytest
from council_story import COUNCIL
from hypothesis import given, settings
from hypothesis import strategies as st

from clipper import clean_html
from clipper.errors import ClipperError, NoArticleError
from clipper.extract.html import extract_html, parse_html
from clipper.models import CleanOptions

OPTIONS = CleanOptions()

STORY = [
    *COUNCIL,
    "Council members asked the transport office to publish counts of riders every quarter so "
    "that the effect of the new lanes on traffic and on local business can be measured.",
]


def page(body: str, *, head: str = "<title>Council expands bike lanes</title>") -> str:
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>"


def article(*extra_before: str, after: str = "", first: str | None = None) -> str:
    paras = [first, *STORY] if first else STORY
    inner = "".join(extra_before) + "".join(f"<p>{p}</p>" for p in paras) + after
    return page(f"<main><article><h1>Council expands bike lanes</h1>{inner}</article></main>")


def test_story_paragraphs_are_kept_in_order() -> None:
    draft = extract_html(article(), None, OPTIONS)
    assert draft.paragraphs == STORY


def test_figure_caption_goes_to_captions_with_its_credit() -> None:
    figure = (
        "<figure><img src='a.jpg' alt=''><figcaption>Cyclists ride along the river road in "
        "March. <span class='credit'>Photo: Jane Smith/City Times</span></figcaption></figure>"
    )
    draft = extract_html(article(figure), None, OPTIONS)
    assert [(c.text, c.credit) for c in draft.captions] == [
        ("Cyclists ride along the river road in March.", "Photo: Jane Smith/City Times")
    ]
    assert all("Cyclists ride" not in p for p in draft.paragraphs)
    assert draft.paragraphs == STORY


def test_comment_section_is_not_article_text() -> None:
    comments = (
        "<section id='comments' class='comments-area'><h2>12 Comments</h2>"
        "<div class='comment'><p>Great news, I have been waiting for these lanes for years and "
        "will certainly use them every single day on my way to work.</p></div></section>"
    )
    draft = extract_html(article(after=comments), None, OPTIONS)
    text = "\n".join(draft.paragraphs)
    assert "waiting for these lanes" not in text
    assert "12 Comments" not in text
    assert STORY[-1] in text


@pytest.mark.parametrize(
    "marker",
    [
        "Related articles and links:",
        "Related stories from the city desk",
        "Explore more",
        "This story was produced in partnership with the Transit Fund.",
        "Enjoyed this piece? We need your help to keep publishing.",
        "Next article: Bus fares to rise",
        "Follow us on social media",
        "Request a demo",
        "Reviewed by,",
        "Contributor",
        "More by Jane Doe",
        "Got questions? We have answers.",
        "Need more help?",
        "Manage consent",
        "Become a paid subscriber to read on",
    ],
)
def test_end_matter_markers(marker: str) -> None:
    after = f"<p>{marker}</p><p>Bus fares to rise in the new year</p>"
    draft = extract_html(article(after=after), None, OPTIONS)
    assert draft.paragraphs == STORY
    assert [r.rule for r in draft.removed if r.text == marker] == ["html.end_matter"]


def test_a_thank_you_that_points_nowhere_is_not_a_marker() -> None:
    from clipper.extract._html_prune import _END

    assert _END.match("If you enjoyed this article, tell a friend about it.") is None


def test_end_matter_after_the_story_is_removed_and_recorded() -> None:
    related = (
        "<h2>Related articles</h2><p>Bus fares to rise in the new year</p>"
        "<p>New bridge opens to pedestrians after a decade of planning</p>"
    )
    draft = extract_html(article(after=related), None, OPTIONS)
    assert draft.paragraphs == STORY
    removed = [(r.rule, r.text) for r in draft.removed]
    assert ("html.end_matter", "Related articles") in removed
    assert any("Bus fares" in text for _, text in removed)


def test_share_line_is_removed_by_the_shared_rules() -> None:
    draft = extract_html(article(after="<p>Facebook Twitter LinkedIn Email</p>"), None, OPTIONS)
    assert draft.paragraphs == STORY
    assert [r.rule for r in draft.removed if "Facebook" in r.text] == ["promo.share"]


def test_trailers_become_contacts_and_contributors() -> None:
    after = (
        "<p>Write to Jane Doe at jane.doe@example.com</p>"
        "<p>John Roe contributed to this article.</p>"
    )
    draft = extract_html(article(after=after), None, OPTIONS)
    assert draft.paragraphs == STORY
    assert [(c.name, c.email) for c in draft.contacts] == [("Jane Doe", "jane.doe@example.com")]
    assert draft.contributors == ["John Roe"]


def test_dateline_is_found_and_stays_in_the_text() -> None:
    first = (
        "WASHINGTON—Lawmakers on Monday unveiled a transport bill that would send money to "
        "cities building protected bicycle lanes, including the plan approved this week."
    )
    draft = extract_html(article(first=first), None, OPTIONS)
    assert draft.dateline == "WASHINGTON"
    assert draft.paragraphs[0] == first


def test_repeated_headline_is_not_body_text() -> None:
    draft = extract_html(article(), None, OPTIONS)
    assert "Council expands bike lanes" not in draft.paragraphs


@pytest.mark.parametrize(
    "html",
    [
        page(""),
        page("<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"),
        "<html></html>",
        "<<<>>> not really html &&& <",
    ],
)
def test_page_without_article_gives_empty_text(html: str) -> None:
    draft = extract_html(html, None, OPTIONS)
    assert draft.paragraphs == []
    with pytest.raises(NoArticleError):
        extract_html(html, None, CleanOptions(require_article=True), source="page.html")


def test_no_article_through_clean_html() -> None:
    index = page(
        "<nav><ul><li><a href='/a'>Sports</a></li><li><a href='/b'>Weather</a></li></ul></nav>"
    )
    record = clean_html(index.encode())
    assert record.text == ""
    with pytest.raises(NoArticleError):
        clean_html(index, options=CleanOptions(require_article=True))


@pytest.mark.parametrize(
    "html",
    [
        "<div>" * 5000 + "deep" + "</div>" * 5000,
        "<p>" + "x" * 200_000 + "</p>" * 3,
        "<html><body><table><tr><td><p>cell<td></table></p></body>",
        "\x00\x01\x02<html>\ufffd\ud7ff</html>",
        "<svg><script>alert(1)</script></svg><p>" + "a " * 500,
    ],
)
def test_malformed_html_raises_nothing_but_clipper_errors(html: str) -> None:
    try:
        clean_html(html)
    except ClipperError:
        pass


def test_parse_html_does_not_reread_a_declared_charset() -> None:
    html = "<html><head><meta charset='shift_jis'></head><body><p>café ☕ 東京</p></body></html>"
    tree = parse_html(html)
    assert tree is not None
    assert "café ☕ 東京" in tree.text_content()


def test_header_date_and_byline_lines_are_not_story() -> None:
    header = "<p>By Jane Doe</p><p>Published June 23, 2025 10:39AM</p>"
    draft = extract_html(article(header), None, OPTIONS)
    assert draft.paragraphs == STORY
    rules = {r.text: r.rule for r in draft.removed}
    assert rules.get("By Jane Doe") == "html.byline"
    assert rules.get("Published June 23, 2025 10:39AM") == "html.header_date"


def test_a_date_inside_the_story_stays() -> None:
    first = "On June 23, 2025 the council met for the last time before the summer recess began."
    draft = extract_html(article(first=first), None, OPTIONS)
    assert draft.paragraphs[0] == first


def test_related_box_inside_the_story_goes_but_the_story_after_it_stays() -> None:
    box = (
        "<h3>Related articles</h3><p>Bus fares to rise in the new year</p>"
        "<p>New bridge opens to pedestrians</p>"
    )
    before = [
        f"{p} Residents were invited to comment on the plan until the end of {month}."
        for month in ("May", "June")
        for p in STORY
    ]
    more = [
        f"{p} The transport office will report back in the {season} with figures."
        for season in ("autumn", "winter")
        for p in STORY
    ]
    html = page(
        "<article>"
        + "".join(f"<p>{p}</p>" for p in STORY + before)
        + box
        + "".join(f"<p>{p}</p>" for p in more)
        + "</article>"
    )
    draft = extract_html(html, None, OPTIONS)
    assert draft.paragraphs == STORY + before + more
    assert [r.rule for r in draft.removed if "Bus fares" in r.text] == ["html.related_box"]


def test_breadcrumb_list_above_the_story_is_removed() -> None:
    crumbs = "<ul><li>News</li><li>Local</li><li>Transport</li></ul>"
    draft = extract_html(article(crumbs), None, OPTIONS)
    assert draft.paragraphs == STORY
    assert any(r.rule == "html.breadcrumb" for r in draft.removed)


def test_author_bio_after_the_story_is_removed() -> None:
    bio = "<p>Jane Doe is a freelance writer who covers transport and city politics for the paper.</p>"
    draft = extract_html(article(after=bio), None, OPTIONS)
    assert draft.paragraphs == STORY
    assert [r.rule for r in draft.removed if r.text.startswith("Jane Doe")] == ["html.author_bio"]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        (
            "Necessary cookies are absolutely essential for the website to function properly.",
            "html.cookie_notice",
        ),
        ("This post may contain affiliate links. Read my disclosure.", "html.affiliate_notice"),
        (
            "Our editors pick every product. We may earn a commission if you buy from a link.",
            "html.affiliate_notice",
        ),
        (
            "If you buy something through our links, the shop pays us a small fee.",
            "html.affiliate_notice",
        ),
    ],
)
def test_page_notices_are_removed(line: str, rule: str) -> None:
    draft = extract_html(article(f"<p>{line}</p>"), None, OPTIONS)
    assert draft.paragraphs == STORY
    assert [r.rule for r in draft.removed if r.text == line] == [rule]


def test_commission_talk_in_a_list_item_is_story() -> None:
    from clipper.extract._html_prune import notice_rule

    item = "- Affiliate programs: streamers earn a commission when viewers buy through links."
    assert notice_rule(item) is None
    assert notice_rule(item.removeprefix("- ").replace("streamers", "we")) is not None


def test_a_long_run_of_short_lines_closing_the_page_is_removed() -> None:
    specs = ["Top speed: 32 km/h.", "Range: 48 km.", "Weight: 19 kg.", "Motor: 500 W."] * 2
    draft = extract_html(article(after="".join(f"<p>{s}</p>" for s in specs)), None, OPTIONS)
    assert draft.paragraphs == STORY
    assert {r.rule for r in draft.removed if r.text in specs} == {"html.closing_lines"}


def test_cut_off_excerpts_in_a_row_are_teasers() -> None:
    teasers = [
        "Many people dream of opening a bakery, and often the biggest...",
        "Every January, the council promises that this year the buses…",
    ]
    body = "".join(f"<p>{t}</p>" for t in teasers)
    draft = extract_html(article(after=body), None, OPTIONS)
    assert draft.paragraphs == STORY
    assert {r.rule for r in draft.removed if r.text in teasers} == {"html.teaser_list"}


def test_one_sentence_trailing_off_stays() -> None:
    line = "And then, as the council knows too well, the buses..."
    draft = extract_html(article(after=f"<p>{line}</p>"), None, OPTIONS)
    assert draft.paragraphs[-1] == line


def test_a_few_short_lines_closing_the_page_stay() -> None:
    lines = ["Thanks for reading.", "See you next week."]
    draft = extract_html(article(after="".join(f"<p>{s}</p>" for s in lines)), None, OPTIONS)
    assert draft.paragraphs[-2:] == lines


def test_removals_are_listed_in_page_order() -> None:
    header = "<p>By Jane Doe</p>"
    middle = "<p>Facebook Twitter LinkedIn Email</p>"
    after = "<h2>Related articles</h2><p>Bus fares to rise in the new year</p>"
    html = page(
        "<article><h1>Council expands bike lanes</h1>"
        + header
        + "".join(f"<p>{p}</p>" for p in STORY[:2])
        + middle
        + "".join(f"<p>{p}</p>" for p in STORY[2:])
        + after
        + "</article>"
    )
    draft = extract_html(html, None, OPTIONS)
    assert draft.paragraphs == STORY
    texts = [r.text for r in draft.removed]
    order = [texts.index(t) for t in ("By Jane Doe", "Facebook Twitter LinkedIn Email")]
    assert order == sorted(order)
    assert texts.index("Facebook Twitter LinkedIn Email") < texts.index("Related articles")


def test_captions_outside_the_article_are_not_collected() -> None:
    aside = (
        "<aside><figure><img src='b.jpg'><figcaption>Another story's thumbnail</figcaption>"
        "</figure></aside>"
    )
    figure = "<figure><img src='a.jpg'><figcaption>The river road in March.</figcaption></figure>"
    html = page(
        "<main><article>"
        + figure
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</article></main>"
        + aside
    )
    draft = extract_html(html, None, OPTIONS)
    assert [c.text for c in draft.captions] == ["The river road in March."]


def test_language_falls_back_to_the_text() -> None:
    html = (
        "<html><body><article>" + "".join(f"<p>{p}</p>" for p in STORY) + "</article></body></html>"
    )
    assert extract_html(html, None, OPTIONS).language == "en"


def test_trailing_run_of_headlines_is_a_teaser_list() -> None:
    teasers = (
        "<p>Bus fares to rise in the new year</p><p>New bridge opens to pedestrians</p>"
        "<p>Five places to eat near the station</p>"
    )
    draft = extract_html(article(after=teasers), None, OPTIONS)
    assert draft.paragraphs == STORY
    assert [r.rule for r in draft.removed] == ["html.title"] + ["html.teaser_list"] * 3


_TOKENS = [
    "<p>", "</p>", "<div>", "</div>", "<article>", "<figure>", "<figcaption>", "</figcaption>",
    "<h1>", "</h1>", "<ul><li>", "</li>", "<table><tr><td>", "<script>", "</script>", "<!--",
    "-->", "&amp;", "&#0;", "&#xD800;", "\x00", "é", "東京", "WASHINGTON—", "By Jane",
    "© 2020", "Related articles", "<meta charset='sjis'>", "<br>", "<pre>", STORY[0],
]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_TOKENS), max_size=40), st.text(max_size=40))
def test_odd_markup_never_raises_anything_but_clipper_errors(parts: list[str], noise: str) -> None:
    try:
        draft = extract_html("".join(parts) + noise, None, OPTIONS)
    except ClipperError:
        return
    assert all(p.strip() for p in draft.paragraphs)
