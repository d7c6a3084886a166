"""End-matter markers of extract._html_prune in several languages, and what they cut."""

from __future__ import annotations

import pytest
from council_story import COUNCIL

from clipper.extract._html_prune import Block, is_end_marker, is_teaser_marker, prune_blocks


@pytest.mark.parametrize(
    "line",
    [
        "Related articles",
        "Ähnliche Artikel",
        "Schlagwörter: Politik, Wahlen",
        "12 Kommentare",
        "Articles similaires",
        "Artículos relacionados",
        "관련기사",
        "<저작권자 © 연합뉴스, 무단전재 및 재배포 금지>",
        "関連記事",
        "责任编辑：张三",
        "相關閱讀",
        "Alle Rechte vorbehalten.",
    ],
)
def test_end_markers_in_several_languages(line: str) -> None:
    assert is_end_marker(line)


@pytest.mark.parametrize(
    "line",
    [
        "Die Partei teilte am Montag mit, dass sie die Wahl anfechten werde.",
        "Les articles de loi ont été votés hier.",
        "Kommentare von Lesern haben die Debatte über den Plan im Stadtrat neu entfacht, "
        "und die Verwaltung will nun die Zahlen veröffentlichen.",
        "2025",
        "",
    ],
)
def test_story_lines_are_not_end_markers(line: str) -> None:
    assert not is_end_marker(line)


STORY_DE = [
    "Der Stadtrat hat am Dienstag beschlossen, das Netz geschützter Radwege in der Innenstadt "
    "deutlich auszubauen, nachdem über den Plan mehr als zwei Jahre lang gestritten worden war.",
    "Befürworter sagen, die Wege machten das Radfahren für Pendler sicherer und verringerten den "
    "Verkehr, während einige Ladenbesitzer fürchten, dass ihnen mit den Parkplätzen Kunden fehlen.",
    "Der erste Abschnitt entlang der Uferstraße soll im kommenden Frühjahr eröffnet werden, die "
    "übrigen Abschnitte folgen in den nächsten drei Jahren, sobald das Geld dafür bereitsteht.",
]


def test_a_german_related_box_ends_the_story() -> None:
    blocks = [Block("p", p) for p in STORY_DE] + [
        Block("head", "Das könnte Sie auch interessieren"),
        Block("p", "Neue Buslinie für den Norden der Stadt"),
        Block("p", "Wie teuer wird das Parken im Zentrum?"),
    ]
    pruned = prune_blocks(blocks, title=None, captions=[])
    assert [b.text for b in pruned.kept] == STORY_DE
    assert {r.rule for _, r in pruned.removed} == {"html.end_matter"}


def test_a_marker_early_in_the_story_is_kept() -> None:
    # "Quellen" (sources) near the top is a section of the story, not its footer.
    blocks = [Block("head", "Quellen"), *(Block("p", p) for p in STORY_DE)]
    pruned = prune_blocks(blocks, title=None, captions=[])
    assert [b.text for b in pruned.kept] == [b.text for b in blocks]


STORY_EN = list(COUNCIL[:2])
TEASER = (
    "A long excerpt of another story on the site, about the harbour and its ferries, the fish "
    "market, the new bridge and the people who cross it every morning on their way to work."
)


def test_a_list_of_dated_posts_after_a_marker_goes_even_when_longer_than_the_story() -> None:
    teasers = [Block("p", f"{TEASER} Number {n}.") for n in range(4)]
    dated = [x for n, t in enumerate(teasers) for x in (Block("p", f"Dec {n + 10}, 2025"), t)]
    blocks = [Block("p", p) for p in STORY_EN] + [Block("head", "Read this next"), *dated]
    pruned = prune_blocks(blocks, title=None, captions=[])
    assert [b.text for b in pruned.kept] == STORY_EN


def test_a_marker_early_without_dated_items_keeps_what_follows() -> None:
    more = [Block("p", f"{TEASER} Part {n}.") for n in range(4)]
    blocks = [Block("p", p) for p in STORY_EN] + [Block("head", "Read this next"), *more]
    pruned = prune_blocks(blocks, title=None, captions=[])
    assert [b.text for b in pruned.kept][:2] == STORY_EN
    assert [b.text for b in more] == [b.text for b in pruned.kept][-4:]


def test_japanese_paragraphs_at_the_end_are_story_not_a_teaser_list() -> None:
    # No spaces between words: each paragraph is a handful of `\w+` runs, but a paragraph all
    # the same (it ends with 。), so a closing run of them is no list of headlines.
    story = [Block("p", "市は来年度から新しい路線バスの運行を始めると発表した。" * 3)]
    tail = [
        Block("p", "市長は記者会見で「多くの市民に利用してほしい」と語った。"),
        Block("p", "運賃は大人二百円で、子どもは半額になるという。"),
        Block("p", "新しい路線は駅と病院を結び、一日に二十便が走る予定だ。"),
    ]
    assert prune_blocks(story + tail, title=None, captions=[]).kept == story + tail
    headlines = [
        Block("p", t) for t in ("駅前に新しい図書館", "花火大会の日程決まる", "市長選の候補者")
    ]
    kept = prune_blocks(story + headlines, title=None, captions=[]).kept
    assert kept == story


@pytest.mark.parametrize(
    "line", ["Lesen Sie auch", "Lesen Sie auch:", "À lire aussi :", "Leia também"]
)
def test_read_also_lines_are_teasers_not_end_markers(line: str) -> None:
    assert is_teaser_marker(line)
    assert not is_end_marker(line)


def test_a_read_also_teaser_takes_its_headline_and_the_story_goes_on() -> None:
    # Late in the story, and with less prose after it than an end marker would let stand.
    blocks = [Block("p", p) for p in STORY_DE[:2]] + [
        Block("p", "Lesen Sie auch"),
        Block("head", "Neue Buslinie für den Norden der Stadt"),
        Block("p", STORY_DE[2]),
    ]
    pruned = prune_blocks(blocks, title=None, captions=[])
    assert [b.text for b in pruned.kept] == STORY_DE
    assert [(i, r.rule) for i, r in pruned.removed] == [
        (2, "html.related_box"),
        (3, "html.related_box"),
    ]
