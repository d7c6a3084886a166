import pytest

from clipper.rules import check_line


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("Comment 0", "comments.widget"),
        ("Comments (12)", "comments.widget"),
        ("0/300", "comments.counter"),
        ("0 / 1000", "comments.counter"),
        ("27 comments", "comments.count"),
        ("Leave a Reply", "comments.widget"),
        ("댓글 3", "comments.widget"),
        ("Join the conversation", "comments.widget"),
    ],
)
def test_comment_widgets(line: str, rule: str) -> None:
    hit = check_line(line)
    assert hit is not None and hit.rule == rule


def test_sentence_about_comments_is_kept() -> None:
    assert check_line("The company did not respond to a request for comment on Monday.") is None
    assert check_line("In 2019, 300/300 delegates voted for the measure.") is None


def test_a_rating_is_not_a_character_counter() -> None:
    hit = check_line("0 / 1000")
    assert hit is not None and hit.rule == "comments.counter"
    assert check_line("5 / 10") is None
