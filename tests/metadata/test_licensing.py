"""Syndication markers in plain text."""

import pytest

from clipper.metadata.licensing import find_licensor


@pytest.mark.parametrize(
    ("text", "licensor"),
    [
        ("WASHINGTON (Reuters) - The Federal Reserve held rates.", "Reuters"),
        ("SEOUL, Sept 5 (Yonhap) -- North Korea said", "Yonhap"),
        ("NEW YORK (AP) — Stocks fell on Monday.", "AP"),
        ("The rally faded.\n— The Associated Press", "The Associated Press"),
        (
            "Body text.\nThis article originally appeared in The Conversation on May 5.",
            "The Conversation",
        ),
        ("Body.\nThis story was originally published by ProPublica.", "ProPublica"),
        ("Body.\nDistributed by Tribune Content Agency, LLC.", "Tribune Content Agency"),
        ("Content licensed from Kaiser Health News.", "Kaiser Health News"),
        ("Republished with permission from Grist.", "Grist"),
        ("(서울=연합뉴스) 홍길동 기자 = 북한이 5일 미사일을 발사했다.", "연합뉴스"),
        ("【ワシントン=共同】米政府は5日、発表した。", "共同"),
    ],
)
def test_finds_licensor(text: str, licensor: str) -> None:
    assert find_licensor(text) == licensor


@pytest.mark.parametrize(
    "text",
    [
        "",
        "The company (which declined to comment) - said nothing.",
        "He said the law (HB 12) - passed.",
        "A plain article with no credit at all.",
        "The guide was first published in March 2022. Last updated today.",
        "NEW YORK (WABC) -- A moving company is under investigation.",
        "Body.\n— Staff",
    ],
)
def test_no_licensor(text: str) -> None:
    assert find_licensor(text) is None


def test_own_publisher_is_not_syndication() -> None:
    assert find_licensor("LONDON (Reuters) - Shares rose.", publisher="Reuters") is None


def test_originally_published_at_sentence_start() -> None:
    assert find_licensor("Body ends.\nOriginally published by Grist on May 5.") == "Grist"
