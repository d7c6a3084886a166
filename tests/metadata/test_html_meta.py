"""read_html_metadata on small pages written for each metadata source."""

import json

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clipper.errors import ClipperError
from clipper.metadata.html import PageMeta, read_html_metadata


def page(head: str = "", body: str = "", lang: str = "en") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(
        f'<html lang="{lang}"><head>{head}</head><body>{body}<p>Text.</p></body></html>'
    )


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def test_newsarticle_jsonld() -> None:
    tree = page(
        ld(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": "Rates rise again",
                "author": [
                    {"@type": "Person", "name": "Jane Doe"},
                    {"@type": "Person", "name": "John Roe"},
                ],
                "datePublished": "2023-09-05T14:03:00+09:00",
                "dateModified": "2023-09-06",
                "publisher": {"@type": "Organization", "name": "The Daily Example"},
                "articleSection": ["Economy"],
            }
        )
    )
    meta = read_html_metadata(tree, "https://example.com/a")
    assert meta.title == "Rates rise again"
    assert meta.authors == ("Jane Doe", "John Roe")
    assert meta.published == "2023-09-05T14:03:00+09:00"
    assert meta.published_tz == "+09:00"
    assert meta.modified == "2023-09-06"
    assert meta.publisher == "The Daily Example"
    assert meta.section == "Economy"
    assert meta.language == "en"


def test_graph_with_id_references() -> None:
    tree = page(
        ld(
            {
                "@context": "https://schema.org",
                "@graph": [
                    {"@type": "WebSite", "@id": "#site", "name": "Gardening Notes"},
                    {"@type": "Person", "@id": "#p1", "name": "Ann Lee"},
                    {
                        "@type": "BlogPosting",
                        "headline": "Pruning roses",
                        "author": {"@id": "#p1"},
                        "datePublished": "2024-02-01",
                    },
                ],
            }
        )
    )
    meta = read_html_metadata(tree, None)
    assert meta.authors == ("Ann Lee",)
    assert meta.published == "2024-02-01"
    assert meta.published_tz is None
    assert meta.site_name == "Gardening Notes"


def test_top_level_array_and_malformed_block_tolerated() -> None:
    broken = '<script type="application/ld+json">{"@type": "Article", "headline": "x",,</script>'
    trailing = (
        '<script type="application/ld+json">[{"@type": "Article", "headline": "Trailing commas",'
        ' "author": {"name": "Bo Chen",}, "datePublished": "2022-03-04",}]</script>'
    )
    meta = read_html_metadata(page(broken + trailing), None)
    assert meta.title == "Trailing commas"
    assert meta.authors == ("Bo Chen",)
    assert meta.published == "2022-03-04"


def test_outlet_author_loses_to_visible_byline() -> None:
    head = ld(
        {
            "@type": "NewsArticle",
            "headline": "Storm hits coast",
            "author": {"@type": "Organization", "name": "Example News"},
            "publisher": {"@type": "Organization", "name": "Example News"},
        }
    )
    body = '<h1>Storm hits coast</h1><p class="byline">By Maria Garcia and Tom Baker</p>'
    meta = read_html_metadata(page(head, body), None)
    assert meta.authors == ("Maria Garcia", "Tom Baker")
    assert meta.byline == "By Maria Garcia and Tom Baker"
    assert meta.publisher == "Example News"
    assert meta.licensed_from is None


def test_meta_tags_opengraph_and_article() -> None:
    head = (
        '<meta property="og:title" content="Budget talks stall | Example Times">'
        '<meta property="og:site_name" content="Example Times">'
        '<meta property="article:published_time" content="2021-06-01T08:00:00-04:00">'
        '<meta property="article:modified_time" content="2021-06-02T09:00:00-04:00">'
        '<meta property="article:section" content="Politics">'
        '<meta name="author" content="Sam Park">'
        '<link rel="canonical" href="/politics/budget">'
        "<title>Budget talks stall | Example Times</title>"
    )
    meta = read_html_metadata(page(head), "https://example.com/x?utm=1")
    assert meta.title == "Budget talks stall"
    assert meta.authors == ("Sam Park",)
    assert meta.published == "2021-06-01T08:00:00-04:00"
    assert meta.published_tz == "-04:00"
    assert meta.modified == "2021-06-02T09:00:00-04:00"
    assert meta.section == "Politics"
    assert meta.publisher == "Example Times"
    assert meta.canonical_url == "https://example.com/politics/budget"


def test_citation_authors_each_one_name() -> None:
    head = (
        '<meta name="citation_title" content="On graphs">'
        '<meta name="citation_author" content="Smith, Anna">'
        '<meta name="citation_author" content="Jones, Bill">'
        '<meta name="citation_publication_date" content="2019/07/09">'
    )
    meta = read_html_metadata(page(head), None)
    assert meta.authors == ("Anna Smith", "Bill Jones")
    assert meta.published == "2019-07-09"


def test_microdata_and_time_element() -> None:
    body = (
        '<article><h1 itemprop="headline">Night trains return</h1>'
        '<span itemprop="author">Lena Vogel</span>'
        '<time itemprop="datePublished" datetime="2020-11-12">Nov 12</time></article>'
    )
    meta = read_html_metadata(page(body=body, lang="de-DE"), None)
    assert meta.title == "Night trains return"
    assert meta.authors == ("Lena Vogel",)
    assert meta.published == "2020-11-12"
    assert meta.language == "de"


def test_visible_date_next_to_headline() -> None:
    body = "<header><h1>Quiet streets</h1><div><span>March 3, 2022</span></div></header>"
    assert read_html_metadata(page(body=body), None).published == "2022-03-03"


def test_syndication_from_jsonld_and_byline() -> None:
    head = ld(
        {
            "@type": "NewsArticle",
            "headline": "Markets slide",
            "isBasedOn": {"@type": "NewsArticle", "publisher": {"name": "Reuters"}},
            "publisher": {"@type": "Organization", "name": "Local Post"},
        }
    )
    assert read_html_metadata(page(head), None).licensed_from == "Reuters"
    body = '<h1>Markets slide</h1><div class="byline">By Kim Lee, Associated Press</div>'
    meta = read_html_metadata(page(body=body), None)
    assert meta.authors == ("Kim Lee",)
    assert meta.licensed_from == "Associated Press"


def test_role_words_and_handles() -> None:
    body = '<h1>Tips</h1><div class="author-name">By Jane Doe, Staff Writer</div>'
    assert read_html_metadata(page(body=body), None).authors == ("Jane Doe",)
    handle = ld(
        {
            "@type": "BlogPosting",
            "headline": "Tips",
            "author": {"@type": "Person", "name": "aawoods"},
        }
    )
    assert read_html_metadata(page(handle), None).authors == ("aawoods",)
    admin = ld(
        {"@type": "BlogPosting", "headline": "Tips", "author": {"@type": "Person", "name": "admin"}}
    )
    assert read_html_metadata(page(admin), None).authors == ()


def test_empty_page_gives_empty_meta() -> None:
    meta = read_html_metadata(lxml.html.fromstring("<html><body></body></html>"), None)
    assert meta == PageMeta(title=None)


def test_tree_is_not_changed() -> None:
    body = '<h1>Title here</h1><p class="byline">By Ann Lee</p><time datetime="2020-01-02">x</time>'
    tree = page(ld({"@type": "Article", "headline": "Title here"}), body)
    before = lxml.html.tostring(tree)
    read_html_metadata(tree, None)
    assert lxml.html.tostring(tree) == before


@pytest.mark.parametrize(
    "junk",
    [
        '<script type="application/ld+json">{"@type": ["Article"], "author": [[[]]], "headline": 5}</script>',
        '<script type="application/ld+json">{"@graph": "nope", "author": {"name": {"x": 1}}}</script>',
        '<script type="application/ld+json">' + "[" * 5000 + "</script>",
        '<meta property="og:title"><meta name="author" content="">',
    ],
)
def test_odd_input_never_raises(junk: str) -> None:
    assert isinstance(read_html_metadata(page(junk), "not a url"), PageMeta)


def test_byline_forms_win_over_bare_metadata_names() -> None:
    head = ld(
        {
            "@type": "Article",
            "headline": "Puppies",
            "author": {"@type": "Person", "name": "Shelby Loos"},
        }
    )
    body = '<h1>Puppies</h1><p class="byline">By Shelby Loos, DVM</p>'
    assert read_html_metadata(page(head, body), None).authors == ("Shelby Loos, DVM",)
    handle = ld({"@type": "Article", "headline": "Puppies", "author": "andrew.k"})
    body = '<h1>Puppies</h1><div class="byline">By Denise Everheart</div>'
    assert read_html_metadata(page(handle, body), None).authors == ("Denise Everheart",)


def test_local_offset_preferred_for_same_instant() -> None:
    head = ld(
        {"@type": "Article", "headline": "Late news", "datePublished": "2025-12-19T02:41:41Z"}
    ) + ('<meta property="article:published_time" content="2025-12-18T21:41:41-05:00">')
    meta = read_html_metadata(page(head), None)
    assert meta.published == "2025-12-18T21:41:41-05:00"
    assert meta.published_tz == "-05:00"


def test_several_h1s_fall_back_to_metadata_title_without_suffix() -> None:
    head = '<meta property="og:title" content="Pruning roses in winter | Top 10 Tips">'
    body = "<h1>Menu</h1><h1>Shop</h1><h1>Blog</h1>"
    assert read_html_metadata(page(head, body), None).title == "Pruning roses in winter"


def test_url_date_wins_over_disagreeing_metadata() -> None:
    head = ld(
        {
            "@type": "BlogPosting",
            "headline": "Comfort watches",
            "datePublished": "2025-12-19T02:41:41Z",
        }
    )
    meta = read_html_metadata(page(head), "https://blog.example.org/2025/12/18/comfort-watches/")
    assert meta.published == "2025-12-18"
    assert meta.published_tz is None
    same = read_html_metadata(page(head), "https://blog.example.org/2025/12/19/comfort-watches/")
    assert same.published == "2025-12-19T02:41:41+00:00"


def test_updated_label_fills_modified_not_published() -> None:
    body = "<header><h1>Guide to scooters</h1><div><span>Updated:</span> <span>May 6, 2025</span></div></header>"
    meta = read_html_metadata(page(body=body), None)
    assert meta.modified == "2025-05-06"
    assert meta.published != "2025-05-06"


def test_earlier_printed_date_beats_reset_metadata_date() -> None:
    head = ld({"@type": "Article", "headline": "Protocol", "datePublished": "2025-06-12"})
    body = "<div><h1>Protocol</h1><div><p>November 2, 2022</p></div></div>"
    assert read_html_metadata(page(head, body), None).published == "2022-11-02"
    # One day apart is a time-zone rendering, not a reset: the metadata stays.
    head = ld({"@type": "Article", "headline": "Protocol", "datePublished": "2025-07-05T00:04:00Z"})
    body = "<div><h1>Protocol</h1><div><p>July 4, 2025</p></div></div>"
    assert read_html_metadata(page(head, body), None).published == "2025-07-05T00:04:00+00:00"


@pytest.mark.parametrize(
    ("body", "authors"),
    [
        ("<h1>T</h1><div><h3>Author</h3><p> Lisa D. Ellis</p></div>", ("Lisa D. Ellis",)),
        ("<h1>T</h1><div><strong>Contributors:</strong> Janet Loughrey</div>", ("Janet Loughrey",)),
        (
            "<h1>T</h1><div><h6>Author(s)</h6><ul><li>John A. Alic</li><li>David C. Mowery</li></ul></div>",
            ("John A. Alic", "David C. Mowery"),
        ),
        (
            '<h1>T</h1><p>By <a href="/c/neal">A. J. Neal</a> <a href="/print">View In Digital Edition</a></p>',
            ("A. J. Neal",),
        ),
        (
            '<h1>T</h1><div class="author-box"><div class="author-name">Liza Burke</div>'
            '<div class="author-position">Marketing Director</div></div>',
            ("Liza Burke",),
        ),
        ('<h1>T</h1><aside class="comments"><span class="author">Bob Smith</span></aside>', ()),
    ],
)
def test_visible_byline_shapes(body: str, authors: tuple[str, ...]) -> None:
    assert read_html_metadata(page(body=body), None).authors == authors


def test_syndication_credit_in_body_paragraphs() -> None:
    head = '<meta property="og:site_name" content="Campus News">'
    body = (
        "<article><h1>Phone habits</h1><p>Smartphones are everywhere and people check them a lot.</p>"
        "<p>Set limits on notifications, researchers say, and keep phones out of bedrooms.</p>"
        "<p>This article was originally published in The Conversation under a Creative Commons "
        "license.</p></article>"
    )
    meta = read_html_metadata(page(head, body), None)
    assert meta.licensed_from == "The Conversation"
    assert meta.publisher == "Campus News"


def test_sub_brand_of_publisher_is_not_a_licensor() -> None:
    head = ld(
        {
            "@type": "TechArticle",
            "headline": "Workflows",
            "publisher": {"@type": "Organization", "name": "DigitalOcean"},
            "sourceOrganization": {"@type": "Organization", "name": "DigitalOcean Community"},
        }
    )
    assert read_html_metadata(page(head), None).licensed_from is None


_PIECES = [
    "<h1>",
    "</h1>",
    "<p class='byline'>By ",
    "</p>",
    '<script type="application/ld+json">',
    "</script>",
    '{"@type": "NewsArticle", "author": ',
    '[{"name": ',
    '"Jane Doe"',
    "}]",
    ',"datePublished": "2023-02-30T25:61:00+99:99"',
    '<meta property="article:published_time" content="',
    '<meta name="author" content="',
    '">',
    "<time datetime='",
    "'>",
    "</time>",
    "Updated: May 5, 2024",
    "(Reuters) - ",
    "<a rel='author' href='/author/x'>",
    "</a>",
    "\x00",
    "&amp;#038;",
    "By",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=12), max_size=30))
def test_never_raises_anything_but_clipper_errors(parts: list[str]) -> None:
    markup = "<html><head></head><body>" + "".join(parts) + "<p>x</p></body></html>"
    try:
        tree = lxml.html.fromstring(markup.replace("\x00", ""))
    except Exception:  # noqa: BLE001 - lxml refusing the markup is not what this tests
        return
    try:
        meta = read_html_metadata(tree, "https://example.com/2023/02/30/x")
    except ClipperError:
        return
    assert isinstance(meta.authors, tuple)
    if meta.published:
        assert meta.published[:4].isdigit()


def test_korean_and_japanese_bylines() -> None:
    ko = (
        "<div><h1>북한, 미사일 발사</h1><div><span class='byline'>홍길동 기자</span>"
        "<span>입력 2023.09.05 14:03</span></div></div>"
        "<p>(서울=연합뉴스) 홍길동 기자 = 북한이 5일 동해상으로 탄도미사일을 발사했다.</p>"
    )
    meta = read_html_metadata(page(body=ko, lang="ko-KR"), None)
    assert meta.authors == ("홍길동",)
    assert meta.published == "2023-09-05T14:03:00"
    assert meta.published_tz is None
    assert meta.licensed_from == "연합뉴스"
    assert meta.language == "ko"
    ja = "<h1>首相が会見</h1><p class='author'>山田太郎 特派員</p>"
    assert read_html_metadata(page(body=ja, lang="ja"), None).authors == ("山田太郎",)


def test_h1_sharing_no_word_with_metadata_title_is_not_the_headline() -> None:
    head = "<title>What do people love about Rust? | Rust Blog</title>"
    body = "<h1>But the sense of empowerment matters most</h1><p>Text.</p>"
    assert read_html_metadata(page(head, body), None).title == "What do people love about Rust?"
    body = "<h1>What people love about Rust</h1>"
    assert read_html_metadata(page(head, body), None).title == "What people love about Rust"


def test_script_overrules_a_wrong_lang_attribute() -> None:
    head = "<title>북한, 동해상으로 탄도미사일 발사</title>"
    assert read_html_metadata(page(head, lang="en"), None).language == "ko"
    head = "<title>Advent of Code 2025 week 2</title>"
    assert read_html_metadata(page(head, lang="en-GB"), None).language == "en"
    bare = lxml.html.fromstring(
        "<html><head><title>Advent of Code 2025 week 2</title></head></html>"
    )
    assert read_html_metadata(bare, None).language is None


def test_layout_sidebar_class_is_not_a_sidebar_but_aside_is() -> None:
    body = (
        '<div class="l-grid l-grid--sidebar"><div class="l-grid__sidebar"><h1>Policy lessons</h1>'
        '<span class="author-name">Dakota Hebert</span></div></div>'
    )
    assert read_html_metadata(page(body=body), None).authors == ("Dakota Hebert",)
    aside = '<h1>Policy lessons</h1><aside><span class="author-name">Dakota Hebert</span></aside>'
    assert read_html_metadata(page(body=aside), None).authors == ()
