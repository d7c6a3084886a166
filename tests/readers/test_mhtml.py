"""MHTML: the main HTML part, Snapshot-Content-Location and Date; broken files named errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from saved_pages import STORY, TITLE, article_html, mhtml

import clipper
from clipper.batch import clean_item
from clipper.errors import CorruptInputError
from clipper.models import DEFAULT_OPTIONS
from clipper.readers.files import page_item
from clipper.readers.mhtml import read_mhtml


def test_chrome_mhtml_is_cleaned_as_its_html_part() -> None:
    data = mhtml(article_html().encode("utf-8"))
    item = page_item("saved", data)  # no suffix: told by content
    assert item.kind == "html" and item.source.type == "mhtml"
    assert item.url == "https://news.example.org/otters"
    assert item.fetched == "2026-12-07T10:00:00Z"
    clipping = clean_item(item, DEFAULT_OPTIONS)
    assert clipping.title == TITLE
    assert clipping.text.split("\n\n") == STORY
    assert "Subject:" not in clipping.text and "=3D" not in clipping.text
    assert clipping.fetched == "2026-12-07T10:00:00Z"
    assert clipping.id.startswith("sha256:") and clipping.url == item.url


def test_date_offset_and_charset_are_kept() -> None:
    page = article_html(
        paragraphs=["Les loutres sont revenues à la rivière, écrit le journal."] * 3
    )
    data = mhtml(page.encode("latin-1").replace(b'charset="utf-8"', b""), charset="iso-8859-1",
                 date="Mon, 7 Dec 2026 11:00:00 +0100")  # fmt: skip
    parsed = read_mhtml(data, "p.mht")
    assert parsed.fetched == "2026-12-07T11:00:00+01:00"
    clipping = clean_item(page_item("p.mht", data), DEFAULT_OPTIONS)
    assert "rivière" in clipping.text


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (mhtml(b"<p>x</p>", body_boundary="----other----"), "broken boundary"),
        (mhtml(b"<p>x</p>", close=False), "cut short"),
        (b"MIME-Version: 1.0\r\nContent-Type: multipart/related\r\n\r\nno parts", "no boundary"),
    ],
)
def test_broken_mhtml_is_an_error_naming_file_and_fault(data: bytes, words: str) -> None:
    item = page_item("clip.mhtml", data)
    assert isinstance(item.error, CorruptInputError)
    assert "clip.mhtml" in str(item.error) and words in str(item.error)


def test_mhtml_without_html_part_and_suffix_tie() -> None:
    only_image = mhtml(b"<p>x</p>").replace(b"Content-Type: text/html", b"Content-Type: text/css")
    item = page_item("a.mhtml", only_image)
    assert item.error is not None and "no HTML part" in str(item.error)
    # Plain text named .mht is read as MHTML (the suffix breaks the tie) and said to be broken.
    assert page_item("b.mht", b"just some words\n").error is not None


def test_library_clean_reads_a_saved_file_by_its_content(tmp_path: Path) -> None:
    path = tmp_path / "saved.txt"  # a misleading suffix: the content decides
    path.write_bytes(mhtml(article_html().encode("utf-8")))
    clipping = clipper.clean(path)
    assert clipping.source.type == "mhtml" and clipping.title == TITLE
    assert clipping.fetched == "2026-12-07T10:00:00Z"
    assert clipping.text.split("\n\n") == STORY
