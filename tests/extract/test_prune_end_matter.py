"""End-matter markers of extract._html_prune in several languages, and what they cut."""

from __future__ import annotations

import pytest

from clipper.extract._html_prune import Block, is_end_marker, prune_blocks


@pytest.mark.parametrize(
    "line",
    [
        "Related articles",
        "Ähnliche Artikel",
        "Schlagwörter: Politik, Wahlen",
        "12 Kommentare",
        "Articles similaires",
        "À lire aussi :",
        "Artículos relacionados",
        "Leia também",
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
