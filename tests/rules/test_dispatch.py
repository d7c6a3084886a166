import random
import re
from string import ascii_lowercase

from clipper.rules import RULES, Hit, check_line, check_lines, clean_blocks
from clipper.rules.base import Gate, LineTest, max_len_of
from clipper.rules.captions import beside_credits

# Lines that some rule removes, and lines close to them that no rule should.
SEEDS = [
    "KOSPI 2672.26 +15.93 +0.60%",
    "2,672.26 ▲15.93 0.60%",
    "Market Data",
    "Write to Jane Doe at jane.doe@wsj.com and John Roe at john.roe@wsj.com",
    "and jane@example.com",
    "—Gordon Lubold contributed to this article.",
    "Additional reporting by Jane Doe; Editing by John Roe",
    "Copyright 2024 The Example Times. All rights reserved.",
    "© 2023 Example Media",
    "ⓒ 연합뉴스, 무단 전재 및 재배포 금지",
    "This article originally appeared in The Conversation.",
    "Distributed by Tribune Content Agency.",
    "▲ A ferry leaves the harbour at dawn",
    "Photo by Lee Jun on Unsplash",
    "Demonstrators march in Paris on Sunday. (AP Photo/Jean Dupont)",
    "The senator speaks to reporters. Anna Moneymaker/Getty Images",
    "Getty Images",
    "Caption: a quiet street",
    "5 min read",
    "Lesezeit: 3 Min.",
    "1.2K views",
    "0/300",
    "12 comments",
    "Leave a comment",
    "Skip to main content",
    "Home > News > World",
    "Home / Politics",
    "Facebook Twitter LinkedIn Email",
    "| Facebook | Twitter",
    "Sign up for our newsletter to get the daily briefing",
    "We use cookies to improve your experience.",
    "Read more: The market closed higher",
    "ALSO READ | Rains lash the coast",
    "Share",
    "Advertisement",
    "Comments (12)",
    "The index rose 15.93 points, or 0.6%, to 2672.26 on Tuesday.",
    "She wrote to him at home, by the sea, about the image on the cover.",
    "Reading the source code is the best photo of a program, she said.",
    "Rock / Paper",
    "",
    "   ",
]
# Case the `re` way and `str.lower` disagree on, digits beyond ASCII, white space and bullets.
ODD = ["İ", "ı", "ſ", "K", "Σ", "٣", "\u00a0", "\t", "• ", "  ", "ⓒ", "Ⓒ", "/", ":", "\u0307"]


def _reference(line: str) -> Hit | None:
    """The rules in priority order, every one asked: what the gates must never change."""
    if not line or line.isspace():
        return None
    for rule in RULES:
        if len(line) <= max_len_of(rule):
            hit = rule(line)
            if hit is not None:
                return hit
    return None


def _variants(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        line = rng.choice(SEEDS)
        for _ in range(rng.randint(1, 3)):
            op = rng.randrange(6)
            i = rng.randint(0, len(line))
            if op == 0:
                line = line.upper()
            elif op == 1:
                line = line[:i] + rng.choice(ODD) + line[i:]
            elif op == 2:
                line = line.replace("i", "İ").replace("s", "ſ")
            elif op == 3:
                line = line + " " + rng.choice(SEEDS)
            elif op == 4:
                line = rng.choice(ODD) + line
            else:
                line = "word " * rng.randint(1, 150) + line
        out.append(line)
    return out


def test_gated_dispatch_removes_what_every_rule_asked_in_turn_removes() -> None:
    lines = SEEDS + _variants(7, 3000)
    # The one verdict that looks at a neighbour (a caption sign before a credit line) is
    # made after the per-line ones, in both.
    assert check_lines(lines) == beside_credits(lines, [_reference(line) for line in lines])
    # One line at a time, and a clipping of one line, give the same verdicts.
    assert [check_line(line) for line in lines[:300]] == [_reference(x) for x in lines[:300]]


def test_blocks_with_line_breaks_and_lower_casing_that_lengthens_text() -> None:
    lines = ["İİİ Home > News > World", "a\nb 12 comments", "İ" * 50, "Share", "5 min read"]
    assert check_lines(lines) == [_reference(line) for line in lines]
    assert [h.rule if h else None for h in check_lines(lines)][-2:] == [
        "promo.share",
        "readtime.minutes",
    ]


def test_each_gate_lets_through_every_line_its_rule_removes() -> None:
    for line in SEEDS + _variants(11, 2000):
        for rule in RULES:
            gate = getattr(rule, "gate", None)
            if isinstance(gate, Gate) and len(line) <= max_len_of(rule) and rule(line):
                assert gate.holds(line), (rule, line)


def test_case_insensitive_patterns_only_stretch_to_the_letters_the_caption_gate_lists() -> None:
    # The caption gate compares lower-cased text, while its patterns ignore case the `re` way:
    # these are all the characters where the two part (and the gate lists each as a needle).
    letter = re.compile("[a-z]", re.IGNORECASE)
    odd = {
        ch
        for cp in range(0x110000)
        if not 0xD800 <= cp <= 0xDFFF
        and letter.fullmatch(ch := chr(cp))
        and ch.lower() not in ascii_lowercase
    }
    assert odd == {"İ", "ı", "ſ"}
    assert "İ".lower() == "i\u0307"


def test_clean_blocks_uses_the_same_verdicts() -> None:
    lines = _variants(3, 400)
    result = clean_blocks(lines)
    hits = [_reference(line) for line in lines]
    assert result.kept == [line for line, hit in zip(lines, hits, strict=True) if hit is None]
    assert [r.rule for r in result.removed] == [h.rule for h in hits if h is not None]


def test_user_rules_still_run_first() -> None:
    def everything(line: str) -> Hit | None:
        return Hit("site.all")

    extra: list[LineTest] = [everything]
    assert [h.rule if h else None for h in check_lines(["Share", "prose", ""], extra)] == [
        "site.all",
        "site.all",
        None,
    ]


def test_repeated_lines_get_the_same_verdict_and_user_functions_see_every_line() -> None:
    lines = ["Share", "A sentence of the story.", "Share", "5 min read", "Share"]
    hits = check_lines(lines)
    assert [h.rule if h else None for h in hits] == [
        "promo.share",
        None,
        "promo.share",
        "readtime.minutes",
        "promo.share",
    ]
    seen: list[str] = []

    def counting(line: str) -> Hit | None:
        seen.append(line)
        return None

    assert check_lines(lines, [counting]) == hits
    assert seen == lines
