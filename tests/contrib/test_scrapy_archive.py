"""CleanPipeline with CLIPPER_ARCHIVE: every record lands in the archive with the page it came from,
or, where this clipper has no archive, the crawl stops at once with what to install."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("scrapy", reason="the scrapy extra: pip install 'clipper-news[scrapy]'")

from newssite import crawl, serve, site  # noqa: E402

import clipper  # noqa: E402

HERE = Path(__file__).resolve().parent


def test_records_are_added_to_the_archive(tmp_path: Path) -> None:
    pages = site(articles=5)
    folder = tmp_path / "archive"
    settings = {"CLIPPER_ARCHIVE": str(folder), "CLIPPER_ARCHIVE_BATCH": 2, "CLIPPER_WORKERS": 1,
                "CLIPPER_FIELDS": {"title": "title", "id": "id"}}  # fmt: skip
    with serve(pages) as base:
        done = crawl(base, settings)
    archive_class = getattr(clipper, "Archive", None)
    if archive_class is None:
        # This clipper has no archive: the crawl is refused before it starts, saying why.
        assert done.returncode != 0 or "clipper-news[archive]" in done.stderr
        assert "CLIPPER_ARCHIVE is set, but this clipper has no clipper.Archive" in done.stderr
        assert "pip install 'clipper-news[archive]'" in done.stderr
        assert not folder.exists()
        return
    assert done.returncode == 0, done.stderr[-3000:]
    items = json.loads(done.stdout)["items"]
    stories = [item for item in items if "id" in item]
    assert len(stories) == 6  # five stories and the empty page; the PDF is an error item
    assert [i["clipper_error"]["error"] for i in items if "id" not in i] == ["BinaryInputError"]
    with archive_class(str(folder)) as archive:
        for item in stories:
            record = archive.get(item["id"])
            assert record.title == item["title"] and record.url == item["url"]
            original = archive.original(item["id"])
            assert original.data == pages[item["url"].removeprefix(base)][1]
            assert original.url == item["url"]
