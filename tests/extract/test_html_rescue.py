"""The readability rescue of extract.html: reading a fragment as blocks, merging in what was missed."""

from __future__ import annotations

import lxml.html

from clipper.extract.html import (
    Block,
    _merge_blocks,
    _readability,
    _rescue_blocks,
    html_blocks,
    parse_html,
)

PROSE = [
    "The council voted on Tuesday to expand the network of protected bicycle lanes across the "
    "downtown district, a plan that had been debated for more than two years.",
    "Supporters said the lanes would make cycling safer for commuters and reduce traffic, while "
    "several shop owners worried that removing parking would cost them customers.",
    "The first stretch, along the river road, is expected to open next spring, and the remaining "
    "segments will follow in stages over the next three years as funding allows.",
    "Council members asked the transport office to publish counts of riders every quarter so "
    "that the effect of the new lanes on traffic and on local business can be measured.",
]


def test_html_blocks_reads_headings_lists_tables_and_loose_text() -> None:
    root = lxml.html.fragment_fromstring(
        "<div><h2>Plan</h2><div><p>One <b>bold</b> word.</p>Loose text<br>next line</div>"
        "<ul><li>first</li><li>second</li></ul>"
        "<table><tr><th>Year</th><th>Miles</th></tr><tr><td>2025</td><td>4</td></tr></table>"
        "<blockquote>Quoted.</blockquote></div>"
    )
    assert html_blocks(root) == [
        Block("head", "Plan"),
        Block("p", "One bold word."),
        Block("p", "Loose text\nnext line"),
        Block("list", "- first\n- second"),
        Block("table", "Year | Miles\n2025 | 4"),
        Block("p", "Quoted."),
    ]


def test_merge_inserts_missed_prose_between_shared_blocks_only() -> None:
    ours = [Block("p", PROSE[0]), Block("p", PROSE[3])]
    other = [
        Block(
            "p",
            "Sign up for our newsletter to get the best stories of the week in your inbox "
            "every Friday morning, free of charge and without any obligation.",
        ),
        Block("p", PROSE[0]),
        Block("p", PROSE[1]),
        Block("head", "Short subhead"),
        Block("p", PROSE[2]),
        Block("p", PROSE[3]),
        Block(
            "p",
            "Read the other stories our editors picked for you this week, from city "
            "politics to the arts and everything in between, on the front page.",
        ),
    ]
    merged = _merge_blocks(ours, other)
    # The prose in the middle comes in, in readability's order; the short heading does not,
    # and neither does what readability has before our first or after our last paragraph.
    assert [b.text for b in merged] == PROSE


def test_merge_does_not_say_a_glued_paragraph_twice() -> None:
    # Ours has a subhead glued to the paragraphs under it; readability has them apart. Its
    # paragraphs are ours already, split differently: none comes in again.
    ours = [
        Block("p", PROSE[0]),
        Block("p", "Next stepsThe first stretch " + PROSE[2].removeprefix("The first stretch ")),
        Block("p", PROSE[1] + " " + PROSE[3]),
        Block("p", "A closing paragraph that both extractors found, the one they share last."),
    ]
    other = [
        Block("p", PROSE[0]),
        Block("p", PROSE[2]),
        Block("p", PROSE[1]),
        Block("p", PROSE[3]),
        Block("p", "A closing paragraph that both extractors found, the one they share last."),
    ]
    assert _merge_blocks(ours, other) == ours


def test_merge_keeps_our_blocks_that_readability_lacks() -> None:
    ours = [Block("p", PROSE[0]), Block("head", "Aside"), Block("p", PROSE[3])]
    other = [Block("p", PROSE[0]), Block("p", PROSE[1]), Block("p", PROSE[3])]
    assert [b.text for b in _merge_blocks(ours, other)] == [
        PROSE[0],
        "Aside",
        PROSE[1],
        PROSE[3],
    ]


# A story long enough that trafilatura's own fallbacks would not have weighed readability.
LONG = [
    f"Section {i} of the council report says the lanes on street number {i} will open in month "
    f"{i % 12 + 1}, and the office will publish rider counts for that street every quarter."
    for i in range(40)
]


def _page(paras: list[str] = PROSE) -> str:
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<div class='story'>{body}</div><footer>Contact us</footer></body></html>"
    )


def test_rescue_adds_paragraphs_trafilatura_missed() -> None:
    html = _page(LONG)
    tree = parse_html(html)
    assert tree is not None
    ours = [Block("p", p) for p in LONG[:10] + LONG[20:]]
    assert [b.text for b in _rescue_blocks(tree, ours)] == LONG


def test_rescue_leaves_a_short_extraction_to_trafilatura() -> None:
    # Under 4000 characters trafilatura's cascade has weighed readability already.
    tree = parse_html(_page())
    assert tree is not None
    ours = [Block("p", PROSE[0]), Block("p", PROSE[3])]
    assert _rescue_blocks(tree, ours) == ours


def test_rescue_leaves_a_full_extraction_alone() -> None:
    tree = parse_html(_page(LONG))
    assert tree is not None
    ours = [Block("p", p) for p in LONG]
    assert _rescue_blocks(tree, ours) == ours


def test_rescue_ignores_readability_when_it_read_other_text() -> None:
    tree = parse_html(_page(LONG))
    assert tree is not None
    # Nothing of ours is in readability's text: it read another part of the page.
    ours = [
        Block("p", f"Paragraph {i} about the harbour, its ferries and the fish market.")
        for i in range(70)
    ]
    assert _rescue_blocks(tree, ours) == ours


def test_rescue_that_would_add_only_a_few_lines_is_refused() -> None:
    # The story has furniture between its paragraphs (an advert slot's notice) and a long list
    # readability reads but the rescue never adds: readability's text is clearly longer, but
    # what the rescue would let in, the notices, is under a fifth of ours.
    notice = "This advertisement has not loaded yet, but your article continues below, %d."
    items = "".join(
        f"<li>Item {i} of the list of streets the council report names for the new lanes, "
        f"with the month each of them opens to riders.</li>"
        for i in range(14)
    )
    body = "".join(
        f"<p>{p}</p>" + (f"<p>{notice % i}</p>" if i % 10 == 5 else "") for i, p in enumerate(LONG)
    )
    html = f"<html><body><div class='story'>{body}<ul>{items}</ul></div></body></html>"
    tree = parse_html(html)
    assert tree is not None
    ours = [Block("p", p) for p in LONG]
    merged = _merge_blocks(ours, html_blocks(_readability(parse_html(html))))
    assert len(merged) == len(ours) + 4  # what the rescue would have added
    assert _rescue_blocks(tree, ours) == ours
