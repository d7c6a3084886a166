"""What gzipping a `.warc.gz` output costs, per clipping: the writer's way (ISA-L's deflate,
level 1, one member a record; `clipper clean -o x.warc.gz` and the archive share it) against
zlib at levels 6 (the writer's earlier level) and 1, on the records `clipper clean` writes for
dev pages (original, conversion, metadata). CPU time (`time.process_time`, the best of
--rounds) and bytes; the ratio of each to zlib level 6 is printed, so a loaded machine affects
the ratios less than the times. Figures go to docs/benchmarks.md.

    .venv/bin/python benchmarks/warc_gzip.py --limit 300
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

from clipper.archive.warcfile import iter_plain
from clipper.writers.warc import GZIP_LEVEL, gzip_member

PAGES = Path("/work/shared/datasets/wcxb-dev-articles/html")


def zlib_member(level: int) -> Callable[[bytes], bytes]:
    def member(data: bytes) -> bytes:
        compressor = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        return compressor.compress(data) + compressor.flush()

    return member


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=300, help="dev pages to clean (default 300)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    pages = sorted(PAGES.iterdir())[: args.limit]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "dev.warc"
        command = [sys.executable, "-m", "clipper", "clean", *map(str, pages), "-o", str(out), "-q"]
        subprocess.run([*command, "--workers", "2"], check=True)
        with out.open("rb") as handle:
            records = [zlib.decompress(r.member, zlib.MAX_WBITS | 16) for r in iter_plain(handle)]
    clippings = sum(r.startswith(b"WARC/1.1\r\nWARC-Type: metadata") for r in records) or 1
    ways = {
        f"writer (isal level {GZIP_LEVEL})": gzip_member,
        "zlib level 6": zlib_member(6),
        "zlib level 1": zlib_member(1),
    }
    best: dict[str, float] = {}
    size: dict[str, int] = {}
    for _ in range(args.rounds):
        for name, way in ways.items():
            start = time.process_time()
            size[name] = sum(len(way(r)) for r in records)
            best[name] = min(best.get(name, 1e9), time.process_time() - start)
    print(f"{len(records)} records, {clippings} clippings, {sum(map(len, records)) / 1e6:.1f} MB")
    base = "zlib level 6"
    for name in ways:
        print(
            f"{name:22} {best[name] / clippings * 1000:6.3f} ms CPU a clipping "
            f"({best[name] / best[base]:.2f}x zlib 6), {size[name] / 1e6:6.1f} MB "
            f"({size[name] / size[base]:.3f}x)"
        )


if __name__ == "__main__":
    main()
