"""Title choice in read_html_metadata: the h1 as a browser shows it, against metadata titles."""

import lxml.html

from clipper.metadata.html import read_html_metadata


def title_of(head: str, body: str, url: str | None = None) -> str | None:
    tree = lxml.html.fromstring(f"<html><head>{head}</head><body>{body}<p>Text.</p></body></html>")
    return read_html_metadata(tree, url).title


def test_date_and_byline_nested_in_the_h1_are_not_the_headline() -> None:
    body = (
        '<h1 class="entry-title">Top Strategies to Optimize Blockchain Security'
        '<h3 class="date-info-title"><span class="posted-on">Posted on <time datetime="2024-07-01">'
        'July 1, 2024</time></span><span class="byline"> by <a href="/author/x">infuy</a></span>'
        "</h3></h1>"
    )
    assert title_of("", body) == "Top Strategies to Optimize Blockchain Security"
    body = (
        '<h1><a href="/x"><time class="m-date" datetime="2025-12-18">Dec <span>18</span> 2025'
        "</time> Preparing a transition in Debusine</a></h1>"
    )
    assert title_of("", body) == "Preparing a transition in Debusine"


def test_inline_markup_inside_a_word_joins_without_a_space() -> None:
    body = '<h1>How AI Can Cut Your Planning <span class="hand">C</span>ycle in Two</h1>'
    assert title_of("", body) == "How AI Can Cut Your Planning Cycle in Two"
    # A class that merely contains "meta" (a CMS wrapper) is not a date or byline.
    body = '<h1><span class="hs_cos_wrapper_meta_field">An Ultimate Guide to Phases</span></h1>'
    assert title_of("", body) == "An Ultimate Guide to Phases"


def test_pipe_tail_of_a_visible_headline() -> None:
    head = '<meta property="og:title" content="How meditation rewires brains | Opinion">'
    body = "<h1>How meditation rewires brains | Opinion</h1>"
    assert title_of(head, body) == "How meditation rewires brains"


def test_damaged_h1_takes_the_metadata_spelling() -> None:
    head = '<meta property="og:title" content="The Basics Of Event Planning: Beginner\'s Guide">'
    body = "<h1>The Basics Of Event Planning? Beginner? Guide</h1>"
    assert title_of(head, body) == "The Basics Of Event Planning: Beginner's Guide"


def test_mojibake_in_the_page_is_repaired() -> None:
    body = "<h1>A DIY Investor\u00e2\u0080\u0099s Guide to Calculators</h1>"
    assert title_of("", body) == "A DIY Investor\u2019s Guide to Calculators"


def test_headline_starting_with_the_brand_is_not_a_logo() -> None:
    head = (
        '<meta property="og:site_name" content="Gardenary">'
        '<meta property="og:title" content="Gardenary Planting vs. Ordinary Planting • Gardenary">'
    )
    body = (
        "<h1>Gardenary Planting vs. Ordinary Planting</h1><h1>Gardenary Planting vs Traditional</h1>"
        "<h1>Tips to Plant the Gardenary Way</h1>"
    )
    assert title_of(head, body) == "Gardenary Planting vs. Ordinary Planting"


def test_blog_label_before_the_h1_headline() -> None:
    body = "<h1>Blog: Best Social Media Advertising Agencies in 2025</h1>"
    assert title_of("", body) == "Best Social Media Advertising Agencies in 2025"


def test_span_made_a_block_by_its_class_separates_words() -> None:
    body = '<h1>The Best Notion Alternatives<span class="block text-sm">Top Tools</span></h1>'
    assert title_of("", body) == "The Best Notion Alternatives Top Tools"


def test_kicker_line_in_the_h1_gives_way_to_the_line_the_metadata_names() -> None:
    head = '<meta property="og:title" content="Klatch Coffee | Shopify App Store">'
    head += '<meta property="og:site_name" content="Shopify App Store">'
    body = '<h1><div class="kicker">Get that tech stack</div> <span>Klatch Coffee</span></h1>'
    assert title_of(head, body) == "Klatch Coffee"
    # An h1 the metadata names whole stays whole, line break and all.
    head = '<meta property="og:title" content="Investing for Beginners Real Estate 101">'
    head += "<title>Site | Real Estate 101</title>"
    body = "<h1>Investing for Beginners <br>Real Estate 101</h1>"
    assert title_of(head, body) == "Investing for Beginners Real Estate 101"


def test_aggregator_source_credit_after_the_headline() -> None:
    body = (
        '<h1><a href="/s">Grads Find Degrees No Longer Guarantee Jobs</a> <a>(latimes.com)</a></h1>'
    )
    assert title_of("", body) == "Grads Find Degrees No Longer Guarantee Jobs"


def test_among_many_h1s_the_one_marked_headline() -> None:
    head = '<meta property="og:title" content="Our Favorite Biking Spots in Houston">'
    related = "".join(
        f'<h1 class="item__title"><a href="/{i}">Houston story {i}</a></h1>' for i in range(5)
    )
    body = (
        '<h1 class="v2-headline">The Best Trails in Houston for Biking</h1>'
        f'<h1 class="widget__title">Next in Your Guide</h1>{related}'
    )
    assert title_of(head, body) == "The Best Trails in Houston for Biking"
    # Without the mark, many h1s leave the metadata title.
    assert (
        title_of(head, body.replace("v2-headline", "v2")) == "Our Favorite Biking Spots in Houston"
    )
