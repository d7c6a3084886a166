"""Headline clean-up in title.py: mojibake, pipe tails, label and site prefixes, host names."""

import pytest

from clipper.metadata.title import (
    cut_pipe_tail,
    repair_mojibake,
    strip_label_prefix,
    strip_site_suffix,
    strip_source_credit,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A DIY Investor\u00e2\u0080\u0099s Guide", "A DIY Investor\u2019s Guide"),
        ("It\u00e2\u20ac\u2122s here", "It\u2019s here"),
        ("Caf\u00c3\u00a9 au lait", "Caf\u00e9 au lait"),
        ("JOHNSON\u00e2\u0080\u0099S\u00c2\u00ae", "JOHNSON\u2019S\u00ae"),
        # Real Latin-1 text stays: it does not round-trip as UTF-8.
        ("Cr\u00e8me br\u00fbl\u00e9e", "Cr\u00e8me br\u00fbl\u00e9e"),
        ("S\u00c3O PAULO", "S\u00c3O PAULO"),
    ],
)
def test_repair_mojibake(text: str, expected: str) -> None:
    assert repair_mojibake(text) == expected


def test_cut_pipe_tail() -> None:
    assert cut_pipe_tail("Best Movers in NYC 2025 | Top 19 Companies") == "Best Movers in NYC 2025"
    assert cut_pipe_tail("How sleep works | Patient Education | Hospital") == "How sleep works"
    # Too short before the pipe to be the headline; dashes and colons are the headline's own.
    assert cut_pipe_tail("Rust | Why and how") == "Rust | Why and how"
    assert cut_pipe_tail("Follow-up: what - happened next") == "Follow-up: what - happened next"


def test_strip_label_prefix() -> None:
    assert strip_label_prefix("Blog: Best Social Media Agencies in 2025") == (
        "Best Social Media Agencies in 2025"
    )
    assert (
        strip_label_prefix("Blogging: a guide for beginners") == "Blogging: a guide for beginners"
    )


@pytest.mark.parametrize(
    ("title", "site", "url", "expected"),
    [
        ("Garnix Blog: Hardware-Attested Nix Builds", None, "https://garnix.io/b", "Hardware-Attested Nix Builds"),
        # A headline that starts with the brand and a colon is the headline.
        ("Docker Hardened Images: Security Validated", "Docker", "https://www.docker.com/b", "Docker Hardened Images: Security Validated"),
        ("davidbau.com Vibe Coding", None, "https://davidbau.com/archives/x.html", "Vibe Coding"),
        ("Vibe Coding davidbau.com", None, "https://www.davidbau.com/x", "Vibe Coding"),
        # A headline that starts with the brand is not the site name.
        ("Gardenary Planting vs. Ordinary Planting • Gardenary", "Gardenary", None, "Gardenary Planting vs. Ordinary Planting"),
        ("Storm hits coast - Freightwaves Checkpoint", None, "https://www.freightwaves.com/x", "Storm hits coast"),
    ],
)  # fmt: skip
def test_site_prefixes_and_hosts(title: str, site: str | None, url: str, expected: str) -> None:
    assert strip_site_suffix(title, site, url) == expected


def test_strip_source_credit() -> None:
    assert strip_source_credit("Grads find no jobs (latimes.com)") == "Grads find no jobs"
    assert strip_source_credit("Coffee (1792)") == "Coffee (1792)"
    assert strip_source_credit("What is Node.js (and why)") == "What is Node.js (and why)"
