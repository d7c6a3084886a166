import pytest

from clipper.rules import check_line


@pytest.mark.parametrize(
    "line",
    [
        "2 Min read",
        "5 minute read",
        "Reading time: 4 minutes",
        "Lesezeit: 3 Min.",
        "3분 읽기",
        "12K views",
    ],
)
def test_reading_time_lines(line: str) -> None:
    hit = check_line(line)
    assert hit is not None and hit.rule.startswith("readtime."), (line, hit)


def test_sentence_with_minutes_is_kept() -> None:
    assert check_line("The drive took 45 minutes in heavy rain.") is None
