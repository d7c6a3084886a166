"""How long an asyncio loop stalls while pages are cleaned: inline vs clipper's worker pool.

Example:
    .venv/bin/python benchmarks/event_loop.py                 # 30 WCXB dev pages, 2 workers
    .venv/bin/python benchmarks/event_loop.py --limit 100 --workers 4 --data ../shared/datasets/wcxb-dev-articles

Four runs over the same pages (bytes in memory), each watched by a 5 ms ticker task:
`trafilatura.bare_extraction` and `clipper.clean_html` called on the loop (what a crawler does
without help), `asyncio.to_thread(clipper.clean_html)` (threads share the GIL), and
`await pool.clean_html` on a `clipper.CleanPool`. For each: wall seconds, the longest gap
between ticks, and the loop's own longest stall (the gap less the time the OS ran other
programs, from /proc/thread-self/schedstat; equal to the gap where Linux does not tell).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scoring import DATASET, Page, load_pages  # noqa: E402

SCHEDSTAT = Path("/proc/thread-self/schedstat")


def _waited() -> float:
    try:
        return int(SCHEDSTAT.read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


async def _watch(work: Callable[[], Awaitable[None]]) -> tuple[float, float, float]:
    """(wall seconds, longest tick gap, the loop's own longest stall) while `work` runs."""
    task = asyncio.ensure_future(work())
    started = last = time.perf_counter()
    last_waited = _waited()
    raw = own = 0.0
    while not task.done():
        await asyncio.sleep(0.005)
        now, waited = time.perf_counter(), _waited()
        raw = max(raw, now - last)
        own = max(own, now - last - (waited - last_waited))
        last, last_waited = now, waited
    await task
    return time.perf_counter() - started, raw, own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=30, help="pages (default 30)")
    parser.add_argument("--workers", type=int, default=2, help="pool workers (default 2)")
    parser.add_argument("--data", type=Path, default=DATASET, help="the WCXB dev articles folder")
    args = parser.parse_args()
    logging.disable(logging.CRITICAL)

    import trafilatura

    import clipper

    pages: list[Page] = list(load_pages(limit=args.limit, root=args.data))
    clipper.clean_html(pages[0].html)  # imports and first-call set-up, outside the timings
    trafilatura.bare_extraction(pages[0].html, with_metadata=True)

    def clean(page: Page) -> None:
        try:
            clipper.clean_html(page.html, page.url)
        except clipper.ClipperError:
            pass

    async def inline_trafilatura() -> None:
        for page in pages:
            trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
            await asyncio.sleep(0)

    async def inline_clipper() -> None:
        for page in pages:
            clean(page)
            await asyncio.sleep(0)

    async def threads() -> None:
        await asyncio.gather(*(asyncio.to_thread(clean, page) for page in pages))

    async def pooled(pool: clipper.CleanPool) -> None:
        async def one(page: Page) -> None:
            try:
                await pool.clean_html(page.html, page.url)
            except clipper.ClipperError:
                pass

        await asyncio.gather(*(one(page) for page in pages))

    async def run() -> list[tuple[str, tuple[float, float, float]]]:
        rows = [
            ("trafilatura on the loop", await _watch(inline_trafilatura)),
            ("clipper on the loop", await _watch(inline_clipper)),
            ("clipper in threads (to_thread)", await _watch(threads)),
        ]
        async with clipper.CleanPool(args.workers) as pool:  # started before the watch
            rows.append((f"clipper CleanPool({args.workers})", await _watch(lambda: pooled(pool))))
        return rows

    rows = asyncio.run(run())
    print(f"{len(pages)} pages")
    print(f"{'how':<34}{'wall s':>8}{'longest gap ms':>16}{'own stall ms':>14}")
    for name, (wall, raw, own) in rows:
        print(f"{name:<34}{wall:>8.2f}{raw * 1000:>16.0f}{own * 1000:>14.0f}")
    inline_own = rows[1][1][2]
    pool_own = rows[3][1][2]
    print(f"own stall, pool / clipper on the loop: {pool_own / inline_own:.3f}x")


if __name__ == "__main__":
    main()
