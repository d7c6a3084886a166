"""Wall-clock time of a real Scrapy crawl with clipper's CleanPipeline, against cleaning inline.

Example:
    .venv/bin/python benchmarks/scrapy_crawl.py                  # 18 stories, 0.3 s a response
    .venv/bin/python benchmarks/scrapy_crawl.py --articles 30 --delay 0.2 --workers 2

The 20-page site of tests/contrib/newssite.py (articles of 300 paragraphs, an index, a page
without an article, a PDF) is served from 127.0.0.1, each response after `--delay` seconds, and
crawled one request at a time by tests/contrib/crawl.py in a fresh interpreter, four ways:
without a pipeline; with `CleanPipeline` (cleaning in `--workers` worker processes, off the
reactor); with clipper called on the reactor thread; with trafilatura (`bare_extraction`, the
peer) called on the reactor thread. For each: wall seconds from the spider's start to its last
item, the crawl process's CPU seconds, and the reactor's longest stall (CPU seconds its thread
ran between two ticks of a 5 ms ticker, and the same gap on the clock). Then the stories are
cleaned one after the other in this process by each library (the time a crawl followed by a
clean-up would add).

Wall seconds move with the machine's load: read the ratios within one run. tests/contrib/
test_scrapy.py asserts only the CPU-based measures.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONTRIB = ROOT / "tests" / "contrib"
sys.path.insert(0, str(CONTRIB))

from newssite import crawl, serve, site  # noqa: E402


def _crawl(base: str, settings: dict[str, Any]) -> dict[str, Any]:
    done = crawl(base, settings)
    if done.returncode != 0:
        raise SystemExit(f"the crawl failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def _serial(pages: dict[str, tuple[str, bytes]], stories: list[str]) -> dict[str, float]:
    import trafilatura

    import clipper

    clipper.clean_html(pages[stories[0]][1])  # lazy data loaded before the clock
    trafilatura.bare_extraction(pages[stories[0]][1], with_metadata=True)
    out: dict[str, float] = {}
    for name, clean in (
        ("clipper", lambda html: clipper.clean_html(html)),
        ("trafilatura", lambda html: trafilatura.bare_extraction(html, with_metadata=True)),
    ):
        started = time.perf_counter()
        for path in stories:
            clean(pages[path][1])
        out[name] = time.perf_counter() - started
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=18, help="stories on the site (18)")
    parser.add_argument("--delay", type=float, default=0.3, help="seconds a response takes (0.3)")
    parser.add_argument("--workers", type=int, default=2, help="CleanPipeline workers (2)")
    args = parser.parse_args()
    pages = site(articles=args.articles)
    stories = sorted(p for p in pages if p.startswith("/story/"))
    common = {"CONCURRENT_REQUESTS": 1, "CLIPPER_WORKERS": args.workers}
    ways = {
        "no pipeline": {"ITEM_PIPELINES": {}},
        "clipper CleanPipeline": {"CLIPPER_DROP_NO_ARTICLE": True},
        "clipper on the reactor": {"ITEM_PIPELINES": {"crawl.CleanInline": 300}},
        "trafilatura on the reactor": {"ITEM_PIPELINES": {"crawl.TrafilaturaInline": 300}},
    }
    load = os.getloadavg()[0]
    print(f"{len(pages)} pages ({len(stories)} stories), {args.delay} s a response, one request "
          f"at a time; load average {load:.1f}")  # fmt: skip
    results: dict[str, dict[str, Any]] = {}
    with serve(pages, delay=args.delay) as base:
        for name, settings in ways.items():
            results[name] = _crawl(base, {**common, **settings})
    serial = _serial(pages, stories)
    print("| how | wall s | crawl CPU s | longest stall CPU ms | same gap, clock ms |")
    print("|---|---:|---:|---:|---:|")
    for name, got in results.items():
        gap = got["stalls"][0] if got["stalls"] else (0.0, 0.0, 0.0, 0.0)
        print(f"| {name} | {got['seconds']:.2f} | {got['cpu']:.2f} | {gap[2] * 1000:.0f} | "
              f"{gap[0] * 1000:.0f} |")  # fmt: skip
    plain = results["no pipeline"]["seconds"]
    for name, seconds in serial.items():
        print(f"cleaning the {len(stories)} stories one after the other with {name}: "
              f"{seconds:.2f} s (crawl then clean: {plain + seconds:.2f} s)")  # fmt: skip
    piped = results["clipper CleanPipeline"]["seconds"]
    print(f"CleanPipeline crawl / (crawl, then clean with clipper): "
          f"{piped / (plain + serial['clipper']):.2f}x")  # fmt: skip
    print(f"CleanPipeline crawl / trafilatura on the reactor: "
          f"{piped / results['trafilatura on the reactor']['seconds']:.2f}x")  # fmt: skip
    inline = results["clipper on the reactor"]["stalls"][0][2]
    pooled = results["clipper CleanPipeline"]["stalls"][0][2]
    print(f"longest reactor stall (CPU), CleanPipeline / clipper on the reactor: "
          f"{pooled / inline:.3f}x")  # fmt: skip


if __name__ == "__main__":
    main()
