"""aclean_html / aclean_text on the shared worker pool keep the event loop free."""

from __future__ import annotations

import asyncio
import gc
import sys
import time
from pathlib import Path

import pytest

import clipper

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "contrib"))
from newssite import article, waited  # noqa: E402

TEXT = (
    "Council approves the budget\n\nBy Jane Doe\n\n"
    + "\n\n".join(
        f"The council voted on item {i} of the plan on Monday, and residents were asked to "
        "comment on the roads, schools and housing it pays for before the end of March."
        for i in range(12)
    )
    + "\n\nShare this article\n"
)


async def _longest_stall_while(work: asyncio.Future[object]) -> tuple[float, float]:
    """The longest gap between ticks of a 5 ms ticker while `work` runs: (the loop's own stall,
    not counting time the OS gave the CPU to other programs; the raw wall-clock gap).

    The machine is shared (2 cores, several test suites), so a gap also holds time when this
    thread was ready but not scheduled; /proc/thread-self/schedstat counts that time."""
    own = raw = 0.0
    last, last_waited = time.perf_counter(), waited()
    while not work.done():
        await asyncio.sleep(0.005)
        now, now_waited = time.perf_counter(), waited()
        raw = max(raw, now - last)
        own = max(own, now - last - (now_waited - last_waited))
        last, last_waited = now, now_waited
    return own, raw


def test_thirty_pages_cleaned_without_stalling_the_loop() -> None:
    pages = [article(i, paragraphs=60) for i in range(30)]

    async def main() -> tuple[list[clipper.Clipping], float, float]:
        # The pool starts on the first await, in a thread; include that in what is watched.
        started = time.perf_counter()
        work = asyncio.ensure_future(
            asyncio.gather(
                *(
                    clipper.aclean_html(p, url=f"https://example.com/{i}")
                    for i, p in enumerate(pages)
                ),
                clipper.aclean_text(TEXT, url="https://example.com/text"),
            )
        )
        stall, raw = await _longest_stall_while(work)
        return list(await work), (stall, raw), time.perf_counter() - started

    async def inline() -> tuple[float, float]:
        # The measure can fail: cleaning one page on the loop itself stalls it.
        async def clean_here() -> None:
            await asyncio.sleep(0.02)
            clipper.clean_html(article(0, paragraphs=200))

        return await _longest_stall_while(asyncio.ensure_future(clean_here()))

    assert asyncio.run(inline())[0] > 0.050
    # The whole suite's imports (Scrapy, Twisted, pyarrow, hypothesis, ...) sit in this process's
    # heap; a full garbage collection over them stalls any loop for 100+ ms, whatever clipper does.
    # Freeze them out of the collector so the stall measured is this test's.
    gc.collect()
    gc.freeze()
    try:
        records, (stall, raw), seconds = asyncio.run(main())
    finally:
        gc.unfreeze()
        clipper.shutdown()
    for i, record in enumerate(records[:30]):
        assert record.title == f"Story number {i}"
        assert record.url == f"https://example.com/{i}"
        assert record.text == clipper.clean_html(pages[i]).text
    assert records[30].text.startswith("The council voted on item 0")
    assert "Share this article" not in records[30].text
    assert stall < 0.050, (
        f"the loop stalled {stall * 1000:.0f} ms ({raw * 1000:.0f} ms on the wall clock; "
        f"30 pages in {seconds:.1f} s)"
    )


def test_errors_cross_the_pool_with_their_source_and_the_pool_closes() -> None:
    async def main() -> None:
        async with clipper.CleanPool(workers=1) as pool:
            with pytest.raises(clipper.BinaryInputError) as caught:
                await pool.clean_html(b"%PDF-1.4\n\x00\x01\x02", url="https://example.com/a.pdf")
            assert caught.value.source == "https://example.com/a.pdf"
            assert str(caught.value).startswith("https://example.com/a.pdf: ")
            with pytest.raises(clipper.InputTypeError, match="not NoneType"):
                await pool.clean_text(None, url="https://example.com/x")  # type: ignore[arg-type]
            record = await pool.clean(TEXT)
            assert record.source.type == "text"
        assert not pool.started
        with pytest.raises(RuntimeError, match="closed"):
            await pool.clean(TEXT)

    asyncio.run(main())


def test_a_killed_worker_fails_its_page_and_the_pool_recovers() -> None:
    import multiprocessing
    import os
    import signal

    big = article(1, paragraphs=3000)

    async def main() -> None:
        async with clipper.CleanPool(workers=1) as pool:
            (worker,) = multiprocessing.active_children()
            cleaning = asyncio.ensure_future(pool.clean_html(big, url="https://example.com/big"))
            await asyncio.sleep(0.3)
            os.kill(worker.pid or 0, signal.SIGKILL)
            with pytest.raises(
                clipper.ClipperError, match="worker process cleaning this input died"
            ) as caught:
                await cleaning
            assert caught.value.source == "https://example.com/big"
            record = await pool.clean_html(article(2, paragraphs=5))
            assert record.title == "Story number 2"

    asyncio.run(main())
