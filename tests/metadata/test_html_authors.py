"""Authors from HTML: reconciling JSON-LD, meta tags and visible bylines on pages written here."""

import json

import lxml.html
import pytest

from clipper.metadata.html import read_html_metadata


def page(head: str = "", body: str = "") -> lxml.html.HtmlElement:
    return lxml.html.fromstring(f"<html><head>{head}</head><body>{body}<p>Text.</p></body></html>")


def ld(obj: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(obj)}</script>'


def meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{content}">'


def authors(head: str = "", body: str = "", url: str | None = None) -> tuple[str, ...]:
    return read_html_metadata(page(head, body), url).authors


def test_row_of_coauthor_links_is_one_byline() -> None:
    head = meta("author", "Rui Mao")
    body = (
        '<header><h1>T</h1><div class="row">'
        + "".join(
            f'<div class="cell"><a class="name" href="/author/{i}">{n}</a></div>'
            for i, n in enumerate(["Rui Mao", "Hana Ledd", "Manu Cortes"])
        )
        + "</div></header>"
    )
    assert authors(head, body) == ("Rui Mao", "Hana Ledd", "Manu Cortes")


def test_cards_of_other_stories_are_not_coauthors() -> None:
    head = meta("author", "Mina Park")
    cards = "".join(
        f"<li><h3>Another story number {i} with a long headline</h3><p>Teaser text {i} that runs "
        f'on for a while.</p><span class="author">{n}</span></li>'
        for i, n in enumerate(["Tom Ray", "Ada Hall", "Eve Lund"])
    )
    assert authors(head, f"<h1>T</h1><ul>{cards}</ul>") == ("Mina Park",)


def test_affiliation_numbers_in_an_author_row() -> None:
    head = meta("dc.creator", "Jen Hale")
    body = (
        '<h1>T</h1><div class="names"><span class="info__authors">Jen Hale<sup>1</sup> ;</span>'
        '<span class="info__authors">Tom Ray<sup>2</sup> ;</span>'
        '<span class="info__authors">Ada Hall<sup>1</sup></span></div>'
    )
    assert authors(head, body) == ("Jen Hale", "Tom Ray", "Ada Hall")


def test_honorifics_do_not_stop_a_fuller_byline() -> None:
    head = ld({"@type": "Article", "headline": "T", "author": {"name": "Mara Merwe"}})
    body = '<h1>T</h1><div class="hero">Written by Dr Mara Merwe , Dr Dirk Veld , Erik Vulp</div>'
    assert authors(head, body) == ("Dr Mara Merwe", "Dr Dirk Veld", "Erik Vulp")


def test_reviewer_is_not_the_author() -> None:
    body = '<h1>T</h1><div class="bylines__group">Reviewed by Mara James</div>'
    assert authors(body=body) == ()


def test_site_name_as_author_is_the_outlet() -> None:
    head = ld(
        {"@type": "BlogPosting", "headline": "T", "author": {"@type": "Person", "name": "Zorbly"}}
    )
    assert authors(head, url="https://www.zorbly.io/blog/x") == ()
    head = meta("author", "Resy Staff") + '<meta property="og:site_name" content="Resy">'
    assert authors(head) == ()


def test_visible_byline_beats_metadata_naming_the_site() -> None:
    head = meta("author", "Blue Tree Planted")
    body = '<h1>T</h1><p><a href="/people/m">by Meg Weed</a></p>'
    assert authors(head, body, "https://bluetreeplanted.org/blog/x") == ("Meg Weed",)


def test_person_site_keeps_its_owner() -> None:
    head = meta("author", "Toby Hale")
    assert authors(head, url="https://tobyhale.com/blog/x") == ("Toby Hale",)


def test_lower_case_name_in_an_author_field() -> None:
    head = ld(
        {"@type": "WebPage", "author": {"@type": "Person", "name": "kirsten boat"}, "name": "T"}
    )
    assert authors(head) == ("kirsten boat",)
    assert authors(meta("author", "annie thurm")) == ("annie thurm",)
    assert authors(meta("author", "admin user")) == ()


def test_labels_in_author_fields_are_dropped() -> None:
    head = meta("author", "Name") + meta("author", "Maya Perez")
    assert authors(head) == ("Maya Perez",)
    head = ld({"@type": "Article", "author": {"name": "brandon-peaktwo"}, "headline": "T"})
    assert authors(head) == ()


def test_twitter_handle_is_not_an_author() -> None:
    head = (
        meta("twitter:creator", "shopwithus")
        + '<meta property="cXenseParse:author" content="Harry Rabin">'
    )
    body = '<h1>T</h1><p><a href="/x">Rebecca Rod</a></p>'
    assert authors(head, body) == ("Harry Rabin",)


def test_display_name_is_not_replaced_by_a_loose_author_class() -> None:
    head = ld({"@type": "Article", "headline": "T", "author": {"@type": "Person", "name": "Mazi"}})
    body = '<h1>T</h1><div class="author-ui">David Shields</div>'
    assert authors(head, body) == ("Mazi",)


@pytest.mark.parametrize(
    ("head", "body", "want"),
    [
        # A login in the metadata yields to the name the page prints.
        (
            meta("author", "andy.keav"),
            '<div class="author-info">Denise Ever</div>',
            ("Denise Ever",),
        ),
        # So does any one-word name when the page prints "By …" with a full name.
        (
            meta("author", "KatieS"),
            '<a class="author-link" href="/u/a">Aoife Riordan</a><p>By Aoife Riordan</p>',
            ("Aoife Riordan",),
        ),
    ],
)
def test_user_names_yield_to_printed_names(head: str, body: str, want: tuple[str, ...]) -> None:
    assert authors(head, "<h1>T</h1>" + body) == want


def test_job_title_run_on_after_the_name() -> None:
    body = (
        '<h1>T</h1><div class="writer-wrapper"><span class="author-name">By Sofi Kond</span> '
        '<span class="author-title">EdTech Content writer</span></div>'
    )
    assert authors(body=body) == ("Sofi Kond",)


def test_author_label_in_a_metadata_aside() -> None:
    body = (
        '<h1>T</h1><aside class="insight"><div class="item"><h3>Author</h3><p> Lisa D. Ellis</p>'
        "</div></aside>"
    )
    assert authors(body=body) == ("Lisa D. Ellis",)


def test_byline_in_a_box_with_share_buttons() -> None:
    body = (
        '<h1>T</h1><div class="by-share-div"><div class="by-div"><p>By: Paul Fenn</p></div>'
        '<div class="share-div"><p>Share</p></div></div>'
    )
    assert authors(body=body) == ("Paul Fenn",)


def test_byline_as_tail_text_after_a_date() -> None:
    body = '<h1>T</h1><div class="node__meta"><time datetime="2017-03-01">03/01/2017</time> by Aga Caleo</div>'
    assert authors(body=body) == ("Aga Caleo",)


def test_browse_by_links_are_not_bylines() -> None:
    body = '<h1>T</h1><nav2><a href="/s">By State</a> <a href="/t">By Style</a></nav2>'
    assert authors(body=body) == ()


def test_author_link_slug_finds_the_printed_name() -> None:
    body = (
        '<h1>T</h1><div class="card"><p>Juli Carr</p><p>Tech Writer</p>'
        '<a class="btn" href="/us/blog/authors/juli-carr">Articles by Juli</a></div>'
    )
    assert authors(body=body) == ("Juli Carr",)


def test_names_before_the_date_only() -> None:
    body = (
        '<h1>T</h1><p class="post-meta">by Dana Gale | Mar 11, 2023 | Brakes and Brake Repair, '
        "Learn About Brakes | 0 comments</p>"
    )
    assert authors(body=body) == ("Dana Gale",)


def test_name_inside_a_fact_check_credit_is_not_the_author() -> None:
    body = (
        '<h1>T</h1><div class="attribution">Fact checked by '
        '<span class="author-tooltip__name">Yara Perez</span></div>'
    )
    assert authors(body=body) == ()


def test_avatar_between_label_and_name() -> None:
    body = '<h1>T</h1><div><span>Written by:</span><picture><img src="a.jpg"></picture><span>Elsa Nash</span></div>'
    assert authors(body=body) == ("Elsa Nash",)


def test_written_by_links_with_bios() -> None:
    body = (
        '<h1>T</h1><div class="byline__written-by"><strong>Written by</strong><br>'
        '<strong><a href="/authors/adri-ramos">Adri Ramos</a></strong>, 4+ years covering computer hardware, '
        'software, and science<br><strong><a href="/authors/jo-nell">Jo Nell</a></strong>, senior editor '
        "and E Ink enthusiast with 5+ years experience testing laptops.</div>"
    )
    assert authors(body=body) == ("Adri Ramos", "Jo Nell")


def test_after_an_outlet_byline_the_same_kind_is_other_stories() -> None:
    head = meta("author", "Campus News")
    body = "<h1>T</h1>" + "".join(
        f'<div class="meta-author">by {n}</div>' for n in ["Campus News", "Scot Mill", "Ken Scarr"]
    )
    assert authors(head, body) == ()


def test_user_name_in_a_byline_element() -> None:
    body = '<h1>T</h1><div class="post-header-authorInfo">by jsteinhart</div>'
    assert authors(body=body) == ("jsteinhart",)
    # Unmarked prose that starts with "by" is not a byline.
    assert authors(body="<h1>T</h1><p>by default</p>") == ()


def test_sponsor_credit_keeps_author_lists_out() -> None:
    head = meta("article:author", "Sponsored by Acme")
    menu = "".join(
        f'<a href="/p/{i}">{n}</a>' for i, n in enumerate(["Sam Ming", "Lea Alla", "Mat Ford"])
    )
    assert authors(head, f"<h1>T</h1><div>{menu}</div>") == ()


def test_health_system_is_an_outlet() -> None:
    body = "<h1>T</h1><p>This post was written by Vana Mendez, MD, gastroenterologist, Parkview Health.</p>"
    assert authors(body=body) == ("Vana Mendez, MD",)


def test_byline_under_the_headline_outranks_metadata_naming_another() -> None:
    head = meta("author", "Josh Katz")
    body = (
        '<article><div class="head"><h1>Best calculators</h1><div class="author">By Carl Pike, '
        "Columnist August 19, 2025</div></div><p>" + "Body text. " * 200 + "</p></article>"
    )
    assert authors(head, body) == ("Carl Pike",)


def test_byline_far_from_the_headline_does_not_outrank_metadata() -> None:
    head = meta("author", "Jake Truss")
    body = (
        "<main><h1>Scary films</h1><p>" + "Body text. " * 200 + "</p>"
        '<div class="related"><h3>More</h3><p class="card">by Dan Stock</p></div></main>'
    )
    assert authors(head, body) == ("Jake Truss",)


def test_only_profile_links_are_names_in_a_long_byline() -> None:
    body = (
        '<h1>T</h1><p class="post-meta">by <span class="author vcard"><a href="/author/nf">Nia '
        "Forb, Master Horticulturalist &amp; Garden Educator</a></span> | <span>Dec 30, 2025</span>"
        ' | <a href="/category/indoor">Indoor Plants</a></p>'
    )
    assert authors(body=body) == ("Nia Forb",)


def test_writer_and_reviewer_in_one_line() -> None:
    body = (
        '<h1>T</h1><div class="byline">Written by <a href="/author/a">Ann Lee</a> Reviewed by '
        '<a href="/author/b">Bo Chen</a></div>'
    )
    assert authors(body=body) == ("Ann Lee",)


def test_role_words_in_the_author_tag_keep_the_person() -> None:
    assert authors(meta("author", "Jane Doe, Staff Writer")) == ("Jane Doe",)
    assert authors(meta("author", "Center for Drug Evaluation and Research")) == ()


def test_a_shorter_name_elsewhere_does_not_cut_a_surname() -> None:
    body = '<h1>T</h1><p class="byline">By Mary Ann Smith</p><span class="author">Mary Ann</span>'
    assert authors(body=body) == ("Mary Ann Smith",)


def test_byline_at_the_top_of_the_story_outranks_metadata_naming_another() -> None:
    head = meta("author", "Luke Dale")
    body = (
        "<header><h1>Legal challenges</h1></header><section><div class='news'>"
        "<div class='by'><p>By: Paul Fenn</p></div>"
        + "<p>"
        + "Body text. " * 40
        + "</p>" * 3
        + "</div></section>"
    )
    assert authors(head, body) == ("Paul Fenn",)


@pytest.mark.parametrize(
    ("body", "want"),
    [
        # A name printed beside the date under the headline, without any markup.
        (
            "<h1>Shared services</h1><p>Elio Raba</p><p><span>23.07.2025</span> · 6 min read</p>",
            ("Elio Raba",),
        ),
        (
            '<h1>The pilot</h1><div><span>2025-12-17</span><span>·</span><a title="Tor Teig">'
            "<div>Tor Teig</div></a></div>",
            ("Tor Teig",),
        ),
        (
            '<h1>Pricing</h1><p>Dec 26, 2025 <span>•</span> <img class="avatar" src="a.png"> '
            'Maha Das in <a href="/blog/pm">Project Management</a></p>',
            ("Maha Das",),
        ),
        # The line right under the headline names two people with credentials.
        (
            "<h1>Puppy training</h1><div class='sub'>Ella Lind, VMD, DACVB; Mona Feyre, BA, "
            "LVT, VTS (Behavior); Deb Horwitz, DVM &amp; Gary Lands, DVM</div><p>Text</p>",
            (
                "Ella Lind, VMD, DACVB",
                "Mona Feyre, BA, LVT, VTS",
                "Deb Horwitz, DVM",
                "Gary Lands, DVM",
            ),
        ),
        # One name alone right under the headline is as often a section or a brand.
        ("<h1>T</h1><div>Jane Poll</div><p>Body text that goes on.</p>", ()),
        # A category link beside the date is not a name; nor is a widget's label.
        (
            '<h1>T</h1><div><time>May 8, 2025</time></div><div><a href="/category/nt/" '
            'rel="tag">Nonessential Thoughts</a></div>',
            (),
        ),
        ("<h1>T</h1><p>Link Copied!</p><p>May 8, 2025</p>", ()),
    ],
)
def test_name_beside_the_date(body: str, want: tuple[str, ...]) -> None:
    assert authors(body=body) == want


def test_profile_link_names_the_writer_of_a_republished_story() -> None:
    head = meta("author", "Campus News")
    body = (
        '<h1>Phone habits</h1><p><a href="https://example.org/profiles/shea-cotten-3094">'
        'Shea R. Cotten</a>, <em><a href="/institutions/cu">Campus University</a></em></p>'
        "<p>What is the first thing you do in the morning?</p>"
    )
    assert authors(head, body) == ("Shea R. Cotten",)


def test_portrait_and_name_make_an_author_box() -> None:
    body = (
        "<h1>Art and pay</h1><p>Body text of the story.</p><hr><p><img "
        'src="https://profile.example.org/tim_100.png" alt="Tim Grun"></p><p><strong>Tim Grun'
        "</strong> <em>Systems Theorist</em></p>"
    )
    assert authors(body=body) == ("Tim Grun",)
    # A product shot captioned with its name is not a person.
    body = '<h1>Best vacuums</h1><img src="/img/winbot-mini.jpg" alt="Winbot Mini"><h3>Winbot Mini</h3>'
    assert authors(body=body) == ()


def test_portrait_alt_describing_the_named_person() -> None:
    body = (
        '<h1>Weight loss medications</h1><p>Body.</p><section><img src="/Authors/doris_96.webp" '
        'alt="Headshot of Dora Munoz, MD, FOMA, with a blurred lake in the background">'
        "<h3> Dora Munoz, MD, FOMA </h3></section>"
    )
    assert authors(body=body) == ("Dora Munoz, MD, FOMA",)


def test_name_before_a_marked_author_description() -> None:
    body = (
        '<h1>Espresso machines</h1><div class="box"><p class="headline">Assa Christen</p>'
        '<div class="dynamic-author-description">Licensed Q Arabica Grader, M.A. Journalism</div>'
        "</div>"
    )
    assert authors(body=body) == ("Assa Christen",)
