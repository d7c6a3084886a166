"""The archive at scale: add rate from clean JSONL, catalogue size, search latency, export time.

Records are made from the dev pages' records (the copied-text clippings of
wcxb-dev-articles, cleaned once in this run) with varied ids, text and dates, so that an
archive of N clippings can be built without cleaning N pages. The cleaning rate of the same
pages, measured in the same run, is printed beside the add rate: the catalogue must never be
the bottleneck of a clean.

    .venv/bin/python benchmarks/archive.py                 # 10,000 and 100,000 clippings
    .venv/bin/python benchmarks/archive.py --sizes 2000    # a quick look
    .venv/bin/python benchmarks/archive.py --sizes 3000 --catalogue-alone 3000

Figures go to docs/benchmarks.md (section "Archive").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from clipper import Archive, clean_text

DEV = Path(os.environ.get("CLIPPER_DEV_DATA", "/work/shared/datasets/wcxb-dev-articles"))
QUERIES = [
    "climate",
    "election results",
    "interest rates",
    "football",
    "vaccine",
    "police said",
    "university",
    '"prime minister"',
    "inflation",
    "court ruling",
    "energy prices",
    "startup",
    "hurricane",
    "recipe",
    "artificial intelligence",
    "housing market",
    "museum",
    "trade deal",
    "students",
    "earnings report",
]
WORDS = "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike".split()


def base_records(limit: int) -> tuple[list[dict[str, object]], float, float]:
    """The dev pages' copied text, cleaned; the cleaning rate (pages/s, one process) and CPU ms
    a page."""
    files = sorted((DEV / "text").glob("*.txt"))[:limit]
    start = time.perf_counter()
    cpu = time.process_time()
    records = []
    for path in files:
        try:
            records.append(clean_text(path.read_bytes()).to_dict())
        except Exception:  # noqa: BLE001 - a page without text is not a record
            continue
    rate = len(files) / (time.perf_counter() - start)
    cpu_ms = (time.process_time() - cpu) * 1000 / max(1, len(files))
    return [r for r in records if r["text"]], rate, cpu_ms


def varied(bases: list[dict[str, object]], n: int, seed: int = 7) -> Iterator[str]:
    """n JSONL lines, streamed (100,000 held at once took over 20 GB): each a base record with
    its own id, a varied sentence and a date."""
    rnd = random.Random(seed)
    for i in range(n):
        rec = dict(bases[i % len(bases)])
        extra = " ".join(rnd.choice(WORDS) for _ in range(8))
        text = f"{rec['text']}\n\nNote {i}: {extra}."
        rec["text"] = text
        rec["id"] = "sha256:" + hashlib.sha256(f"{i}:{rec['id']}".encode()).hexdigest()
        rec["digest"] = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
        day = rnd.randrange(0, 3650)
        rec["published"] = time.strftime("%Y-%m-%d", time.gmtime(1420070400 + day * 86400))
        rec["url"] = f"https://site{i % 50}.example/{i}"
        yield json.dumps(rec, ensure_ascii=False)


def _children_cpu() -> float:
    """CPU seconds (user + system) of this process's ended children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(
    size: int, bases: list[dict[str, object]], work: Path, *, reuse: bool = False
) -> dict[str, float]:
    """Build an archive of `size` clippings (or, with `reuse`, take the one a run left in
    `work`) and measure it."""
    folder = work / f"a{size}"
    add_per_s = add_cpu_ms = worker_cpu_ms = float("nan")
    if not reuse:
        shutil.rmtree(folder, ignore_errors=True)
        source = work / f"records-{size}.jsonl"
        with source.open("w", encoding="utf-8") as handle:
            for line in varied(bases, size):
                handle.write(line + "\n")
    with Archive(folder, create=not reuse) as archive:
        if not reuse:
            start = time.perf_counter()
            cpu = time.process_time()
            children = _children_cpu()
            summary = archive.add([str(source)])
            add_per_s = size / (time.perf_counter() - start)
            # CPU per process: this one (the catalogue's share) and the staging workers beside
            # it (ended and waited for when the add returns): on a shared machine wall time
            # mostly measures the wait for a core.
            add_cpu_ms = (time.process_time() - cpu) * 1000 / size
            worker_cpu_ms = (_children_cpu() - children) * 1000 / size
            assert summary.added == size, summary
        assert archive.stats()["clippings"] == size
        latencies = []
        for _ in range(3):
            for query in QUERIES:
                t = time.perf_counter()
                archive.search(query, limit=20)
                latencies.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        archive.search(None, site="site3.example", since="2020", limit=20)
        facet_ms = (time.perf_counter() - t) * 1000
        # Wall and CPU seconds: a wall time growing faster than the CPU time is the disk
        # (the 100,000 export is a 2.4 GB file), not the code.
        t, cpu = time.perf_counter(), time.process_time()
        archive.export("jsonl", str(work / f"export-{size}.jsonl"), force=True)
        export_jsonl_s = time.perf_counter() - t
        export_jsonl_cpu_s = time.process_time() - cpu
        t, cpu = time.perf_counter(), time.process_time()
        archive.export("parquet", str(work / f"export-{size}.parquet"), force=True)
        export_parquet_s = time.perf_counter() - t
        export_parquet_cpu_s = time.process_time() - cpu
        stats = archive.stats()
    latencies.sort()
    return {
        "size": size,
        "add_per_s": add_per_s,
        "add_cpu_ms_per_clipping": add_cpu_ms,
        "worker_cpu_ms_per_clipping": worker_cpu_ms,
        "catalogue_bytes_per_clipping": stats["catalogue_bytes"] / size,
        "warc_bytes_per_clipping": stats["warc_bytes"] / size,
        "search_p50_ms": statistics.median(latencies),
        "search_p95_ms": latencies[int(len(latencies) * 0.95) - 1],
        "facet_ms": facet_ms,
        "export_jsonl_s": export_jsonl_s,
        "export_jsonl_cpu_s": export_jsonl_cpu_s,
        "export_parquet_s": export_parquet_s,
        "export_parquet_cpu_s": export_parquet_cpu_s,
    }


def catalogue_alone(bases: list[dict[str, object]], work: Path, n: int) -> dict[str, float]:
    """The adding process's part alone: n records staged beforehand (not timed), then
    appended to the WARC, fsynced and catalogued (`Store.add_groups`, COMMIT_EVERY a
    transaction) in this process: clippings/s on a core of its own and CPU ms a clipping."""
    from clipper.archive.add import _stage_records
    from clipper.archive.core import AddSummary

    lines = [(line + "\n").encode() for line in varied(bases, n)]
    staged = []
    for k in range(0, n, 500):
        staged += _stage_records("bench", 0, lines[k : k + 500], str(work / "stage.warc")).groups
    del lines
    folder = work / "catalogue-alone"
    shutil.rmtree(folder, ignore_errors=True)
    with Archive(folder, create=True) as archive:
        summary = AddSummary()
        start = time.perf_counter()
        cpu = time.process_time()
        archive.add_groups(staged, summary)
        wall = time.perf_counter() - start
        cpu_ms = (time.process_time() - cpu) * 1000 / n
        assert summary.added == n, summary
    shutil.rmtree(folder, ignore_errors=True)
    return {"clippings": n, "per_s": n / wall, "cpu_ms_per_clipping": cpu_ms}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--pages", type=int, default=711, help="dev pages to base records on")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure search and export on the archives an earlier run left in --work",
    )
    parser.add_argument(
        "--work", default=None, help="folder for the archives (default: a temp one)"
    )
    parser.add_argument(
        "--catalogue-alone",
        type=int,
        default=0,
        metavar="N",
        help="also time the adding process's part alone on N pre-staged records",
    )
    parser.add_argument(
        "--staging-workers",
        type=int,
        default=0,
        help="staging worker processes (default: as the archive picks, one on two cores)",
    )
    args = parser.parse_args()
    if args.staging_workers:
        from clipper.archive import add

        add.STAGING_WORKERS = args.staging_workers
    bases, clean_rate, clean_cpu_ms = base_records(args.pages)
    print(
        f"{len(bases)} base records; clean_text: {clean_rate:.0f} pages/s (one process), "
        f"{clean_cpu_ms:.1f} CPU ms a page"
    )
    work = Path(args.work or tempfile.mkdtemp(prefix="clipper-archive-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.catalogue_alone:
        alone = catalogue_alone(bases, work, args.catalogue_alone)
        print(
            f"catalogue alone: {alone['clippings']:,.0f} clippings, {alone['per_s']:,.0f}/s wall,"
            f" {alone['cpu_ms_per_clipping']:.2f} CPU ms a clipping",
            flush=True,
        )
    rows = []
    for size in args.sizes:
        row = run(size, bases, work, reuse=args.reuse)
        rows.append(row)
        print(json.dumps({k: round(v, 2) for k, v in row.items()}), flush=True)
    print(
        "\n| clippings | add /s | add ÷ clean rate | add CPU ms/clip: catalogue + workers | catalogue B/clip | WARC B/clip | search p50 ms | p95 ms | facet ms | export JSONL s | export Parquet s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(
            f"| {r['size']:,} | {r['add_per_s']:,.0f} | {r['add_per_s'] / clean_rate:.1f}× |"
            f" {r['add_cpu_ms_per_clipping']:.2f} + {r['worker_cpu_ms_per_clipping']:.2f} |"
            f" {r['catalogue_bytes_per_clipping']:,.0f} | {r['warc_bytes_per_clipping']:,.0f} |"
            f" {r['search_p50_ms']:.1f} | {r['search_p95_ms']:.1f} | {r['facet_ms']:.1f} |"
            f" {r['export_jsonl_s']:.1f} | {r['export_parquet_s']:.1f} |"
        )
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
