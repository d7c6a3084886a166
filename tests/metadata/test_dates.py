"""Dates at the source's precision, with the source's offset, never an invented time."""

import pytest

from clipper.metadata.dates import ParsedDate, other_words, parse_date, parse_iso


@pytest.mark.parametrize(
    ("text", "value", "tz"),
    [
        ("2023-09-05T14:03:00+09:00", "2023-09-05T14:03:00+09:00", "+09:00"),
        ("2023-09-05T05:03:00Z", "2023-09-05T05:03:00+00:00", "+00:00"),
        ("2023-09-05T14:03:00.123-0400", "2023-09-05T14:03:00-04:00", "-04:00"),
        ("2023-09-05T14:03", "2023-09-05T14:03:00", None),
        ("2023-09-05", "2023-09-05", None),
        ("2023-09", "2023-09", None),
        ("2024-05-09 00:00:00 +0000", "2024-05-09T00:00:00+00:00", "+00:00"),
    ],
)
def test_parse_iso(text: str, value: str, tz: str | None) -> None:
    assert parse_iso(text) == ParsedDate(value, tz)


@pytest.mark.parametrize(
    ("text", "value", "tz"),
    [
        ("Sep 05, 2023 (Gmt+09:00)", "2023-09-05", "+09:00"),
        ("September 5, 2023", "2023-09-05", None),
        ("5 September 2023", "2023-09-05", None),
        ("Published March 3, 2022 at 4:30 p.m. ET", "2022-03-03T16:30:00-05:00", "-05:00"),
        ("2023년 9월 5일 오후 2:03", "2023-09-05T14:03:00", None),
        ("2023.09.05", "2023-09-05", None),
        ("25/12/2023", "2023-12-25", None),
        ("12.12.2025", "2025-12-12", None),
        ("05.09.2023", "2023-09-05", None),
        ("4/4/2024", "2024-04-04", None),
    ],
)
def test_parse_date(text: str, value: str, tz: str | None) -> None:
    assert parse_date(text) == ParsedDate(value, tz)


@pytest.mark.parametrize("text", ["", "no date here", "05/09/2023", "2023-13-45", "1234"])
def test_no_date(text: str) -> None:
    assert parse_date(text) is None


def test_day() -> None:
    assert ParsedDate("2023-09-05T14:03:00+09:00", "+09:00").day == "2023-09-05"


def test_other_words_leave_out_the_date_itself() -> None:
    assert other_words("Published on Tuesday, May 3, 2025 at 4pm ET") == ["Published", "on"]
    assert other_words("12 November 2025") == []
    assert len(other_words("As of July 31, 2025, the FDA has received:")) == 5
