"""The three sentence-end tests are built from one punctuation lexicon and stay as they were."""

from __future__ import annotations

import pytest

from clipper.extract import _html_prune, _prose, html
from clipper.extract.linemodel import chars

# The patterns as each module spelled them before they shared `clipper.lexicon.punctuation`
# (the pruner's has counted Chinese and Japanese full stops since issue 17: a Japanese paragraph
# is no headline of a teaser list).
BEFORE = {
    "prose": r"(?:[.!?。！？…:;]|[다요])[\"”’')\]]*$",
    "html_prune": r"[.!?。！？:;…]['\"”’)]*$",
    "html": r"[.!?。！？…]['\"”’)]*$",
}
NOW = {
    "prose": _prose.SENTENCE_END,
    "html_prune": _html_prune._SENTENCE_END,
    "html": html._SENTENCE_END,
}


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_each_pattern_is_spelled_as_before(name: str) -> None:
    assert NOW[name].pattern == BEFORE[name]


@pytest.mark.parametrize(
    ("line", "prose", "html_prune", "html_"),
    [
        ("He left.", True, True, True),
        ("“He left.”", True, True, True),
        ("(He left.)]", True, False, False),
        ("他走了。", True, True, True),
        ("Read more:", True, True, False),
        ("갔습니다", True, False, False),
        ("Home | News", False, False, False),
    ],
)
def test_what_differs_between_them(line: str, prose: bool, html_prune: bool, html_: bool) -> None:
    found = {name: bool(pattern.search(line)) for name, pattern in NOW.items()}
    assert found == {"prose": prose, "html_prune": html_prune, "html": html_}


def test_the_line_model_counts_the_same_stops() -> None:
    assert chars._SENT_CHARS == ".!?。！？…"
