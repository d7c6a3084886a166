import pytest

from clipper.rules import check_line


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Skip to main content", "navigation.skip"),
        ("Jump to navigation", "navigation.skip"),
        ("Menu", "navigation.menu"),
        ("Sign In", "navigation.menu"),
        ("본문 바로가기", "navigation.menu"),
        ("Zum Inhalt springen", "navigation.menu"),
        ("Home > News > World", "navigation.breadcrumb"),
        ("Home / Politics", "navigation.breadcrumb"),
    ],
)
def test_navigation(line: str, rule: str) -> None:
    hit = check_line(line)
    assert hit is not None and hit.rule == rule, (line, hit)


def test_headline_with_slash_is_kept() -> None:
    assert check_line("Rock / Paper / Scissors") is None
    assert check_line("Search and rescue teams reached the village on Tuesday night.") is None
