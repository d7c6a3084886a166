"""The HTML block model: the page's visible blocks, their features, the shipped weights, and the
accounting of every visible block a record does not keep (issue 15, item 16)."""

from __future__ import annotations

import numpy as np
from council_story import COUNCIL

from clipper.extract import blockmodel
from clipper.extract.html import extract_html, parse_html
from clipper.models import CleanOptions

STORY = list(COUNCIL)


def page(body: str) -> str:
    head = "<title>Council expands bike lanes</title>"
    return f"<!DOCTYPE html><html lang='en'><head>{head}</head><body>{body}</body></html>"


OPTIONS = CleanOptions()

NAV = "<nav class='site-nav'><ul><li><a href='/'>Home</a></li><li><a href='/w'>World</a></li>"
NAV += "<li><a href='/s'>Sport</a></li><li><a href='/c'>Culture</a></li></ul></nav>"
FOOTER = "<footer><p>Contact the newsroom</p><p><a href='/jobs'>Jobs at the paper</a></p></footer>"
ASIDE = (
    "<aside class='sidebar'><h3>Most read</h3><ul><li><a href='/1'>Storm closes the harbour "
    "for a day</a></li><li><a href='/2'>Mayor opens the new library</a></li></ul></aside>"
)


def _story_page() -> str:
    story = "".join(f"<p>{p}</p>" for p in STORY)
    return page(
        f"{NAV}<main><article><h1>Council expands bike lanes</h1>{story}</article>"
        f"{ASIDE}</main>{FOOTER}"
    )


def test_dom_blocks_are_the_visible_blocks_in_page_order() -> None:
    html = page(
        "<div><p>One <b>bold</b> line<br>and its second half</p><script>var x = 1;</script>"
        "<div style='display: none'>hidden text</div><p hidden>also hidden</p>"
        "<ul><li>first item</li><li>second <a href='#'>linked</a> item</li></ul></div>"
    )
    tree = parse_html(html)
    assert tree is not None
    blocks = blockmodel.dom_blocks(tree)
    assert [(b.tag, b.text) for b in blocks] == [
        ("p", "One bold line and its second half"),
        ("li", "first item"),
        ("li", "second linked item"),
    ]
    assert blocks[2].link_chars == len("linked")
    assert blocks[1].landmarks & blockmodel.L_LIST


def test_landmarks_and_class_words_name_why_a_block_is_left_out() -> None:
    tree = parse_html(_story_page())
    assert tree is not None
    reasons = {b.text: blockmodel.landmark(b) for b in blockmodel.dom_blocks(tree)}
    assert reasons["Home"] == "html.navigation"
    assert reasons["Contact the newsroom"] == "html.footer"
    assert reasons["Most read"] == "html.sidebar"


def test_features_have_one_row_per_block_and_the_names_line_up() -> None:
    tree = parse_html(_story_page())
    assert tree is not None
    blocks = blockmodel.dom_blocks(tree)
    x = blockmodel.features(blocks, np.zeros(len(blocks)))
    assert x.shape[0] == len(blocks)
    names = blockmodel.FEATURE_NAMES
    story = next(i for i, b in enumerate(blocks) if b.text == STORY[0])
    menu = next(i for i, b in enumerate(blocks) if b.text == "Home")
    assert x[story, names.index("mark_article")] == 1.0
    assert x[story, names.index("in_main_container")] == 1.0
    assert x[menu, names.index("mark_nav")] == 1.0
    assert x[menu, names.index("link_density")] == 1.0
    assert x[story, names.index("link_density")] == 0.0


def test_shipped_weights_keep_the_story_and_drop_the_page_around_it() -> None:
    tree = parse_html(_story_page())
    assert tree is not None
    blocks = blockmodel.dom_blocks(tree)
    # trafilatura's verdict (a feature) says "keep" for the story only.
    extra = np.array([1.0 if b.text in STORY else 0.0 for b in blocks])
    kept = blockmodel.decide(blockmodel.score(blocks, extra), extra)
    by_text = dict(zip((b.text for b in blocks), kept, strict=True))
    assert all(by_text[p] for p in STORY)
    assert not by_text["Home"]
    assert not by_text["Jobs at the paper"]


def test_every_visible_block_is_in_the_text_or_removed_with_a_reason() -> None:
    draft = extract_html(_story_page(), None, OPTIONS)
    assert draft.paragraphs == STORY
    removed = "\n".join(r.text for r in draft.removed)
    tree = parse_html(_story_page())
    assert tree is not None
    for block in blockmodel.dom_blocks(tree):
        assert block.text in removed or block.text in draft.paragraphs, block.text
    rules = {r.rule for r in draft.removed}
    assert {"html.navigation", "html.footer", "html.sidebar"} <= rules
    # Consecutive menu items are one removal, one item a line.
    nav = [r.text for r in draft.removed if r.rule == "html.navigation"]
    assert nav == ["Home\nWorld\nSport\nCulture"]


def test_removals_are_in_page_order() -> None:
    draft = extract_html(_story_page(), None, OPTIONS)
    rules = [r.rule for r in draft.removed]
    assert rules.index("html.navigation") < rules.index("html.sidebar") < rules.index("html.footer")


def test_model_picker_keeps_the_story_and_accounts_for_the_page() -> None:
    draft = extract_html(_story_page(), None, OPTIONS, picker="model")
    assert draft.paragraphs == STORY
    assert {"html.navigation", "html.footer"} <= {r.rule for r in draft.removed}


def test_a_drop_down_s_choices_are_visible_blocks_of_a_form() -> None:
    tree = parse_html(
        page("<form><select><option>Belgium</option><option>Benin</option></select></form>")
    )
    assert tree is not None
    blocks = blockmodel.dom_blocks(tree)
    assert [(b.text, blockmodel.landmark(b)) for b in blocks] == [
        ("Belgium", "html.form"),
        ("Benin", "html.form"),
    ]
