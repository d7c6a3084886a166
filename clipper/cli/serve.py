"""`clipper archive serve` (the review page) and `clipper archive reclean` (try a site's rules)."""

from __future__ import annotations

import click

from ..archive import Archive
from ..errors import ClipperError, ConfigError

_SETTINGS = {"max_content_width": 100}


@click.command(context_settings=_SETTINGS)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8765,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on.",
)
@click.option(
    "--password",
    envvar="CLIPPER_SERVE_PASSWORD",
    default=None,
    help="Ask every visitor for it (HTTP Basic); needed with a --host other than loopback "
    "[env: CLIPPER_SERVE_PASSWORD].",
)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int, password: str | None) -> None:
    """Review the archive in the browser: search, read, see what was removed and why, teach.

    Serves a local page (no CDN, works offline) on http://127.0.0.1:8765/ by default: search
    with facets, each clipping's clean text, its lines with the rule that removed each, the
    original page in a sandbox, and buttons that write site rules into DIR/rules/.
    Needs the `serve` extra: pip install 'clipper-news[serve]'.

    \b
    Example:
      clipper archive -A clips serve
      clipper archive -A clips serve --port 9000
      CLIPPER_SERVE_PASSWORD=s3cret clipper archive -A clips serve --host 0.0.0.0
    """
    try:
        from ..serve import check_host, run
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise click.ClickException(
            f"the review page needs the serve extra: pip install 'clipper-news[serve]' ({exc})"
        ) from None
    try:
        check_host(host, password)
    except ConfigError as exc:  # a usage error: refused before anything is said to be served
        raise click.BadParameter(f"{exc.detail} (--password)", param_hint="--host") from None
    try:
        click.echo(f"clipper: serving {ctx.obj} on http://{host}:{port}/ (Ctrl-C stops)", err=True)
        run(ctx.obj, host=host, port=port, password=password)
    except ConfigError as exc:  # the library names the setting; the flags are ours
        raise click.ClickException(f"--host {host}: {exc.detail} (--password)") from None
    except ClipperError as exc:
        raise click.ClickException(str(exc)) from None


@click.command(context_settings=_SETTINGS)
@click.option("--site", required=True, help="The site (host) whose clippings to clean again.")
@click.option(
    "--rules",
    "rules",
    multiple=True,
    type=click.Path(exists=True, dir_okay=False),
    help="More site rule files besides DIR/rules/SITE.json (see docs/rules.md; repeatable).",
)
@click.option("--dry-run", is_flag=True, help="Only report what would change; store nothing.")
@click.pass_context
def reclean(ctx: click.Context, site: str, rules: tuple[str, ...], dry_run: bool) -> None:
    """Clean a site's clippings again from their originals with its rules; store and report.

    Uses DIR/rules/SITE.json (what the review page's "keep/remove lines like this" buttons
    write) and any --rules files. Each clipping that comes out different is stored as a new
    version (conversion and metadata records appended to the WARC, the catalogue updated; the
    earlier version stays: `clipper archive show ID --versions`). Prints clippings cleaned,
    changed and stored, words, kept lines and removed lines before and after, by rule and by
    clipping. --dry-run stores nothing.

    \b
    Example:
      clipper archive -A clips reclean --site example.com --dry-run
      clipper archive -A clips reclean --site example.com
      clipper archive -A clips reclean --site example.com --rules more-rules.json
    """
    try:
        with Archive(ctx.obj) as opened:
            result = opened.reclean(site, rules, dry_run=dry_run)
            path = opened.site_rules_path(site)
    except ClipperError as exc:
        raise click.ClickException(str(exc)) from None
    lines_before = sum(result.removed_before.values())
    lines_after = sum(result.removed_after.values())
    click.echo(f"site {result.site}: rules {path}")
    stored = "dry run, nothing stored" if dry_run else f"stored {result.written} new versions"
    click.echo(
        f"clippings {result.clippings}, changed {result.changed}, {stored}; words "
        f"{result.words_before} -> {result.words_after}; kept lines {result.kept_before} -> "
        f"{result.kept_after}; removed lines {lines_before} -> {lines_after}"
    )
    for rule in sorted(set(result.removed_before) | set(result.removed_after)):
        before, after = result.removed_before.get(rule, 0), result.removed_after.get(rule, 0)
        mark = "" if before == after else "  *"
        click.echo(f"  {rule}\t{before} -> {after}{mark}")
    for cid, wb, wa, rb, ra in result.rows:
        if (wb, rb) != (wa, ra):
            click.echo(f"  {cid[:19]}\twords {wb} -> {wa}\tremoved {rb} -> {ra}")
    for cid, message in result.errors:
        click.echo(f"error: {cid}: {message}", err=True)
