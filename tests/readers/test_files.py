"""Expanding INPUT arguments: folders, globs, missing paths, gzipped pages, kinds."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from clipper.errors import InputNotFoundError, InputTooLargeError
from clipper.readers.files import expand_inputs, iter_items, read_list, read_page


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a.html").write_text("<html><body><p>a</p></body></html>")
    (root / "b" / "c.txt").write_text("copied text")
    (root / "b" / "d.htm.gz").write_bytes(gzip.compress(b"<p>d</p>"))
    (root / "b" / "e.png").write_bytes(b"\x89PNG")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "f.html").write_text("<p>f</p>")
    (root / "crawl.warc").write_bytes(b"")


def test_folders_are_walked_sorted_and_only_pages_taken(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = expand_inputs([str(tmp_path)])
    names = [os.path.relpath(i.path, tmp_path) for i in found]
    assert names == ["a.html", "crawl.warc", ".hidden/f.html", "b/c.txt", "b/d.htm.gz", "b/e.png"]
    assert [i.kind for i in found] == ["page", "skipped", "skipped", "page", "page", "skipped"]
    assert [i.reason for i in found if i.kind == "skipped"] == [
        "WARC or JSONL file in a folder (name it to read it)",
        "hidden (a dot file, or in a dot folder)",
        "image",
    ]
    assert all(i.size is not None for i in found)


def test_globs_explicit_containers_missing_and_excluded(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = expand_inputs(
        [
            str(tmp_path / "b" / "*.txt"),
            str(tmp_path / "crawl.warc"),
            str(tmp_path / "nope.html"),
            str(tmp_path / "*.nothing"),
            str(tmp_path / ".hidden" / "f.html"),
        ],
        exclude=[str(tmp_path / ".hidden" / "f.html")],
    )
    assert [(os.path.basename(i.path), i.kind) for i in found] == [
        ("c.txt", "page"),
        ("crawl.warc", "warc"),
        ("nope.html", "missing"),
        ("*.nothing", "missing"),
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    (missing,) = expand_inputs([str(empty)])
    assert missing.kind == "missing" and "no files" in (missing.reason or "")
    items = list(iter_items(found[2:3], 1000))
    assert isinstance(items[0].error, InputNotFoundError)
    assert "nope.html" in str(items[0].error)


def test_read_page_kinds_gzip_and_limits(tmp_path: Path) -> None:
    _tree(tmp_path)
    html = read_page(str(tmp_path / "a.html"), 1000)
    assert html.kind == "html" and html.source.type == "html"
    text = read_page(str(tmp_path / "b" / "c.txt"), 1000)
    assert text.kind == "text" and text.content == b"copied text"
    unzipped = read_page(str(tmp_path / "b" / "d.htm.gz"), 1000)
    assert unzipped.kind == "html" and unzipped.content == b"<p>d</p>"
    bomb = tmp_path / "bomb.html.gz"
    bomb.write_bytes(gzip.compress(b" " * 100_000))
    assert isinstance(read_page(str(bomb), 1000).error, InputTooLargeError)


def test_read_list_skips_blanks_and_comments(tmp_path: Path) -> None:
    listing = tmp_path / "list.txt"
    listing.write_text("# pages\na.html\n\n  b/*.txt  \n")
    assert read_list(str(listing)) == ["a.html", "b/*.txt"]
