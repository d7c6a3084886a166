"""Hostile-input batch: a few thousand generated bad inputs mixed with good pages.

Runs `clipper clean` over them as a user would, then times each input alone (in this process,
with the same per-input timeout) to find the slowest one. Prints inputs, records, errors, the
slowest input's time and peak memory.

    .venv/bin/python benchmarks/hostile.py                  # ~3,000 inputs
    .venv/bin/python benchmarks/hostile.py --copies 40 --heavy 1 --workers 2
    .venv/bin/python benchmarks/hostile.py --rss 1 5 10 19   # peak memory per page size

`--rss` cleans one generated page of each size and shape in a fresh process (clipper's
`clean_html`, then trafilatura's `extract` on the same bytes in another fresh process) and
prints the peak RSS of each above the process's RSS after imports, and the ratio.
Shapes: `prose` (paragraphs), `app` (what big real pages are mostly made of: inline state
scripts, SVG icons, styles, link lists) and `links` (a tag-dense link list, the worst case).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _generate_module() -> Any:
    spec = importlib.util.spec_from_file_location(
        "hostile_generate", ROOT / "fixtures" / "hostile" / "generate.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _time_each(paths: list[Path], timeout: float, max_bytes: int) -> tuple[float, str, int]:
    """Clean every item of every input alone; (slowest seconds, its source, items)."""
    from clipper.batch import clean_with_timeout
    from clipper.models import DEFAULT_OPTIONS
    from clipper.readers.files import expand_inputs, iter_items

    slowest, which, items = 0.0, "", 0
    inputs = expand_inputs([str(p) for p in paths])
    reading = time.perf_counter()
    for item in iter_items(inputs, max_bytes):
        items += 1
        began = time.perf_counter()
        if item.content is not None:
            clean_with_timeout(item, DEFAULT_OPTIONS, timeout)
        # Reading (gunzip, WARC parsing) counts toward the input's time too.
        spent = time.perf_counter() - min(began, reading)
        if spent > slowest:
            slowest, which = spent, f"{item.source.path}@{item.source.offset}"
        reading = time.perf_counter()
    return slowest, which, items


_SHAPES = {
    "prose": b"<div class='x'><p>"
    + b"Paragraph with words about the bridge and the council and the winter. " * 10
    + b"</p></div>\n",
    "app": b"<script>window.__s="
    + b'{"k":[1,2,3],"v":"abc"},' * 40
    + b"0;</script><svg viewBox='0 0 24 24'>"
    + b"<path d='M12 2L2 7l10 5 10-5-10-5z'/>" * 20
    + b"</svg>"
    + b"<style>.a{color:red}" * 10
    + b"</style><!-- c --><li class='item'><a href='/a/b/c'>Link text</a> <span>m</span></li>\n",
    "links": b"<li class='item'><a href='/a/b/c'>Link text</a> <span>meta</span></li>\n",
}

_MEASURE = """
import resource, sys
data = open(sys.argv[1], "rb").read()
which = sys.argv[2]
if which == "clipper":
    from clipper import clean_html
    run = lambda: clean_html(data)
else:
    import trafilatura
    run = lambda: trafilatura.extract(data)
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
run()
print(base, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def _rss(sizes: list[float], scratch: Path) -> None:
    """Peak RSS (above imports) of clipper and trafilatura per page size and shape."""
    import gzip

    page = gzip.decompress((ROOT / "fixtures/hostile/pages/0414.html.gz").read_bytes())
    head, _, tail = page.partition(b"</body>")
    print("shape  size MiB  clipper MB  (x size)  trafilatura MB  clipper/trafilatura")
    for shape, filler in _SHAPES.items():
        for mib in sizes:
            count = max(0, (int(mib * (1 << 20)) - len(page)) // len(filler))
            path = scratch / f"{shape}-{mib}.html"
            path.write_bytes(head + b"<ul>" + filler * count + b"</ul></body>" + tail)
            peaks = []
            for which in ("clipper", "trafilatura"):
                done = subprocess.run(
                    [sys.executable, "-c", _MEASURE, str(path), which],
                    capture_output=True, text=True, check=True,
                )  # fmt: skip
                base, peak = (int(x) for x in done.stdout.split())
                peaks.append((peak - base) / 1024)
            size = path.stat().st_size / (1 << 20)
            print(
                f"{shape:6} {size:8.1f}  {peaks[0]:10.0f}  {peaks[0] / size:7.1f}x"
                f"  {peaks[1]:14.0f}  {peaks[0] / max(peaks[1], 1):19.2f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=120, help="light copies of every case")
    parser.add_argument("--heavy", type=int, default=3, help="copies with bombs, deep nesting")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0)
    parser.add_argument("--keep", type=Path, help="generate here and keep the files")
    parser.add_argument("--rss", type=float, nargs="+", metavar="MIB", help="page sizes (MiB)")
    args = parser.parse_args()
    if args.rss:
        with tempfile.TemporaryDirectory() as scratch:
            _rss(args.rss, Path(scratch))
        return

    generate = _generate_module().generate
    with tempfile.TemporaryDirectory() as scratch:
        base = args.keep or Path(scratch)
        light = generate(base / "light", copies=args.copies, seed=1, heavy=False)
        heavy = generate(base / "heavy", copies=args.heavy, seed=2, heavy=True)
        cases = light + heavy
        paths = sorted(c.path for c in cases)
        listing = base / "inputs.txt"
        listing.write_text("\n".join(str(p) for p in paths) + "\n")
        out = base / "out.jsonl"
        command = [
            sys.executable, "-m", "clipper", "clean", "--from-list", str(listing),
            "-o", str(out), "--force", "--workers", str(args.workers),
            "--timeout", str(args.timeout),
        ]  # fmt: skip
        began = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - began
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        records = sum(1 for _ in out.open()) if out.exists() else 0
        errors_path = base / "out.jsonl.errors.jsonl"
        errors = [json.loads(line) for line in errors_path.open()] if errors_path.exists() else []
        kinds = Counter(e["error"] for e in errors)
        summary = done.stderr.strip().splitlines()[0] if done.stderr.strip() else ""

        slowest, which, items = _time_each(paths, args.timeout, 20_000_000)
        print(f"inputs:   {len(paths)} files ({len(heavy)} heavy), {items} items")
        print(f"records:  {records}")
        print(f"errors:   {len(errors)}  " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
        print(f"exit:     {done.returncode}   batch: {summary}")
        print(
            f"wall:     {wall:.1f} s with {args.workers} workers ({len(paths) / wall:.0f} files/s)"
        )
        print(f"slowest:  {slowest:.2f} s  {Path(which).name if which else '-'}")
        print(f"peak RSS: {peak_kb / 1024:.0f} MB (largest single process: CLI parent or a worker)")
        print(f"self RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB "
              "(this process, after timing every input alone)")  # fmt: skip


if __name__ == "__main__":
    main()
