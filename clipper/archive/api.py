"""`Archive`: the archive's API, the store (core.py) with adding, checking, exporting, recleaning."""

from __future__ import annotations

import os
from collections.abc import Iterable

from ..errors import ArchiveError
from ..models import DEFAULT_OPTIONS, CleanOptions
from . import export as _export
from .add import run_add
from .core import AddSummary, CheckReport, RecleanResult, Store
from .reclean import Version
from .reclean import reclean as _reclean
from .reclean import versions as _versions
from .verify import check as _check


class Archive(Store):
    """An archive folder: add clippings, search them, read them and their originals back.

    Use as a context manager. ``Archive(path)`` opens an existing archive; ``create=True``
    (or `Archive.init`) makes one. Opening recovers from a writer killed mid-write (the torn
    WARC tail is cut back, whole groups catalogued). Raises ArchiveError, naming the file, for
    a folder that is not an archive, a catalogue of a newer schema or a corrupt one, and a
    missing WARC file.

    Example::

        with clipper.Archive("clips", create=True) as archive:
            archive.add(["saved/", "https://example.com/story"])
            for hit in archive.search("ceasefire", since="2024-01-01"):
                print(hit.id, hit.title, hit.snippet)
    """

    def add(
        self,
        inputs: Iterable[str] | str,
        *,
        options: CleanOptions = DEFAULT_OPTIONS,
        url: str | None = None,
        workers: int | None = None,
        errors: str | None = None,
        progress: bool | None = False,
        timeout: float | None = 30.0,
        fetch_timeout: float | None = None,
    ) -> AddSummary:
        """Clean and archive inputs: files, folders, globs, "-" (stdin), WARC, JSONL and URLs.

        Inputs are cleaned by the batch engine (`clipper.batch.run`, so the same workers,
        time limits and error handling as `clipper clean`); clipper's own output (JSONL
        records, WARC files with conversion records, a Dask run's parts) is archived without
        cleaning again; http(s) URLs are fetched. Per-input failures are counted and written to
        the errors file (`errors`, default DIR/logs/add-<time>-<pid>.errors.jsonl when there are any),
        never raised.
        """
        if isinstance(inputs, str):
            inputs = [inputs]
        return run_add(
            self,
            list(inputs),
            options=options,
            url=url,
            workers=workers,
            errors=errors,
            progress=progress,
            timeout=timeout,
            fetch_timeout=fetch_timeout,
        )

    def check(self) -> CheckReport:
        """Prove the catalogue and the WARCs agree: every catalogued record is at its offset with
        a matching digest, and every WARC record is catalogued."""
        with self._locked():
            self._recover()
            return _check(self)

    def export(
        self,
        kind: str,
        target: str,
        query: str | None = None,
        *,
        force: bool = False,
        all_versions: bool = False,
        **facets: str | None,
    ) -> int:
        """Write the clippings a query and facets match: kind "jsonl", "parquet" (a folder
        partitioned by year and month of publication), "warc" (their records), "wacz" or
        "cdxj" (pywb's index of the whole archive). Each clipping's current version, or with
        `all_versions` every version a reclean left (not for "cdxj"). Returns how many
        clippings (or lines)."""
        return _export.export(
            self, kind, target, query, force=force, all_versions=all_versions, **facets
        )

    @property
    def rules_dir(self) -> str:
        """The archive's own site rules: DIR/rules/<site>.json (docs/rules.md), one file a site,
        written by the review page's teaching buttons and editable by hand."""
        return os.path.join(self.path, "rules")

    def site_rules_path(self, site: str) -> str:
        """Where the archive's rule file for `site` (a host; "www." dropped) is, made or not."""
        site = site.lower().removeprefix("www.")
        if not site or "/" in site or "\\" in site or site.startswith("."):
            raise ArchiveError(f"not a site (a host name): {site!r}", self.path)
        return os.path.join(self.rules_dir, f"{site}.json")

    def reclean(
        self,
        site: str,
        rules: Iterable[str] = (),
        *,
        options: CleanOptions = DEFAULT_OPTIONS,
        dry_run: bool = False,
    ) -> RecleanResult:
        """Clean a site's archived originals again with its rule file in the archive's rules
        folder (when there is one) and extra site rule files (docs/rules.md), store each
        clipping that comes out different as a new version (conversion and metadata records
        appended, catalogue rows replaced; the earlier versions stay, see `versions`), and
        report before/after: words, kept lines and removed lines by rule. With `dry_run`
        nothing in the archive changes."""
        own = self.site_rules_path(site)
        found = (own,) if os.path.exists(own) else ()
        return _reclean(self, site, (*found, *rules), options, dry_run=dry_run)

    def versions(self, clipping_id: str) -> list[Version]:
        """A clipping's versions, oldest first, the last one current: the first cleaning and
        each re-clean that changed it, each read from its metadata record in the WARC."""
        return _versions(self, clipping_id)
