"""Pages per second of clipper and trafilatura on the same WCXB dev pages, in one process.

Example:
    .venv/bin/python benchmarks/speed.py                   # 200 pages, 3 rounds
    .venv/bin/python benchmarks/speed.py --limit 711 --rounds 5
    .venv/bin/python benchmarks/speed.py --set fundus --limit 113

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

from benchmarks.datasets import SETS  # noqa: E402
from benchmarks.scoring import Page, load_pages  # noqa: E402


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


def _pass(system: Callable[[Page], None], pages: Sequence[Page]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one pass (CPU time is what to trust on a busy machine)."""
    wall, cpu = time.perf_counter(), time.process_time()
    for page in pages:
        system(page)
    return time.perf_counter() - wall, time.process_time() - cpu


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=200, help="pages per pass")
    parser.add_argument("--rounds", type=int, default=3, help="timed passes per system")
    parser.add_argument("--warmup", type=int, default=10, help="pages in the warm-up pass")
    parser.add_argument("--set", choices=sorted(SETS), default="wcxb", help="dev set")
    parser.add_argument(
        "--root", type=Path, default=None, help="dataset folder (overrides --dataset)"
    )
    args = parser.parse_args(argv)
    args.root = args.root or SETS[args.set]
    logging.disable(logging.CRITICAL)

    if not (args.root / "truth").is_dir():
        parser.error(f"no dataset at {args.root} (a folder with truth/ and html/)")
    pages = list(load_pages(limit=args.limit, root=args.root))
    for system in SYSTEMS.values():
        _pass(system, pages[: args.warmup])
    # Rounds alternate between the systems, so a burst of load on the machine falls on both.
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in SYSTEMS}
    for _ in range(args.rounds):
        for name, system in SYSTEMS.items():
            times[name].append(_pass(system, pages))
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for name, passes in times.items():
        wall[name] = len(pages) / statistics.median(w for w, _ in passes)
        cpu[name] = len(pages) / statistics.median(c for _, c in passes)
        print(
            f"{name:12s} {wall[name]:7.1f} pages/s wall, {cpu[name]:7.1f} pages/CPU-s  (median "
            f"of {args.rounds} passes over {len(pages)} pages; wall "
            f"{', '.join(f'{w:.1f}s' for w, _ in passes)}; CPU "
            f"{', '.join(f'{c:.1f}s' for _, c in passes)})"
        )
    a, b = list(SYSTEMS)
    print(f"ratio {a}/{b}: {wall[a] / wall[b]:.2f} wall, {cpu[a] / cpu[b]:.2f} CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
