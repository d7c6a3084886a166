"""Where adding clean JSONL to the archive spends its CPU, per step, in one process.

Makes N records as benchmarks/archive.py does (dev pages' records with varied ids, text and
dates), then times with `time.process_time`, per clipping: the staging worker's steps (and,
marked "not run", the steps they replaced: json, to_json, zlib), the catalogue's statements
(inserted as `Archive.add` does, COMMIT_EVERY a transaction), and the FTS5 insert of the same texts
with other tokenizer options. Figures go to docs/benchmarks.md (section "Archive").

    .venv/bin/python benchmarks/archive_profile.py --records 2000 --pages 200
"""

from __future__ import annotations

import argparse
import json
import pickle
import sqlite3
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import orjson  # noqa: E402
from archive import base_records, varied  # noqa: E402

from clipper.archive import catalogue as cat  # noqa: E402
from clipper.archive.add import _NO_LISTS, _as_written, _stage_records  # noqa: E402
from clipper.archive.core import COMMIT_EVERY  # noqa: E402
from clipper.archive.groups import Group  # noqa: E402
from clipper.archive.warcfile import RawRecord, gzip_member, parse_record  # noqa: E402
from clipper.models import Clipping  # noqa: E402
from clipper.writers.warc import WarcWriter  # noqa: E402


def worker_steps(lines: list[bytes], tmp: str) -> dict[str, float]:
    """The staging worker's steps as `_stage_records` runs them, and beside them (marked
    "not run") what they replaced, for comparison."""
    steps: dict[str, float] = {}

    def tick(name: str, start: float) -> float:
        now = time.process_time()
        steps[name] = steps.get(name, 0.0) + now - start
        return now

    def zlib_member(data: bytes) -> bytes:
        compressor = zlib.compressobj(1, zlib.DEFLATED, zlib.MAX_WBITS | 16)
        return compressor.compress(data) + compressor.flush()

    writer = WarcWriter(f"{tmp}/fast.warc", force=True)
    for line in lines:
        t = time.process_time()
        json.loads(line)
        t = tick("(not run) JSON decode by json", t)
        data = orjson.loads(line)
        t = tick("JSON decode by orjson", t)
        same = _as_written(data)
        t = tick("the line is the record as written (key check)", t)
        clipping = Clipping.from_dict({**data, **_NO_LISTS} if same else data)
        t = tick("Clipping (lists left out)", t)
        Clipping.from_dict(data).to_dict()
        t = tick("(not run) Clipping.from_dict + to_dict", t)
        writer._build(clipping, None)
        t = tick("(not run) records with the record JSON made again (to_json)", t)
        records = writer._build(clipping, None, line.rstrip(b"\n"))
        t = tick("records, the line as the metadata block", t)
        parsed = [parse_record(r) for r in records]
        t = tick("parse_record", t)
        for r in records:
            zlib_member(r)
        t = tick("(not run) gzip, zlib level 1", t)
        members = [gzip_member(r) for r in records]
        t = tick("gzip, ISA-L level 1", t)
        raws = tuple(RawRecord(0, m, h, b) for m, (h, b) in zip(members, parsed, strict=True))
        prepared = cat.prepare(Group(raws, data))
        t = tick("catalogue rows (prepare)", t)
        pickle.dumps(prepared)
        t = tick("pickle of the rows and records (to the adding process)", t)
    writer.close()
    return steps


def catalogue_steps(lines: list[bytes], tmp: str) -> dict[str, float]:
    staged: list[Any] = []
    for k in range(0, len(lines), 500):
        staged += _stage_records("x", 0, lines[k : k + 500], f"{tmp}/t.warc").groups
    db = cat.connect(f"{tmp}/catalogue.sqlite", create=True)
    steps: dict[str, float] = {}

    class Timed:
        """The connection, timing each statement by its first words."""

        def _time(self, how: str, sql: str, args: tuple[Any, ...]) -> Any:
            t = time.process_time()
            out = getattr(db, how)(sql, *args)
            key = " ".join(sql.split()[:3])
            steps[key] = steps.get(key, 0.0) + time.process_time() - t
            return out

        def execute(self, sql: str, *args: Any) -> Any:
            return self._time("execute", sql, args)

        def executemany(self, sql: str, *args: Any) -> Any:
            return self._time("executemany", sql, args)

    timed: Any = Timed()
    offset = 0
    for k in range(0, len(staged), COMMIT_EVERY):
        timed.execute("BEGIN IMMEDIATE")
        placed = []
        for item in staged[k : k + COMMIT_EVERY]:
            placed.append((item, offset))
            offset += item.length
        cat.insert_prepared(timed, "clipper-00000.warc.gz", placed, 1)
        timed.execute("COMMIT")
    db.close()
    return steps


def fts_options(lines: list[bytes]) -> dict[str, float]:
    rows = []
    for i, line in enumerate(lines):
        d = json.loads(line)
        rows.append((i + 1, d["title"], d["subtitle"], d["text"], d["byline"], "[]"))
    out = {}
    for name, tokenize, extra in (
        ("unicode61 remove_diacritics 2 (shipped)", "unicode61 remove_diacritics 2", ""),
        ("unicode61 remove_diacritics 0", "unicode61 remove_diacritics 0", ""),
        ("ascii", "ascii", ""),
        ("shipped, detail=column", "unicode61 remove_diacritics 2", ", detail=column"),
    ):
        db = sqlite3.connect(":memory:", isolation_level=None)
        db.execute(
            "CREATE VIRTUAL TABLE f USING fts5(title, subtitle, text, byline, authors,"
            f" tokenize='{tokenize}'{extra})"
        )
        t = time.process_time()
        for k in range(0, len(rows), 500):
            db.execute("BEGIN")
            db.executemany(
                "INSERT INTO f VALUES (?, ?, ?, ?, ?)", [r[1:] for r in rows[k : k + 500]]
            )
            db.execute("COMMIT")
        out[name] = time.process_time() - t
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--pages", type=int, default=200, help="dev pages to base records on")
    args = parser.parse_args()
    bases, _, _ = base_records(args.pages)
    lines = [(line + "\n").encode() for line in varied(bases, args.records)]
    n = len(lines)
    with tempfile.TemporaryDirectory() as tmp:
        for title, steps in (
            ("staging worker", worker_steps(lines, tmp)),
            ("catalogue process", catalogue_steps(lines, tmp)),
            ("FTS5 insert of the same texts, in memory", fts_options(lines)),
        ):
            print(f"\n{title} (CPU ms a clipping, {n} clippings)")
            for name, seconds in sorted(steps.items(), key=lambda kv: -kv[1]):
                print(f"  {seconds * 1000 / n:6.3f}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
