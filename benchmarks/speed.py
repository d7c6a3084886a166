"""Pages per second of clipper and trafilatura on the same WCXB dev pages, in one process.

Example:
    .venv/bin/python benchmarks/speed.py                   # 200 pages, 3 rounds
    .venv/bin/python benchmarks/speed.py --limit 711 --rounds 5

Each system gets a warm-up pass over a few pages, then `--rounds` timed passes over the same
pages (bytes already in memory, so disk and gzip are not timed); the median pass is reported.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.scoring import DATASET, Page, load_pages  # noqa: E402


def _clipper(page: Page) -> None:
    from clipper import clean_html
    from clipper.errors import ClipperError

    try:
        clean_html(page.html, page.url)
    except ClipperError:
        pass


def _trafilatura(page: Page) -> None:
    import trafilatura

    trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)


SYSTEMS: dict[str, Callable[[Page], None]] = {"clipper": _clipper, "trafilatura": _trafilatura}


def _pass(system: Callable[[Page], None], pages: Sequence[Page]) -> float:
    start = time.perf_counter()
    for page in pages:
        system(page)
    return time.perf_counter() - start


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=200, help="pages per pass")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes per system")
    parser.add_argument("--warmup", type=int, default=10, help="pages in the warm-up pass")
    parser.add_argument("--root", type=Path, default=DATASET, help="dataset folder")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)

    pages = list(load_pages(limit=args.limit, root=args.root))
    for system in SYSTEMS.values():
        _pass(system, pages[: args.warmup])
    # Rounds alternate between the systems, so a burst of load on the machine falls on both.
    times: dict[str, list[float]] = {name: [] for name in SYSTEMS}
    for _ in range(args.rounds):
        for name, system in SYSTEMS.items():
            times[name].append(_pass(system, pages))
    rates: dict[str, float] = {}
    for name, passes in times.items():
        rates[name] = len(pages) / statistics.median(passes)
        print(
            f"{name:12s} {rates[name]:7.1f} pages/s  (median of {args.rounds} passes over "
            f"{len(pages)} pages; passes {', '.join(f'{t:.1f}s' for t in passes)})"
        )
    names = list(rates)
    print(f"ratio {names[0]}/{names[1]}: {rates[names[0]] / rates[names[1]]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
