"""`Archive.reclean`: clean a site's originals again with its rules and store the new versions.

Each clipping of the site is cleaned again from its original (read out of the WARC) with the
archive's rules. A clipping whose record comes out different gets a new version: a conversion
and a metadata record appended to the newest WARC file (closed files are never touched, the
original is not copied again; the conversion refers to it by WARC-Refers-To), and its catalogue
rows (clippings, full-text indexes, people, captions, contacts, removed lines) replaced by the
new version's, one transaction per batch. The earlier versions' records stay in the WARC and
in the catalogue (`versions`); the latest metadata record of a clipping is its current version,
so `rebuild` from the WARC files alone comes back to the same current versions.

A run killed half-way leaves whole batches: a batch appended but not catalogued is catalogued
by whoever opens the archive next (the store's recovery); a torn tail is cut back. Running it
again skips the clippings already at the new version (their record comes out the same).
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import ArchiveError, ClipperError
from ..models import CleanOptions, Clipping
from ..pipeline import clean_html, clean_text
from ..readers.sniff import sniff_kind
from ..writers import Original
from ..writers.warc import WarcWriter
from . import catalogue as cat
from .core import AddSummary, RecleanResult, Store
from .groups import Group, read_warc_groups

__all__ = ["BATCH", "Version", "reclean", "versions"]

#: Clippings cleaned, then appended and catalogued together (one transaction).
BATCH = 100
#: Record fields that do not tell two versions apart.
_VOLATILE = ("clipper_version", "duplicate_of")


def reclean(
    archive: Store,
    site: str,
    rules: tuple[str, ...],
    options: CleanOptions,
    *,
    dry_run: bool = False,
) -> RecleanResult:
    site = site.lower().removeprefix("www.")
    options = dataclasses.replace(options, site_rules=(*rules, *options.site_rules))
    before: Counter[str] = Counter()
    after: Counter[str] = Counter()
    rows: list[tuple[str, int, int, int, int]] = []
    errors: list[tuple[str, str]] = []
    words_before = words_after = kept_before = kept_after = changed = 0
    ids = [
        str(r[0])
        for r in archive.db.execute(
            "SELECT c.id FROM clippings c JOIN captures p ON p.clipping = c.rowid"
            " WHERE c.site = ? AND p.original IS NOT NULL ORDER BY c.rowid",
            (site,),
        )
    ]
    summary = AddSummary()
    run = None
    if not dry_run and ids:
        run = archive._start_run("reclean", {"site": site, "rules": list(rules)})
    with tempfile.TemporaryDirectory(dir=os.path.join(archive.path, "tmp")) as tmp:
        for batch in _chunks(ids, BATCH):
            staging = os.path.join(tmp, "reclean.warc")
            writer = None if dry_run else WarcWriter(staging, force=True, no_original=True)
            try:
                for cid in batch:
                    old = archive.get(cid)
                    try:
                        new, member = _clean_again(archive, old, options)
                    except (ClipperError, ArchiveError) as exc:
                        errors.append((cid, str(exc)))
                        continue
                    before.update(r.rule for r in old.removed)
                    after.update(r.rule for r in new.removed)
                    wb, wa = len(old.text.split()), len(new.text.split())
                    words_before += wb
                    words_after += wa
                    kept_before += _lines(old.text)
                    kept_after += _lines(new.text)
                    changed += new.text != old.text
                    rows.append((cid, wb, wa, len(old.removed), len(new.removed)))
                    if writer is not None and _fields(new) != _fields(old):
                        writer.write(new, Original(b"", warc_record=member))
            finally:
                if writer is not None:
                    writer.close()
            if writer is not None and writer.count:
                groups = [g for g in read_warc_groups(staging) if isinstance(g, Group)]
                with archive._locked():
                    archive._recover()
                    archive._commit_locked([cat.prepare(g) for g in groups], summary, run)
    if run is not None:
        archive._finish_run(run, summary)
    return RecleanResult(
        site=site,
        clippings=len(rows),
        removed_before=dict(before.most_common()),
        removed_after=dict(after.most_common()),
        words_before=words_before,
        words_after=words_after,
        changed=changed,
        rows=tuple(rows),
        errors=tuple(errors),
        kept_before=kept_before,
        kept_after=kept_after,
        written=summary.added,
        dry_run=dry_run,
    )


def _clean_again(archive: Store, old: Clipping, options: CleanOptions) -> tuple[Clipping, bytes]:
    """The clipping cleaned again from its original, as a version of `old` (same id, URL and
    source), and the original's WARC record as stored (the new conversion refers to it)."""
    original = archive.original(old.id)
    media = (original.content_type or "").split(";")[0].strip().lower()
    is_html = media in ("text/html", "application/xhtml+xml") or (
        not media.startswith("text/plain") and sniff_kind(original.data) == "html"
    )
    if is_html:
        new = clean_html(original.data, old.url, options)
    else:
        new = clean_text(original.data, old.url, options)
    new = new.with_changes(
        id=old.id,
        url=old.url,
        source=old.source,
        fetched=old.fetched,
        extra=old.extra,
        duplicate_of=None,
    )
    name = original.warc_file.removeprefix("warcs/")
    member = archive._read_record(name, original.offset, original.length).member
    return new, member


def _fields(clipping: Clipping) -> dict[str, Any]:
    data = clipping.to_dict()
    for key in _VOLATILE:
        data.pop(key, None)
    return data


def _lines(text: str) -> int:
    return sum(1 for p in text.split("\n") if p.strip())


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(frozen=True, slots=True)
class Version:
    """One version of a clipping: its metadata record and the record it holds."""

    record_id: str
    #: WARC-Date of the metadata record (when this version was made).
    date: str | None
    warc_file: str
    offset: int
    #: The metadata record id of the version this one replaced (None for the first).
    supersedes: str | None
    current: bool
    clipping: Clipping

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "date": self.date,
            "warc_file": self.warc_file,
            "offset": self.offset,
            "supersedes": self.supersedes,
            "current": self.current,
            "words": len(self.clipping.text.split()),
            "removed": len(self.clipping.removed),
        }


def versions(archive: Store, clipping_id: str) -> list[Version]:
    """A clipping's versions, oldest first (the last one is current), read from the WARC."""
    rowid = cat.find_rowid(archive.db, clipping_id, archive.path)
    rows = archive.db.execute(
        "SELECT warc_file, offset, length, record_id, date FROM records"
        " WHERE clipping = ? AND role = 'metadata' ORDER BY rowid",
        (rowid,),
    ).fetchall()
    out: list[Version] = []
    previous: str | None = None
    for n, (name, offset, length, record_id, date) in enumerate(rows):
        raw = archive._read_record(name, offset, length)
        try:
            clipping = Clipping.from_dict(json.loads(raw.block))
        except (ValueError, KeyError, TypeError) as exc:
            raise ArchiveError(
                f"the metadata record {record_id} holds no clipping record ({exc})",
                os.path.join(archive.warc_dir, name),
            ) from exc
        out.append(
            Version(
                record_id,
                date,
                f"warcs/{name}",
                int(offset),
                previous,
                n == len(rows) - 1,
                clipping,
            )
        )
        previous = record_id
    return out
