"""Byline shapes beyond the plain "By A and B": reviewers, trailing categories, paper author
lists, role-word labels, organisations split by "and", names with brackets."""

import pytest

from clipper.metadata.byline import cut_dangling, looks_like_handle, parse_byline


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        # Names come before the date; categories and counters after it are not people.
        (
            "by Dana Gale | Mar 11, 2023 | Brakes and Brake Repair, Learn About Brakes | 0 comments",
            ("Dana Gale",),
        ),
        ("by Nora Finch, Master Horticulturalist | Dec 30, 2025 | Indoor Plants", ("Nora Finch",)),
        ("Posted by Dave at December 16, 2025 11:15 AM", ("Dave",)),
        ("By Carl Pike, Site Columnist August 19, 2025 | 33 Comments", ("Carl Pike",)),
        # A date first, then the name: nothing to cut.
        ("Dec. 19, 2025 · Ann Lee", ("Ann Lee",)),
        # Affiliation numbers in a paper's author list.
        ("Jen Hale 1 ;", ("Jen Hale",)),
        ("Jen Hale 1, Tom Ray 2*", ("Jen Hale", "Tom Ray")),
        # A middle or maiden name in brackets stays; an outlet in brackets goes.
        ("Parma (Gupta) Ghosh", ("Parma (Gupta) Ghosh",)),
        ("By Jane Doe (Reuters)", ("Jane Doe",)),
        ("This post was written by Dina Pell, Head of Marketing", ("Dina Pell",)),
        ("Authored by: Eli Jaz", ("Eli Jaz",)),
        # A surname that is also a preposition elsewhere is not cut with the date.
        ("By Thanh Le | Mar 5, 2024 | Tech", ("Thanh Le",)),
        ("Published: Dec 17, 2025 · Jane Doe", ("Jane Doe",)),
        # Suffixes stay with their name, punctuated as written.
        ("By Rob Downey, Jr. and Ann Lee", ("Rob Downey, Jr.", "Ann Lee")),
        ("By John Smith III and Jane Doe", ("John Smith III", "Jane Doe")),
        ("Hank Ford Sr., Jane Doe", ("Hank Ford Sr.", "Jane Doe")),
    ],
)
def test_byline_shapes(line: str, authors: tuple[str, ...]) -> None:
    assert parse_byline(line).authors == authors


@pytest.mark.parametrize(
    "line",
    [
        "Reviewed by Mara James",
        "Medically reviewed by Ola Kent, MD",
        "Fact checked by Yara Perez",
        "Edited by Tom Ray",
    ],
)
def test_reviewers_are_not_authors(line: str) -> None:
    assert parse_byline(line).authors == ()


@pytest.mark.parametrize(
    "line",
    [
        "Staff Clinician",  # a role word beside one word: a label
        "Acme Staff",  # a brand's desk
        "Zine Contributor",
        "By Role",  # "shop by …" navigation
        "BY USE CASE",
        "By Manufacturer",
    ],
)
def test_labels_and_desks_are_not_people(line: str) -> None:
    assert parse_byline(line).authors == ()


def test_organisation_split_by_and_stays_whole() -> None:
    parsed = parse_byline("Center for Drug Evaluation and Research")
    assert parsed.authors == ()
    assert parsed.outlets == ("Center for Drug Evaluation",)


def test_org_words_make_outlets() -> None:
    assert parse_byline("Lakeside Clinic").authors == ()
    assert parse_byline("By Harbour Collective Hotels").authors == ()


@pytest.mark.parametrize("name", ["brandon-peaktwo", "Name", "Role"])
def test_slugs_and_labels_are_not_handles(name: str) -> None:
    assert not looks_like_handle(name)


def test_handles_still_read() -> None:
    assert looks_like_handle("aawoods")
    assert looks_like_handle("andrew.keaveney")


def test_dangling_words_cut_in_linear_time() -> None:
    assert cut_dangling("Posted by David at") == "Posted by David"
    assert cut_dangling("By Jane Doe | ") == "By Jane Doe"
    assert cut_dangling("Thanh Le") == "Thanh Le"
    assert cut_dangling("Jane Doe" + " " * 50_000 + "x") == "Jane Doe" + " " * 50_000 + "x"
    assert cut_dangling(" " * 50_000) == ""
