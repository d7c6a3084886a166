"""Site-name suffixes come off headlines; headlines' own punctuation stays."""

import pytest

from clipper.metadata.title import same_title, strip_generic_suffix, strip_site_suffix


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        ("Budget talks stall | Example Times", "Example Times", None, "Budget talks stall"),
        ("Budget talks stall - The Example Times", "Example Times", None, "Budget talks stall"),
        ("Example Times :: Budget talks stall", "Example Times", None, "Budget talks stall"),
        ("Budget talks stall – Artlyst", None, "https://artlyst.com/x", "Budget talks stall"),
        ("Follow-up: what happened next", "Example Times", None, "Follow-up: what happened next"),
        (
            "Rust 2024 - what changed | Section | Example",
            "Example",
            None,
            "Rust 2024 - what changed | Section",
        ),
        ("Example Times", "Example Times", None, "Example Times"),
    ],
)
def test_strip_site_suffix(title: str, site: str | None, url: str | None, expected: str) -> None:
    assert strip_site_suffix(title, site, url) == expected


def test_generic_suffix() -> None:
    assert strip_generic_suffix("How to prune roses well | Gardening") == "How to prune roses well"
    assert strip_generic_suffix("Roses | Gardening") == "Roses | Gardening"


def test_same_title() -> None:
    assert same_title("Rates Rise  Again!", "rates rise again")
    assert not same_title("Rates rise", None)
