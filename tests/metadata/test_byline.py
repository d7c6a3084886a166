"""Bylines: people, outlets, role words, names never cut in two."""

import pytest

from clipper.metadata.byline import is_outlet, looks_like_handle, parse_byline, split_authors


@pytest.mark.parametrize(
    ("line", "authors", "outlets"),
    [
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe"), ()),
        ("By Ann Lee, Bo Chen and Cy Young", ("Ann Lee", "Bo Chen", "Cy Young"), ()),
        ("Maria Garcia & Tom Baker", ("Maria Garcia", "Tom Baker"), ()),
        ("By Martin Luther King Jr.", ("Martin Luther King Jr.",), ()),
        ("By Jane Doe, Staff Writer", ("Jane Doe",), ()),
        ("Senior Reporter Sam Park", ("Sam Park",), ()),
        ("홍길동 기자", ("홍길동",), ()),
        ("By Kim Lee, Reuters", ("Kim Lee",), ("Reuters",)),
        ("Brian Truitt USA TODAY", ("Brian Truitt",), ("USA TODAY",)),
        ("By The Wall Street Journal", (), ("The Wall Street Journal",)),
        ("By Jane Doe jane.doe@example.com", ("Jane Doe",), ()),
        ("BySummer Swann", ("Summer Swann",), ()),
        ("By Byron Smith", ("Byron Smith",), ()),
        ("By: Cazzy Magennis Last updated May 3, 2024", ("Cazzy Magennis",), ()),
        ("Dec. 19, 2025 · Niko Matsakis on behalf of the Vision Doc group", ("Niko Matsakis",), ()),
        ("CM Craig McCarthy", ("Craig McCarthy",), ()),
        ("By Ann Lee on May 5, 2024", ("Ann Lee",), ()),
        ("Posted by BeauHD on Friday December 19, 2025 @08:00PM", ("BeauHD",), ()),
    ],
)
def test_parse_byline(line: str, authors: tuple[str, ...], outlets: tuple[str, ...]) -> None:
    parsed = parse_byline(line)
    assert parsed.authors == authors
    assert parsed.outlets == outlets


def test_emails_kept_apart() -> None:
    assert parse_byline("By Jane Doe jane.doe@example.com").emails == ("jane.doe@example.com",)


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Ann Lee, Bo Kim, and Cy Young", ("Ann Lee", "Bo Kim", "Cy Young")),
        ("By Ann Lee, Bo Kim, & Cy Young", ("Ann Lee", "Bo Kim", "Cy Young")),
        ("Von Anna Schmidt, Jan Weber, und Eva Roth", ("Anna Schmidt", "Jan Weber", "Eva Roth")),
        ("By Martin Luther King, Jr., and Ann Lee", ("Martin Luther King, Jr.", "Ann Lee")),
        ("By Jane Doe, MD, and Ann Lee", ("Jane Doe, MD", "Ann Lee")),
    ],
)
def test_serial_comma_keeps_the_last_name(line: str, authors: tuple[str, ...]) -> None:
    assert parse_byline(line).authors == authors


def test_credentials_stay_with_their_name() -> None:
    assert split_authors("Jane Doe, MD and John Roe") == ["Jane Doe, MD", "John Roe"]
    assert parse_byline("By Jane Doe, MD").authors == ("Jane Doe, MD",)


@pytest.mark.parametrize("name", ["Reuters", "The Associated Press", "Example News", "cnn.com"])
def test_outlets(name: str) -> None:
    assert is_outlet(name)


@pytest.mark.parametrize("name", ["Jane Doe", "Martin Luther King Jr."])
def test_people_are_not_outlets(name: str) -> None:
    assert not is_outlet(name)


@pytest.mark.parametrize(
    ("line", "authors"),
    [("SEO", ()), ("The Commercial Appeal", ()), ("Privacy Policy", ()), ("Login", ())],
)
def test_labels_are_not_people(line: str, authors: tuple[str, ...]) -> None:
    assert parse_byline(line).authors == authors


def test_handles() -> None:
    assert looks_like_handle("aawoods")
    assert looks_like_handle("q_admin")
    assert not looks_like_handle("admin")
    assert not looks_like_handle("Jane Doe")


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Shelby Loos, DVM", ("Shelby Loos, DVM",)),
        ("Rebecca Lake, CEPF®", ("Rebecca Lake, CEPF®",)),
        ("Michael Greger, M.D. FACLM", ("Michael Greger, M.D. FACLM",)),
        ("Jane Doe, MD and John Roe, PhD", ("Jane Doe, MD", "John Roe, PhD")),
    ],
)
def test_credentials_as_written(line: str, authors: tuple[str, ...]) -> None:
    assert parse_byline(line).authors == authors


def test_template_keys_are_not_handles() -> None:
    assert not looks_like_handle("page.head.extra.author")
    assert looks_like_handle("sara.r.peter")


@pytest.mark.parametrize(
    "label",
    ["Community Development", "Category Tags", "Certified Pediatric Sleep Consultant", "NOC Admin"],
)
def test_widget_labels_are_not_people(label: str) -> None:
    assert parse_byline(label).authors == ()


@pytest.mark.parametrize("name", ["Steve Case", "Larry Page", "Rose Marketing-Smith"])
def test_names_that_look_like_words_stay(name: str) -> None:
    assert parse_byline(f"By {name}").authors == (name,)
