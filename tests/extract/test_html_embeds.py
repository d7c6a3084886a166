"""Story inside 'embed' wrappers: trafilatura drops any class containing 'embed'; we keep tables
and prose such wrappers hold."""

from __future__ import annotations

from clipper.extract.html import _unwrap_embeds, extract_html, parse_html
from clipper.models import CleanOptions

STORY = [
    "The city council voted on Tuesday to expand the network of protected bicycle lanes across "
    "the downtown district, a plan that had been debated for more than two years.",
    "Supporters said the lanes would make cycling safer for commuters and reduce traffic, while "
    "several shop owners worried that removing parking spaces would cost them customers.",
    "The first stretch, along the river road, is expected to open next spring, and the remaining "
    "segments will follow in stages over the next three years as funding becomes available.",
]
TABLE = (
    "<table><tr><th>Street</th><th>Opens</th></tr>"
    "<tr><td>River Road</td><td>Spring 2026</td></tr>"
    "<tr><td>Market Street</td><td>Autumn 2026</td></tr></table>"
)


def _page(wrapper: str) -> str:
    paras = "".join(f"<p>{p}</p>" for p in STORY)
    return (
        "<html><head><title>Council expands bike lanes</title></head><body><article>"
        f"<h1>Council expands bike lanes</h1>{paras}{wrapper}<p>{STORY[0]} Again.</p>"
        "</article></body></html>"
    )


def test_a_table_in_an_embed_wrapper_is_kept() -> None:
    draft = extract_html(_page(f"<div class='w-embed'>{TABLE}</div>"), None, CleanOptions())
    text = "\n".join(draft.paragraphs)
    assert "River Road" in text and "Market Street" in text


def test_unwrap_drops_only_the_embed_words_of_content_wrappers() -> None:
    tree = parse_html(
        f"<html><body><div class='rich w-embed'>{TABLE}</div>"
        "<div class='video-embed'><iframe src='https://example.com/v'></iframe>"
        f"<p>{STORY[0]}</p></div><div class='embed'>short</div></body></html>"
    )
    assert tree is not None
    _unwrap_embeds(tree)
    # The table's wrapper loses its embed word; a wrapper with an iframe, or without a table or
    # prose, keeps its class for trafilatura to drop.
    assert [d.get("class") for d in tree.iter("div")] == ["rich", "video-embed", "embed"]
