"""clipper.Archive on real files: add, search with facets, get, originals byte for byte, dedup."""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from archive_helpers import SEEDS, cli, record, write_jsonl

import clipper
from clipper import Archive, ArchiveError
from clipper.models import Removal


def test_seeds_round_trip_through_the_archive(tmp_path: Path) -> None:
    with Archive(tmp_path / "a", create=True) as archive:
        summary = archive.add([str(SEEDS)], workers=1)
        assert (summary.inputs, summary.added, summary.errors) == (2, 2, 0)
        hits = archive.search("putin")
        assert len(hits) == 2
        assert all("[Putin]" in h.snippet for h in hits)
        first = archive.get(hits[0].id)
        assert first == clipper.clean_text(archive.original(hits[0].id).data).with_changes(
            source=first.source
        )
        # The original comes back byte for byte.
        for path in SEEDS.iterdir():
            cid = _id(path)
            assert archive.original(cid).data == path.read_bytes()
            assert archive.original(cid[:20]).data == path.read_bytes()  # an id prefix works
        removed = archive.removed(hits[0].id)
        assert removed == list(archive.get(hits[0].id).removed) and removed
        # Adding the same captures again adds nothing.
        again = archive.add([str(SEEDS)], workers=1)
        assert (again.added, again.present) == (0, 2)
        assert archive.stats()["clippings"] == 2
        assert archive.check().ok


def test_facets_work_without_a_query(tmp_path: Path) -> None:
    recs = [record(i) for i in range(12)]
    recs[3] = record(3, authors=["Min-jun Kim"], publisher="Seoul Daily", language="ko")
    with Archive(tmp_path / "a", create=True) as archive:
        summary = archive.add([str(write_jsonl(tmp_path / "r.jsonl", recs))])
        assert summary.added == 12
        assert [h.id for h in archive.search(author="kim")] == [recs[3]["id"]]
        assert [h.id for h in archive.search(outlet="seoul")] == [recs[3]["id"]]
        assert [h.id for h in archive.search(lang="ko")] == [recs[3]["id"]]
        june_on = archive.search(since="2023-06", limit=100)
        assert {h.published[:7] for h in june_on if h.published} == {
            f"2023-{m:02d}" for m in range(6, 13)
        }
        assert all(
            h.published and h.published <= "2023-02-31" for h in archive.search(until="2023-02")
        )
        site = archive.search(site="news1.example", limit=100)
        assert {h.site for h in site} == {"news1.example"} and len(site) == 4
        # facets narrow a query too
        assert len(archive.search("ferry", site="news1.example", limit=100)) == 4
        assert archive.search("ferry", author="nobody") == []


def test_same_url_new_content_is_a_new_capture_linked_to_the_earlier(tmp_path: Path) -> None:
    one = tmp_path / "v1.html"
    two = tmp_path / "v2.html"
    one.write_text(
        "<html><body><article><p>"
        + "First version of the story. " * 20
        + "</p></article></body></html>"
    )
    two.write_text(
        "<html><body><article><p>"
        + "Second version, corrected. " * 20
        + "</p></article></body></html>"
    )
    url = "https://example.com/story"
    with Archive(tmp_path / "a", create=True) as archive:
        first = archive.add([str(one)], url=url, workers=1)
        second = archive.add([str(two)], url=url, workers=1)
        assert first.added == second.added == 1
        db = sqlite3.connect(tmp_path / "a" / "catalogue.sqlite")
        rows = db.execute(
            "SELECT c.id, p.url, (SELECT id FROM clippings WHERE rowid = p.previous)"
            " FROM captures p JOIN clippings c ON c.rowid = p.clipping ORDER BY c.rowid"
        ).fetchall()
        assert rows == [(first.ids[0], url, None), (second.ids[0], url, first.ids[0])]


def test_clipper_output_is_archived_without_cleaning_again(tmp_path: Path) -> None:
    out = tmp_path / "seeds.warc.gz"
    done = clipper_clean(SEEDS, out)
    assert done == 0
    with Archive(tmp_path / "a", create=True) as archive:
        summary = archive.add([str(out)])
        assert (summary.added, summary.errors) == (2, 0)
        # the records are the ones in the file, runs of the cleaner would give the same here
        ids = {h.id for h in archive.search(None)}
        assert ids == {_id(p) for p in SEEDS.iterdir()}
        assert archive.check().ok
        assert archive.original(next(iter(ids))).data in {p.read_bytes() for p in SEEDS.iterdir()}


def _id(path: Path) -> str:
    return "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()


def clipper_clean(src: Path, out: Path) -> int:
    return cli("clean", str(src), "-o", str(out), "--workers", "1").returncode


def test_clear_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="no archive.json"):
        Archive(tmp_path / "none")
    folder = tmp_path / "a"
    with Archive(folder, create=True) as archive:
        archive.add([str(SEEDS)], workers=1)
    # A newer schema than this code knows.
    db = sqlite3.connect(folder / "catalogue.sqlite")
    db.execute("PRAGMA user_version = 99")
    db.commit()
    db.close()
    with pytest.raises(ArchiveError, match="schema version 99") as info:
        Archive(folder)
    assert "catalogue.sqlite" in str(info.value)
    # A corrupt catalogue.
    shutil.copy(folder / "archive.json", tmp_path / "keep.json")
    for suffix in ("-wal", "-shm"):
        (folder / f"catalogue.sqlite{suffix}").unlink(missing_ok=True)
    (folder / "catalogue.sqlite").write_bytes(b"this is not a database" * 100)
    with pytest.raises(ArchiveError, match="not a readable SQLite") as info:
        Archive(folder)
    assert "catalogue.sqlite" in str(info.value)
    # A missing WARC file: rebuild the catalogue, then lose the WARC.
    (folder / "catalogue.sqlite").unlink()
    with Archive(folder) as archive:
        assert archive.stats()["clippings"] == 2
    warc = next((folder / "warcs").iterdir())
    warc.rename(tmp_path / "moved.warc.gz")
    with pytest.raises(ArchiveError, match="missing") as info:
        Archive(folder)
    assert warc.name in str(info.value)


def test_parts_of_a_run_are_added_by_glob_without_cleaning_again(tmp_path: Path) -> None:
    import gzip

    recs = [record(i) for i in range(9)]
    write_jsonl(tmp_path / "run-00000.jsonl", recs[:4])
    with gzip.open(tmp_path / "run-00001.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("".join(__import__("json").dumps(r) + "\n" for r in recs[4:]))
        handle.write("{not json\n")
    with Archive(tmp_path / "a", create=True) as archive:
        summary = archive.add([str(tmp_path / "run-*.jsonl*")])
        assert (summary.inputs, summary.added, summary.errors) == (10, 9, 1)
        assert "not a clipper record" in summary.first_errors[0][2]
        assert archive.get(recs[5]["id"]).to_dict() == {**recs[5], "fetched": None, "extra": None}
        assert summary.errors_path is not None and Path(summary.errors_path).exists()


def test_warc_files_rotate_and_a_closed_file_is_never_modified(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    digests: dict[str, str] = {}
    with Archive(folder, create=True, max_warc_size=2_000) as archive:
        for n in range(3):
            recs = [record(10 * n + i) for i in range(5)]
            archive.add([str(write_jsonl(tmp_path / f"r{n}.jsonl", recs))])
            files = sorted((folder / "warcs").iterdir())
            assert len(files) == n + 1
            for path in files[:-1]:  # closed files
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                assert digests.setdefault(path.name, digest) == digest
        assert archive.check().ok and archive.stats()["warc_files"] == 3
        assert len(archive.search("ferry", limit=100)) == 15


def test_adding_record_jsonl_shows_a_progress_bar(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recs = [record(i) for i in range(5)]
    lines = write_jsonl(tmp_path / "r.jsonl", recs)
    with lines.open("a", encoding="utf-8") as handle:
        handle.write("{not json\n")
    with Archive(tmp_path / "a", create=True) as archive:
        summary = archive.add([str(lines)], progress=True)
    err = capsys.readouterr().err
    assert (summary.added, summary.errors) == (5, 1)
    assert "5 clippings" in err and "clippings/s" in err and "1 error" in err
    assert "1 errors" not in err
    assert "100%" in err
    with Archive(tmp_path / "b", create=True) as archive:
        archive.add([str(lines)], progress=False)
    assert "clippings/s" not in capsys.readouterr().err


def test_staged_records_are_the_shared_writers_bytes_and_pass_warcio_check(
    tmp_path: Path,
) -> None:
    """The writer builds conversion and metadata records without warcio: byte for byte what
    warcio makes (ASCII headers, Korean text, a non-ASCII URL that goes
    to warcio, a duplicate's revisit, empty text), and the archive's WARC passes warcio check."""
    import itertools
    import subprocess
    import sys

    from clipper.models import Clipping
    from clipper.writers.warc import WarcWriter

    class WarcioWriter(WarcWriter):
        PLAIN_TYPES = ()  # every record built by warcio

    recs = [
        record(1),
        record(2, text="대통령은 월요일에 연설했다.\n\n서울에서 기자회견이 열렸다.", language="ko"),
        record(3, url="https://例え.jp/記事/3?q=ü"),
        record(4, text=""),
    ]
    recs.append(record(5, text=recs[0]["text"], duplicate_of=recs[0]["id"]))

    def writer(make: object, path: Path) -> WarcWriter:
        ids = itertools.count()
        return make(  # type: ignore[operator,no-any-return]
            str(path),
            force=True,
            clock=lambda: "2026-01-02T03:04:05.000006Z",
            new_id=lambda: f"urn:uuid:00000000-0000-0000-0000-{next(ids):012d}",
        )

    shared = writer(WarcioWriter, tmp_path / "shared.warc")
    fast = writer(WarcWriter, tmp_path / "fast.warc")
    for rec in recs:
        clipping = Clipping.from_dict(rec)
        assert fast._build(clipping, None) == shared._build(clipping, None)
    shared.close()
    fast.close()

    folder = tmp_path / "a"
    with Archive(folder, create=True) as archive:
        assert archive.add([str(write_jsonl(tmp_path / "r.jsonl", recs))]).added == 5
    for warc in (folder / "warcs").iterdir():
        done = subprocess.run(
            [str(Path(sys.executable).with_name("warcio")), "check", "-v", str(warc)],
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stdout.count("digest pass") >= 10


def test_two_staging_workers_keep_the_input_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two staging workers (machines with three cores or more) chunks are catalogued in
    the file's order, and a bad line (not a record, a record whose text is null) is an error
    line, not a lost chunk."""
    from clipper.archive import add

    monkeypatch.setattr(add, "STAGING_WORKERS", 2)
    monkeypatch.setattr(add, "RECORD_BYTES", 3000)  # ranges of two or three lines
    recs = [record(i) for i in range(12)]
    path = write_jsonl(tmp_path / "r.jsonl", recs)
    lines = path.read_text().splitlines(keepends=True)
    bad = [json.dumps({**record(99), "text": None}), "[1, 2]"]
    path.write_text("".join(lines[:7]) + "\n".join(bad) + "\n" + "".join(lines[7:]))
    with Archive(tmp_path / "a", create=True) as archive:
        summary = archive.add([str(path)])
        assert (summary.added, summary.errors) == (12, 2)
        order = [r[0] for r in archive.db.execute("SELECT id FROM clippings ORDER BY rowid")]
        assert order == [r["id"] for r in recs]
        assert archive.check().ok
        assert archive.stats()["removed_by_rule"] == {"navigation.skip": 12}
        assert archive.removed(recs[3]["id"]) == [Removal("navigation.skip", "Skip to content")]


def test_metadata_records_hold_the_record_as_the_writer_writes_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A JSONL line that is the record as clipper writes it is the metadata block as it is;
    other spellings of a record (ASCII escapes, keys missing or in another order, NaN) come out
    as the writer writes them too. A plain file is read in byte ranges cut at line ends (here
    about a line each), the last line without a line end included."""
    from warcio.archiveiterator import ArchiveIterator

    from clipper.archive import add
    from clipper.models import Clipping

    monkeypatch.setattr(add, "RECORD_BYTES", 700)
    recs = [
        record(
            i,
            title=f"Zürich ferry {i}",
            captions=[{"text": "A ferry", "credit": "AP"}],
            contacts=[{"name": "Desk", "email": "desk@example.com"}],
            extra={"feed": "harbour"},
        )
        for i in range(6)
    ]
    written = [Clipping.from_dict(r).to_json() for r in recs]
    lines = [
        *written[:3],
        json.dumps(recs[3]),  # ASCII escapes, no "fetched" key
        json.dumps(dict(reversed(json.loads(written[4]).items())), ensure_ascii=False),
        written[5].replace('"published_tz": null', '"published_tz": NaN'),
    ]
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    with Archive(tmp_path / "a", create=True) as archive:
        summary = archive.add([str(path)])
        assert (summary.added, summary.errors) == (6, 0)
        assert archive.check().ok
        assert [archive.get(r["id"]).to_json() for r in recs] == written
    blocks = {}
    for warc in (tmp_path / "a" / "warcs").iterdir():
        with warc.open("rb") as handle:
            for got in ArchiveIterator(handle):
                if got.rec_type == "metadata":
                    data = got.content_stream().read().decode("utf-8")
                    blocks[json.loads(data)["id"]] = data
    assert [blocks[r["id"]] for r in recs] == written


def test_site_of_reads_hosts_as_urlsplit_does() -> None:
    """The plain-host shortcut of `site_of` gives what `urlsplit` gives, and the URLs it does
    not take (ports, users, upper-case schemes, white space, no host) still go to `urlsplit`."""
    from urllib.parse import urlsplit

    from clipper.archive.catalogue import site_of

    urls = [
        "https://www.Example.COM/a/b?c#d",
        "http://news.example.org",
        "https://sub.www.example.net?x=1",
        "https://example.com#frag",
        "HTTPS://WWW.EXAMPLE.COM/x",
        "https://user:pw@Example.com:8080/x",
        "https://example.com:443/",
        "http://[::1]:8000/x",
        "  https://www.example.com/lead",
        "https://exa\tmple.com/tab",
        "https://example.com\\path",
        "http:///no-host",
        "ftp://files.example.com/x",
        "not a url",
        "https://xn--bcher-kva.example/",
        "https://bücher.example/x",
    ]
    for url in urls:
        try:
            host = urlsplit(url).hostname
        except ValueError:
            host = None
        assert site_of(url) == (host.removeprefix("www.") if host else None), url
    assert site_of("https://WWW.Example.com/x") == "example.com"
    assert site_of(None) is None and site_of("") is None


def test_a_record_the_catalogue_cannot_store_is_an_error_line_not_a_lost_batch(
    tmp_path: Path,
) -> None:
    """Names that are not text, a title that is an object, a caption without text or a contact
    name that is a list would fail the insert of a whole transaction: each such record is an
    error line naming its offset and field, and the others are archived."""
    good = [record(i) for i in range(6)]
    bad = [
        record(90, authors=[{"name": "Ana Lima"}]),
        record(91, contributors=[None]),
        record(92, credits=[7]),
        record(93, title={"main": "Ferry"}),
        record(94, captions=[{"text": None, "credit": "AP"}]),
        record(95, contacts=[{"name": ["Desk"], "email": None}]),
    ]
    lines = [good[0], *bad[:3], *good[1:4], *bad[3:], *good[4:]]
    path = write_jsonl(tmp_path / "r.jsonl", lines)
    errors = tmp_path / "errors.jsonl"
    with Archive(tmp_path / "a", create=True) as archive:
        summary = archive.add([str(path)], errors=str(errors))
        assert (summary.added, summary.errors) == (6, 6)
        ids = [r[0] for r in archive.db.execute("SELECT id FROM clippings ORDER BY rowid")]
        assert ids == [r["id"] for r in good]
        assert archive.check().ok
    messages = [json.loads(line)["message"] for line in errors.read_text().splitlines()]
    assert len(messages) == 6
    for needle in ("author name", "contributor name", "credit name", "title is a dict"):
        assert any(needle in m for m in messages), (needle, messages)
    assert any("caption" in m for m in messages) and any("contact" in m for m in messages)


def test_a_clipping_group_the_catalogue_cannot_store_is_an_error_of_its_own(
    tmp_path: Path,
) -> None:
    """The same check for groups read from a clipper WARC (`add_groups`)."""
    from clipper.archive.core import AddSummary
    from clipper.archive.groups import read_warc_groups
    from clipper.models import Clipping
    from clipper.writers.warc import WarcWriter

    warc = tmp_path / "in.warc.gz"
    with WarcWriter(str(warc), force=True) as writer:
        for rec in (record(1), record(2, authors=[3]), record(3)):
            writer.write(Clipping.from_dict(rec))
    seen: list[str] = []
    with Archive(tmp_path / "a", create=True) as archive:
        summary = AddSummary()
        archive.add_groups(
            read_warc_groups(str(warc)), summary, on_error=lambda e: seen.append(e.detail)
        )
        assert (summary.added, summary.errors, summary.inputs) == (2, 1, 3)
        assert archive.check().ok
    assert len(seen) == 1 and "author name 3 is not text" in seen[0]
