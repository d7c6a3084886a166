"""The URL slug's words, and the title they help pick in copied text."""

from __future__ import annotations

import pytest

from clipper import clean_text
from clipper.extract._slug import fold, slug_words, words


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://example.com/2024/05/how-to-make-furniture.html",
            {"how", "to", "make", "furniture"},
        ),
        ("https://example.com/p/backup-strategy/", {"backup", "strategy"}),
        # An id at the end: the part before it holds the headline.
        (
            "https://example.com/ideas/2025/12/agentic-government-work/410242",
            {"agentic", "government", "work"},
        ),
        # One word: topped up with the part before it.
        ("https://example.com/identity-theft/best/", {"best", "identity", "theft"}),
        (
            "https://example.com/blog/metasploit-wrap-up-12-19-2025",
            {"metasploit", "wrap", "up", "12", "19", "2025"},
        ),
        ("https://example.fr/actualite/caf%C3%A9-m%C3%BCller-ferme", {"cafe", "muller", "ferme"}),
        ("https://example.com/index.php?id=7", {"index"}),
    ],
)
def test_slug_words(url: str, expected: set[str]) -> None:
    assert slug_words(url) == expected


@pytest.mark.parametrize(
    "url", [None, "", "https://example.com/", "https://example.com/2024/05/12345", "http://[::1"]
)
def test_no_slug(url: str | None) -> None:
    assert slug_words(url) == frozenset()


def test_fold_and_words_match_a_slug() -> None:
    assert fold("Le Café Müller") == "le cafe muller"
    assert fold("Straße") == "strasse"
    assert fold("“Quoted” – dash") == "“quoted” – dash"
    assert words("Porting an HTML5 Parser to Swift!") == {
        "porting",
        "an",
        "html5",
        "parser",
        "to",
        "swift",
    }


_PARA = (
    "The council met on Tuesday evening and voted for the plan after a long debate about "
    "costs, and residents said they were pleased with the result of the vote."
)
_PAGE = "\n".join(
    [
        "Home",
        "News",
        "Gardening",
        "Why tomatoes split after heavy rain",
        "Pruning roses in winter: what the experts say",
        "By Jane Doe",
        "May 5, 2024",
        *[_PARA] * 5,
    ]
)


def test_the_slug_decides_between_two_headlines() -> None:
    text_alone = clean_text(_PAGE).title
    first = clean_text(_PAGE, "https://example.com/garden/why-tomatoes-split-after-heavy-rain")
    second = clean_text(_PAGE, "https://example.com/2024/05/pruning-roses-in-winter.html")
    assert first.title == "Why tomatoes split after heavy rain"
    assert second.title == "Pruning roses in winter: what the experts say"
    # A URL without a slug leaves the text-alone pick.
    assert clean_text(_PAGE, "https://example.com/2024/05/12345").title == text_alone
