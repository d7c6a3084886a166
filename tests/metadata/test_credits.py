"""Credits: agencies, outlets and desks a byline names go to `credits`, never to `authors`; picture
credits, author-list links and section names are neither. Pages written here; the archive is a real
SQLite catalogue in a temporary folder."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import lxml.html
import pytest

import clipper
from clipper.lexicon.outlets import DESK_WORDS
from clipper.metadata.html import PageMeta, read_html_metadata

BODY = "<p>" + "Der Stadtrat hat am Montag über den neuen Fahrplan beraten. " * 12 + "</p>"


def page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body><article>{body}{BODY}</article></body></html>"


def read(head: str, body: str, url: str = "https://www.beispiel-zeitung.de/a/1") -> PageMeta:
    return read_html_metadata(lxml.html.fromstring(page(head, body)), url)


def ld(author: object) -> str:
    data = {"@type": "NewsArticle", "headline": "Neuer Fahrplan für die Stadt", "author": author}
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


H1 = "<h1>Neuer Fahrplan für die Stadt</h1>"


def test_agency_beside_a_person_is_a_credit() -> None:
    meta = read("", H1 + '<p class="byline">Von Jo Beispiel und dpa</p>')
    assert meta.authors == ("Jo Beispiel",)
    assert meta.credits == ("dpa",)


def test_a_desk_named_as_a_person_is_a_credit() -> None:
    meta = read(ld({"@type": "Person", "name": "Stadt24 Redaktion"}), H1)
    assert meta.authors == ()
    assert meta.credits == ("Stadt24 Redaktion",)


def test_desk_codes_are_credits() -> None:
    body = (
        H1
        + '<p class="ref">Radio Eins, 15.4.2024; <span itemprop="author">rdx/abcd;efgh</span></p>'
    )
    meta = read("", body)
    assert meta.authors == ()
    assert meta.credits == ("rdx/abcd", "efgh")


def test_outlet_glued_to_a_name_is_split_off() -> None:
    meta = read(
        "", H1 + '<p class="byline">By Samira Lindqvist and Tomas Ferreira The Associated Press</p>'
    )
    assert meta.authors == ("Samira Lindqvist", "Tomas Ferreira")
    assert meta.credits == ("The Associated Press",)


def test_picture_credits_are_neither_authors_nor_credits() -> None:
    body = (
        H1 + '<figure><img src="a.jpg"><figcaption><span class="caption">Der Bahnhof am Morgen'
        '</span> <span class="figcaption--author">Bildagentur Nord</span></figcaption></figure>'
        + '<p class="byline">Foto: Max Muster</p>'
    )
    meta = read("", body)
    assert meta.authors == ()
    assert "Bildagentur Nord" not in meta.credits
    assert not any("Muster" in c for c in meta.credits)


def test_author_list_links_and_sections_are_not_authors() -> None:
    body = (
        H1
        + '<div class="author"><a href="/autoren/">Alle Autoren</a></div>'
        + '<div class="author-section"><a href="/politik/">Politik</a></div>'
        + '<p class="byline">Von Jo Beispiel</p>'
    )
    assert read("", body).authors == ("Jo Beispiel",)


def test_an_author_avatar_figure_still_names_the_author() -> None:
    body = (
        H1 + '<figure class="author-avatar"><img src="jo.jpg"><figcaption>'
        '<a rel="author" href="/autor/jo">Jo Beispiel</a></figcaption></figure>'
    )
    assert read("", body).authors == ("Jo Beispiel",)


def test_the_record_carries_credits_after_licensed_from() -> None:
    html = page("", H1 + '<p class="byline">Von Jo Beispiel und AFP</p>').encode()
    rec = clipper.clean_html(html, "https://www.beispiel-zeitung.de/a/1")
    assert rec.authors == ("Jo Beispiel",)
    assert rec.credits == ("AFP",)
    keys = list(json.loads(rec.to_json()))
    assert keys[keys.index("licensed_from") + 1] == "credits"
    assert clipper.Clipping.from_json(rec.to_json()) == rec


def test_the_archive_keeps_credits_in_its_people_table(tmp_path: Path) -> None:
    import sqlite3

    html = page("", H1 + '<p class="byline">Von Jo Beispiel und AFP</p>')
    src = tmp_path / "in" / "a.html"
    src.parent.mkdir()
    src.write_text(html, encoding="utf-8")
    with clipper.Archive(tmp_path / "arc", create=True) as archive:
        assert archive.add([str(src)], workers=1).added == 1
        (hit,) = archive.search(author="AFP")
        assert archive.get(hit.id).credits == ("AFP",)
    db = next((tmp_path / "arc").glob("*.sqlite*"))
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT role, name FROM people ORDER BY position").fetchall()
    assert rows == [("author", "Jo Beispiel"), ("credit", "AFP")]


# ------------------------------------------------------------------ support of the desk words


def _dev_sets() -> list[Path]:
    from benchmarks.datasets import SETS

    roots = [r for r in SETS.values() if (r / "html").is_dir()]
    if len(roots) < len(SETS):
        if os.environ.get("CI"):
            pytest.fail(f"the dev datasets are missing: {list(SETS.values())}")
        pytest.skip("dev datasets not present")
    return roots


def test_every_desk_word_is_a_general_word() -> None:
    """Each desk word of `DESK_WORDS` is a general pattern: it prints, per word, the registrable
    domains of both dev sets whose pages use it beside a credit (an author field, a byline or
    an author class), and the words together must have support on at least three domains, with
    no word that only one site uses."""
    from benchmarks.datasets import load_pages

    near = re.compile(r"author|byline|autor|credit", re.IGNORECASE)
    support: dict[str, set[str]] = {w: set() for w in DESK_WORDS}
    for root in _dev_sets():
        for p in load_pages(root):
            html = p.html.decode("utf-8", "replace")
            low = html.casefold()
            for word in DESK_WORDS:
                if word not in low:  # most words are on few pages: skip the regex scan
                    continue
                for m in re.finditer(rf"(?<!\w){re.escape(word)}(?!\w)", low):
                    if near.search(html[max(0, m.start() - 300) : m.end() + 100]):
                        support[word].add(p.domain)
                        break
    for word in sorted(DESK_WORDS):
        print(f"{word!r}: {len(support[word])} domain(s) {sorted(support[word])[:5]}")
    assert len(set().union(*support.values())) >= 3
    assert not [w for w, d in support.items() if len(d) == 1], "a desk word of one site"


def test_gendered_german_author_label_names_the_author() -> None:
    body = H1 + "<ul><li><strong>Autorin/Autor</strong> Jo Beispiel </li></ul>"
    assert read("", body).authors == ("Jo Beispiel",)


def test_one_person_object_is_one_person() -> None:
    person = {"@type": "Person", "name": "Samira Lindqvist, Director of Operations, Nordfrakt"}
    assert read(ld(person), H1).authors == ("Samira Lindqvist",)


def test_a_name_before_the_date_without_markup_loses_its_separator() -> None:
    body = H1 + "<div><span>Samira Lindqvist &nbsp;|</span><span>05.04.2025 - 10:12</span></div>"
    assert read("", body).authors == ("Samira Lindqvist",)


def test_a_phrase_after_by_is_not_a_credit() -> None:
    from clipper.metadata.byline import byline_credits

    assert byline_credits(["signing up for our services", "our engineering team"], None, []) == ()
    assert byline_credits(["the Harbour Team", "dpa", "kesm"], None, []) == (
        "the Harbour Team",
        "dpa",
        "kesm",
    )
