"""`Archive`: a folder of WARC files (the truth) and a SQLite catalogue made from them.

Layout of an archive folder::

    DIR/archive.json       what this folder is (format, created, clipper version)
    DIR/warcs/clipper-00000.warc.gz, ...   append-only WARC 1.1, rotated by size
    DIR/catalogue.sqlite   the catalogue (+ -wal, -shm); rebuildable from the WARCs alone
    DIR/lock               the writers' lock (flock)
    DIR/tmp/               staging files of an `add` in progress
    DIR/logs/              errors files of `add` runs

Writes take the lock, append whole clipping groups to the newest WARC file, fsync it, then
commit the catalogue rows in one transaction, recording how far the file is catalogued.
Whoever takes the lock next compares that with the file's size: a longer file (a writer
killed after the append) has its whole groups catalogued and its torn tail cut back.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import json
import os
import re
import sqlite3
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Self

from .._version import __version__
from ..errors import ArchiveError, ClipperError, CorruptInputError
from ..models import Clipping, Removal
from ..writers import Original
from . import catalogue as cat
from .groups import Group, group_records, read_warc_groups
from .warcfile import (
    RawRecord,
    TornRecord,
    gzip_member,
    iter_members,
    parse_record,
    read_member,
)

FORMAT = "clipper-archive/1"
CATALOGUE = "catalogue.sqlite"
#: A WARC file is closed (never written again) once it reaches this size.
DEFAULT_MAX_WARC_SIZE = 1_000_000_000
#: Clippings appended and committed together while the lock is held: 2,000 (about 27 MB of
#: WARC records and 60 MB of catalogue rows on the dev pages' records) rather than 500 made a
#: clipping's commit and full-text segment work cheaper (fewer, larger segments); a writer
#: killed mid-batch loses nothing either way (the WARC tail is catalogued or cut back).
COMMIT_EVERY = 2000
_WARC_NAME = re.compile(r"clipper-(\d{5,})\.warc\.gz\Z")


def default_path() -> str:
    """$CLIPPER_ARCHIVE, else ./clipper-archive."""
    return os.environ.get("CLIPPER_ARCHIVE") or "clipper-archive"


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass(slots=True)
class AddSummary:
    """What an add did. Invariant: inputs == added + present + errors + skipped."""

    inputs: int = 0
    added: int = 0
    #: Captures already in the archive (same clipping id), so nothing was added for them.
    present: int = 0
    errors: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    errors_path: str | None = None
    #: The first few failures: (source, error kind, message).
    first_errors: list[tuple[str, str, str]] = field(default_factory=list)
    #: Ids of the clippings added, in order (only the first 10,000 are kept).
    ids: list[str] = field(default_factory=list)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


@dataclass(frozen=True, slots=True)
class OriginalBytes:
    """The capture a clipping was made from, as stored in the WARC."""

    #: The bytes: a page file's bytes as read, or an HTTP response's body as received.
    data: bytes
    content_type: str | None
    url: str | None
    fetched: str | None
    http_status: int | None
    #: Where it is: WARC file (relative to the archive folder), offset and length.
    warc_file: str
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check` found; `ok` when the list of problems is empty."""

    clippings: int
    records: int
    warc_files: int
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass(frozen=True, slots=True)
class RecleanResult:
    """Before/after of cleaning a site's clippings again from their originals with other rules,
    and how many new versions were stored."""

    site: str
    clippings: int
    #: Lines removed, by rule, before (as archived) and after.
    removed_before: dict[str, int]
    removed_after: dict[str, int]
    words_before: int
    words_after: int
    #: Clippings whose text changed.
    changed: int
    #: Per clipping: (id, words before, words after, removed lines before, after).
    rows: tuple[tuple[str, int, int, int, int], ...]
    errors: tuple[tuple[str, str], ...] = ()
    #: Lines of clean text (kept lines), before and after.
    kept_before: int = 0
    kept_after: int = 0
    #: New versions stored (clippings whose record came out different); 0 on a dry run.
    written: int = 0
    dry_run: bool = False


class Store:
    """The archive folder below the API: lock, WARC files, catalogue, recovery, reading.

    `Archive` (api.py) adds what needs the other modules: add, check, export, reclean.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        create: bool = False,
        max_warc_size: int = DEFAULT_MAX_WARC_SIZE,
    ) -> None:
        self.path = os.fspath(path) if path is not None else default_path()
        self.max_warc_size = max_warc_size
        marker = os.path.join(self.path, "archive.json")
        if not os.path.exists(marker):
            if not create:
                what = "does not exist" if not os.path.exists(self.path) else "is not an archive"
                raise ArchiveError(
                    f"{what} (no archive.json): make one with `clipper archive init`", self.path
                )
            self._make_folder(marker)
        else:
            self._read_marker(marker)
        self.warc_dir = os.path.join(self.path, "warcs")
        self.catalogue_path = os.path.join(self.path, CATALOGUE)
        self._lock_fd: int | None = None
        self._lock_depth = 0
        #: The byte ranges (file, start, end) each run of this process appended, so its
        #: closing record can say which clippings it added (`rebuild` sets clippings.run).
        self._run_ranges: dict[int, list[list[Any]]] = {}
        with self._locked(wait=False) as held:
            self.db = cat.connect(self.catalogue_path, create=True)
            # While another process writes, its committed state is consistent: read it as is;
            # recovery is for whoever takes the lock next.
            if held:
                self._recover()

    @classmethod
    def init(cls, path: str | os.PathLike[str] | None = None) -> Self:
        """Make an archive at `path` (or open the one there) and return it open."""
        return cls(path, create=True)

    # -- folder, lock -------------------------------------------------------------------------

    def _make_folder(self, marker: str) -> None:
        if os.path.exists(self.path) and not os.path.isdir(self.path):
            raise ArchiveError("exists and is not a folder", self.path)
        try:
            for sub in ("", "warcs", "tmp", "logs"):
                os.makedirs(os.path.join(self.path, sub), exist_ok=True)
            data = {"format": FORMAT, "created": _now(), "clipper_version": __version__}
            tmp = marker + ".tmp"
            with open(tmp, "w", encoding="utf-8") as handle:
                json.dump(data, handle, indent=1)
                handle.write("\n")
            os.replace(tmp, marker)
        except OSError as exc:
            raise ArchiveError(
                f"cannot create the archive: {exc.strerror or exc}", self.path
            ) from exc

    def _read_marker(self, marker: str) -> None:
        try:
            with open(marker, encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, ValueError) as exc:
            raise ArchiveError(f"cannot read: {exc}", marker) from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ArchiveError(
                f"unknown archive format {data.get('format') if isinstance(data, dict) else data!r}"
                f" (this clipper reads {FORMAT})",
                marker,
            )

    @contextlib.contextmanager
    def _locked(self, *, wait: bool = True) -> Iterator[bool]:
        """Hold the archive's writer lock (re-entrant within this object); yields whether it is
        held (always, unless `wait` is False and another process holds it)."""
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield True
            finally:
                self._lock_depth -= 1
            return
        path = os.path.join(self.path, "lock")
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise ArchiveError(f"cannot open the lock file: {exc.strerror or exc}", path) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            yield False
            return
        except BaseException:
            os.close(fd)
            raise
        self._lock_fd, self._lock_depth = fd, 1
        try:
            yield True
        finally:
            self._lock_depth = 0
            self._lock_fd = None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    # -- WARC files ---------------------------------------------------------------------------

    def warc_files(self) -> list[str]:
        """The archive's WARC file names (relative to the warcs folder), oldest first."""
        try:
            names = os.listdir(self.warc_dir)
        except OSError as exc:
            raise ArchiveError(f"cannot list: {exc.strerror or exc}", self.warc_dir) from exc
        return sorted((n for n in names if _WARC_NAME.match(n)), key=_seq)

    def _warc_path(self, name: str) -> str:
        return os.path.join(self.warc_dir, name)

    def _catalogued_sizes(self) -> dict[str, int]:
        return {n: int(s) for n, s in self.db.execute("SELECT name, size FROM warc_files")}

    def _recover(self) -> None:
        """Make the catalogue agree with the WARC files (the lock is held)."""
        sizes = self._catalogued_sizes()
        on_disk = self.warc_files()
        for name in sizes:
            if name not in on_disk:
                raise ArchiveError(
                    "a WARC file the catalogue lists is missing (restore it, or run "
                    "`clipper archive rebuild` to catalogue only what is there)",
                    self._warc_path(name),
                )
        last = on_disk[-1] if on_disk else None
        for name in on_disk:
            known = sizes.get(name)
            actual = os.path.getsize(self._warc_path(name))
            if known is not None and actual < known:
                raise ArchiveError(
                    f"the WARC file is shorter ({actual} bytes) than the catalogue says ({known}):"
                    " it was cut or replaced; restore it or run `clipper archive rebuild`",
                    self._warc_path(name),
                )
            if known is None or actual > known:
                self._catalogue_tail(name, known or 0, truncate=name == last)

    def _catalogue_tail(self, name: str, start: int, *, truncate: bool) -> None:
        """Catalogue the whole groups of `name` from `start`; cut an unfinished tail."""
        path = self._warc_path(name)
        good = start
        torn: TornRecord | None = None
        with open(path, "rb") as handle:
            records = iter_members(handle, start)
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if start == 0:
                    self.db.execute(
                        "INSERT OR IGNORE INTO warc_files (name, seq, size, created) VALUES (?, ?, 0, ?)",
                        (name, _seq(name), _now()),
                    )
                batch: list[tuple[cat.Prepared, int]] = []
                # (run, byte range) of the batches whose markers were read: set once the
                # clippings after each marker are catalogued.
                batches: list[tuple[int, list[Any]]] = []
                try:
                    for got in group_records(records):
                        if isinstance(got, Group):
                            batch.append((cat.prepare(got), got.records[0].offset))
                            good = got.records[-1].offset + got.records[-1].length
                            if len(batch) >= COMMIT_EVERY:
                                cat.insert_prepared(self.db, name, batch, None)
                                batch = []
                        else:
                            cat.insert_prepared(self.db, name, batch, None)
                            batch = []
                            cat.insert_warcinfo(self.db, name, got)
                            self._restore_run(got, name, batches)
                            good = got.offset + got.length
                except TornRecord as exc:
                    torn = exc
                cat.insert_prepared(self.db, name, batch, None)
                for run, byte_range in batches:
                    self._set_run(run, byte_range)
                self.db.execute("UPDATE warc_files SET size = ? WHERE name = ?", (good, name))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        size = os.path.getsize(path)
        if size > good:
            if not truncate:
                why = torn.why if torn else "records after the last whole clipping"
                raise ArchiveError(f"a closed WARC file is damaged at offset {good} ({why})", path)
            with open(path, "r+b") as handle:
                handle.truncate(good)
                os.fsync(handle.fileno())

    def _open_warc(self, *, rotate: bool = True) -> tuple[str, int]:
        """(name, size) of the WARC file to append to, rotating to a new one when full (unless
        `rotate` is False: a run's closing record goes after its last clipping)."""
        files = self.warc_files()
        if files:
            name = files[-1]
            size = os.path.getsize(self._warc_path(name))
            if size < self.max_warc_size or not rotate:
                return name, size
            seq = _seq(name) + 1
        else:
            seq = 0
        name = f"clipper-{seq:05d}.warc.gz"
        from ..writers.warc import WarcWriter

        # A new file starts with its warcinfo, made by the shared WARC writer.
        with tempfile.TemporaryDirectory(dir=os.path.join(self.path, "tmp")) as tmp:
            staging = os.path.join(tmp, name)
            WarcWriter(
                staging,
                force=True,
                description=f"clipper archive {os.path.basename(os.path.abspath(self.path))}",
            ).close()
            with open(staging, "rb") as handle:
                info = next(iter_members(handle))
        self._append(name, 0, [info.member])
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute(
                "INSERT INTO warc_files (name, seq, size, created) VALUES (?, ?, ?, ?)",
                (name, seq, info.length, _now()),
            )
            cat.insert_warcinfo(self.db, name, RawRecord(0, info.member, info.headers, info.block))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return name, info.length

    def _append(self, name: str, at: int, members: list[bytes]) -> None:
        """Append gzip members at offset `at` of `name` and fsync; on failure cut back to `at`."""
        path = self._warc_path(name)
        try:
            with open(path, "ab") as handle:
                if handle.tell() != at:
                    raise ArchiveError(
                        f"the WARC file is {handle.tell()} bytes, not the {at} catalogued", path
                    )
                for member in members:
                    handle.write(member)
                handle.flush()
                os.fsync(handle.fileno())
        except OSError as exc:
            self._cut_back(path, at)
            raise ArchiveError(
                f"cannot write the WARC file: {exc.strerror or exc} (is the disk full?); "
                "nothing of this batch was kept",
                path,
            ) from exc

    @staticmethod
    def _cut_back(path: str, at: int) -> None:
        with contextlib.suppress(OSError):
            with open(path, "r+b") as handle:
                handle.truncate(at)
                os.fsync(handle.fileno())

    # -- adding -------------------------------------------------------------------------------

    def add_groups(
        self,
        groups: Iterable[Group | cat.Prepared | ClipperError],
        summary: AddSummary,
        *,
        run: int | None = None,
        on_error: Callable[[ClipperError], None] | None = None,
        extra_members: dict[str, list[bytes]] | None = None,
    ) -> None:
        """Append and catalogue groups; a clipping id already archived adds nothing.

        The lock is held for one batch of COMMIT_EVERY clippings at a time, so other writers
        (and readers opening the archive) wait for a batch, not for a whole add.
        `extra_members` maps an original's WARC-Record-ID to records to put before the group
        (the requests and redirects of a fetch).
        """
        pending: dict[str, cat.Prepared] = {}
        for got in groups:
            if isinstance(got, ClipperError):
                summary.inputs += 1
                summary.errors += 1
                if len(summary.first_errors) < 10:
                    summary.first_errors.append((got.source or "", got.kind, got.detail))
                if on_error is not None:
                    on_error(got)
                continue
            summary.inputs += 1
            cid = got.clipping_id
            if cid in pending:
                summary.present += 1
                continue
            if isinstance(got, Group):
                if extra_members:
                    original = got.original()
                    extra = extra_members.get(original.record_id) if original else None
                    if extra:
                        got = _with_extra(got, extra)
                try:
                    got = cat.prepare(got)
                except (ValueError, TypeError, AttributeError) as exc:
                    # A value the catalogue cannot store: this clipping is an error line,
                    # the others of its transaction go in.
                    error = CorruptInputError(f"clipping {cid} is not a clipper record ({exc})")
                    summary.errors += 1
                    if len(summary.first_errors) < 10:
                        summary.first_errors.append(("", error.kind, error.detail))
                    if on_error is not None:
                        on_error(error)
                    continue
            pending[cid] = got
            if len(pending) >= COMMIT_EVERY:
                self._commit(pending, summary, run)
                pending = {}
        if pending:
            self._commit(pending, summary, run)

    def _commit(
        self, pending: dict[str, cat.Prepared], summary: AddSummary, run: int | None
    ) -> None:
        """Under the lock: drop what is archived already, append the rest, catalogue it."""
        with self._locked():
            self._recover()
            groups = [
                g
                for cid, g in pending.items()
                if not self.db.execute("SELECT 1 FROM clippings WHERE id = ?", (cid,)).fetchone()
            ]
            summary.present += len(pending) - len(groups)
            if groups:
                self._commit_locked(groups, summary, run)

    def _commit_locked(
        self, groups: list[cat.Prepared], summary: AddSummary, run: int | None
    ) -> None:
        name, at = self._open_warc()
        members = [record[0] for group in groups for record in group.records]
        marker: RawRecord | None = None
        start = at
        if run is not None:
            # The batch's run and length, in the WARC just before it: `rebuild` (and the
            # recovery of a batch whose writer was killed before it committed) gives its
            # clippings their run back, though a killed run never writes its closing record.
            length = sum(group.length for group in groups)
            data = _run_record(name, {"id": run, "bytes": length}, field=BATCH_FIELD)
            headers, block = parse_record(data)
            marker = RawRecord(at, gzip_member(data), headers, block)
            members.insert(0, marker.member)
            start = at + marker.length
        placed: list[tuple[cat.Prepared, int]] = []
        offset = start
        for group in groups:
            placed.append((group, offset))
            offset += group.length
        self._append(name, at, members)
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                if marker is not None:
                    cat.insert_warcinfo(self.db, name, marker)
                cat.insert_prepared(self.db, name, placed, run)
                self.db.execute("UPDATE warc_files SET size = ? WHERE name = ?", (offset, name))
                self.db.execute("COMMIT")
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
        except sqlite3.Error as exc:
            self._cut_back(self._warc_path(name), at)
            raise ArchiveError(
                f"cannot write the catalogue: {exc} (is the disk full?); nothing of this batch "
                "was kept",
                self.catalogue_path,
            ) from exc
        except BaseException:
            self._cut_back(self._warc_path(name), at)
            raise
        if run is not None:
            ranges = self._run_ranges.setdefault(run, [])
            if ranges and ranges[-1][0] == name and ranges[-1][2] == at:
                ranges[-1][2] = offset  # the batch and its marker (only metadata records count)
            else:
                ranges.append([name, at, offset])
        summary.added += len(placed)
        for group in groups:
            if len(summary.ids) < 10_000:
                summary.ids.append(group.clipping_id)

    def add_clippings(
        self,
        clippings: Iterable[Clipping | tuple[Clipping, Original | None]],
        *,
        command: str = "add_clippings",
    ) -> AddSummary:
        """Archive clippings made elsewhere (a scraper's, a JSONL file's) without cleaning again.

        Each item is a Clipping, or (Clipping, Original) to keep the page it was made from.
        """
        start = time.monotonic()
        summary = AddSummary()
        run = self._start_run(command, {})
        with tempfile.TemporaryDirectory(dir=os.path.join(self.path, "tmp")) as tmp:
            for chunk in _chunks(clippings, 5000):
                staging = os.path.join(tmp, "clippings.warc")
                from ..writers import open_writer

                with open_writer(staging, force=True) as writer:
                    for item in chunk:
                        clipping, original = item if isinstance(item, tuple) else (item, None)
                        writer.write(clipping, original)
                self.add_groups(read_warc_groups(staging), summary, run=run)
        summary.seconds = time.monotonic() - start
        self._finish_run(run, summary)
        return summary

    def _start_run(self, command: str, options: dict[str, Any]) -> int:
        """A `runs` row for a run, and its opening warcinfo record (the row as it starts), so
        that a run killed before it finishes keeps its row through `rebuild`."""
        with self._locked():
            cursor = self.db.execute(
                "INSERT INTO runs (started, clipper_version, command, options) VALUES (?, ?, ?, ?)",
                (
                    _now(),
                    __version__,
                    command,
                    json.dumps(options, ensure_ascii=False, default=str),
                ),
            )
            run = int(cursor.lastrowid or 0)
            try:
                self._append_run_record(run, rotate=True)
            except BaseException:
                self.db.execute("DELETE FROM runs WHERE id = ?", (run,))
                raise
            return run

    def _finish_run(self, run: int, summary: AddSummary) -> None:
        """Record the end of a run in the catalogue and, as a warcinfo record, in the WARC
        files, so that `rebuild` gives the runs back, with the byte ranges the run appended
        (which give each clipping its `run` again)."""
        with contextlib.suppress(sqlite3.Error, ArchiveError, OSError), self._locked():
            self.db.execute(
                "UPDATE runs SET finished = ?, added = ?, present = ?, errors = ? WHERE id = ?",
                (_now(), summary.added, summary.present, summary.errors, run),
            )
            self._append_run_record(run, rotate=False, ranges=self._run_ranges.pop(run, []))

    def _append_run_record(
        self, run: int, *, rotate: bool, ranges: list[list[Any]] | None = None
    ) -> None:
        """Under the lock: append the run's row as a warcinfo record and catalogue it."""
        row = self.db.execute(
            f"SELECT {', '.join(_RUN_COLUMNS)} FROM runs WHERE id = ?", (run,)
        ).fetchone()
        if row is None:
            return
        fields = dict(zip(_RUN_COLUMNS, row, strict=True))
        fields["options"] = json.loads(fields["options"] or "{}")
        if ranges:
            fields["ranges"] = ranges
        self._recover()
        name, at = self._open_warc(rotate=rotate)
        data = _run_record(name, fields)
        headers, block = parse_record(data)
        member = gzip_member(data)
        self._append(name, at, [member])
        self.db.execute("BEGIN IMMEDIATE")
        try:
            cat.insert_warcinfo(self.db, name, RawRecord(at, member, headers, block))
            self.db.execute(
                "UPDATE warc_files SET size = ? WHERE name = ?", (at + len(member), name)
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            self._cut_back(self._warc_path(name), at)
            raise

    def _restore_run(self, raw: RawRecord, name: str, batches: list[tuple[int, list[Any]]]) -> None:
        """Put back the `runs` row a run's warcinfo record holds (none for a file's own), or
        add a batch marker's run and byte range (the `bytes` after it in `name`) to
        `batches`."""
        for line in raw.block.decode("utf-8", "replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() not in (RUN_FIELD, BATCH_FIELD):
                continue
            try:
                run = json.loads(value)
            except ValueError:
                return
            if key.strip() == BATCH_FIELD:  # one batch of a run: its clippings' run
                if (
                    isinstance(run, dict)
                    and isinstance(run.get("id"), int)
                    and isinstance(run.get("bytes"), int)
                ):
                    start = raw.offset + raw.length
                    batches.append((run["id"], [name, start, start + run["bytes"]]))
                return
            if not isinstance(run, dict) or not isinstance(run.get("id"), int):
                return
            values = {c: run.get(c, _RUN_DEFAULTS.get(c)) for c in _RUN_COLUMNS}
            values["options"] = json.dumps(values["options"] or {}, ensure_ascii=False)
            self.db.execute(
                f"INSERT OR REPLACE INTO runs ({', '.join(_RUN_COLUMNS)})"
                f" VALUES ({', '.join('?' * len(_RUN_COLUMNS))})",
                [values[c] for c in _RUN_COLUMNS],
            )
            # The clippings whose current version (latest metadata record) the run appended.
            for got in run.get("ranges") or ():
                self._set_run(run["id"], got)
            return

    def _set_run(self, run: int, got: Any) -> None:
        """Give the clippings whose metadata record lies in `got`, a [WARC file, start, end]
        byte range, the run `run`."""
        if not (isinstance(got, list) and len(got) == 3):
            return
        self.db.execute(
            "UPDATE clippings SET run = ? WHERE rowid IN (SELECT clipping FROM records"
            " WHERE warc_file = ? AND offset >= ? AND offset < ? AND role = 'metadata')",
            (run, *got),
        )

    # -- reading ------------------------------------------------------------------------------

    def search(
        self,
        query: str | None = None,
        *,
        author: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        lang: str | None = None,
        site: str | None = None,
        limit: int = 20,
        offset: int = 0,
        mark: tuple[str, str] = ("[", "]"),
    ) -> list[cat.Hit]:
        """Clippings matching `query` (words; "quoted phrases"), best first (bm25 over title,
        dek, text, byline, authors), narrowed by the facets. Without a query: the facets alone,
        newest publication first. `since`/`until` are dates or prefixes (2024, 2024-05).
        Korean, Japanese and Chinese queries use a trigram index. Snippets mark matches with
        `mark`."""
        filters = cat.Filters(author, outlet, since, until, lang, site)
        return cat.search(self.db, query, filters, limit=limit, offset=offset, mark=mark)

    def get(self, clipping_id: str) -> Clipping:
        """The clipping with this id (or an unambiguous prefix of it); ArchiveError if none."""
        return cat.get_clipping(self.db, cat.find_rowid(self.db, clipping_id, self.path))

    def removed(self, clipping_id: str) -> list[Removal]:
        """The lines removed from a clipping's text, in order, each with the rule that took it."""
        rowid = cat.find_rowid(self.db, clipping_id, self.path)
        row = self.db.execute("SELECT removed FROM clippings WHERE rowid = ?", (rowid,)).fetchone()
        return [Removal(rule, text) for rule, text in json.loads(row[0])]

    def original(self, clipping_id: str) -> OriginalBytes:
        """The bytes the clipping was made from, out of the WARC, byte for byte.

        ArchiveError when the clipping was archived without its original (from JSONL records).
        """
        rowid = cat.find_rowid(self.db, clipping_id, self.path)
        row = self.db.execute(
            "SELECT r.warc_file, r.offset, r.length, r.type, p.url, p.fetched, p.content_type,"
            " p.http_status FROM captures p JOIN records r ON r.rowid = p.original"
            " WHERE p.clipping = ?",
            (rowid,),
        ).fetchone()
        if row is None:
            raise ArchiveError(
                f"{clipping_id} was archived without its original (it came as a clean record)",
                self.path,
            )
        name, offset, length, rtype, url, fetched, content_type, status = row
        raw = self._read_record(name, offset, length)
        data = raw.block
        if rtype == "response":
            from .warcfile import http_split

            _, _, data = http_split(raw.block)
        return OriginalBytes(
            data, content_type, url, fetched, status, f"warcs/{name}", offset, length
        )

    def _read_record(self, name: str, offset: int, length: int) -> RawRecord:
        path = self._warc_path(name)
        try:
            with open(path, "rb") as handle:
                return read_member(handle, offset, length)
        except FileNotFoundError as exc:
            raise ArchiveError("the WARC file is missing", path) from exc
        except TornRecord as exc:
            raise ArchiveError(f"broken record at offset {offset}: {exc.why}", path) from exc

    def records(self, clipping_id: str) -> list[dict[str, Any]]:
        """The WARC records of a clipping: file, offset, length, type, role, record id, digest."""
        rowid = cat.find_rowid(self.db, clipping_id, self.path)
        cols = (
            "warc_file",
            "offset",
            "length",
            "type",
            "role",
            "record_id",
            "target_uri",
            "date",
            "block_digest",
        )
        return [
            dict(zip(cols, r, strict=True))
            for r in self.db.execute(
                f"SELECT {', '.join(cols)} FROM records WHERE clipping = ? ORDER BY rowid", (rowid,)
            )
        ]

    def ids(self, query: str | None = None, **facets: str | None) -> Iterator[str]:
        """Ids of every clipping a query and facets (those of `search`) match, in the order
        they were added."""
        filters = cat.Filters(**facets)
        for rowid in cat.iter_rows(self.db, query, filters):
            row = self.db.execute("SELECT id FROM clippings WHERE rowid = ?", (rowid,)).fetchone()
            yield str(row[0])

    def sites(self) -> list[tuple[str, int]]:
        """(site, clippings) for every site, most clippings first."""
        return [
            (str(s), int(n))
            for s, n in self.db.execute(
                "SELECT site, count(*) FROM clippings WHERE site IS NOT NULL GROUP BY site"
                " ORDER BY count(*) DESC, site"
            )
        ]

    def stats(self) -> dict[str, Any]:
        """Counts and sizes: clippings, captures, records, WARC files and bytes, catalogue bytes,
        languages, sites, removed lines by rule, runs."""
        one = self.db.execute
        warc_bytes = sum(os.path.getsize(self._warc_path(n)) for n in self.warc_files())
        catalogue_bytes = sum(
            os.path.getsize(self.catalogue_path + s)
            for s in ("", "-wal")
            if os.path.exists(self.catalogue_path + s)
        )
        return {
            "path": self.path,
            "clippings": one("SELECT count(*) FROM clippings").fetchone()[0],
            "with_original": one(
                "SELECT count(*) FROM captures WHERE original IS NOT NULL"
            ).fetchone()[0],
            "duplicates": one(
                "SELECT count(*) FROM clippings WHERE duplicate_of IS NOT NULL"
            ).fetchone()[0],
            "records": one("SELECT count(*) FROM records").fetchone()[0],
            "warc_files": len(self.warc_files()),
            "warc_bytes": warc_bytes,
            "catalogue_bytes": catalogue_bytes,
            "schema_version": one("PRAGMA user_version").fetchone()[0],
            "runs": one("SELECT count(*) FROM runs").fetchone()[0],
            "languages": dict(
                one(
                    "SELECT coalesce(language, '?'), count(*) FROM clippings GROUP BY 1 ORDER BY 2 DESC LIMIT 20"
                ).fetchall()
            ),
            "sites": dict(self.sites()[:20]),
            "removed_by_rule": dict(
                one(
                    "SELECT rule, sum(lines) FROM removed_rules GROUP BY rule"
                    " ORDER BY 2 DESC, 1 LIMIT 30"
                ).fetchall()
            ),
        }

    # -- check, rebuild -------------------------------------------------------------------------

    def rebuild(self) -> int:
        """Make the catalogue again from the WARC files alone; returns the clippings catalogued.

        The old catalogue is replaced only once the new one is complete.
        """
        with self._locked():
            new_path = self.catalogue_path + ".rebuild"
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(new_path + suffix)
            old_db = self.db
            self.db = cat.connect(new_path, create=True)
            try:
                for name in self.warc_files():
                    self._catalogue_tail(name, 0, truncate=name == self.warc_files()[-1])
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            except BaseException:
                self.db.close()
                self.db = old_db
                raise
            self.db.close()
            old_db.close()
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(self.catalogue_path + suffix)
            os.replace(new_path, self.catalogue_path)
            for suffix in ("-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(new_path + suffix)
            self.db = cat.connect(self.catalogue_path, create=False)
            return int(self.db.execute("SELECT count(*) FROM clippings").fetchone()[0])

    # -- export, reclean --------------------------------------------------------------------------

    # -- lifetime -----------------------------------------------------------------------------

    def close(self) -> None:
        """Close the catalogue (the WARC files are never held open)."""
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


#: The field of a run's warcinfo record that holds its `runs` row, as one line of JSON.
RUN_FIELD = "clipper-run"
#: The field of the warcinfo record before each batch a run appends: {"id": run, "bytes": n},
#: the n bytes of clippings that follow it.
BATCH_FIELD = "clipper-run-batch"
_RUN_COLUMNS = (
    "id",
    "started",
    "finished",
    "clipper_version",
    "command",
    "options",
    "added",
    "present",
    "errors",
)
_RUN_DEFAULTS: dict[str, Any] = {
    "started": "",
    "clipper_version": "",
    "command": "",
    "added": 0,
    "present": 0,
    "errors": 0,
}


def _run_record(warc_file: str, run: dict[str, Any], *, field: str = RUN_FIELD) -> bytes:
    """A warcinfo record (uncompressed) describing one run: clipper's software and format
    fields, and the run's `runs` row as JSON in the `clipper-run` field (or, with `field`
    BATCH_FIELD, a batch's run id and length)."""
    from io import BytesIO

    from warcio.warcwriter import WARCWriter

    from ..writers.warc import CONFORMS_TO, WARC_FORMAT, WARC_VERSION

    out = BytesIO()
    writer = WARCWriter(out, gzip=False, warc_version=WARC_VERSION)
    info = {
        "software": f"clipper/{__version__}",
        "format": WARC_FORMAT,
        "conformsTo": CONFORMS_TO,
        "description": f"clipper archive run {run['id']} ({run['command']})"
        if field == RUN_FIELD
        else f"clipper archive run {run['id']}, a batch",
        field: json.dumps(run, ensure_ascii=True, default=str),
    }
    writer.write_record(writer.create_warcinfo_record(warc_file, info))
    return out.getvalue()


def _seq(name: str) -> int:
    match = _WARC_NAME.match(name)
    return int(match.group(1)) if match else -1


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _with_extra(group: Group, members: list[bytes]) -> Group:
    """The group with a fetch's request and redirect records put first."""
    import zlib

    extra: list[RawRecord] = []
    for member in members:
        data = zlib.decompress(member, zlib.MAX_WBITS | 16)
        headers, block = parse_record(data)
        extra.append(RawRecord(0, member, headers, block))
    return Group((*extra, *group.records), group.record)
