"""Evernote ENEX: one clipping per note, resources skipped, a bad note does not stop the rest."""

from __future__ import annotations

import bz2
import gzip
import json
import lzma
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from saved_pages import STORY, enex

from clipper.batch import clean_item
from clipper.cli import main
from clipper.errors import CorruptInputError, InputTooLargeError
from clipper.models import DEFAULT_OPTIONS
from clipper.readers.enex import RESOURCE_SKIP, enex_date, enml_page, iter_enex
from clipper.readers.files import expand_inputs


def _body(words: str) -> str:
    return "".join(f"<div>{words} {p}</div>" for p in STORY)


def test_one_record_per_note_with_url_created_tags(tmp_path: Path) -> None:
    path = tmp_path / "export"  # no suffix: told by content
    path.write_text(enex([("Otters", _body("Otters:")), ("Herons", _body("Herons:"))]))
    (inp,) = expand_inputs([str(path)])
    assert inp.kind == "enex"
    items = list(iter_enex(str(path), 1_000_000))
    assert [i.skip for i in items] == [RESOURCE_SKIP, None, RESOURCE_SKIP, None]
    notes = [i for i in items if i.skip is None]
    assert [n.source.offset for n in notes] == [0, 1]
    first, second = (clean_item(n, DEFAULT_OPTIONS) for n in notes)
    assert first.title == "Otters" and second.title == "Herons"
    assert first.url == "https://news.example.org/n0"
    assert first.fetched == "2026-12-07T10:15:00Z"
    assert first.extra == {"enex_note": 1, "tags": ["nature"]}
    assert first.text.startswith("Otters: " + STORY[0]) and "Herons" not in first.text
    assert first.id != second.id


def test_a_bad_note_and_a_broken_file_are_errors_others_go_on(tmp_path: Path) -> None:
    text = enex([("Good", _body("Good:")), ("Empty", None), ("Also good", _body("Also:"))])
    path = tmp_path / "a.enex"
    path.write_text(text)
    notes = [i for i in iter_enex(str(path), 1_000_000) if i.skip is None]
    assert [n.error is None for n in notes] == [True, False, True]
    assert "note 2 ('Empty') has no content" in str(notes[1].error)

    cut = tmp_path / "cut.enex"
    cut.write_text(text[: text.index("<title>Also good")])
    items = [i for i in iter_enex(str(cut), 1_000_000) if i.skip is None]
    assert items[0].error is None
    assert isinstance(items[-1].error, CorruptInputError)
    assert "cut.enex" in str(items[-1].error) and "not well-formed XML" in str(items[-1].error)


def test_not_xml_and_no_notes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.enex"
    bad.write_text("this is not XML at all")
    (item,) = iter_enex(str(bad), 1000)
    assert isinstance(item.error, CorruptInputError) and "bad.enex" in str(item.error)
    empty = tmp_path / "empty.enex"
    empty.write_text('<?xml version="1.0"?><en-export></en-export>')
    (item,) = iter_enex(str(empty), 1000)
    assert "no notes" in str(item.error)


def test_enex_dates() -> None:
    assert enex_date("20240131T235959Z") == "2024-01-31T23:59:59Z"
    assert enex_date("20240231T000000Z") is None and enex_date(None) is None


@pytest.mark.parametrize(
    ("suffix", "pack"),
    [(".enex.gz", gzip.compress), (".enex.bz2", bz2.compress), ("", lzma.compress)],
)
def test_compressed_exports_are_read(tmp_path: Path, suffix: str, pack: Any) -> None:
    data = enex([("Otters", _body("Otters:")), ("Herons", _body("Herons:"))]).encode()
    path = tmp_path / f"export{suffix}"
    path.write_bytes(pack(data))
    (inp,) = expand_inputs([str(path)])
    assert inp.kind == "enex"  # told by the unpacked content, the suffix only for a tie
    notes = [i for i in iter_enex(str(path), 1_000_000) if i.skip is None]
    assert [clean_item(n, DEFAULT_OPTIONS).title for n in notes] == ["Otters", "Herons"]
    # Cut short: the notes before the cut are read, then an error naming the file.
    cut = tmp_path / f"cut{suffix}"
    cut.write_bytes(pack(data)[: len(pack(data)) * 2 // 3])
    items = [i for i in iter_enex(str(cut), 1_000_000) if i.skip is None]
    assert items[-1].error is not None and str(cut) in str(items[-1].error)
    # A bomb: the unpacked size is capped at UNPACKED_FACTOR x the byte limit.
    bomb = tmp_path / f"bomb{suffix}"
    bomb.write_bytes(pack(data + b" " * 400_000))
    last = list(iter_enex(str(bomb), 2000))[-1]
    assert isinstance(last.error, InputTooLargeError) and "unpacks to more than" in str(last.error)


def test_enex_on_stdin_gives_one_record_per_note(tmp_path: Path) -> None:
    data = gzip.compress(
        enex([("Otters", _body("Otters:")), ("Herons", _body("Herons:"))]).encode()
    )
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["clean", "-", "-o", str(out), "--workers", "1"], input=data)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert [(r["title"], r["source"]["type"], r["source"]["offset"]) for r in records] == [
        ("Otters", "enex", 0),
        ("Herons", "enex", 1),
    ]
    assert "2 resource of an Evernote note" in result.stderr


def _clip_text(page: str, picker: str) -> str:
    from clipper.extract.html import extract_html

    return "\n\n".join(extract_html(page, None, DEFAULT_OPTIONS, picker=picker).paragraphs)


def test_an_article_clip_is_kept_whole_and_a_clipped_page_is_picked_as_a_page() -> None:
    steps = ["Walk the east bank at dawn", "Note each slide", "Photograph spraints"]
    article = enml_page(
        "<en-note><div>" + "".join(f"<div>{p}</div>" for p in STORY[:2]) + "<div>How to help:</div>"
        "<ul>" + "".join(f"<li>{s}</li>" for s in steps) + "</ul>"
        + "".join(f"<div>{p}</div>" for p in STORY[2:]) + "</div></en-note>",
        "Otters",
    )  # fmt: skip
    kept = _clip_text(article, "clip")
    assert all(s in kept for s in steps) and all(p in kept for p in STORY)
    menu = "".join(f'<div><a href="/s{i}">Section {i}</a></div>' for i in range(12))
    page = enml_page(
        f"<en-note><div>{menu}</div>" + "".join(f"<div>{p}</div>" for p in STORY)
        + f"<div>{menu}</div></en-note>",
        "Otters",
    )  # fmt: skip
    whole_page = _clip_text(page, "clip")
    # Read as a page: the page-clip model picks the story and leaves the menus out.
    assert all(p in whole_page for p in STORY) and "Section 3" not in whole_page
    # Linked subheads and a list of links inside the story are an article's, not a page's menus.
    linked = enml_page(
        "<en-note>" + "".join(
            f'<h2><a href="/g{i}">Guide {i}</a></h2><div>{p}</div>' for i, p in enumerate(STORY)
        ) + "<ul>" + "".join(f'<li><a href="/r{i}">Resource {i}</a></li>' for i in range(8))
        + "</ul></en-note>",
        "Otters",
    )  # fmt: skip
    kept = _clip_text(linked, "clip")
    assert all(f"Guide {i}" in kept for i in range(len(STORY))) and "Resource 7" in kept
