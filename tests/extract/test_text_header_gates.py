"""The header reader's shortcuts (gates over the joined window, the body-word search, running
sums, packed matrices) answer exactly what the plain per-line tests answer."""

from __future__ import annotations

import numpy as np
import pytest

from clipper.extract.header.lines import (
    _BY_ALONE,
    _BY_GATE,
    _DATE_GATE,
    _DAY_DOT,
    _GLUED_AFTER,
    _GLUED_BEFORE,
    is_byline,
    parse_date_line,
)
from clipper.extract.header.page import _Joined, _Page
from clipper.extract.header.title import (
    _PAD,
    _PUNCT,
    N_CHEAP,
    TITLE_FEATURES,
    _has_word,
    _matrix,
    _prefix,
    title_candidates,
)
from clipper.rules import check_line

# Lines of every kind the gates sort: bylines (also indented, labelled, alone, in CJK), dates in
# several shapes, prose with a year in it, menus, and lines that look like bylines at a glance.
LINES = [
    "Skip to content",
    "Home",
    "News",
    "By",
    "Jane Doe",
    "  by Jane Doe",
    "Written by: John Smith",
    "Byline magazine",
    "Bylaws of the club",
    "Texte : Marie Dupont",
    "Autorin Anna Schmidt",
    "Von Peter Müller",
    "posted by admin",
    "Door Jan de Vries",
    "By the time the council voted in 2024, the plan had already been debated for three years "
    "by residents and shop owners.",
    "홍길동 기자",
    "田中太郎記者",
    "September 4, 2025",
    "Updated 2024-01-02 10:15",
    "ZeldmanNovember 20, 2007",
    "Jul. 11. 2025",
    "19-Dec-2025",
    "8/1/2025",
    "14.11.24",
    "© 2023 Example Media",
    "Council approves new bike lanes across the river",
    "The city council voted on Tuesday to expand the bike lane network across the river, a plan "
    "that had been debated for almost three years by residents and shop owners alike.",
    "x" * 200 + " by 2025",
    "Supporters said the new lanes would make commuting safer.",
    "Related stories",
]


def _page(lines: list[str], start: int) -> _Page:
    return _Page(lines, [check_line(line) for line in lines], start)


@pytest.mark.parametrize("start", [0, 5, 17, 26, len(LINES)])
def test_gated_line_tests_agree_with_the_plain_ones(start: int) -> None:
    page = _page(LINES, start)
    for i, line in enumerate(LINES):
        assert page.byline(i) == is_byline(line), line
        assert page.by_alone(i) == bool(_BY_ALONE.match(line)), line
        plain_date = parse_date_line(line) if len(line) <= 160 else None
        assert page.date(i) == plain_date, line
        hit = page.hits[i]
        if hit is None:
            plain_meta = len(line) <= 160 and (
                is_byline(line) or bool(_BY_ALONE.match(line)) or plain_date is not None
            )
        else:
            plain_meta = hit.rule.startswith("readtime")
        assert page.is_meta(i) == plain_meta, line


def test_read_meta_marks_the_same_lines_as_is_meta() -> None:
    page = _page(LINES, 17)
    page.read_meta()
    fresh = _page(LINES, 17)
    # read_meta fills the window's lines at once; is_meta on a fresh page asks one at a time.
    assert {i: page.is_meta(i) for i in page._adm} == {i: fresh.is_meta(i) for i in fresh._adm}
    assert any(page.is_meta(i) for i in page._adm)


def test_byline_gate_finds_every_byline_start() -> None:
    lines = [" \tBy Jane", "WRITTEN BY x", "words by", "Story by Al", "Reporting by Bo", "Hello"]
    scan = _Joined(lines, 0, len(lines), 160)
    found = scan.lines(_BY_GATE, 160, at_start=True)
    assert found == [0, 1, 2, 3, 4]
    # A block with a line break inside is scanned line by line, and still found.
    odd = ["a\nb", "By Jane Doe", "c"]
    assert _Joined(odd, 0, 3, 160).lines(_BY_GATE, 160, at_start=True) == [1]


@pytest.mark.parametrize(("lo", "hi"), [(0, 40), (0, 5), (10, 30), (25, 40), (38, 40)])
def test_dated_lines_match_a_scan_of_their_own(lo: int, hi: int) -> None:
    lines = LINES + ["Posted 2025-01-01", "Menu", "3/4/2024", "More"]
    page = _page(lines, 20)
    hi = min(hi, len(lines))
    plain = _Joined(lines, lo, hi, 120).lines(_DATE_GATE, 120)
    assert page.dated_lines(lo, hi, 120) == plain


@pytest.mark.parametrize(
    "text",
    [
        "the council voted, and the council's plan (approved) passed.",
        "«quoted» words—dashed—and e-mail, u.s. policy; “council” votes",
        "councillor councils council",
        "council\xa0votes\tpassed\nagain",
        "xcouncil council- -council- --council",
        "",
    ],
)
def test_has_word_agrees_with_the_stripped_token_set(text: str) -> None:
    words = {t.strip(_PUNCT) for t in text.split()}
    probes = ["council", "council's", "votes", "passed", "e-mail", "u.s", "policy", "plan", "dash"]
    for word in probes:
        assert _has_word(text, word) == (word in words), (text, word)


def test_running_sums_give_every_window_sum() -> None:
    flags = [True, False, True, True, False, False, True]
    run = _prefix(flags)
    pad = _PAD
    for a in range(-pad, len(flags) + 1):
        for b in range(a, len(flags) + pad + 1):
            want = sum(flags[max(0, a) : max(0, b)])
            assert run[b + pad] - run[a + pad] == want


def test_packed_matrix_equals_numpy_conversion() -> None:
    width = N_CHEAP
    values: list[list[float | bool | int]] = [
        [(k * 7 + j) % 3 == 0 if j % 2 else (k - j) / 3 for j in range(width)] for k in range(5)
    ]
    values[0][3] = 12
    rows = [dict(zip(TITLE_FEATURES[:width], v, strict=True)) for v in values]
    packed = _matrix(rows, width)
    assert packed.shape == (5, width)
    assert np.array_equal(packed, np.array(values, dtype=np.float64))
    # Writable, as the rows np.zeros gave before.
    packed[0, 0] = 1.0


def test_feature_rows_out_of_order_are_refused() -> None:
    names = list(TITLE_FEATURES[:N_CHEAP])
    names[0], names[1] = names[1], names[0]
    with pytest.raises(RuntimeError, match="out of step"):
        _matrix([dict.fromkeys(names, 0.0)], N_CHEAP)


def test_candidate_rows_carry_every_feature_by_name() -> None:
    blocks = [
        "Menu",
        "Council approves the budget for parks",
        "By Jane Doe",
        "March 3, 2024",
        *["The council voted on Tuesday to approve a budget that sets aside money for parks."] * 4,
    ]
    page = _Page(blocks, [None] * len(blocks), 4)
    cands, x = title_candidates(page)
    assert 1 in cands and x.shape == (len(cands), len(TITLE_FEATURES))
    row = dict(zip(TITLE_FEATURES, x[cands.index(1)], strict=True))
    assert row["before"] == 1.0 and row["next_byline"] == 1.0 and row["self_meta"] == 0.0
    # Lines a byline or date follows, counted towards the body start: the byline line is one.
    assert row["meta_rank"] == pytest.approx(np.log1p(1.0))


def test_month_patterns_fix_glued_dates() -> None:
    assert _GLUED_BEFORE.sub(" ", "ZeldmanNovember 20, 2007") == "Zeldman November 20, 2007"
    assert _GLUED_AFTER.sub(r"\1 ", "October 17, 20236:01 PM") == "October 17, 2023 6:01 PM"
    assert _DAY_DOT.sub(r"\1, \2", "jul. 11. 2025") == "jul. 11, 2025"
    # Not a month: left alone.
    assert _GLUED_BEFORE.sub(" ", "abcZenith 20, 2007") == "abcZenith 20, 2007"
