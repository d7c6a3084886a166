"""Faults: two writers at once, SIGKILL mid-add, a full disk, damage found by check, rebuild."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from archive_helpers import CLIPPER, SEEDS, cli, record, write_jsonl

from clipper import Archive

LONG = "Harbour ferry timetable changes on Monday, the operator said. " * 40


def _records(start: int, n: int) -> list[dict[str, object]]:
    return [record(i, text=f"{LONG}\n\nStory {i}.") for i in range(start, start + n)]


def _counts(folder: Path) -> tuple[int, int]:
    db = sqlite3.connect(folder / "catalogue.sqlite")
    try:
        return (
            db.execute("SELECT count(*) FROM clippings").fetchone()[0],
            db.execute("SELECT count(*) FROM records WHERE role = 'metadata'").fetchone()[0],
        )
    finally:
        db.close()


def _runs(folder: Path) -> list[tuple[int, int, int | None]]:
    """The runs rows: (id, unfinished, added)."""
    db = sqlite3.connect(folder / "catalogue.sqlite")
    try:
        return db.execute("SELECT id, finished IS NULL, added FROM runs ORDER BY id").fetchall()
    finally:
        db.close()


def test_two_adds_at_once_both_finish(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    cli("archive", "-A", str(folder), "init", check=True)
    one = write_jsonl(tmp_path / "one.jsonl", _records(0, 400))
    two = write_jsonl(tmp_path / "two.jsonl", _records(300, 400))  # 100 in common
    procs = [
        subprocess.Popen(
            [CLIPPER, "archive", "-A", str(folder), "add", str(path), "-q"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for path in (one, two)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    assert _counts(folder) == (700, 700)
    assert cli("archive", "-A", str(folder), "check").returncode == 0


def _cmdline(pid: str) -> str:
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as handle:
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


def test_sigkill_during_add_then_check_passes_and_rerun_completes(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    cli("archive", "-A", str(folder), "init", check=True)
    source = write_jsonl(tmp_path / "r.jsonl", _records(0, 3000))
    warcs = folder / "warcs"
    proc = subprocess.Popen(
        [CLIPPER, "archive", "-A", str(folder), "add", str(source), "-q"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    killed = False
    while proc.poll() is None and time.monotonic() < deadline:
        if sum(p.stat().st_size for p in warcs.iterdir()) > 200_000:
            os.kill(proc.pid, signal.SIGKILL)
            killed = True
            break
        time.sleep(0.001)
    proc.wait()
    assert killed, "the add finished before it could be killed"
    # Its staging worker goes with it (no orphan left sleeping on its task pipe).
    orphans = [1]
    for _ in range(40):
        orphans = [
            p
            for p in os.listdir("/proc")
            if p.isdigit() and str(folder) in _cmdline(p) and int(p) != os.getpid()
        ]
        if not orphans:
            break
        time.sleep(0.1)
    assert not orphans, f"processes of the killed add still running: {orphans}"
    done = cli("archive", "-A", str(folder), "check")
    assert done.returncode == 0, done.stdout + done.stderr
    partial = _counts(folder)[0]
    assert partial < 3000
    again = cli("archive", "-A", str(folder), "add", str(source))
    assert again.returncode == 0, again.stderr
    assert f"{3000 - partial} added, {partial} already in the archive" in again.stderr
    assert _counts(folder) == (3000, 3000)
    assert cli("archive", "-A", str(folder), "check").returncode == 0
    # The killed run keeps its row (unfinished) through a rebuild: its opening record holds it.
    before = _runs(folder)
    assert [r[1:] for r in before] == [(1, 0), (0, 3000 - partial)]
    assert cli("archive", "-A", str(folder), "rebuild").returncode == 0
    assert _runs(folder) == before


def test_torn_tail_is_cut_and_whole_groups_catalogued(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    other = tmp_path / "b"
    with Archive(folder, create=True) as archive:
        archive.add([str(write_jsonl(tmp_path / "r.jsonl", _records(0, 5)))])
    with Archive(other, create=True) as archive:
        archive.add([str(write_jsonl(tmp_path / "s.jsonl", _records(100, 1)))])
        stray = b"".join(
            _member(other, r["warc_file"], r["offset"], r["length"])
            for r in archive.records(archive.search(None)[0].id)
        )
    warc = next((folder / "warcs").iterdir())
    size = warc.stat().st_size
    # As a writer killed between its WARC append and its catalogue commit, then mid-record:
    with open(warc, "ab") as handle:
        handle.write(stray)
        handle.write(stray[: len(stray) // 3])
    with Archive(folder) as archive:
        assert archive.check().ok
        assert archive.stats()["clippings"] == 6
    assert warc.stat().st_size == size + len(stray)


def _member(folder: Path, name: str, offset: int, length: int) -> bytes:
    with open(folder / "warcs" / name, "rb") as handle:
        handle.seek(offset)
        return handle.read(length)


DISK_FULL = """
import resource, signal, sys
from clipper import Archive
from clipper.archive.core import AddSummary
from clipper.archive.groups import read_warc_groups
from clipper.writers import open_writer
from clipper import Clipping
folder, source, staging = sys.argv[1:4]
with open_writer(staging, force=True) as writer:
    for line in open(source, encoding="utf-8"):
        writer.write(Clipping.from_json(line), None)
groups = list(read_warc_groups(staging))
archive = Archive(folder)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # a write past the limit fails with EFBIG
limit = int(sys.argv[4])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
try:
    archive.add_groups(groups, AddSummary())
except Exception as exc:
    print(type(exc).__name__, exc)
    sys.exit(3)
"""


def test_full_disk_gives_a_clear_error_and_a_consistent_archive(tmp_path: Path) -> None:
    # The disk is "full" through RLIMIT_FSIZE in a child process: every file may grow only
    # to a size a little past the largest one now, so the WARC append fails part-way.
    folder = tmp_path / "a"
    with Archive(folder, create=True) as archive:
        archive.add([str(write_jsonl(tmp_path / "first.jsonl", _records(0, 3)))])
    source = write_jsonl(tmp_path / "r.jsonl", _records(10, 400))
    largest = max(p.stat().st_size for p in folder.rglob("*") if p.is_file())
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            DISK_FULL,
            str(folder),
            str(source),
            str(tmp_path / "staging.warc"),
            str(largest + 30_000),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 3, done.stdout + done.stderr
    assert "ArchiveError" in done.stdout and "disk full" in done.stdout, done.stdout
    assert "warcs/clipper-00000.warc.gz" in done.stdout or "catalogue.sqlite" in done.stdout
    with Archive(folder) as archive:
        assert archive.check().ok
        assert archive.stats()["clippings"] == 3
        assert archive.add([str(source)]).added == 400
        assert archive.check().ok


def test_check_lists_damage_and_exits_1(tmp_path: Path) -> None:
    folder = tmp_path / "a"
    cli("archive", "-A", str(folder), "init", check=True)
    cli("archive", "-A", str(folder), "add", str(SEEDS), "--workers", "1", check=True)
    assert cli("archive", "-A", str(folder), "check").returncode == 0
    db = sqlite3.connect(folder / "catalogue.sqlite")
    (rowid, offset) = db.execute(
        "SELECT rowid, offset FROM records WHERE role = 'conversion' LIMIT 1"
    ).fetchone()
    db.execute("DELETE FROM records WHERE rowid = ?", (rowid,))
    db.commit()
    db.close()
    done = cli("archive", "-A", str(folder), "check")
    assert done.returncode == 1
    assert f"clipper-00000.warc.gz@{offset}: conversion record" in done.stdout
    assert "is not catalogued" in done.stdout
    # Damage inside a record: its gzip member no longer inflates.
    warc = folder / "warcs" / "clipper-00000.warc.gz"
    data = bytearray(warc.read_bytes())
    data[offset + 40] ^= 0xFF
    warc.write_bytes(bytes(data))
    done = cli("archive", "-A", str(folder), "check")
    assert done.returncode == 1
    assert f"clipper-00000.warc.gz@{offset}: broken record" in done.stdout


def test_rebuild_from_the_warcs_gives_the_same_search_results(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    shutil.copytree(SEEDS, pages)
    fixtures = Path(__file__).resolve().parents[2] / "fixtures" / "html"
    for path in sorted(fixtures.glob("*.html.gz")):
        shutil.copy(path, pages / path.name)
    folder = tmp_path / "a"
    cli("archive", "-A", str(folder), "init", check=True)
    cli("archive", "-A", str(folder), "add", str(pages), "--workers", "1", "-q", check=True)
    recs = write_jsonl(tmp_path / "r.jsonl", [record(i) for i in range(3)])
    cli("archive", "-A", str(folder), "add", str(recs), "-q", check=True)
    queries = [["the"], ["putin", "--since", "2000"], ["--author", "a"]]

    def runs() -> list[tuple[object, ...]]:
        db = sqlite3.connect(folder / "catalogue.sqlite")
        try:
            return db.execute(
                "SELECT id, started, finished, clipper_version, command, options, added,"
                " present, errors FROM runs ORDER BY id"
            ).fetchall()
        finally:
            db.close()

    def results() -> list[str]:
        return [
            cli("archive", "-A", str(folder), "search", *q, "--format", "jsonl", check=True).stdout
            for q in queries
        ]

    def clipping_runs() -> list[tuple[object, ...]]:
        db = sqlite3.connect(folder / "catalogue.sqlite")
        try:
            return db.execute("SELECT id, run FROM clippings ORDER BY id").fetchall()
        finally:
            db.close()

    before = results()
    assert before[1].count("\n") == 1
    runs_before = runs()
    assert [(r[4], r[6]) for r in runs_before] == [("add", len(list(pages.iterdir()))), ("add", 3)]
    assert all(r[2] for r in runs_before)
    by_run = clipping_runs()
    assert sorted({r[1] for r in by_run}) == [r[0] for r in runs_before]
    for suffix in ("", "-wal", "-shm"):
        (folder / f"catalogue.sqlite{suffix}").unlink(missing_ok=True)
    done = cli("archive", "-A", str(folder), "rebuild", check=True)
    assert "catalogued" in done.stderr
    assert results() == before
    assert runs() == runs_before
    assert clipping_runs() == by_run  # each clipping's run comes back from its run's record
    assert cli("archive", "-A", str(folder), "check").returncode == 0


def test_a_version_1_catalogue_is_migrated_with_its_removed_lines(tmp_path: Path) -> None:
    """Schema 1 kept a row a removed line; opening it moves them into clippings.removed
    (one JSON value a clipping) and removed_rules (lines by rule), and the `removed` view
    still gives the rows."""
    from clipper.archive.catalogue import connect
    from clipper.archive.schema import MIGRATIONS

    path = tmp_path / "catalogue.sqlite"
    db = sqlite3.connect(path)
    db.executescript(MIGRATIONS[0] + "PRAGMA user_version = 1;")
    db.execute(
        "INSERT INTO clippings (rowid, id, text, digest, clipper_version) VALUES"
        " (1, 'sha256:aa', 'Text one.', 'sha256:d1', '0.1'),"
        " (2, 'sha256:bb', 'Text two.', 'sha256:d2', '0.1')"
    )
    db.execute(
        "INSERT INTO removed (clipping, position, rule, text) VALUES"
        " (1, 1, 'share.buttons', 'Share this'), (1, 0, 'navigation.skip', 'Skip to content')"
    )
    db.commit()
    db.close()
    db = connect(str(path), create=False)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert db.execute("SELECT removed FROM clippings ORDER BY rowid").fetchall() == [
            ('[["navigation.skip","Skip to content"],["share.buttons","Share this"]]',),
            ("[]",),
        ]
        assert db.execute("SELECT * FROM removed ORDER BY clipping, position").fetchall() == [
            (1, 0, "navigation.skip", "Skip to content"),
            (1, 1, "share.buttons", "Share this"),
        ]
        assert db.execute("SELECT * FROM removed_rules ORDER BY rule").fetchall() == [
            (1, "navigation.skip", 1),
            (1, "share.buttons", 1),
        ]
    finally:
        db.close()
