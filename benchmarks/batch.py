"""Batch throughput and memory: clipper with 1 and N workers vs trafilatura, on a WARC of dev pages.

Builds a .warc.gz of `--pages` pages from the WCXB dev set (pages repeat, each with its own
URL), then measures, each in a fresh process tree:

- `clipper clean WARC -o out.jsonl --workers 1` and `--workers N`;
- trafilatura (`trafilatura.bare_extraction(..., with_metadata=True)` on every HTML response) in a multiprocessing pool of
  1 and N processes, reading the same WARC with warcio and writing JSONL;
- clipper with N workers on a WARC `--scale` times larger, for flat memory.

Reports pages/s and peak RSS (sum over the process and its children, sampled every 50 ms),
prints a table and writes it under "## Batch" in docs/benchmarks.md.

    .venv/bin/python benchmarks/batch.py --pages 2000 --scale 10
"""

from __future__ import annotations

import argparse
import glob
import gzip
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
DEV_HTML = Path("/work/shared/datasets/wcxb-dev-articles/html")
DOCS = ROOT / "docs" / "benchmarks.md"
HEADING = "## Batch"


def build_warc(path: Path, pages: int) -> None:
    """A gzipped WARC of `pages` HTML responses, cycling through the dev pages."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    files = sorted(glob.glob(str(DEV_HTML / "*.html.gz")))
    if not files:
        sys.exit(f"no pages in {DEV_HTML}")
    bodies = [gzip.open(f).read() for f in files]
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for i in range(pages):
            body = bodies[i % len(bodies)]
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://bench.example/{i}",
                "response",
                payload=io.BytesIO(body),
                http_headers=headers,
            )
            writer.write_record(record)


def measure(cmd: list[str]) -> tuple[float, int, float]:
    """Wall seconds, peak RSS (bytes, process tree) and CPU seconds (tree) of running `cmd`."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    process = psutil.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while process.poll() is None:
        total = 0
        try:
            procs = [process, *process.children(recursive=True)]
        except psutil.Error:
            procs = [process]
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        peak = max(peak, total)
        time.sleep(0.05)
    seconds = time.monotonic() - start
    stderr = process.stderr.read().decode() if process.stderr else ""
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(cmd)} failed ({process.returncode}):\n{stderr}")
    # Children's CPU time includes the workers they reaped: load-independent cost.
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, peak, cpu


def _extract(html: bytes) -> str:
    """trafilatura doing the job clipper does: body text and metadata (title, author, date), the
    same call the quality and speed benchmarks time (`bare_extraction(..., with_metadata=True)`)."""
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True)
    if doc is None:
        return ""
    text = doc.get("text") if isinstance(doc, dict) else getattr(doc, "text", None)
    return str(text or "")


def trafilatura_run(warc: str, workers: int, out: str) -> None:
    """The trafilatura side: read HTML responses with warcio, extract in a pool, write JSONL."""
    import multiprocessing

    from warcio.archiveiterator import ArchiveIterator

    def pages() -> object:
        with open(warc, "rb") as handle:
            for record in ArchiveIterator(handle):
                if record.rec_type == "response":
                    yield record.content_stream().read()

    import trafilatura  # noqa: F401 - imported before the fork, like clipper does

    with open(out, "w", encoding="utf-8") as sink:
        if workers == 1:
            for html in pages():  # type: ignore[attr-defined]
                sink.write(json.dumps({"text": _extract(html)}) + "\n")
        else:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                for text in pool.imap(_extract, pages(), chunksize=4):  # type: ignore[call-overload]
                    sink.write(json.dumps({"text": text}) + "\n")


def _medians(
    rows: list[tuple[str, int, float, int, float]],
) -> list[tuple[str, int, float, int, float]]:
    """One row per label: median seconds and CPU, highest peak RSS."""
    import statistics

    out = []
    for label in dict.fromkeys(r[0] for r in rows):
        runs = [r for r in rows if r[0] == label]
        out.append(
            (
                label,
                runs[0][1],
                statistics.median(r[2] for r in runs),
                max(r[3] for r in runs),
                statistics.median(r[4] for r in runs),
            )
        )
    return out


def write_docs(table: str, command: str) -> None:
    """Replace (or add) the "## Batch" section of docs/benchmarks.md, nothing else."""
    section = (
        f"{HEADING}\n\n"
        "`clipper clean` on a `.warc.gz` of dev pages (WCXB dev set, pages repeated with their "
        "own URLs), against `trafilatura.bare_extraction(..., with_metadata=True)` (the job "
        "clipper does: text and metadata) over the same HTML responses in a "
        "multiprocessing pool of the same size (reading the WARC with warcio, writing JSONL). "
        "Wall time includes start-up; peak RSS is the whole process tree, sampled every 50 ms. "
        "With `--repeat`, the throughput runs are interleaved rounds and the table gives medians.\n\n"
        f"{table}\n\nMeasured with `{command}`.\n"
    )
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else "# Benchmarks\n"
    start = text.find(f"\n{HEADING}\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        rest = text[end:] if end >= 0 else "\n"
        text = text[: start + 1] + section + rest
    DOCS.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--scale", type=int, default=10, help="size of the memory run, x pages")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--repeat", type=int, default=1, help="interleaved rounds of the throughput runs (median)"
    )
    parser.add_argument("--dir", default="/tmp/clipper-bench-batch")
    parser.add_argument("--no-docs", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument(
        "--trafilatura-run", nargs=3, metavar=("WARC", "WORKERS", "OUT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.trafilatura_run:
        warc, workers, out = args.trafilatura_run
        trafilatura_run(warc, int(workers), out)
        return

    work = Path(args.dir)
    work.mkdir(parents=True, exist_ok=True)
    small, large = work / "small.warc.gz", work / "large.warc.gz"
    build_warc(small, args.pages)
    clipper = str(Path(sys.executable).with_name("clipper"))
    n = args.workers
    rows: list[tuple[str, int, float, int, float]] = []
    load_before = os.getloadavg()[0]

    def clipper_run(warc: Path, workers: int, pages: int, label: str) -> None:
        out = work / f"out-{label}.jsonl"
        cmd = [
            clipper,
            "clean",
            str(warc),
            "-o",
            str(out),
            "--workers",
            str(workers),
            "--force",
            "-q",
        ]
        seconds, peak, cpu = measure(cmd)
        rows.append((label, pages, seconds, peak, cpu))
        print(
            f"{label}: {pages / seconds:.1f} pages/s, peak RSS {peak / 2**20:.0f} MiB", flush=True
        )

    def trafilatura_bench(workers: int) -> None:
        label = f"trafilatura, {workers} process{'es' if workers > 1 else ''}"
        out = work / f"out-trafilatura-{workers}.jsonl"
        cmd = [sys.executable, __file__, "--trafilatura-run", str(small), str(workers), str(out)]
        seconds, peak, cpu = measure(cmd)
        rows.append((label, args.pages, seconds, peak, cpu))
        print(
            f"{label}: {args.pages / seconds:.1f} pages/s, peak RSS {peak / 2**20:.0f} MiB",
            flush=True,
        )

    # Interleaved rounds: load from other jobs then falls on every configuration alike.
    for _ in range(args.repeat):
        clipper_run(small, 1, args.pages, "clipper, 1 worker")
        trafilatura_bench(1)
        clipper_run(small, n, args.pages, f"clipper, {n} workers")
        trafilatura_bench(n)
    if args.scale > 1:
        build_warc(large, args.pages * args.scale)
        clipper_run(large, n, args.pages * args.scale, f"clipper, {n} workers, {args.scale}x pages")
    rows = _medians(rows)

    rate = {label: pages / seconds for label, pages, seconds, _, _ in rows}
    peak = {label: rss for label, _, _, rss, _ in rows}
    per_cpu = {label: pages / cpu for label, pages, _, _, cpu in rows}
    lines = [
        "| run | pages | seconds | pages/s | CPU s | pages per CPU s | peak RSS (MiB) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for label, pages, seconds, rss, cpu in rows:
        lines.append(
            f"| {label} | {pages} | {seconds:.1f} | {pages / seconds:.1f} | {cpu:.1f} "
            f"| {pages / cpu:.1f} | {rss / 2**20:.0f} |"
        )
    one, many = rate["clipper, 1 worker"], rate[f"clipper, {n} workers"]
    traf_label = f"trafilatura, {n} processes" if n > 1 else "trafilatura, 1 process"
    traf_many = rate[traf_label]
    checks = [
        f"{n} workers / 1 worker: {many / one:.2f}x (target >= 1.8x)",
        f"clipper / trafilatura at {n} workers: {many / traf_many:.2f}x (target >= 0.8x)",
        f"clipper / trafilatura at 1 worker: {one / rate['trafilatura, 1 process']:.2f}x",
        f"pages per CPU second, clipper / trafilatura at {n} workers: "
        f"{per_cpu[f'clipper, {n} workers'] / per_cpu[traf_label]:.2f}x",
    ]
    if args.scale > 1:
        big = peak[f"clipper, {n} workers, {args.scale}x pages"]
        checks.append(
            f"peak RSS {args.scale}x pages / {args.pages} pages: "
            f"{big / peak[f'clipper, {n} workers']:.2f}x (target <= 1.2x)"
        )
    table = "\n".join(lines) + "\n\n" + "\n".join(f"- {c}" for c in checks)
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    table += (
        f"\n- machine: {cpus} CPUs available to the process; load average "
        f"{load_before:.1f} before, {os.getloadavg()[0]:.1f} after (other jobs share the CPUs: "
        "wall-clock ratios are only meaningful when the load is below the CPU count)"
    )
    print()
    print(table)
    if not args.no_docs:
        command = (
            f".venv/bin/python benchmarks/batch.py --pages {args.pages} --scale {args.scale} "
            f"--repeat {args.repeat}"
        )
        write_docs(table, command)


if __name__ == "__main__":
    main()
