"""`clipper archive ...`: keep clippings with their originals, find, read, export and check them."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import click

from ..archive import Archive, default_path
from ..errors import ClipperError
from ..lexicon.counts import counted
from ..models import CleanOptions
from . import options
from .summary import fail, format_failed

F = TypeVar("F", bound=Callable[..., Any])

_SETTINGS = {"max_content_width": 100}


@click.group(context_settings={"help_option_names": ["-h", "--help"], **_SETTINGS})
@click.option(
    "-A",
    "--archive",
    "archive_path",
    default=None,
    metavar="DIR",
    help="The archive folder [default: $CLIPPER_ARCHIVE, else ./clipper-archive].",
)
@click.pass_context
def archive(ctx: click.Context, archive_path: str | None) -> None:
    """Keep every clipping with its original, and find, read, export and check them.

    An archive is a folder: WARC 1.1 files (the originals, the clean text and the records;
    append-only) and a SQLite catalogue made from them (docs/archive.md lists its tables).

    \b
    Example:
      clipper archive -A clips init
      clipper archive -A clips add saved/ crawl.warc.gz https://example.com/story
      clipper archive -A clips search "north korea" --since 2023-09 --author Strobel
      clipper archive -A clips show 86ca70d9 --original > page.html
      clipper archive -A clips export --parquet clips.parquet
      clipper archive -A clips check
    """
    ctx.obj = archive_path or default_path()


@contextmanager
def _open(ctx: click.Context, *, create: bool = False) -> Iterator[Archive]:
    """The archive, with library errors turned into a clear message and exit status 1."""
    try:
        with Archive(ctx.obj, create=create) as opened:
            yield opened
    except ClipperError as exc:
        raise click.ClickException(str(exc)) from None


@archive.command(context_settings=_SETTINGS)
@click.argument("directory", metavar="[DIR]", required=False)
@click.pass_context
def init(ctx: click.Context, directory: str | None) -> None:
    """Make an archive (or check the one there): DIR, else -A, else the default.

    \b
    Example:
      clipper archive init clips
      CLIPPER_ARCHIVE=~/clips clipper archive init
    """
    if directory:
        ctx.obj = directory
    with _open(ctx, create=True) as opened:
        stats = opened.stats()
    click.echo(f"archive {ctx.obj}: {counted(stats['clippings'], 'clipping')}", err=True)


@archive.command(context_settings=_SETTINGS)
@click.argument("inputs", metavar="INPUT...", nargs=-1)
@options.from_list(
    "Read more inputs from FILE, one path, glob or URL a line (- for stdin; repeatable)."
)
@click.option(
    "--url", default=None, metavar="URL", help="The URL of the page (a single page input only)."
)
@options.errors(
    "Errors file, one JSON line per failed input "
    "[default: DIR/logs/add-<time>-<pid>.errors.jsonl, written when an input fails]."
)
@options.workers("Worker processes for cleaning [default: one per CPU].")
@options.timeout("Seconds of CPU time cleaning one input may take (0: no limit).")
@click.option(
    "--fetch-timeout",
    type=click.FloatRange(min=0.1),
    default=20.0,
    show_default=True,
    help="URLs: seconds to connect, and between bytes read.",
)
@options.max_bytes("Refuse inputs (and fetched bodies) larger than this.")
@options.ENCODING
@options.LANGUAGE
@options.SITE_RULES
@options.repeats(
    "Copied text: remove the lines listed in FILE (made by `clipper repeats`; repeatable)."
)
@options.NO_MODEL
@options.QUIET
@click.pass_context
def add(
    ctx: click.Context,
    inputs: tuple[str, ...],
    from_lists: tuple[str, ...],
    url: str | None,
    errors_path: str | None,
    workers: int | None,
    timeout: float,
    fetch_timeout: float,
    max_bytes: int,
    encoding: str | None,
    language: str | None,
    site_rules: tuple[str, ...],
    repeats_files: tuple[str, ...],
    no_model: bool,
    quiet: bool,
) -> None:
    """Clean inputs and add them, with their originals, to the archive.

    INPUT is anything `clipper clean` takes (pages, folders, globs, WARC, scraper JSONL, -
    for stdin), clipper's own output (JSONL records, WARC files with conversion records, the
    parts of a Dask run: archived as they are, not cleaned again), or an http(s) URL: the page
    is fetched (no JavaScript; redirects followed and kept), its request and response stored
    as WARC records, then cleaned. Other schemes (file:, ftp:, javascript:) are refused.

    A capture already in the archive (same bytes, same id) adds nothing; the same URL with
    new content is a new capture linked to the earlier one. Failed inputs go to the errors
    file. Exit status: 0 if every input was added, already there or skipped; 1 if some failed.

    \b
    Example:
      clipper archive add seeds/
      clipper archive -A clips add crawl/*.warc.gz --workers 4
      clipper archive add https://example.com/story --errors failed.jsonl
      clipper archive add out/run-*.jsonl
    """
    from ..readers.files import read_list

    args = list(inputs)
    try:
        for listing in from_lists:
            args.extend(read_list(listing))
    except ClipperError as exc:
        raise click.ClickException(str(exc)) from None
    if not args:
        raise click.UsageError("give at least one INPUT (or --from-list FILE)")
    options = CleanOptions(
        max_bytes=max_bytes,
        encoding=encoding,
        language=language,
        site_rules=site_rules,
        repeats=repeats_files,
        use_model=not no_model,
    )
    with _open(ctx) as opened:
        try:
            summary = opened.add(
                args,
                options=options,
                url=url,
                workers=workers,
                errors=errors_path,
                progress=False if quiet else None,
                timeout=timeout or None,
                fetch_timeout=fetch_timeout,
            )
        except ClipperError as exc:
            raise click.ClickException(str(exc)) from None
        except KeyboardInterrupt:
            click.echo(
                "clipper: interrupted; what was added is kept: run the same add again to finish",
                err=True,
            )
            sys.exit(130)
    if not quiet:
        lines = [
            f"{counted(summary.inputs, 'input')}: {summary.added} added, {summary.present} "
            f"already in the archive, {counted(summary.errors, 'error')}, "
            f"{summary.skipped_total} skipped "
            f"in {summary.seconds:.1f} s"
        ]
        if summary.skipped:
            reasons = ", ".join(f"{n} {why}" for why, n in summary.skipped.most_common())
            lines.append(f"skipped: {reasons}")
        for source, kind, message in summary.first_errors:
            lines.append(f"error: {source}: {kind}: {message}")
        if summary.errors_path and summary.errors:
            lines.append(f"errors in {summary.errors_path}")
        click.echo("\n".join(lines), err=True)
    elif summary.errors:
        click.echo(format_failed(summary.errors, summary.inputs, summary.errors_path), err=True)
    sys.exit(1 if summary.errors else 0)


def _facets(func: F) -> F:
    """The facet options `search` and `export` share."""
    options = [
        click.option(
            "--author",
            default=None,
            help="An author, contributor or credited agency or desk (part of the name).",
        ),
        click.option(
            "--outlet", default=None, help="Publisher or licensed-from outlet (part of the name)."
        ),
        click.option(
            "--since",
            default=None,
            metavar="DATE",
            help="Published on or after (2024, 2024-05-01).",
        ),
        click.option(
            "--until", default=None, metavar="DATE", help="Published on or before (2024-05)."
        ),
        click.option("--lang", default=None, help="Language (BCP 47: en, ko, pt-BR)."),
        click.option("--site", default=None, help="Site (host; subdomains included)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


@archive.command(context_settings=_SETTINGS)
@click.argument("query", required=False)
@_facets
@click.option(
    "--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "csv"]),
    default="table",
    show_default=True,
    help="table: for reading; jsonl and csv: one hit a line/row.",
)
@click.pass_context
def search(
    ctx: click.Context,
    query: str | None,
    author: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    lang: str | None,
    site: str | None,
    limit: int,
    fmt: str,
) -> None:
    """Find clippings by words (title, dek, text, byline, authors; best first) and facets.

    QUERY is words (all must match) and "quoted phrases"; Korean, Japanese and Chinese work
    too. Without QUERY the facets alone select, newest first. The snippet marks matches
    [like this].

    \b
    Example:
      clipper archive search "kim jong un" --since 2023-09
      clipper archive search --author Strobel --outlet "Wall Street"
      clipper archive search 대통령 --lang ko --format jsonl
      clipper archive search putin --format csv --limit 500 > hits.csv
    """
    with _open(ctx) as opened:
        try:
            hits = opened.search(
                query,
                author=author,
                outlet=outlet,
                since=since,
                until=until,
                lang=lang,
                site=site,
                limit=limit,
            )
        except ClipperError as exc:
            raise click.ClickException(str(exc)) from None
    if fmt == "jsonl":
        for hit in hits:
            click.echo(json.dumps(hit.to_dict(), ensure_ascii=False))
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        fields = ["id", "published", "site", "publisher", "title", "authors", "url", "snippet"]
        writer.writerow(fields)
        for hit in hits:
            row = hit.to_dict()
            row["authors"] = "; ".join(hit.authors)
            writer.writerow([row[f] for f in fields])
    else:
        for hit in hits:
            where = hit.site or hit.publisher or "-"
            click.echo(
                f"{hit.id[7:19]}  {(hit.published or '-')[:10]:10}  {where}  {hit.title or '(no title)'}"
            )
            if hit.snippet:
                click.echo(f"    {hit.snippet}")
        click.echo(f"{len(hits)} clipping{'' if len(hits) == 1 else 's'}", err=True)


@archive.command(context_settings=_SETTINGS)
@click.argument("clipping_id", metavar="ID")
@click.option(
    "--text", "what", flag_value="text", default=True, help="The clean text [the default]."
)
@click.option("--json", "what", flag_value="json", help="The whole record, as JSON.")
@click.option("--removed", "what", flag_value="removed", help="Removed lines with their rules.")
@click.option(
    "--original", "what", flag_value="original", help="The original bytes, byte for byte."
)
@click.option(
    "--records",
    "what",
    flag_value="records",
    help="Its WARC records, one JSON line each: file, offset, length, type, role, digest.",
)
@click.option(
    "--versions",
    "what",
    flag_value="versions",
    help="Every version (the first cleaning, each re-clean that changed it), oldest first, "
    "one JSON line each with the record it held.",
)
@click.pass_context
def show(ctx: click.Context, clipping_id: str, what: str) -> None:
    """Show one clipping: ID is its id (sha256:...) or the first 8+ hex digits of it.

    \b
    Example:
      clipper archive show 86ca70d9
      clipper archive show 86ca70d9 --json | jq .authors
      clipper archive show 86ca70d9 --removed
      clipper archive show 86ca70d9 --original > page.html
      clipper archive show 86ca70d9 --versions | jq -c '[.date, .current, .words]'
    """
    with _open(ctx) as opened:
        try:
            if what == "original":
                original = opened.original(clipping_id)
                sys.stdout.buffer.write(original.data)
                sys.stdout.buffer.flush()
                return
            if what == "removed":
                for removal in opened.removed(clipping_id):
                    click.echo(f"{removal.rule}\t{removal.text}")
                return
            if what == "records":
                for record in opened.records(clipping_id):
                    click.echo(json.dumps(record, ensure_ascii=False))
                return
            if what == "versions":
                for version in opened.versions(clipping_id):
                    line = {**version.to_dict(), "record": version.clipping.to_dict()}
                    click.echo(json.dumps(line, ensure_ascii=False))
                return
            clipping = opened.get(clipping_id)
        except ClipperError as exc:
            raise click.ClickException(str(exc)) from None
    if what == "json":
        click.echo(json.dumps(clipping.to_dict(), ensure_ascii=False, indent=1))
    else:
        if clipping.title:
            click.echo(clipping.title + "\n")
        click.echo(clipping.text)


@archive.command(context_settings=_SETTINGS)
@click.argument("query", required=False)
@click.option("--jsonl", "jsonl", default=None, metavar="FILE", help="Records, .jsonl(.gz).")
@click.option(
    "--parquet",
    default=None,
    metavar="DIR",
    help="A Parquet folder, partitioned year=2024/month=5 of publication, 0 if none"
    " (DuckDB, Spark, Dask).",
)
@click.option(
    "--warc", default=None, metavar="FILE", help="Their WARC records, .warc.gz (originals too)."
)
@click.option("--wacz", default=None, metavar="FILE", help="A WACZ package for ReplayWeb.page.")
@click.option(
    "--cdxj",
    default=None,
    metavar="FILE",
    help="pywb's CDXJ index of the whole archive's WARC files (no QUERY).",
)
@_facets
@click.option(
    "--all-versions",
    is_flag=True,
    help="Every version a `reclean` left, oldest first, not only the current one"
    " (--jsonl, --parquet: a row a version; --warc, --wacz: every version's records).",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output.")
@click.pass_context
def export(
    ctx: click.Context,
    query: str | None,
    jsonl: str | None,
    parquet: str | None,
    warc: str | None,
    wacz: str | None,
    cdxj: str | None,
    author: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    lang: str | None,
    site: str | None,
    all_versions: bool,
    force: bool,
) -> None:
    """Write the clippings QUERY and the facets select (all, without them) in one format.

    Each clipping as it is now: after a `reclean`, its current version only (its capture, the
    latest conversion and metadata records), in every format; --all-versions takes them all.

    \b
    Example:
      clipper archive export --parquet clips.parquet
      clipper archive export putin --since 2024 --jsonl putin.jsonl
      clipper archive export --site example.com --warc example.warc.gz
      clipper archive export --lang ko --wacz korean.wacz
      clipper archive export --cdxj collections/clips/indexes/index.cdxj
      clipper archive export --site example.com --all-versions --jsonl history.jsonl
    """
    chosen = [
        (k, v)
        for k, v in (
            ("jsonl", jsonl),
            ("parquet", parquet),
            ("warc", warc),
            ("wacz", wacz),
            ("cdxj", cdxj),
        )
        if v
    ]
    if len(chosen) != 1:
        raise click.UsageError("give exactly one of --jsonl, --parquet, --warc, --wacz, --cdxj")
    kind, target = chosen[0]
    if all_versions and kind == "cdxj":
        raise click.UsageError("--all-versions applies to --jsonl, --parquet, --warc and --wacz")
    with _open(ctx) as opened:
        try:
            count = opened.export(
                kind,
                target,
                query,
                force=force,
                author=author,
                outlet=outlet,
                since=since,
                until=until,
                lang=lang,
                site=site,
                all_versions=all_versions,
            )
        except ClipperError as exc:
            fail(exc)
    what = counted(count, "index line") if kind == "cdxj" else counted(count, "clipping")
    click.echo(f"wrote {what} to {target}", err=True)


@archive.command(context_settings=_SETTINGS)
@click.pass_context
def check(ctx: click.Context) -> None:
    """Prove the catalogue and the WARC files agree.

    Every catalogued record must be at its offset with a matching digest, every WARC record
    must be catalogued, every clipping must have its metadata record. Exit status 0 if so,
    1 with the list of problems otherwise (`rebuild` makes the catalogue again from the WARCs).

    \b
    Example:
      clipper archive check
      clipper archive -A clips check || clipper archive -A clips rebuild
    """
    with _open(ctx) as opened:
        try:
            report = opened.check()
        except ClipperError as exc:
            raise click.ClickException(str(exc)) from None
    for problem in report.problems:
        click.echo(problem)
    status = "ok" if report.ok else counted(len(report.problems), "problem")
    click.echo(
        f"{counted(report.clippings, 'clipping')}, {counted(report.records, 'WARC record')} in "
        f"{counted(report.warc_files, 'file')}: {status}",
        err=True,
    )
    sys.exit(0 if report.ok else 1)


@archive.command(context_settings=_SETTINGS)
@click.pass_context
def rebuild(ctx: click.Context) -> None:
    """Make the catalogue again from the WARC files alone (they are the truth).

    The old catalogue is replaced only when the new one is complete; deleting
    catalogue.sqlite and running this loses nothing (runs come back from their warcinfo
    records) but which run added each clipping.

    \b
    Example:
      clipper archive rebuild
      rm clips/catalogue.sqlite && clipper archive -A clips rebuild
    """
    with _open(ctx) as opened:
        try:
            count = opened.rebuild()
        except ClipperError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"catalogued {counted(count, 'clipping')} from the WARC files", err=True)


@archive.command(context_settings=_SETTINGS)
@click.option("--json", "as_json", is_flag=True, help="As one JSON object.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts and sizes: clippings, records, WARC and catalogue bytes, languages, sites, rules.

    \b
    Example:
      clipper archive stats
      clipper archive stats --json | jq .clippings
    """
    with _open(ctx) as opened:
        data = opened.stats()
    if as_json:
        click.echo(json.dumps(data, ensure_ascii=False, indent=1))
        return
    for key, value in data.items():
        if isinstance(value, dict):
            shown = ", ".join(f"{k} {v}" for k, v in value.items()) or "-"
            click.echo(f"{key}: {shown}")
        else:
            click.echo(f"{key}: {value}")


__all__ = ["archive"]
