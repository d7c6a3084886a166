"""Exports: JSONL records, Parquet (year/month partitions), WARC, WACZ, and pywb's CDXJ index."""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from typing import Any

from .._version import __version__
from ..errors import ArchiveError, OutputError, OutputExistsError
from ..writers.atomic import AtomicFile, check_target
from . import catalogue as cat
from .core import Store, _now
from .warcfile import iter_members

KINDS = ("jsonl", "parquet", "warc", "wacz", "cdxj")
#: Rows per Parquet row group / per Arrow batch.
PARQUET_BATCH = 5000
#: Record types pywb replays from: the originals (and revisits of them).
CDXJ_RECORDS = "response,resource,revisit"


def export(
    archive: Store,
    kind: str,
    target: str,
    query: str | None = None,
    *,
    force: bool = False,
    all_versions: bool = False,
    **facets: str | None,
) -> int:
    """Write the clippings `query` and `facets` select as `kind`; each clipping's current
    version (its latest metadata record, with its conversion), or with `all_versions` every
    version a `reclean` left, oldest first (JSONL and Parquet: one row a version; WARC and
    WACZ: every version's records). Returns how many clippings (CDXJ: index lines)."""
    if kind not in KINDS:
        raise OutputError(f"unknown export kind {kind!r} (one of {', '.join(KINDS)})", target)
    if all_versions and kind == "cdxj":
        raise OutputError(
            "the CDXJ index lists originals, which have no versions; drop all_versions", target
        )
    filters = cat.Filters(**facets)
    if kind in ("cdxj", "wacz"):
        _cdxj_indexer(target)  # before anything is written: a WACZ holds a CDXJ index
    if kind == "cdxj":
        if query or any(facets.values()):
            raise OutputError("the CDXJ index covers the whole archive; drop the query", target)
        check_target(target, force=force)
        return write_cdxj(archive, target)
    if kind == "parquet":
        return _parquet(archive, target, query, filters, force=force, all_versions=all_versions)
    check_target(target, force=force)
    rows = cat.iter_rows(archive.db, query, filters)
    if kind == "jsonl":
        return _jsonl(archive, target, rows, all_versions)
    if kind == "warc":
        return _warc(archive, target, rows, all_versions)
    return _wacz(archive, target, rows, all_versions)


def _atomic(target: str) -> AtomicFile:
    return AtomicFile(target, force=True)


def _jsonl(archive: Store, target: str, rows: Iterator[int], all_versions: bool) -> int:
    """The records as their metadata records hold them, one a line (.jsonl or .jsonl.gz)."""
    import gzip

    if not target.endswith((".jsonl", ".jsonl.gz")):
        raise OutputError("name the JSONL export .jsonl or .jsonl.gz", target)
    count = 0
    out = _atomic(target)
    reader = _Reader(archive)
    try:
        sink: Any = (
            gzip.GzipFile(filename="", mode="wb", fileobj=out.file, mtime=0)
            if target.endswith(".gz")
            else out.file
        )
        for rowid in rows:
            for block in _metadata_blocks(archive, rowid, all_versions, reader):
                sink.write(b" ".join(block.splitlines()) + b"\n")
            count += 1
        if sink is not out.file:
            sink.close()
    except BaseException:
        out.discard()
        raise
    finally:
        reader.close()
    out.commit()
    return count


class _Reader:
    """Stored records read by (file, offset, length), each WARC file opened once."""

    def __init__(self, archive: Store) -> None:
        self.archive = archive
        self.handles: dict[str, Any] = {}

    def _handle(self, name: str) -> Any:
        if name not in self.handles:
            path = os.path.join(self.archive.warc_dir, name)
            self.handles[name] = open(path, "rb")  # noqa: SIM115
        return self.handles[name]

    def member(self, name: str, offset: int, length: int) -> bytes:
        handle = self._handle(name)
        handle.seek(offset)
        data: bytes = handle.read(length)
        return data

    def block(self, name: str, offset: int, length: int) -> bytes:
        from .warcfile import TornRecord, read_member

        try:
            return read_member(self._handle(name), offset, length).block
        except TornRecord as exc:
            raise ArchiveError(
                f"broken record at offset {offset}: {exc.why} (run `clipper archive check`)",
                os.path.join(self.archive.warc_dir, name),
            ) from exc

    def close(self) -> None:
        for handle in self.handles.values():
            handle.close()
        self.handles.clear()


def _records(archive: Store, rowid: int, all_versions: bool) -> list[tuple[str, int, int, str]]:
    """A clipping's stored records in file order, (file, offset, length, role): all of them, or
    those of its current version: the capture (exchange and original records) and the latest
    metadata record with the conversion (or revisit) written before it. A `reclean` appends a
    conversion and a metadata record a version (docs/archive.md)."""
    rows = archive.db.execute(
        "SELECT warc_file, offset, length, role FROM records WHERE clipping = ? ORDER BY rowid",
        (rowid,),
    ).fetchall()
    if all_versions:
        return [tuple(r) for r in rows]
    metadata = [i for i, r in enumerate(rows) if r[3] == "metadata"]
    if not metadata:
        raise ArchiveError(f"clipping row {rowid} has no metadata record", archive.path)
    last = metadata[-1]
    text = [i for i, r in enumerate(rows[:last]) if r[3] in ("conversion", "revisit")]
    keep = {last, *text[-1:]}
    return [
        tuple(r)
        for i, r in enumerate(rows)
        if i in keep or r[3] not in ("conversion", "revisit", "metadata")
    ]


def _metadata_blocks(
    archive: Store, rowid: int, all_versions: bool, reader: _Reader
) -> Iterator[bytes]:
    """The JSON record of a clipping from its metadata records in the WARC files: the latest
    (the current version: a reclean appends one), or every version's, oldest first."""
    for _, _, block in _versions(archive, rowid, all_versions, reader):
        yield block


def _versions(
    archive: Store, rowid: int, all_versions: bool, reader: _Reader
) -> Iterator[tuple[int, bool, bytes]]:
    """(version number from 1 for the first clean, whether it is the current one, the JSON
    record) of the current version, or of every version oldest first."""
    found = archive.db.execute(
        "SELECT warc_file, offset, length FROM records WHERE clipping = ? AND role = 'metadata'"
        " ORDER BY rowid",
        (rowid,),
    ).fetchall()
    if not found:
        raise ArchiveError(f"clipping row {rowid} has no metadata record", archive.path)
    last = len(found)
    for number, (name, offset, length) in enumerate(found, 1):
        if all_versions or number == last:
            yield number, number == last, reader.block(name, offset, length)


def _record_members(
    archive: Store, rowid: int, all_versions: bool, reader: _Reader
) -> Iterator[bytes]:
    """The stored gzip members of one clipping's records (its current version's, or all), in
    file order."""
    for name, offset, length, _ in _records(archive, rowid, all_versions):
        yield reader.member(name, offset, length)


def warcinfo_member(description: str, filename: str, tmp: str) -> bytes:
    """A warcinfo record as the shared WARC writer makes it, as one gzip member."""
    from ..writers.warc import WarcWriter

    path = os.path.join(tmp, filename if filename.endswith(".warc.gz") else "info.warc.gz")
    WarcWriter(path, force=True, description=description).close()
    with open(path, "rb") as handle:
        return next(iter_members(handle)).member


def _write_warc(
    archive: Store, handle: Any, rows: Iterator[int], filename: str, all_versions: bool
) -> int:
    with tempfile.TemporaryDirectory(dir=os.path.join(archive.path, "tmp")) as tmp:
        handle.write(warcinfo_member("clipper archive export", filename, tmp))
    count = 0
    reader = _Reader(archive)
    try:
        for rowid in rows:
            for member in _record_members(archive, rowid, all_versions, reader):
                handle.write(member)
            count += 1
    finally:
        reader.close()
    return count


def _warc(archive: Store, target: str, rows: Iterator[int], all_versions: bool) -> int:
    if not target.endswith(".warc.gz"):
        raise OutputError("name the WARC export .warc.gz", target)
    out = _atomic(target)
    try:
        count = _write_warc(archive, out, rows, os.path.basename(target), all_versions)
    except BaseException:
        out.discard()
        raise
    out.commit()
    return count


def _cdxj_indexer(target: str) -> Any:
    """cdxj-indexer's indexer class; ArchiveError naming the extra when it is not installed."""
    try:
        from cdxj_indexer.main import CDXJIndexer
    except ImportError as exc:
        raise ArchiveError(
            "the CDXJ index and WACZ need cdxj-indexer: pip install 'clipper-news[archive]'",
            target,
        ) from exc
    return CDXJIndexer


def write_cdxj(
    archive: Store, target: str, warcs: list[str] | None = None, root: str | None = None
) -> int:
    """pywb's CDXJ index (sorted by SURT) of `warcs` (default: the archive's), paths relative to
    `root` (default: the warcs folder, pywb's archive folder)."""
    CDXJIndexer = _cdxj_indexer(target)  # noqa: N806 - the class, imported late
    paths = warcs or [os.path.join(archive.warc_dir, n) for n in archive.warc_files()]
    buffer = io.StringIO()
    indexer = CDXJIndexer(
        buffer, paths, sort=False, records=CDXJ_RECORDS, dir_root=root or archive.warc_dir
    )
    # The indexer opens its output by name; hand it our buffer through its writer hook.
    indexer.output = None
    _run_indexer(indexer, buffer)
    lines = sorted(line for line in buffer.getvalue().splitlines() if line.strip())
    out = _atomic(target)
    try:
        out.write("".join(line + "\n" for line in lines).encode("utf-8"))
    except BaseException:
        out.discard()
        raise
    out.commit()
    return len(lines)


def _run_indexer(indexer: Any, buffer: io.StringIO) -> None:
    for filename in indexer.inputs:
        with open(filename, "rb") as handle:
            indexer.process_one(handle, buffer, filename)


def _wacz(archive: Store, target: str, rows: Iterator[int], all_versions: bool) -> int:
    """A WACZ 1.1.1 package: archive/data.warc.gz, indexes/index.cdxj, pages/pages.jsonl,
    datapackage.json and datapackage-digest.json."""
    with tempfile.TemporaryDirectory(dir=os.path.join(archive.path, "tmp")) as tmp:
        warc_path = os.path.join(tmp, "data.warc.gz")
        pages: list[dict[str, Any]] = []
        with open(warc_path, "wb") as handle:
            ids: list[int] = []

            def collect() -> Iterator[int]:
                for rowid in rows:
                    ids.append(rowid)
                    yield rowid

            count = _write_warc(archive, handle, collect(), "data.warc.gz", all_versions)
        for rowid in ids:
            row = archive.db.execute(
                "SELECT c.title, p.url, p.fetched, c.id, c.language FROM clippings c"
                " JOIN captures p ON p.clipping = c.rowid WHERE c.rowid = ?",
                (rowid,),
            ).fetchone()
            if row and row[1] and row[1].startswith(("http://", "https://")):
                page = {"id": row[3], "url": row[1], "ts": row[2], "title": row[0]}
                pages.append({k: v for k, v in page.items() if v is not None})
        cdxj_path = os.path.join(tmp, "index.cdxj")
        write_cdxj(archive, cdxj_path, [warc_path], root=tmp)
        pages_text = json.dumps({"format": "json-pages-1.0", "id": "pages", "title": "All Pages"})
        pages_text += "\n" + "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages)
        pages_path = os.path.join(tmp, "pages.jsonl")
        with open(pages_path, "w", encoding="utf-8") as text_out:
            text_out.write(pages_text)
        members = [
            ("archive/data.warc.gz", warc_path),
            ("indexes/index.cdxj", cdxj_path),
            ("pages/pages.jsonl", pages_path),
        ]
        created = _now()[:19] + "Z"
        package = {
            "profile": "data-package",
            "wacz_version": "1.1.1",
            "title": f"clipper archive export ({count} clippings)",
            "created": created,
            "modified": created,
            "software": f"clipper/{__version__}",
            "resources": [
                {
                    "name": os.path.basename(name),
                    "path": name,
                    "hash": "sha256:" + _sha256(path),
                    "bytes": os.path.getsize(path),
                }
                for name, path in members
            ],
        }
        package_bytes = json.dumps(package, indent=2).encode("utf-8")
        digest = {
            "path": "datapackage.json",
            "hash": "sha256:" + hashlib.sha256(package_bytes).hexdigest(),
        }
        out = _atomic(target)
        try:
            # WARCs are stored, not deflated, so a replay tool can read a record by its offset.
            with zipfile.ZipFile(out.file, "w", compression=zipfile.ZIP_STORED) as zf:
                for name, path in members:
                    zf.write(path, name)
                zf.writestr("datapackage.json", package_bytes)
                zf.writestr("datapackage-digest.json", json.dumps(digest, indent=2))
        except BaseException:
            out.discard()
            raise
        out.commit()
    return count


def _sha256(path: str) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(chunk)
    return hasher.hexdigest()


def _parquet(
    archive: Store,
    target: str,
    query: str | None,
    filters: cat.Filters,
    *,
    force: bool,
    all_versions: bool,
) -> int:
    """A folder of Parquet files, hive-partitioned year=YYYY/month=M by publication date
    (year=0/month=0 without one)."""
    try:
        import pyarrow as pa
        import pyarrow.dataset as ds
    except ImportError as exc:
        raise ArchiveError(
            "Parquet export needs pyarrow: pip install 'clipper-news[archive]'", target
        ) from exc
    if os.path.exists(target):
        if not force:
            raise OutputExistsError("already exists", target)
        if not os.path.isdir(target):
            raise OutputError("exists and is not a folder", target)
    schema = _arrow_schema(pa)
    parent = os.path.dirname(os.path.abspath(target))
    staging = tempfile.mkdtemp(prefix=".parquet-", dir=parent)
    count = 0

    def batches() -> Iterator[Any]:
        nonlocal count
        rows: list[dict[str, Any]] = []
        reader = _Reader(archive)
        try:
            for rowid in cat.iter_rows(archive.db, query, filters):
                for number, current, block in _versions(archive, rowid, all_versions, reader):
                    row = _flat(json.loads(block))
                    row["version"], row["current"] = number, current
                    rows.append(row)
                count += 1
                if len(rows) >= PARQUET_BATCH:
                    yield pa.RecordBatch.from_pylist(rows, schema=schema)
                    rows = []
        finally:
            reader.close()
        if rows:
            yield pa.RecordBatch.from_pylist(rows, schema=schema)

    try:
        ds.write_dataset(
            batches(),
            staging,
            schema=schema,
            format="parquet",
            partitioning=ds.partitioning(
                pa.schema([("year", pa.string()), ("month", pa.string())]), flavor="hive"
            ),
            basename_template="part-{i}.parquet",
            existing_data_behavior="overwrite_or_ignore",
            max_rows_per_group=PARQUET_BATCH * 4,
        )
        if os.path.exists(target):
            shutil.rmtree(target)
        os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def _arrow_schema(pa: Any) -> Any:
    text = pa.string()
    names = pa.list_(pa.string())
    return pa.schema(
        [
            ("id", text),
            ("url", text),
            ("source_path", text),
            ("source_type", text),
            ("title", text),
            ("subtitle", text),
            ("section", text),
            ("text", text),
            ("byline", text),
            ("authors", names),
            ("contributors", names),
            ("contacts", pa.list_(pa.struct([("name", text), ("email", text)]))),
            ("publisher", text),
            ("licensed_from", text),
            ("credits", names),
            ("published", text),
            ("published_tz", text),
            ("modified", text),
            ("dateline", text),
            ("language", text),
            ("captions", pa.list_(pa.struct([("text", text), ("credit", text)]))),
            ("removed", pa.list_(pa.struct([("rule", text), ("text", text)]))),
            ("duplicate_of", text),
            ("digest", text),
            ("clipper_version", text),
            ("fetched", text),
            # Which version of the clipping the row is (1: the first clean; a reclean adds
            # one) and whether it is the current one: --all-versions exports them all.
            ("version", pa.int32()),
            ("current", pa.bool_()),
            ("year", text),
            ("month", text),
        ]
    )


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    data = dict(record)
    data.pop("extra", None)
    source = data.pop("source", None) or {}
    data["source_path"] = source.get("path")
    data["source_type"] = source.get("type")
    published = data.get("published") or ""
    # Numbers only, 0 when unknown (year=0/month=0), months without a leading zero (as Spark
    # writes them): DuckDB, Spark and Dask then all read year and month as integers. A word
    # (year=unknown) made them strings, and Dask (2026.11) turns such a partition value
    # that looks like a number (2023, 02) into a missing value or a KeyError.
    year = published[:4]
    data["year"] = str(int(year)) if year.isdigit() else "0"
    data["month"] = str(int(published[5:7])) if year.isdigit() and published[5:7].isdigit() else "0"
    return data
