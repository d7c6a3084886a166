"""Header of copied text: title, byline and date lines picked from made-up clippings."""

from __future__ import annotations

import pytest

from clipper.extract.header.byline import byline_authors, byline_text
from clipper.extract.header.dates import _labelled_date
from clipper.extract.header.lines import _DATE_GATE, is_byline
from clipper.extract.header.page import _Joined, _Page
from clipper.extract.header.reader import HeaderLines, find_header
from clipper.extract.header.title import TITLE_FEATURES, rank_titles, title_ranker
from clipper.extract.text import extract_text
from clipper.metadata.dates import parse_date_line
from clipper.models import CleanOptions
from clipper.rules import check_line

PARAS_EN = [
    "The city council voted on Tuesday to expand the bike lane network across the river, a plan "
    "that had been debated for almost three years by residents and shop owners alike.",
    "Supporters said the new lanes would make commuting safer, while critics worried about "
    "parking and deliveries on the narrow streets of the old town centre.",
    "Work is due to start in the spring and should be finished before the end of next year, "
    "according to the transport department, which will publish a detailed timetable.",
]


def _header(lines: list[str], body_start: int) -> HeaderLines:
    hits = [check_line(line) for line in lines]
    return find_header(lines, hits, body_start)


def _page(head: list[str], paras: list[str] = PARAS_EN) -> tuple[list[str], int]:
    nav = ["Skip to content", "Home", "News", "Sport", "Culture", "Subscribe"]
    lines = nav + head + paras + ["Related stories", "Privacy policy", "Contact us"]
    return lines, len(nav) + len(head)


def test_english_title_byline_date() -> None:
    lines, start = _page(
        [
            "Local",
            "Council approves new bike lanes across the river",
            "By Jane Doe",
            "September 4, 2025",
        ]
    )
    head = _header(lines, start)
    assert head.title is not None and lines[head.title].startswith("Council approves")
    assert head.byline is not None and lines[head.byline] == "By Jane Doe"
    assert head.published is not None and head.published.value == "2025-09-04"
    assert head.modified is None


def test_by_alone_then_name_and_updated_line() -> None:
    lines, start = _page(
        [
            "Council approves new bike lanes across the river",
            "by",
            "Jane Doe",
            "Published June 10, 2025",
            "Updated on June 18, 2025 at 12:35 PM",
        ]
    )
    head = _header(lines, start)
    assert head.byline is not None and lines[head.byline] == "Jane Doe"
    assert head.published is not None and head.published.value == "2025-06-10"
    # The time is the one printed, without an offset the page did not give.
    assert head.modified is not None and head.modified.value == "2025-06-18T12:35:00"


def test_label_on_the_line_above_marks_the_update() -> None:
    lines, start = _page(
        [
            "Council approves new bike lanes across the river",
            "Published: 5 September 2023",
            "Last updated:",
            "6 September 2023",
        ]
    )
    head = _header(lines, start)
    assert head.published is not None and head.published.value == "2023-09-05"
    assert head.modified is not None and head.modified.value == "2023-09-06"


def test_only_an_update_date_stands_in_for_published() -> None:
    lines, start = _page(
        ["Council approves new bike lanes across the river", "Updated Sep 05, 2023 (Gmt+09:00)"]
    )
    head = _header(lines, start)
    assert head.published is not None
    assert head.published.value == "2023-09-05"
    assert head.published.tz == "+09:00"


def test_name_with_role_and_read_time_is_the_byline() -> None:
    lines, start = _page(
        ["Council approves new bike lanes across the river", "Maria Lopez | SEO | 8 min Read"]
    )
    draft = extract_text("\n".join(lines), CleanOptions(use_model=False))
    assert draft.title == "Council approves new bike lanes across the river"
    assert draft.authors == ["Maria Lopez"]


PARAS_KO = [
    "서울시는 5일 한강을 가로지르는 자전거 도로망을 확대하는 계획을 발표했다. 시는 내년 말까지 "
    "공사를 마칠 예정이라고 밝혔으며 시민들의 의견을 더 듣겠다고 말했다.",
    "찬성하는 쪽은 출퇴근길이 더 안전해질 것이라고 말했고, 반대하는 쪽은 주차와 배달 문제를 "
    "걱정했다. 시는 다음 달 구체적인 일정을 공개할 계획이다.",
]


def test_korean_reporter_and_input_time() -> None:
    lines, start = _page(
        ["사회", "서울시, 한강 자전거 도로망 확대한다", "홍길동 기자", "입력 2023-09-05 14:03"],
        PARAS_KO,
    )
    head = _header(lines, start)
    assert head.title is not None and lines[head.title] == "서울시, 한강 자전거 도로망 확대한다"
    assert head.byline is not None and lines[head.byline] == "홍길동 기자"
    assert head.published is not None and head.published.value == "2023-09-05T14:03:00"
    draft = extract_text("\n".join(lines), CleanOptions(use_model=False))
    assert draft.authors == ["홍길동"]


PARAS_DE = [
    "Der Stadtrat hat am Dienstag beschlossen, das Radwegenetz über den Fluss hinweg auszubauen. "
    "Über den Plan war fast drei Jahre lang gestritten worden.",
    "Befürworter sagen, die neuen Wege machten den Weg zur Arbeit sicherer, Kritiker sorgen sich "
    "um Parkplätze und Lieferungen in den engen Straßen der Altstadt.",
]


def test_german_von_byline_and_day_first_date() -> None:
    lines, start = _page(
        [
            "Stadtrat beschließt neue Radwege über den Fluss",
            "Von Anna Schmidt",
            "5. September 2023",
        ],
        PARAS_DE,
    )
    head = _header(lines, start)
    assert head.title is not None and lines[head.title].startswith("Stadtrat")
    assert head.byline is not None and lines[head.byline] == "Von Anna Schmidt"
    assert head.published is not None and head.published.value == "2023-09-05"


PARAS_JA = [
    "東京都は五日、川を渡る自転車道のネットワークを拡大する計画を発表した。工事は来年の春に始まり、"
    "年末までに終わる予定だという。",
    "賛成する人々は通勤がより安全になると話し、反対する人々は駐車や配達への影響を心配している。"
    "都は来月、詳しい日程を公表する。",
]


def test_japanese_title_and_kanji_date() -> None:
    lines, start = _page(
        ["東京都、川を渡る自転車道を拡大へ", "2023年9月5日 14:03", "山田太郎 記者"], PARAS_JA
    )
    head = _header(lines, start)
    assert head.title is not None and lines[head.title] == "東京都、川を渡る自転車道を拡大へ"
    assert head.published is not None and head.published.value == "2023-09-05T14:03:00"
    assert head.byline is not None and lines[head.byline] == "山田太郎 記者"


def test_clean_clipping_has_no_title_line() -> None:
    head = _header(PARAS_EN, 0)
    assert head.title is None
    assert head.published is None


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("September 4, 2025", "2025-09-04"),
        ("by Jeffrey ZeldmanNovember 20, 2007", "2007-11-20"),
        ("Mar 27, 20255 mins", "2025-03-27"),
        ("By Jayesh Shinde | Updated on 19-Dec-2025", "2025-12-19"),
        ("8/1/2025", "2025-08-01"),
        ("14.11.24", "2024-11-14"),
        ("Jul. 11. 2025", "2025-07-11"),
        ("2023.09.05 14:03", "2023-09-05T14:03:00"),
        ("5 September 2023", "2023-09-05"),
    ],
)
def test_date_line_shapes(line: str, value: str) -> None:
    parsed = parse_date_line(line)
    assert parsed is not None
    assert parsed.value == value


@pytest.mark.parametrize("line", ["Top 10 tips for 2025", "Call 1-888-644-6226", "Home"])
def test_lines_without_a_date(line: str) -> None:
    assert parse_date_line(line) is None


def test_model_loads_and_ranks_the_headline_first() -> None:
    ranker = title_ranker()
    assert ranker.features == TITLE_FEATURES
    assert len(ranker.weights) == len(TITLE_FEATURES)
    lines, start = _page(
        [
            "Transport",
            "Council approves new bike lanes across the river",
            "By Jane Doe",
            "September 4, 2025",
            "Share on Facebook",
        ]
    )
    hits = [check_line(line) for line in lines]
    ranked = rank_titles(lines, hits, start)
    assert lines[ranked[0]] == "Council approves new bike lanes across the river"


@pytest.mark.parametrize(
    ("line", "text", "authors"),
    [
        ("Posted on July 1, 2024 by infuy", "by infuy", ["infuy"]),
        ("Mike Kappel May 18, 2016", "Mike Kappel", ["Mike Kappel"]),
        (
            "109 Comments | Jill Winger | Last Updated: March 11, 2019",
            "Jill Winger",
            ["Jill Winger"],
        ),
        ("By Bryon Powell on", "By Bryon Powell on", ["Bryon Powell"]),
        ("By Reuters", "By Reuters", []),
        ("By Erin Spain 4 Comments", "By Erin Spain 4 Comments", ["Erin Spain"]),
        ("By: FlowGuard EMEA on 04-ago-2021 5:11:10", "By: FlowGuard EMEA on", ["FlowGuard EMEA"]),
        ("by Marketing Team", "by Marketing Team", ["Marketing Team"]),
        # Elements a copy glued together: a label, a date, a read time after the name.
        ("BY KORIN MILLERPUBLISHED:", "BY KORIN MILLER", ["KORIN MILLER"]),
        ("JONATHAN JONESLAST UPDATED", "JONATHAN JONES", ["JONATHAN JONES"]),
        ("ByKathryn GiuffridaMar 5, 2025", "ByKathryn Giuffrida", ["Kathryn Giuffrida"]),
        ("by Jeffrey ZeldmanNovember 20, 2007", "by Jeffrey Zeldman", ["Jeffrey Zeldman"]),
        ("by Jacob Trussell—10 min read", "by Jacob Trussell", ["Jacob Trussell"]),
        ("ByRhonda Krause UpdatedJanuary 25, 2026", "ByRhonda Krause", ["Rhonda Krause"]),
        ("By Bhaval Patel Last Updated: May 2, 2025", "By Bhaval Patel", ["Bhaval Patel"]),
        # A name that holds a month stays whole.
        ("By Anna May", "By Anna May", ["Anna May"]),
        ("By Dan MarchMarch 3, 2024", "By Dan March", ["Dan March"]),
        (
            "By Genaveve Bradshaw ⋅ Senior Review Analyst\xa0 ⋅ \xa0Updated Dec 4, 2025",
            "By Genaveve Bradshaw",
            ["Genaveve Bradshaw"],
        ),
        (
            "Written\xa0by\xa0Rebecca Lake",
            "Written\xa0by\xa0Rebecca Lake",
            ["Rebecca Lake"],
        ),
        ("Authors:Ann Roy, Jo Patel", "Authors:Ann Roy, Jo Patel", ["Ann Roy", "Jo Patel"]),
    ],
)
def test_byline_text_and_authors(line: str, text: str, authors: list[str]) -> None:
    assert byline_text(line) == text
    assert byline_authors(byline_text(line)) == authors


def test_headline_above_a_table_of_contents() -> None:
    # The first prose line comes after a table of contents whose entries repeat: the headline
    # is the line a byline and a date follow, not the entry nearest the body.
    toc = [
        "Why the council changed its mind",
        "What the new lanes will cost",
        "When the work will start",
        "What critics say about parking",
    ]
    lines, start = _page(
        [
            "Council approves new bike lanes across the river",
            "By Jane Doe",
            "September 4, 2025",
            "Contents",
            *toc,
            "Share",
            *toc,
        ]
    )
    head = _header(lines, start)
    assert head.title is not None
    assert lines[head.title] == "Council approves new bike lanes across the river"
    assert head.byline is not None and lines[head.byline] == "By Jane Doe"
    assert head.published is not None and head.published.value == "2025-09-04"


def test_joined_scan_finds_the_lines_a_pattern_matches() -> None:
    blocks = ["Home", "September 4, 2025", "x" * 400 + " 2025", "Menu", "Updated 2024-01-02"]
    scan = _Joined(blocks, 0, len(blocks), 300)
    # The long line is left out (blank in the joined text), the others found once each.
    assert scan.lines(_DATE_GATE, 300) == [1, 4]
    assert scan.lines(_DATE_GATE, 10) == []
    # A block with a line break inside (not from extract_text) is scanned line by line.
    odd = ["a\nb", "Jan 2, 2024", "c"]
    assert _Joined(odd, 0, 3, 300).lines(_DATE_GATE, 300) == [1]


@pytest.mark.parametrize(
    ("under", "byline"),
    [("Jane Doe", "Jane Doe"), ("Transport", None), ("Opinion", None)],
)
def test_a_name_under_the_title_has_two_words(under: str, byline: str | None) -> None:
    # Nothing but its place says the line under the headline is a name: a lone word there is
    # as often the section.
    lines, start = _page(["Council approves new bike lanes across the river", under])
    head = _header(lines, start)
    assert lines[head.title or 0] == "Council approves new bike lanes across the river"
    assert (lines[head.byline] if head.byline is not None else None) == byline


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Written\xa0by\xa0Rebecca Lake", True),
        ("Authors: Ann Roy, Jo Patel", True),
        ("Authors of this article:", False),
        ("Author", False),
    ],
)
def test_is_byline(line: str, expected: bool) -> None:
    assert is_byline(line) is expected


def test_by_alone_far_from_the_title_needs_a_name_after_it() -> None:
    # A menu of search fields holds "Author" then "Abstract": no byline. A "By" line with a
    # name under it, far from the body start, is one.
    menu = ["Title", "Author", "Abstract", "Comments"] + [f"Menu item {k}" for k in range(12)]
    for name, expected in (("Abstract", None), ("Sara Brown", "Sara Brown")):
        lines = [*menu[:1], "By", name, *menu[3:], "A headline about the river", *PARAS_EN]
        head = _header(lines, len(lines) - len(PARAS_EN))
        assert (lines[head.byline] if head.byline is not None else None) == expected


@pytest.mark.parametrize(
    ("line", "byline"),
    [("Waterfall Model", None), ("Darya Efimova", "Darya Efimova")],
)
def test_common_words_beside_a_date_are_no_name(line: str, byline: str | None) -> None:
    # Only its place says the line is a name; the story prints "waterfall" and "model" in lower
    # case, which nobody's name is.
    paras = [
        *PARAS_EN,
        "The waterfall model splits a project into phases, and each model has its critics.",
    ]
    lines, start = _page(
        ["Project methods compared for small teams", f"{line} | May 5, 2024"], paras
    )
    head = _header(lines, start)
    assert lines[head.title or 0] == "Project methods compared for small teams"
    assert (byline_text(lines[head.byline]) if head.byline is not None else None) == byline


@pytest.mark.parametrize(
    ("label", "name", "authors"),
    [
        ("THE AUTHOR", "Chirag Bhardwaj", ["Chirag Bhardwaj"]),
        ("About the author", "Emma Ryan", ["Emma Ryan"]),
        ("Written by:", "Rebecca Edwards", ["Rebecca Edwards"]),
        # A menu entry, not a label.
        ("Authors", "Themes", []),
    ],
)
def test_the_author_box_after_the_story(label: str, name: str, authors: list[str]) -> None:
    lines, _ = _page(["Council approves new bike lanes across the river"])
    text = "\n".join([*lines, label, name, f"{name.split()[0]} writes about cities."])
    assert extract_text(text, CleanOptions()).authors == authors


@pytest.mark.parametrize(
    ("card", "byline"),
    [
        (["Nicoletta Richardson", "Trending Editor"], "Nicoletta Richardson"),
        (["Liz Kenny", "Former McKinsey Consultant"], "Liz Kenny"),
        # A menu: the "job" is a call to action.
        (["Financing Options", "Speak to an Advisor"], None),
    ],
)
def test_an_author_card_under_the_title(card: list[str], byline: str | None) -> None:
    dek = "The plan adds twelve kilometres of lanes on both banks by next year"
    lines, start = _page(["Council approves new bike lanes across the river", dek, *card])
    head = _header(lines, start)
    assert lines[head.title or 0] == "Council approves new bike lanes across the river"
    assert (lines[head.byline] if head.byline is not None else None) == byline


@pytest.mark.parametrize(
    ("under", "authors"),
    [
        (
            "Naftali Tishby, Fernando C. Pereira, William Bialek",
            ["Naftali Tishby", "Fernando C. Pereira", "William Bialek"],
        ),
        ("Transport, Cities, Climate", []),
    ],
)
def test_names_listed_under_the_title(under: str, authors: list[str]) -> None:
    paras = [
        "We define the relevant information in a signal as the information it provides about "
        "another signal, and the information bottleneck method squeezes it through a bottleneck.",
        "The method gives a variational principle whose solutions are self-consistent equations "
        "for the coding rules, solved by an iterative algorithm much like Blahut and Arimoto's.",
        *PARAS_EN,
    ]
    lines, _ = _page(["The information bottleneck method", under, "24 Apr 2000"], paras)
    assert extract_text("\n".join(lines), CleanOptions()).authors == authors


def test_a_labelled_publication_date_after_the_story() -> None:
    # No date near the header: the footer's "Published …" line, not the list of other posts.
    # A long story puts the footer beyond the 80 lines around the body start searched first.
    lines, start = _page(["Council approves new bike lanes across the river"], PARAS_EN * 30)
    tail = [
        "Published On: 15 August 2025",
        "Latest Articles",
        "Other story",
        "Posted on 2 May 2024",
    ]
    head = _header([*lines, *tail], start)
    assert head.published is not None and head.published.value == "2025-08-15"
    # "Published" in a line that also says "updated" is not the publication date's label.
    tail = ["Published, then updated 15 August 2025"]
    page = _Page([*lines, *tail], [check_line(x) for x in [*lines, *tail]], start)
    assert _labelled_date(page) is None


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("Written by Moses Kim and Kate Shokurova", ["Moses Kim", "Kate Shokurova"]),
        ("Posted by Colin Watson on", ["Colin Watson"]),
        ("Written by hand, the letters were kept", []),
    ],
)
def test_a_written_by_line_after_a_long_story(line: str, authors: list[str]) -> None:
    # Beyond the 30 lines around the body start where a "By" line is looked for first.
    lines, _ = _page(["Council approves new bike lanes across the river"], PARAS_EN * 15)
    text = "\n".join([*lines, line, "April 8, 2024"])
    assert extract_text(text, CleanOptions()).authors == authors


@pytest.mark.parametrize(
    ("above", "section"),
    [
        ("Transport", "Transport"),
        ("US", "US"),
        # A menu entry is no section.
        ("Contact", None),
        ("Privacy", None),
    ],
)
def test_the_section_above_the_title(above: str, section: str | None) -> None:
    lines, start = _page([above, "Council approves new bike lanes across the river", "By Jane Doe"])
    head = _header(lines, start)
    assert lines[head.title or 0] == "Council approves new bike lanes across the river"
    assert (lines[head.section] if head.section is not None else None) == section


@pytest.mark.parametrize(
    ("line", "candidate"),
    [
        ("Riders on the new lane by the river(Image: Jane Doe via Getty Images)", False),
        ("RIDERS on the first morning of the trialFoto: Jane Doe. Styling: Max Roe", False),
        ("(Bild: Jane Doe / Stadtarchiv)", False),
        ("Quelle: Jane Doe/Getty Images; Montage: Grafik", False),
        ("Bike lanes: what changes for riders on the bridge", True),
        ("Council backs bike lanes across the river", True),
    ],
)
def test_a_line_holding_a_photo_credit_is_no_title_candidate(line: str, candidate: bool) -> None:
    from clipper.extract.header.title import title_candidates

    lines, start = _page(["Council votes on the river plan", line, "By Jane Doe"])
    page = _Page(lines, [check_line(x) for x in lines], start)
    cands, _ = title_candidates(page)
    assert (lines.index(line) in cands) is candidate
    assert lines.index("Council votes on the river plan") in cands
