"""`clipper clean` and `clipper repeats`: parse options, make one library call, report."""

from __future__ import annotations

import sys
from collections.abc import Callable

import click

from ..batch import DEFAULT_MAX_SIZE, BatchConfig, run
from ..errors import ClipperError
from ..lexicon.counts import counted
from ..models import CleanOptions
from ..readers.files import check_option_file, input_reading
from ..readers.rulefiles import load_repeats, load_site_rules
from ..repeats import MIN_DOCS, MIN_SHARE, RepeatIndex, index_inputs
from ..writers.atomic import check_target
from . import options
from .summary import fail, format_failed, format_summary

# Options `clean` and `repeats` share.
_MAX_BYTES = options.max_bytes("Refuse inputs larger than this (after decompression).")


@click.command(context_settings={"max_content_width": 100})
@click.argument("inputs", metavar="INPUT...", nargs=-1)
@click.option(
    "-o",
    "--output",
    required=True,
    metavar="OUT",
    help="Output file: .jsonl, .jsonl.gz, .warc or .warc.gz; - writes JSONL to stdout.",
)
@options.from_list("Read more inputs from FILE, one path or glob a line (- for stdin; repeatable).")
@click.option(
    "--url",
    default=None,
    metavar="URL",
    help="The URL of the page (only with a single page input); for copied text it also "
    "helps find the title and the published day.",
)
@options.errors(
    "Errors file, one JSON line per failed input [default: OUT.errors.jsonl; none for -o -]."
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="Folders: read only files matching GLOB (a name like '*.mhtml', or a path below the "
    "folder with /); the others are counted as skipped. Repeatable.",
)
@click.option(
    "--exclude",
    multiple=True,
    metavar="GLOB",
    help="Folders: leave out files matching GLOB (counted as skipped). Repeatable.",
)
@click.option("--force", is_flag=True, help="Overwrite an existing output.")
@click.option(
    "--resume",
    is_flag=True,
    help="Finish an interrupted run of the same command, keeping its finished parts; refused "
    "when the inputs, the settings or the content of --site-rules/--repeats files changed.",
)
@click.option(
    "--no-original",
    is_flag=True,
    help="WARC output: leave out the original record of each clipping.",
)
@options.workers("Worker processes [default: one per CPU].")
@options.timeout("Seconds of CPU time one input may take before it is stopped (0: no limit).")
@_MAX_BYTES
@click.option(
    "--max-size",
    type=options.SIZE,
    default=None,
    help="Rotate the output into numbered parts of at most this size "
    "[default: 1GB, the first part keeping OUT's name].",
)
@click.option(
    "--checkpoint",
    type=click.FloatRange(min=0),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="Commit the part being written at least this often (and every 100,000 inputs), "
    "whatever its size, so --resume redoes little (0: only at the part size).",
)
@click.option(
    "--follow-symlinks",
    is_flag=True,
    help="Folder walks follow symlinks that lead out of the folder [default: skip and count them].",
)
@click.option(
    "--no-dedup", is_flag=True, help="Do not mark records whose text repeats an earlier one."
)
@options.ENCODING
@options.LANGUAGE
@click.option(
    "--require-article",
    is_flag=True,
    help="Count an input without article text as an error (NoArticleError).",
)
@options.SITE_RULES
@options.repeats(
    "Copied text: remove the lines listed in FILE, made by `clipper repeats` (repeatable)."
)
@options.NO_MODEL
@click.option(
    "--description", default=None, help="WARC output: description for the warcinfo record."
)
@click.option(
    "--scheduler",
    default=None,
    metavar="local|tcp://HOST:PORT",
    help="Run on a Dask cluster (pip install 'clipper-news[dask]'); one output part per partition.",
)
@click.option(
    "--partitions",
    type=click.IntRange(min=1),
    default=None,
    help="With --scheduler: number of partitions [default: two per Dask worker thread].",
)
@options.QUIET
def clean(
    inputs: tuple[str, ...],
    output: str,
    from_lists: tuple[str, ...],
    url: str | None,
    errors_path: str | None,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    force: bool,
    resume: bool,
    no_original: bool,
    workers: int | None,
    timeout: float,
    max_bytes: int,
    max_size: int | None,
    checkpoint: float,
    follow_symlinks: bool,
    no_dedup: bool,
    encoding: str | None,
    language: str | None,
    require_article: bool,
    site_rules: tuple[str, ...],
    repeats_files: tuple[str, ...],
    no_model: bool,
    description: str | None,
    scheduler: str | None,
    partitions: int | None,
    quiet: bool,
) -> None:
    """Clean pages, copied text, WARC and JSONL files into JSONL or WARC records.

    INPUT is a file, a folder (searched recursively), a glob pattern, a .warc/.warc.gz (every
    HTML response record and every HTML or text resource record), a .jsonl from a scraper
    (objects with "html" or "text", optional "url"; other keys are kept in the record's
    "extra"), or - for stdin (one page, or an Evernote export).

    What a file holds is told by its content; a suffix only breaks a tie. Read are: HTML and
    XHTML pages (saved by a browser, SingleFile, wget or HTTrack mirrors with no suffix or
    .shtml, .php, .asp), MHTML (.mhtml, .mht), Evernote exports (.enex, also gzip, bzip2 or
    xz compressed; one record per note), Markdown clippings with YAML front matter (Obsidian
    Web Clipper, MarkDownload, Joplin) and copied text (pages, MHTML, Markdown and text may be
    .gz). The capture time a file states (MHTML Date, SingleFile's saved date, ENEX created,
    front matter created) becomes the record's "fetched". In folders, hidden files (and the
    files of hidden folders), images, stylesheets, scripts, fonts, the NAME_files/ folder
    saved beside a page, the attachments of Evernote notes and the files --include/--exclude
    leave out are counted as skipped, with the reason.

    Records come out in input order. Failed inputs go to the errors file; the summary on
    stderr counts inputs, records, errors, duplicates and skipped inputs (each reason with
    its count). Exit status: 0 if
    every input was cleaned or skipped, 1 if some failed or the run could not start, 2 for a
    usage error, 130 if interrupted (--resume finishes the run).

    \b
    Example:
      clipper clean seeds/ -o out/seeds.jsonl
      clipper clean page.html --url https://example.com/a -o - | jq .title
      clipper clean crawl/*.warc.gz -o out/crawl.warc.gz --workers 2
      clipper clean --from-list pages.txt -o out/pages.jsonl --resume
      clipper clean dump.jsonl -o out/dump.jsonl --scheduler tcp://clipper-scheduler:8786
      clipper clean site/ -o out/site.jsonl --repeats site-repeats.txt
      clipper clean Clippings/ --include '*.md' --include '*.mhtml' -o out/clips.jsonl
      clipper clean Evernote.enex -o out/evernote.warc.gz
      clipper clean - -o out/evernote.jsonl < Evernote.enex.gz
    """
    if not inputs and not from_lists:
        raise click.UsageError("give at least one INPUT (or --from-list FILE)")
    # A missing or bad repeats or rules file stops the run here, not once for every input.
    _load_option_files("--repeats", repeats_files, load_repeats)
    _load_option_files("--site-rules", site_rules, load_site_rules)
    config = BatchConfig(
        inputs=inputs,
        output=output,
        from_lists=from_lists,
        url=url,
        errors=errors_path,
        force=force,
        no_original=no_original,
        workers=workers,
        timeout=timeout or None,
        max_size=max_size,
        resume=resume,
        dedup=not no_dedup,
        progress=False if quiet else None,
        description=description,
        scheduler=scheduler,
        partitions=partitions,
        follow_symlinks=follow_symlinks,
        checkpoint=checkpoint or None,
        include=include,
        exclude=exclude,
        options=CleanOptions(
            max_bytes=max_bytes,
            encoding=encoding,
            language=language,
            require_article=require_article,
            site_rules=site_rules,
            repeats=repeats_files,
            use_model=not no_model,
        ),
    )
    try:
        summary = run(config)
    except ClipperError as exc:
        fail(exc, exists_hint="use --force to overwrite, --resume to finish")
    except KeyboardInterrupt:
        hint = " run the same command with --resume to finish" if output != "-" else ""
        click.echo(f"clipper: interrupted;{hint}", err=True)
        sys.exit(130)
    if not quiet:
        click.echo(format_summary(summary), err=True)
    elif summary.errors:
        click.echo(format_failed(summary.errors, summary.inputs, summary.errors_path), err=True)
    sys.exit(1 if summary.errors else 0)


def _load_option_files(flag: str, paths: tuple[str, ...], load: Callable[[str], object]) -> None:
    """Load each file an option names, as the run will; a usage error naming the flag if not.

    Checked first as inputs are: a FIFO would block the loader and /dev/zero never ends."""
    for path in paths:
        try:
            check_option_file(path)
            load(path)
        except ClipperError as exc:
            raise click.BadParameter(str(exc), param_hint=f"'{flag}'") from None


@click.command(context_settings={"max_content_width": 100})
@click.argument("inputs", metavar="INPUT...", nargs=-1, required=True)
@click.option(
    "-o", "--output", required=True, metavar="FILE", help="The repeats file to write (UTF-8 text)."
)
@click.option(
    "--min-docs",
    type=click.IntRange(min=1),
    default=MIN_DOCS,
    show_default=True,
    help="A line must be in at least this many clippings.",
)
@click.option(
    "--min-share",
    type=click.FloatRange(0.0, 1.0),
    default=MIN_SHARE,
    show_default=True,
    help="... and in at least this share of all clippings read.",
)
@_MAX_BYTES
@options.ENCODING
@click.option("--force", is_flag=True, help="Overwrite an existing FILE.")
def repeats(
    inputs: tuple[str, ...],
    output: str,
    min_docs: int,
    min_share: float,
    max_bytes: int,
    encoding: str | None,
    force: bool,
) -> None:
    """Find the lines that recur across many text clippings of one site (menus, footers) and
    write them to FILE, for `clipper clean --repeats FILE`.

    INPUT is a copied-text file (.txt, maybe .gz), a folder (searched recursively), a glob, a
    .jsonl dump or a WARC file (its text resource records), as for `clipper clean`; give the
    clippings of one site. HTML pages are skipped, and so are MHTML files, Evernote notes and
    Markdown clippings, which are read as HTML (repeats apply to copied text only). A line
    counts once a clipping; lines longer than 200 characters are never counted. FILE is plain
    text, one line each: review it before use.

    A bad input is reported on stderr and skipped. Exit status: 0 if every input was read or
    skipped, 1 if some failed or no text clipping was read, 2 for a usage error.

    \b
    Example:
      clipper repeats clips/example.com/ -o example-repeats.txt
      clipper clean clips/example.com/ -o out/example.jsonl --repeats example-repeats.txt
    """
    try:
        check_target(output, force=force)
    except ClipperError as exc:
        fail(exc)
    reader = input_reading(inputs, output)
    if reader is not None:
        raise click.BadParameter(
            f"{output} would be read as an input ({reader!r} holds it): write it elsewhere",
            param_hint="'--output'",
        )
    index = RepeatIndex()
    report = index_inputs(inputs, index, max_bytes=max_bytes, encoding=encoding, exclude=[output])
    for name, why in report.skipped:
        click.echo(f"clipper: skipped {name}: {why}", err=True)
    for error in report.errors:
        click.echo(f"clipper: {error.kind}: {error}", err=True)
    if not report.added:
        raise click.ClickException("no text clippings read; nothing written")
    try:
        written = index.write(output, min_docs=min_docs, min_share=min_share, force=force)
    except ClipperError as exc:
        fail(exc)
    copies = (
        f", {counted(report.copies, 'exact copy', 'exact copies')} not counted"
        if report.copies
        else ""
    )
    click.echo(
        f"clipper: {counted(written, 'repeated line')} from {counted(report.added, 'clipping')} "
        f"written to {output} ({len(report.skipped)} skipped, {len(report.errors)} failed{copies})",
        err=True,
    )
    sys.exit(1 if report.errors else 0)


__all__ = ["DEFAULT_MAX_SIZE", "clean", "repeats"]
