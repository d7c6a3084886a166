"""Crawl the test site with CleanPipeline in a real Scrapy CrawlerProcess; print what happened as JSON.

Run by tests/contrib/test_scrapy.py in a subprocess (a Twisted reactor cannot be restarted):
    python crawl.py BASE_URL SETTINGS_JSON
"""

from __future__ import annotations

import json
import multiprocessing
import sys
import time
from typing import Any

import scrapy
from newssite import waited
from scrapy import signals
from scrapy.crawler import CrawlerProcess
from twisted.internet import task


class CleanInline:
    """The naive pipeline, for comparison: cleans on the reactor thread."""

    def process_item(self, item: Any) -> Any:
        import clipper

        item["title"] = clipper.clean_html(item["html"], url=item["url"]).title
        return item


class TrafilaturaInline:
    """The peer, the same naive way: trafilatura on the reactor thread."""

    def process_item(self, item: Any) -> Any:
        import trafilatura

        found = trafilatura.bare_extraction(item["html"], url=item["url"], with_metadata=True)
        item["title"] = getattr(found, "title", None) if found is not None else None
        return item


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, base: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [base + "/"]

    def parse(self, response: Any) -> Any:
        if response.url.endswith("/"):
            yield from response.follow_all(response.css("a::attr(href)").getall(), self.page)

    def page(self, response: Any) -> Any:
        yield {"url": response.url, "html": response.body}


def main() -> None:
    base, settings = sys.argv[1], json.loads(sys.argv[2])
    settings = {
        "LOG_LEVEL": "WARNING",
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "RETRY_ENABLED": False,
        "ITEM_PIPELINES": {"clipper.contrib.scrapy.CleanPipeline": 300},
        **settings,
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(SiteSpider)
    items: list[dict[str, Any]] = []
    dropped: list[str] = []
    times: dict[str, float] = {}
    ticks: list[tuple[float, float, float]] = []

    def tick() -> None:
        ticks.append((time.perf_counter(), waited(), time.thread_time()))

    tickers: list[task.LoopingCall] = []

    def opened(spider: Any) -> None:  # the pool is started and warm by now
        times["opened"] = time.perf_counter()
        times["cpu_opened"] = time.process_time()
        tickers.append(task.LoopingCall(tick))  # made here: it imports the installed reactor
        tickers[0].start(0.005)

    def scraped(item: Any, spider: Any) -> None:
        items.append({k: v for k, v in item.items() if k != "html"})
        times["last_item"] = time.perf_counter()
        times["cpu_last_item"] = time.process_time()

    def item_dropped(item: Any, spider: Any, exception: BaseException) -> None:
        dropped.append(item["url"])
        times["last_item"] = time.perf_counter()
        times["cpu_last_item"] = time.process_time()

    def closed(spider: Any) -> None:
        tickers[0].stop()

    crawler.signals.connect(opened, signals.spider_opened)
    crawler.signals.connect(scraped, signals.item_scraped)
    crawler.signals.connect(item_dropped, signals.item_dropped)
    crawler.signals.connect(closed, signals.spider_closed)
    process.crawl(crawler, base=base)
    process.start()
    print(
        json.dumps(
            {
                "items": items,
                "dropped": dropped,
                "seconds": times["last_item"] - times["opened"],
                # CPU seconds of this process (all its threads, not the pool's workers).
                "cpu": times["cpu_last_item"] - times["cpu_opened"],
                # Worker processes still running after the crawl (the pipeline must close them).
                "children": len(multiprocessing.active_children()),
                # The longest gaps between reactor ticks: (seconds, seconds less the time the
                # OS ran other programs, CPU seconds the reactor's thread used, when into the
                # crawl), by CPU seconds: what the reactor did itself, whatever the machine's load.
                "stalls": sorted(
                    (
                        (b - a, (b - a) - (wb - wa), cb - ca, a - times["opened"])
                        for (a, wa, ca), (b, wb, cb) in zip(ticks, ticks[1:], strict=False)
                        if b <= times["last_item"]  # not the spider's closing
                    ),
                    key=lambda gap: gap[2],
                    reverse=True,
                )[:5],
            },
            default=str,
        )
    )


if __name__ == "__main__":
    main()
