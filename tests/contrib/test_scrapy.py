"""CleanPipeline in a real Scrapy crawl of a 20-page site served from 127.0.0.1."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("scrapy", reason="the scrapy extra: pip install 'clipper-news[scrapy]'")

from newssite import WORDS, article, crawl, serve, site  # noqa: E402

import clipper  # noqa: E402
from clipper.contrib.scrapy import CleanPipeline  # noqa: E402

HERE = Path(__file__).resolve().parent


def _run_crawl(base: str, settings: dict[str, Any]) -> dict[str, Any]:
    done = crawl(base, settings)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


DELAY = 0.3  # seconds the server takes per response: downloads that cleaning can overlap


def test_crawl_cleans_every_item_without_serialising_the_crawl() -> None:
    pages = site(articles=18)
    stories = sorted(p for p in pages if p.startswith("/story/"))
    # What cleaning the stories costs one after the other, here and now (the machine is shared).
    started, started_cpu = time.perf_counter(), time.thread_time()
    expected = {p: clipper.clean_html(pages[p][1]) for p in stories}
    serial, serial_cpu = time.perf_counter() - started, time.thread_time() - started_cpu

    common = {"CONCURRENT_REQUESTS": 1, "CLIPPER_WORKERS": 2}
    fields = {"title": "title", "text": "text", "authors": "authors", "published": "published",
              "language": "language", "record_id": "id"}  # fmt: skip
    with serve(pages, delay=DELAY) as base:
        plain = _run_crawl(base, {**common, "ITEM_PIPELINES": {}})
        cleaned = _run_crawl(
            base, {**common, "CLIPPER_FIELDS": fields, "CLIPPER_DROP_NO_ARTICLE": True}
        )

    # Every page of the site became an item (or a counted drop) with the record's fields.
    assert len(plain["items"]) == 20
    items = {item["url"].removeprefix(base): item for item in cleaned["items"]}
    assert cleaned["dropped"] == [base + "/empty.html"]
    assert sorted(items) == sorted([*stories, "/report.pdf"])
    for path in stories:
        item, record = items[path], expected[path]
        number = int(re.sub(r"\D", "", path))
        assert item["title"] == f"Story number {number}"
        assert item["authors"] == ["Jane Doe"]
        assert item["published"] == f"2024-03-{number % 28 + 1:02d}"
        assert item["language"] == "en"
        assert item["text"] == record.text and len(item["text"].split("\n\n")) == 300
        assert set(item["text"].lower().replace(".", "").split()) <= set(WORDS)
        assert item["record_id"] == record.id
        assert "clipper_error" not in item
    error = items["/report.pdf"]["clipper_error"]
    assert error["error"] == "BinaryInputError"
    assert base + "/report.pdf" in error["message"]
    assert "title" not in items["/report.pdf"]
    assert cleaned["children"] == 0  # closing the spider closed the worker pool

    # Not serialised: the crawl process did not do the cleaning, and its reactor never waited
    # on it. Cleaning on the reactor thread instead adds all of `serial_cpu` to the crawl
    # process and holds the reactor for a page's cleaning at a time (CPU seconds of the
    # reactor's own thread between two ticks). Both measures count CPU time, which the load of
    # a shared machine does not stretch; wall-clock seconds are printed, not asserted
    # (benchmarks/scrapy_crawl.py times them, docs/benchmarks.md).
    page_cpu = serial_cpu / len(stories)
    longest = cleaned["stalls"][0]
    print(f"crawl {plain['seconds']:.2f} s without the pipeline, {cleaned['seconds']:.2f} s with it; "
          f"cleaning one after the other {serial:.2f} s ({serial_cpu:.2f} CPU s); crawl process CPU "
          f"{plain['cpu']:.2f} s and {cleaned['cpu']:.2f} s; the reactor's longest stall "
          f"{longest[2] * 1000:.0f} CPU ms ({longest[0] * 1000:.0f} ms on the clock) against "
          f"{page_cpu * 1000:.0f} CPU ms a page")  # fmt: skip
    assert cleaned["cpu"] - plain["cpu"] < 0.5 * serial_cpu
    assert longest[2] < 0.5 * page_cpu  # half of one page's cleaning, at the most


def test_settings_are_checked_before_the_crawl() -> None:
    with pytest.raises(ValueError, match="CLIPPER_FIELDS names fields a record does not have: hed"):
        CleanPipeline(fields=["title", "hed"])
    with pytest.raises(ValueError, match="CLIPPER_INPUT_KIND"):
        CleanPipeline(input_kind="pdf")
    pipeline = CleanPipeline(fields={"headline": "title", "all": "record"})
    assert pipeline.fields == {"headline": "title", "all": "record"}
    assert article(1) != article(2)
