"""What a page URL gives copied text: the slug's words that pick the title, and the day."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from clipper import clean_text
from clipper.extract._slug import fold, slug_words, words
from clipper.metadata.dates import date_in_url


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


@pytest.mark.parametrize(
    ("url", "day"),
    [
        ("https://example.com/2025/12/18/council-votes", "2025-12-18"),
        ("https://example.com/news/2023/october/3/council-votes/", "2023-10-03"),
        ("https://example.com/council-votes-2025-12-18", None),
        ("https://blog.example.fr/articles/2025-12-15+Rust+GCC+backend", "2025-12-15"),
        ("https://example.com/p/2021-06-17-notes.html", "2021-06-17"),
        ("https://example.com/2024-25-season/", None),
        ("https://example.com/2025/13/18/council-votes", None),
        ("http://[::1", None),
        (None, None),
    ],
)
def test_date_in_url(url: str | None, day: str | None) -> None:
    found = date_in_url(url)
    assert (found.value if found else None) == day


_DATED = "\n".join(
    ["Why tomatoes split after heavy rain", "By Jane Doe", "May 5, 2024 9:30 a.m. ET"]
)


def test_copied_text_takes_the_day_from_the_url() -> None:
    body = "\n".join([_PARA] * 5)
    # No date line: the URL's day.
    undated = clean_text(f"Why tomatoes split\n{body}", "https://example.com/2024/05/06/x-y")
    assert undated.published == "2024-05-06" and undated.published_tz is None
    # A date line on the URL's day keeps its time and offset.
    same = clean_text(f"{_DATED}\n{body}", "https://example.com/2024/05/05/why-tomatoes-split")
    assert same.published is not None and same.published.startswith("2024-05-05T09:30")
    # One that disagrees gives way to the URL (a later edit, or UTC for a local evening).
    other = clean_text(f"{_DATED}\n{body}", "https://example.com/2024/05/04/why-tomatoes-split")
    assert other.published == "2024-05-04"
    # Without a URL, the date line.
    alone = clean_text(f"{_DATED}\n{body}")
    assert alone.published is not None and alone.published.startswith("2024-05-05T09:30")


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("/%-_.?#[]:")))
def test_any_url_is_read_without_raising(text: str, url: str) -> None:
    # A URL is whatever a scraper or a WARC record gave: never an error, at worst no slug.
    assert isinstance(slug_words(url), frozenset)
    assert isinstance(slug_words("https://example.com/" + url), frozenset)
    found = date_in_url(url)
    assert found is None or found.value[:2] in ("19", "20")
    assert isinstance(words(text), frozenset)
