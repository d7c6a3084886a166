"""Exports read back by their own tools: pyarrow, warcio, the wacz validator, the CDXJ offsets."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from archive_helpers import SEEDS, record, write_jsonl
from warcio.archiveiterator import ArchiveIterator

from clipper import Archive, Clipping


@pytest.fixture(scope="module")
def archive_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("export")
    folder = tmp / "a"
    recs = [record(i) for i in range(6)]
    recs[5] = record(5, published=None)
    with Archive(folder, create=True) as archive:
        archive.add([str(SEEDS)], workers=1)
        archive.add([str(write_jsonl(tmp / "r.jsonl", recs))])
        archive.add([str(_crawl(tmp / "crawl.warc.gz"))], workers=1)
    return folder


def _crawl(path: Path) -> Path:
    """A crawler's WARC: two HTTP responses, as pywb would replay them."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for n in (1, 2):
            body = (
                f"<html><head><title>Storm {n}</title></head><body><article><h1>Storm {n}</h1>"
                + f"<p>Storm number {n} closed the harbour on Monday, the port said.</p>" * 6
                + "</article></body></html>"
            ).encode()
            headers = StatusAndHeaders(
                "200 OK",
                [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body)))],
                protocol="HTTP/1.1",
            )
            writer.write_record(
                writer.create_warc_record(
                    f"https://www.example.com/storm/{n}",
                    "response",
                    payload=BytesIO(body),
                    http_headers=headers,
                )
            )
    return path


def test_jsonl_export_is_the_records(archive_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.jsonl"
    with Archive(archive_dir) as archive:
        assert archive.export("jsonl", str(out), "ferry", site="news1.example") == 2
        got = [Clipping.from_json(line) for line in out.read_text().splitlines()]
        assert got == [archive.get(c.id) for c in got]
        assert {c.url for c in got} == {
            "https://news1.example/story/1",
            "https://news1.example/story/4",
        }
        # Nothing is overwritten without force.
        with pytest.raises(Exception, match="already exists"):
            archive.export("jsonl", str(out))


def test_parquet_is_partitioned_by_year_and_month(archive_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "pq"
    with Archive(archive_dir) as archive:
        assert archive.export("parquet", str(out)) == 10
    parts = sorted(str(p.relative_to(out).parent) for p in out.rglob("*.parquet"))
    assert "year=2023/month=1" in parts and "year=0/month=0" in parts
    table = ds.dataset(str(out), format="parquet", partitioning="hive").to_table()
    rows = {r["id"]: r for r in table.to_pylist()}
    assert len(rows) == 10
    one = rows[record(1)["id"]]
    assert (one["year"], one["month"], one["authors"]) == (2023, 2, ["Ana Lima"])
    assert one["removed"] == [{"rule": "navigation.skip", "text": "Skip to content"}]


def test_warc_export_passes_warcio_check(archive_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.warc.gz"
    with Archive(archive_dir) as archive:
        assert archive.export("warc", str(out), "putin") == 2
    done = subprocess.run(
        [str(Path(sys.executable).with_name("warcio")), "check", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    with open(out, "rb") as handle:
        types = [r.rec_type for r in ArchiveIterator(handle)]
    assert types == ["warcinfo"] + ["resource", "conversion", "metadata"] * 2


def test_wacz_passes_the_wacz_validator(archive_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.wacz"
    with Archive(archive_dir) as archive:
        assert archive.export("wacz", str(out)) == 10
    done = subprocess.run(
        [str(Path(sys.executable).with_name("wacz")), "validate", "-f", str(out)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Validation succeeded" in done.stdout


def test_every_cdxj_line_points_at_its_record(archive_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "index.cdxj"
    with Archive(archive_dir) as archive:
        lines = archive.export("cdxj", str(out))
        originals = archive.db.execute(
            "SELECT count(*) FROM records WHERE type IN ('response', 'resource', 'revisit')"
        ).fetchone()[0]
    text = out.read_text().splitlines()
    assert lines == len(text) == originals == 4
    assert sum(line.startswith("com,example)/storm/") for line in text) == 2
    assert text == sorted(text)
    for line in text:
        surt, stamp, blob = line.split(" ", 2)
        entry = json.loads(blob)
        with open(archive_dir / "warcs" / entry["filename"], "rb") as handle:
            handle.seek(int(entry["offset"]))
            chunk = handle.read(int(entry["length"]))
            record_ = next(iter(ArchiveIterator(__import__("io").BytesIO(chunk))))
            assert record_.rec_headers.get_header("WARC-Target-URI") == entry["url"]
            payload = record_.content_stream().read()
        assert (
            record_.rec_headers.get_header("WARC-Date")
            .replace("-", "")
            .replace(":", "")
            .replace("T", "")[:14]
            == stamp
        )
        algorithm, digest = entry["digest"].split(":")
        got = hashlib.new(algorithm, payload).digest()
        assert digest in (got.hex(), __import__("base64").b32encode(got).decode())


def test_parquet_reads_as_is_in_duckdb_and_dask(archive_dir: Path, tmp_path: Path) -> None:
    """The export is read by DuckDB and Dask without options beyond the hive partitioning:
    row counts, a year/month partition filter and a few values agree with the archive."""
    import dask.dataframe as dd
    import duckdb

    out = tmp_path / "pq"
    with Archive(archive_dir) as archive:
        assert archive.export("parquet", str(out)) == 10
        want = archive.get(record(1)["id"])
        undated = archive.db.execute(
            "SELECT count(*) FROM clippings WHERE published IS NULL"
        ).fetchone()
    assert undated[0] >= 1
    files = str(out / "**" / "*.parquet")
    con = duckdb.connect()
    assert con.execute(
        f"SELECT count(*) FROM read_parquet('{files}', hive_partitioning = true)"
    ).fetchone() == (10,)
    rows = con.execute(
        f"SELECT id, title, authors, removed[1].rule FROM read_parquet('{files}',"
        " hive_partitioning = true) WHERE year = 2023 AND month = 2"
    ).fetchall()
    assert rows == [(want.id, want.title, ["Ana Lima"], "navigation.skip")]
    assert con.execute(
        f"SELECT count(*) FROM read_parquet('{files}', hive_partitioning = true) WHERE year = 0"
    ).fetchone() == tuple(undated)

    frame = dd.read_parquet(str(out))
    assert len(frame) == 10
    feb = frame[(frame.year == 2023) & (frame.month == 2)].compute()
    assert list(feb["id"]) == [want.id]
    assert list(feb["title"]) == [want.title]
    assert list(feb.iloc[0]["authors"]) == ["Ana Lima"]
    texts = dict(zip(frame["id"].compute(), frame["text"].compute(), strict=True))
    assert texts[want.id] == want.text


@pytest.mark.parametrize("kind", ["cdxj", "wacz"])
def test_cdxj_and_wacz_without_cdxj_indexer_name_the_extra(
    archive_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """A base install has no cdxj-indexer: the export says which extra it needs (an
    ArchiveError, as --parquet without pyarrow), not a ModuleNotFoundError."""
    from clipper.errors import ArchiveError

    monkeypatch.setitem(sys.modules, "cdxj_indexer", None)
    monkeypatch.setitem(sys.modules, "cdxj_indexer.main", None)
    with (
        Archive(archive_dir) as archive,
        pytest.raises(ArchiveError, match=r"clipper-news\[archive\]"),
    ):
        archive.export(kind, str(tmp_path / f"x.{kind}"))
    assert not (tmp_path / f"x.{kind}").exists()


def test_exports_take_the_current_version_unless_all_versions(tmp_path: Path) -> None:
    page = tmp_path / "story.txt"
    page.write_text(
        "Harbour reopens after storm\n\n"
        "The harbour reopened on Monday after a week of storms, the port authority said.\n\n"
        "Take today's quiz and win a mug\n\n"
        "Ferries run on the winter timetable until March, a spokesman for the operator added.\n"
    )
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"name": "example-quiz", "pattern": "^Take today's quiz"}]))
    with Archive(tmp_path / "a", create=True) as archive:
        archive.add([str(page)], url="https://www.example.com/story", workers=1)
        first = archive.search("harbour")[0].id
        assert archive.reclean("example.com", [str(rules)]).written == 1
        now = archive.get(first)
        assert "quiz" not in now.text
        texts: dict[bool, list[list[str]]] = {}
        for every in (False, True):
            out = tmp_path / f"all-{every}"
            out.mkdir()
            assert archive.export("jsonl", str(out / "x.jsonl"), all_versions=every) == 1
            jsonl = [Clipping.from_json(x) for x in (out / "x.jsonl").read_text().splitlines()]
            assert archive.export("parquet", str(out / "pq"), all_versions=every) == 1
            parquet = ds.dataset(str(out / "pq"), format="parquet").to_table().to_pylist()
            assert archive.export("warc", str(out / "x.warc.gz"), all_versions=every) == 1
            with open(out / "x.warc.gz", "rb") as handle:
                warc = [(r.rec_type, r.content_stream().read()) for r in ArchiveIterator(handle)]
            assert archive.export("wacz", str(out / "x.wacz"), all_versions=every) == 1
            with zipfile.ZipFile(out / "x.wacz") as wacz, wacz.open("archive/data.warc.gz") as f:
                assert [r.rec_type for r in ArchiveIterator(f)] == [t for t, _ in warc]
            # Parquet rows say which version they are and whether it is the current one
            # (row order is not promised, and versions may sit in different partitions).
            assert sorted((r["version"], r["current"]) for r in parquet) == (
                [(1, False), (2, True)] if every else [(2, True)]
            )
            parquet.sort(key=lambda r: int(r["version"]))
            texts[every] = [
                [c.text for c in jsonl],
                [r["text"] for r in parquet],
                [Clipping.from_json(b).text for t, b in warc if t == "metadata"],
                [b.decode() for t, b in warc if t == "conversion"],
            ]
            assert jsonl[-1] == now
        # The current version only, in every format: one of each record, the re-cleaned text.
        assert all(texts_ == [now.text] for texts_ in texts[False])
        # Every version, oldest first, in every format.
        for texts_ in texts[True]:
            assert len(texts_) == 2 and "quiz" in texts_[0] and texts_[1] == now.text
        with pytest.raises(Exception, match="CDXJ"):
            archive.export("cdxj", str(tmp_path / "i.cdxj"), all_versions=True)
