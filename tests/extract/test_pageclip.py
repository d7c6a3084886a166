"""The page-clip model (clipper/extract/pageclip.py): a whole page clipped as class-less ENML,
its shape read from the markup alone, and the story picked out of it."""

from __future__ import annotations

import numpy as np
from council_story import COUNCIL

from clipper.extract import blockmodel, pageclip
from clipper.extract.html import extract_html, is_page_clip, parse_html
from clipper.models import CleanOptions
from clipper.readers.enex import enml_page

STORY = [
    *COUNCIL,
    "Cyclists' groups welcomed the vote but asked the council to publish a timetable for each "
    "segment, saying earlier promises had slipped year after year without explanation.",
]
MENU = "".join(f'<div><a href="/s{i}">Section {i}</a></div>' for i in range(12))
# Teaser cards after the story: one shape (a link, a heading, a line), six times over.
CARDS = "".join(
    f'<div><div><a href="/t{i}">Picture {i}</a></div><h3><a href="/t{i}">Teaser headline '
    f"number {i} about something else</a></h3><div>A short line of teaser {i}.</div></div>"
    for i in range(6)
)


def clipped_page() -> str:
    story = "".join(f"<div>{p}</div>" for p in STORY)
    return enml_page(
        f"<en-note><div>{MENU}</div><div><h1>Council expands bike lanes</h1>{story}</div>"
        f"<div>{CARDS}</div><div>{MENU}</div></en-note>",
        "Council expands bike lanes",
    )


def _blocks() -> list[blockmodel.DomBlock]:
    tree = parse_html(clipped_page())
    assert tree is not None
    return blockmodel.dom_blocks(tree)


def test_structure_reads_repeated_cards_prose_position_and_the_headline() -> None:
    blocks = _blocks()
    cols = pageclip.structure(blocks)
    names = pageclip.STRUCTURE_NAMES
    assert cols.shape == (len(blocks), len(names))
    at = {name: k for k, name in enumerate(names)}
    story = [i for i, b in enumerate(blocks) if b.text in STORY]
    teasers = [i for i, b in enumerate(blocks) if b.text.startswith("Teaser headline")]
    heading = next(i for i, b in enumerate(blocks) if b.tag == "h1")
    assert len(story) == 4 and len(teasers) == 6
    # A card is one of six siblings of one shape; the story's container has none like it.
    assert all(cols[i, at["repeat_max"]] == np.log1p(5) / 3 for i in teasers)
    assert all(cols[i, at["repeat_max"]] == 0.0 for i in story)
    # The menus above the headline stand before it; the story and the cards after it.
    assert all(cols[i, at["before_h1"]] == 1.0 for i in range(heading))
    assert all(cols[i, at["before_h1"]] == 0.0 for i in story + teasers)
    # Prose before and after: the first paragraph has all the others after it, the cards none.
    assert cols[story[0], at["prose_before"]] == 0.0
    assert cols[story[-1], at["prose_after"]] == 0.0
    assert all(cols[i, at["prose_before"]] == 1.0 for i in teasers)
    # A card's container is all links but its last line; the story's holds no link.
    assert all(cols[i, at["up2_link_density"]] > 0.5 for i in teasers)
    assert all(cols[i, at["up1_link_density"]] == 0.0 for i in story)


def test_features_put_the_shape_columns_before_trafilatura_s_three() -> None:
    blocks = _blocks()
    extra = np.arange(len(blocks), dtype=np.float64)
    x = pageclip.features(blocks, extra)
    plain = blockmodel.features(blocks, extra)
    assert x.shape[1] == plain.shape[1] + len(pageclip.STRUCTURE_NAMES)
    assert np.array_equal(x[:, -3], extra) and np.array_equal(
        x[:, : plain.shape[1] - 3], plain[:, :-3]
    )
    # The shipped weights were trained on these columns.
    assert pageclip._weights()["s1_mean"].shape == (x.shape[1],)


def test_a_clipped_page_keeps_its_story_and_drops_menus_and_teaser_cards() -> None:
    assert is_page_clip(_blocks())
    draft = extract_html(clipped_page(), None, CleanOptions(), picker="clip")
    text = "\n\n".join(draft.paragraphs)
    assert all(p in text for p in STORY)
    assert "Section 3" not in text and "Teaser headline" not in text
