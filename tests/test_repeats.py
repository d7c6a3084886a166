"""Lines repeated across a site's clippings: the index, its file, and `--repeats` in cleaning."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

from clipper import CleanOptions, ClipperError, Clipping, OutputError, clean_text
from clipper.batch import BatchConfig
from clipper.batch.resume import fingerprint
from clipper.cli import main
from clipper.repeats import MAX_LINE, RULE, RepeatIndex, load_repeats, mark_repeats
from clipper.rules import Hit

# One invented site: the same menu above and the same footer below every story. No built-in
# rule knows these lines (checked in the first test), so only the repeats can tell.
HEADER = [
    "The Harbor Ledger",
    "Waterfront",
    "Schools",
    "City Hall",
    "Tides & Weather",
    "Letters",
    "Harbor Almanac",
]
FOOTER = [
    "Support the Ledger: a member keeps the harbor desk open.",
    "Tips go to the harbor desk on Pier 4.",
    "About the Ledger",
    "Masthead",
    "Printed on Pier 4 since 1911.",
]
TEMPLATE = HEADER + FOOTER
# The site's article template: a subhead in the middle of every story. It repeats as much as the
# menu does, but it is part of the story (as "Pros" and "Cons" are on a review site).
SUBHEAD = "What happens next"

# (title, byline, paragraphs): four reporters, two stories each.
ARTICLES = [
    (
        "Ferry timetable changes for the winter season",
        "By Mara Quist",
        [
            "The island ferry will run every ninety minutes from December, the port authority "
            "said on Monday, down from every hour during the summer months.",
            "Commuters who cross to the mainland for work said the longer wait would make them "
            "late for early shifts, and several asked for a dawn sailing.",
            "The authority said it would review the timetable in March after counting "
            "passengers on the new schedule.",
            "A public meeting on the changes is planned for the library hall next week.",
        ],
    ),
    (
        "School board approves new science wing",
        "By Theo Lund",
        [
            "The school board voted five to two on Tuesday to build a science wing at the harbor "
            "high school, ending a debate that lasted most of the year.",
            "Teachers had complained that the old laboratories lacked ventilation and enough "
            "sinks for a full class to work at once.",
            "Construction is expected to start in the spring and finish before the autumn term "
            "of the following year.",
            "Two members who voted against the plan said the cost estimate left no room for "
            "rising prices.",
        ],
    ),
    (
        "Fishing fleet reports record herring catch",
        "By Ines Marr",
        [
            "Boats returning to the harbor this week landed more herring than in any autumn since "
            "records began, the fishermen's cooperative said.",
            "Skippers credited cold water moving close to the coast, which kept the shoals within "
            "a short run of the port.",
            "Prices at the morning auction fell by a third as buyers struggled to keep up with "
            "the volume on the quay.",
            "The cooperative warned that next year's quota could be cut if scientists judge the "
            "stock to be under strain.",
        ],
    ),
    (
        "Old lighthouse to reopen as a museum",
        "By Oskar Vale",
        [
            "The lighthouse on the north breakwater will open to visitors in June after a "
            "restoration that took three years and most of a heritage grant.",
            "Volunteers rebuilt the spiral staircase by hand and recovered the original lens "
            "from a warehouse in the capital.",
            "The museum will tell the story of the keepers who lived in the tower until the "
            "light was automated.",
            "Entry will be free for children, and guided climbs to the lantern room will run on "
            "weekends.",
        ],
    ),
    (
        "Council delays vote on parking fees",
        "By Mara Quist",
        [
            "City councillors put off a decision on raising parking fees near the marina after "
            "shop owners packed the chamber on Wednesday evening.",
            "Traders argued that higher charges would push day visitors toward the retail park "
            "outside town, where parking is free.",
            "The finance committee had proposed the increase to pay for repairs to the sea wall "
            "along the promenade.",
            "The council will take the matter up again next month with a report on how other "
            "coastal towns pay for repairs.",
        ],
    ),
    (
        "Storm damages boats in the outer basin",
        "By Ines Marr",
        [
            "Gusts of more than a hundred kilometres an hour tore several yachts from their "
            "moorings in the outer basin overnight on Thursday.",
            "Harbour staff worked through the night to secure the loose boats, and no one was "
            "injured, the harbourmaster said.",
            "Owners were asked to check their insurance and to report damage to the marina "
            "office by the end of the week.",
            "Forecasters expect calmer weather over the weekend before another low pressure "
            "system arrives.",
        ],
    ),
    (
        "Library extends opening hours for exams",
        "By Theo Lund",
        [
            "The town library will stay open until ten in the evening during the exam period so "
            "that students have a quiet place to revise.",
            "Staff said the reading room had been full every afternoon since the start of the "
            "month, with students waiting for desks.",
            "The extra hours are paid for by a local bank, which has agreed to fund them for the "
            "next two years.",
            "Librarians will also run short sessions on research skills for first-year students.",
        ],
    ),
    (
        "Jazz festival returns to the old fish market",
        "By Oskar Vale",
        [
            "The harbor jazz festival will return to the old fish market in August after two "
            "years in a tent on the green.",
            "Organisers said the hall's brick walls give the music a warmth that the tent never "
            "managed, even on still nights.",
            "Local bands will open each evening, followed by visiting groups from across the "
            "region and abroad.",
            "Tickets go on sale in May, and a limited number of free seats will be set aside for "
            "residents over seventy.",
        ],
    ),
]


def _story(k: int) -> list[str]:
    paragraphs = ARTICLES[k][2]
    return [*paragraphs[:2], SUBHEAD, *paragraphs[2:]]


def _page(k: int) -> str:
    title, byline, _ = ARTICLES[k]
    return "\n".join([*HEADER, title, byline, f"March {k + 3}, 2025", *_story(k), *FOOTER]) + "\n"


PAGES = [_page(k) for k in range(len(ARTICLES))]


def _site_index() -> RepeatIndex:
    index = RepeatIndex()
    for page in PAGES:
        assert index.add(page)
    return index


def _repeats_file(tmp_path: Path, lines: list[str]) -> str:
    path = tmp_path / "repeats.txt"
    path.write_text("# test\n" + "".join(f"{line}\n" for line in lines), encoding="utf-8")
    return str(path)


def _check_site_record(clipping: Clipping, k: int) -> None:
    title, byline, _ = ARTICLES[k]
    assert clipping.text.split("\n\n") == _story(k)
    assert clipping.title == title
    assert clipping.authors == (byline.removeprefix("By "),)
    assert clipping.section is None  # "Letters" was the menu's, not the story's
    by_rule = {r.text: r.rule for r in clipping.removed}
    assert all(by_rule[line] == RULE for line in TEMPLATE)


def test_the_template_survives_the_built_in_rules() -> None:
    # Without repeats no rule family removes the site's lines, and some reach the records.
    in_body = 0
    for page in PAGES:
        clipping = clean_text(page)
        rules = {r.text: r.rule for r in clipping.removed}
        for line in TEMPLATE:
            assert rules.get(line, "kept").split(".")[0] in ("kept", "layout", "header"), line
        in_body += sum(line in clipping.text.split("\n\n") for line in TEMPLATE)
        assert SUBHEAD in clipping.text.split("\n\n")
    assert in_body > 0


@pytest.mark.parametrize("use_model", [True, False])
def test_repeated_lines_go_and_the_stories_stay(tmp_path: Path, use_model: bool) -> None:
    index = _site_index()
    assert index.docs == len(PAGES)
    # Exactly the template: titles, dates and paragraphs are one page's, each byline two pages'.
    assert sorted(index.lines()) == sorted([*TEMPLATE, SUBHEAD])
    path = str(tmp_path / "site.txt")
    assert index.write(path) == len(TEMPLATE) + 1
    options = CleanOptions(repeats=(path,), use_model=use_model)
    for k, page in enumerate(PAGES):
        _check_site_record(clean_text(page, options=options), k)


def test_only_lines_outside_the_story_are_marked(tmp_path: Path) -> None:
    path = _repeats_file(tmp_path, ["Menu", "  Share   this "])
    prose = [p for _, _, paragraphs in ARTICLES[:2] for p in paragraphs[:1]]
    blocks = ["Menu", prose[0], "Share this", prose[1], "Menu", "Other"]
    hits = mark_repeats(blocks, [None] * len(blocks), load_repeats(path))
    assert [h.rule if h else None for h in hits] == [RULE, None, None, None, RULE, None]
    # A line a built-in rule removed keeps that rule's name.
    ruled = Hit("navigation.menu")
    assert mark_repeats(["Menu"], [ruled], load_repeats(path)) == [ruled]
    # No story at all (a page of links): every repeated line goes.
    assert mark_repeats(["Menu", "Share this"], [None, None], load_repeats(path)) == [Hit(RULE)] * 2


def test_two_clippings_remove_nothing() -> None:
    index = RepeatIndex()
    index.add(PAGES[0])
    index.add(PAGES[1])
    assert index.lines() == []
    # Even when asked for a share alone, two are fewer than the three clippings a line needs.
    assert index.lines(min_share=0.0) == []
    assert index.lines(min_docs=2) != []


def test_thresholds_count_clippings_not_lines() -> None:
    index = _site_index()
    # A byline in 2 of 8 clippings is a reporter, not the site.
    assert index.counts["By Mara Quist"] == 2
    assert "By Mara Quist" not in index.lines()
    assert "By Mara Quist" in index.lines(min_docs=2, min_share=0.25)
    # A line in half of the clippings is in at the default share, out above it.
    half = RepeatIndex()
    for k, page in enumerate(PAGES):
        half.add(page + ("Harbor Almanac: the tide tables\n" if k % 2 else ""))
    assert "Harbor Almanac: the tide tables" in half.lines()
    assert "Harbor Almanac: the tide tables" not in half.lines(min_share=0.6)
    # A line repeated three times in one clipping counts once.
    once = RepeatIndex()
    once.add("Read more\nRead more\nRead more\n")
    once.add("Other\n")
    assert once.counts["Read more"] == 1
    with pytest.raises(ValueError):
        index.lines(min_docs=0)
    with pytest.raises(ValueError):
        index.lines(min_share=1.5)


def test_long_lines_copies_and_white_space() -> None:
    index = RepeatIndex()
    long_line = "word " * (MAX_LINE // 5 + 1)
    for k in range(4):
        # The same long line on every page (a syndicated paragraph) is never counted.
        assert index.add(f"  Waterfront\t  Desk \n{long_line}\n1.\n$ 4.50\nstory {k}\n\n")
    assert "Waterfront Desk" in index.lines()
    assert all(len(line) <= MAX_LINE for line in index.counts)
    # Nor is a line without a letter (a list number, a price): it may be the story's.
    assert "1." not in index.counts and "$ 4.50" not in index.counts
    # An exact copy of a page (white space aside) is not counted again; an empty text is no page.
    assert not index.add(f"Waterfront Desk\n{long_line}\n1.\n$ 4.50\n  story 3")
    assert not index.add(" \n\t\n")
    assert index.docs == 4


def test_file_round_trip(tmp_path: Path) -> None:
    index = RepeatIndex()
    for k in range(3):
        index.add(f"#harbor\n\\back\nMenu\nstory {k}\n")
    path = str(tmp_path / "r.txt")
    assert index.write(path) == 3
    text = (tmp_path / "r.txt").read_text(encoding="utf-8")
    assert text.startswith("# clipper ") and "3 clippings" in text.splitlines()[0]
    assert load_repeats(path) == frozenset({"#harbor", "\\back", "Menu"})
    assert os.listdir(tmp_path) == ["r.txt"]  # no temp file left behind
    with pytest.raises(OutputError, match="already exists"):
        index.write(path)
    assert index.write(path, force=True, min_docs=4) == 0


def test_missing_or_unreadable_repeats_file_is_named(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.txt")
    with pytest.raises(ClipperError, match="nope.txt"):
        clean_text(PAGES[0], options=CleanOptions(repeats=(missing,)))
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\xe9\n".encode("latin-1"))
    with pytest.raises(ClipperError, match="latin.txt"):
        load_repeats(str(latin))


def test_an_empty_repeats_file_changes_nothing(tmp_path: Path) -> None:
    path = _repeats_file(tmp_path, [])
    for page in PAGES[:3]:
        before = clean_text(page).to_dict()
        assert clean_text(page, options=CleanOptions(repeats=(path,))).to_dict() == before


def test_options_pickle_and_fingerprint() -> None:
    options = CleanOptions(repeats=("a.txt", "b.txt"))
    assert pickle.loads(pickle.dumps(options)) == options
    config = BatchConfig(inputs=("x",), output="o.jsonl", options=options)
    printed = json.loads(json.dumps(fingerprint(config, [])))
    assert printed["options"]["repeats"] == ["a.txt", "b.txt"]


def test_cli_round_trip(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for k, page in enumerate(PAGES):
        (site / f"{k}.txt").write_text(page, encoding="utf-8")
    (site / "page.html").write_text("<html><body><p>A page</p></body></html>", encoding="utf-8")
    runner = CliRunner()
    repeats = str(tmp_path / "site-repeats.txt")
    result = runner.invoke(main, ["repeats", str(site), "-o", repeats])
    assert result.exit_code == 0, result.output
    assert f"{len(TEMPLATE) + 1} repeated lines from {len(PAGES)} clippings" in result.output
    assert "page.html" in result.output and "copied text only" in result.output
    assert load_repeats(repeats) == frozenset([*TEMPLATE, SUBHEAD])

    out = tmp_path / "out.jsonl"
    args = ["clean", str(site), "-o", str(out), "--repeats", repeats, "--workers", "1", "-q"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    records = [Clipping.from_json(line) for line in out.read_text(encoding="utf-8").splitlines()]
    texts = {r.source.path: r for r in records if r.source.path}
    for k in range(len(PAGES)):
        _check_site_record(texts[str(site / f"{k}.txt")], k)


def test_cli_reports_bad_inputs_and_bad_files(tmp_path: Path) -> None:
    # The clippings in a folder of their own: the repeats file is written beside it, not in it
    # (where the next walk would read it as a clipping; that is refused).
    site = tmp_path / "site"
    site.mkdir()
    for k, page in enumerate(PAGES[:3]):
        (site / f"{k}.txt").write_text(page, encoding="utf-8")
    (site / "empty.txt").write_bytes(b"")
    runner = CliRunner()
    out = str(tmp_path / "r.txt")
    result = runner.invoke(main, ["repeats", str(site), str(tmp_path / "gone.txt"), "-o", out])
    assert result.exit_code == 1
    assert "empty.txt" in result.output and "gone.txt" in result.output
    assert "from 3 clippings" in result.output and "2 failed" in result.output
    assert load_repeats(out) == frozenset([*TEMPLATE, SUBHEAD])
    # The output exists: refused before anything is read.
    again = runner.invoke(main, ["repeats", str(site), "-o", out])
    assert again.exit_code == 1 and "already exists" in again.output
    # Nothing to read: an error, no file.
    none = runner.invoke(main, ["repeats", str(tmp_path / "gone.txt"), "-o", out + ".2"])
    assert none.exit_code == 1 and not os.path.exists(out + ".2")
    # A missing repeats file stops `clean` before it starts, naming the file.
    result = runner.invoke(
        main, ["clean", str(site / "0.txt"), "-o", "-", "--repeats", "missing-r.txt"]
    )
    assert result.exit_code == 2 and "missing-r.txt" in result.output


def test_a_byline_every_page_repeats_is_still_the_author(tmp_path: Path) -> None:
    # A blog with one author: "By Mara Quist" above every story, so it is in the repeats file.
    path = _repeats_file(tmp_path, ["Menu", "By Mara Quist", "Mara Quist 기자"])
    title, _, paragraphs = ARTICLES[0]
    blocks = ["Menu", title, "By Mara Quist", "Mara Quist 기자", *paragraphs]
    hits = mark_repeats(blocks, [None] * len(blocks), load_repeats(path))
    assert [h.rule if h else None for h in hits[:4]] == [RULE, None, None, None]
    page = "\n".join(["Menu", title, "By Mara Quist", *paragraphs])
    assert clean_text(page, options=CleanOptions(repeats=(path,))).authors == ("Mara Quist",)
